"""QR codes and printable A4 posters that bring residents to a survey."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import segno
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from surveys.reports.fonts import add_fonts, show_title


def qr_svg(url: str) -> bytes:
    """The QR code of `url` as an SVG document with a title for screen readers."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=8, border=2, title=url, xmldecl=True)
    return buffer.getvalue()


def qr_png(url: str, scale: int = 10) -> bytes:
    """The QR code of `url` as a PNG image."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


@dataclass(frozen=True)
class PosterText:
    """The words on a poster, already in the poster's language."""

    heading: str
    title: str
    intro: str
    scan_hint: str
    closing: str
    organisation: str
    language: str = "sv"  # BCP 47 code of the poster's text


def poster_pdf(url: str, text: PosterText, closes_on: dt.date | None = None) -> bytes:
    """An A4 poster with title, introduction, QR code, address and closing date."""
    pdf = FPDF(format="A4", unit="mm")
    add_fonts(pdf)
    pdf.set_lang(text.language)
    show_title(pdf)
    pdf.set_title(text.title)
    pdf.set_author(text.organisation)
    pdf.set_auto_page_break(False)
    pdf.set_margins(15, 15, 15)
    pdf.add_page()
    pdf.set_fill_color(11, 79, 138)
    pdf.rect(0, 0, 210, 38, style="F")
    pdf.set_text_color(255, 255, 255)
    pdf.set_font("DejaVu", "B", 26)
    pdf.set_xy(15, 11)
    pdf.cell(180, 16, text.heading, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(27, 31, 35)
    pdf.set_xy(15, 48)
    pdf.set_font("DejaVu", "B", 22)
    pdf.multi_cell(180, 10, text.title, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 13)
    pdf.multi_cell(180, 6.5, text.intro, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    qr_top = max(pdf.get_y() + 8, 110)
    pdf.image(io.BytesIO(qr_png(url, scale=12)), x=55, y=qr_top, w=100, h=100)
    pdf.set_xy(15, qr_top + 104)
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(180, 7, text.scan_hint, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("DejaVu", "", 12)
    pdf.multi_cell(180, 7, url, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if closes_on:
        pdf.ln(3)
        pdf.set_font("DejaVu", "B", 14)
        pdf.multi_cell(180, 7, text.closing, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_xy(15, 280)
    pdf.set_font("DejaVu", "", 10)
    pdf.cell(180, 6, text.organisation, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())
