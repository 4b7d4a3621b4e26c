"""The fonts of generated documents: DejaVu from matplotlib's data directory."""

from __future__ import annotations

from pathlib import Path


def font_dir() -> Path:
    """The directory holding the DejaVu TrueType fonts."""
    # DejaVu ships inside matplotlib (a dependency for charts): full Unicode coverage
    # for Finnish, Meänkieli and Sami letters, and nothing is downloaded at run time.
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"
