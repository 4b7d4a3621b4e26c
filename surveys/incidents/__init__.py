"""The continuous situation picture: incidents reported between surveys, and periodic summaries."""
