"""The fonts of generated PDFs: DejaVu from matplotlib's data directory."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF, ViewerPreferences

FAMILY = "DejaVu"
_STYLES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}


def font_dir() -> Path:
    """The directory holding the DejaVu TrueType fonts."""
    # DejaVu ships inside matplotlib (a dependency for charts): full Unicode coverage
    # for Finnish, Meänkieli and Sami letters, and nothing is downloaded at run time.
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def add_fonts(pdf: FPDF) -> None:
    """Register DejaVu regular, bold and italic on `pdf` under the family name FAMILY."""
    fonts = font_dir()
    for style, filename in _STYLES.items():
        pdf.add_font(FAMILY, style, str(fonts / filename))


def show_title(pdf: FPDF) -> None:
    """Have PDF readers show the document's title rather than its file name (PDF/UA, WCAG 2.4.2)."""
    pdf.viewer_preferences = ViewerPreferences(display_doc_title=True)
