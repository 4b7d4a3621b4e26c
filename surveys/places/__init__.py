"""Places: neighbourhood outlines (GeoJSON), marked places and the figures drawn on maps."""
