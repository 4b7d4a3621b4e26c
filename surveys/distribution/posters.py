"""QR codes and printable A4 posters that bring residents to a survey."""

from __future__ import annotations

import base64
import datetime as dt
import io
from dataclasses import dataclass

import segno
from markupsafe import escape

from surveys.reports.tagged_pdf import document_html, font_faces, render_pdf


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
    """A tagged A4 poster with title, introduction, QR code, address and closing date."""
    qr = base64.b64encode(qr_png(url, scale=12)).decode("ascii")
    closing = f'<p class="closing">{escape(text.closing)}</p>' if closes_on and text.closing else ""
    body = (
        f'<p class="band">{escape(text.heading)}</p>'
        f"<h1>{escape(text.title)}</h1>"
        f'<p class="intro">{escape(text.intro)}</p>'
        # The code says nothing but the address, which is also printed beneath it.
        f'<figure><img src="data:image/png;base64,{qr}" alt="{escape(url)}"></figure>'
        f'<p class="hint">{escape(text.scan_hint)}</p>'
        f'<p class="url">{escape(url)}</p>{closing}'
        f'<p class="organisation">{escape(text.organisation)}</p>'
    )
    html = document_html(language=text.language, title=text.title, style=_poster_style(), body=[body])
    return render_pdf(html, author=text.organisation)


def _poster_style() -> str:
    return (
        font_faces()
        + """
@page { size: A4; margin: 0 15mm 12mm; }
html { font: 13pt/1.45 "DejaVu", sans-serif; color: #1b1f23; text-align: center; }
.band { background: #0b4f8a; color: #fff; font-weight: bold; font-size: 26pt; margin: 0 -15mm 10mm;
  padding: 11mm 15mm; }
h1 { font-size: 22pt; line-height: 1.3; margin: 0 0 4mm; }
.intro { margin: 0 0 6mm; }
figure { margin: 0 auto 3mm; }
figure img { width: 100mm; height: 100mm; }
.hint, .closing { font-weight: bold; font-size: 14pt; margin: 0 0 1mm; }
.url { font-size: 12pt; margin: 0 0 4mm; }
.organisation { font-size: 10pt; position: absolute; bottom: 0; left: 0; right: 0; margin: 0; }
"""
    )
