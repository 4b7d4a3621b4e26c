"""The situation picture as an A4 PDF: title page, chapters, charts as images, tables, appendix."""

from __future__ import annotations

import io
from collections.abc import Callable

from fpdf import FPDF, FontFace
from fpdf.enums import XPos, YPos

from surveys.insights.report_data import SituationReportData
from surveys.reports import charts, maps
from surveys.reports.blocks import (
    Block,
    Bullets,
    Chart,
    Heading,
    MapImage,
    Outline,
    PageBreak,
    Paragraph,
    Quote,
    Table,
)
from surveys.reports.fonts import FAMILY, add_fonts, show_title
from surveys.reports.outline import build_outline
from surveys.reports.wording import AreaName, Gettext, quoted

MARGIN = 20.0
TEXT_WIDTH = 210.0 - 2 * MARGIN
NAVY = (11, 79, 138)
INK = (27, 31, 35)
MUTED = (85, 90, 96)
HEAD_FILL = (225, 234, 243)
ROW_FILL = (246, 248, 250)
RULE = (170, 180, 190)
HEADING_SIZES = {1: 17, 2: 13.5, 3: 11}
KEEP_WHOLE = 120.0  # mm: tables shorter than this are not split across pages
MAX_IMAGE_HEIGHT = 180.0  # mm


class _Document(FPDF):
    """A4 with a running footer on every page but the title page."""

    footer_text = ""
    page_label: Callable[[int], str] = str

    def footer(self) -> None:
        if self.page_no() == 1:
            return
        self.set_y(-14)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(*MUTED)
        self.cell(TEXT_WIDTH * 0.75, 6, self.footer_text, align="L")
        self.cell(TEXT_WIDTH * 0.25, 6, self.page_label(self.page_no()), align="R")


def situation_pdf(data: SituationReportData, _: Gettext, area_name: AreaName) -> bytes:
    """The situation picture of a round as PDF bytes."""
    outline = build_outline(data, _, area_name)
    pdf = _Document(format="A4", unit="mm")
    add_fonts(pdf)
    pdf.set_lang(outline.language)
    show_title(pdf)
    pdf.set_title(f"{outline.title} – {outline.organisation}")
    pdf.set_author(outline.organisation)
    pdf.set_subject(outline.subtitle)
    pdf.set_creator("Trygg Dialog")
    pdf.footer_text = f"{outline.organisation} · {outline.title}"
    pdf.page_label = lambda n: _("Page %(page)s of %(pages)s") % {"page": n, "pages": pdf.str_alias_nb_pages}
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=22)
    _title_page(pdf, outline, data, _)
    pdf.add_page()
    blocks = outline.blocks
    for i, block in enumerate(blocks):
        if isinstance(block, Heading):
            _heading(pdf, block, _following(blocks[i + 1 : i + 3]))
        else:
            _render(pdf, block, data, _, area_name)
    return bytes(pdf.output())


def _title_page(pdf: _Document, outline: Outline, data: SituationReportData, _: Gettext) -> None:
    pdf.add_page()
    pdf.set_fill_color(*NAVY)
    pdf.rect(0, 0, 210, 70, style="F")
    pdf.set_text_color(255, 255, 255)
    pdf.set_xy(MARGIN, 28)
    pdf.set_font(FAMILY, "B", 13)
    _lines(pdf, TEXT_WIDTH, 7, outline.organisation)
    pdf.set_font(FAMILY, "B", 28)
    _lines(pdf, TEXT_WIDTH, 13, outline.title)
    pdf.set_text_color(*INK)
    pdf.set_xy(MARGIN, 84)
    pdf.set_font(FAMILY, "", 15)
    _lines(pdf, TEXT_WIDTH, 8, outline.subtitle)
    pdf.ln(8)
    pdf.set_font(FAMILY, "", 11)
    pdf.set_text_color(*MUTED)
    pdf.set_fill_color(255, 255, 255)
    lines = [outline.status] + [
        f"{title} ({period})" if period else title for title, _kind, period in data.surveys
    ]
    for line in lines:
        _lines(pdf, TEXT_WIDTH, 6, line)
        pdf.ln(1)


def _lines(pdf: FPDF, width: float, height: float, text: str) -> None:
    """Left-aligned text, wrapped, continuing on the next line at the left margin."""
    pdf.multi_cell(width, height, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _render(pdf: _Document, block: Block, data: SituationReportData, _: Gettext, area_name: AreaName) -> None:
    if isinstance(block, PageBreak):
        pdf.add_page()
    elif isinstance(block, Paragraph):
        pdf.set_font(FAMILY, "", 12 if block.lead else 10.5)
        pdf.set_text_color(*INK)
        _lines(pdf, TEXT_WIDTH, 6.2 if block.lead else 5.4, block.text)
        pdf.ln(2.5)
    elif isinstance(block, Bullets):
        _bullets(pdf, block)
    elif isinstance(block, Quote):
        _quote(pdf, block, _)
    elif isinstance(block, Table):
        _table(pdf, block)
    elif isinstance(block, Chart):
        _chart(pdf, block, charts.chart_png(block.name, data, _, area_name))
    elif isinstance(block, MapImage):
        _chart(pdf, block, maps.report_png(block.name, data, _))


def _height(block: Block) -> float:
    """Roughly how tall `block` is in millimetres, to keep things together."""
    if isinstance(block, Table):
        header_lines = max(len(h) // 12 + 1 for h in block.header)
        return 12.0 + 5.2 * header_lines + 2.4 + 7.8 * len(block.rows)
    if isinstance(block, Chart | MapImage):
        return min(TEXT_WIDTH * block.height / block.width, MAX_IMAGE_HEIGHT) + 10
    if isinstance(block, Heading):
        return 20.0
    return 16.0


def _needs(block: Block) -> float:
    """Room `block` needs on the page it starts on: short tables stay whole, long ones split."""
    height = _height(block)
    return height if not isinstance(block, Table) or height < KEEP_WHOLE else 40.0


def _following(blocks: tuple[Block, ...]) -> float:
    """Room to keep free under a heading: the next block, and the one after a short paragraph."""
    if not blocks:
        return 0.0
    height = _needs(blocks[0])
    if isinstance(blocks[0], Paragraph) and len(blocks) > 1:
        height += _needs(blocks[1])
    return min(height, 160.0)


def _heading(pdf: _Document, block: Heading, following: float) -> None:
    size = HEADING_SIZES.get(block.level, 11)
    if pdf.will_page_break(size * 0.6 + 8 + following):
        pdf.add_page()  # never leave a heading alone at the foot of a page
    elif pdf.get_y() > MARGIN + 1:
        pdf.ln(4 if block.level == 1 else 2.5)
    pdf.start_section(block.text, level=block.level - 1)
    pdf.set_font(FAMILY, "B", size)
    pdf.set_text_color(*(NAVY if block.level < 3 else INK))
    _lines(pdf, TEXT_WIDTH, size * 0.5, block.text)
    pdf.ln(1.5)
    pdf.set_text_color(*INK)


def _bullets(pdf: _Document, block: Bullets) -> None:
    pdf.set_font(FAMILY, "", 10.5)
    pdf.set_text_color(*INK)
    for n, item in enumerate(block.items, start=1):
        pdf.set_x(MARGIN + 2)
        pdf.cell(6, 5.4, f"{n}." if block.ordered else "•")
        _lines(pdf, TEXT_WIDTH - 8, 5.4, item)
        pdf.ln(1.2)
    pdf.ln(1.5)


def _quote(pdf: _Document, block: Quote, _: Gettext) -> None:
    pdf.set_font(FAMILY, "I", 10.5)
    pdf.set_text_color(*INK)
    top = pdf.get_y()
    pdf.set_x(MARGIN + 6)
    _lines(pdf, TEXT_WIDTH - 10, 5.4, quoted(block.text, _))
    if pdf.get_y() > top:  # the bar is drawn only when the quote stayed on one page
        pdf.set_draw_color(*NAVY)
        pdf.set_line_width(0.8)
        pdf.line(MARGIN + 2, top + 0.5, MARGIN + 2, pdf.get_y() - 0.5)
        pdf.set_line_width(0.2)
    pdf.ln(2)


def _table(pdf: _Document, block: Table) -> None:
    columns = len(block.header)
    if pdf.will_page_break(_needs(block)):
        pdf.add_page()  # keep short tables whole, and a long one's caption with its first rows
    pdf.set_font(FAMILY, "B", 10)
    pdf.set_text_color(*INK)
    _lines(pdf, TEXT_WIDTH, 5.5, block.caption)
    pdf.ln(1)
    width = TEXT_WIDTH if columns > 2 else TEXT_WIDTH * 0.8
    widths = _column_widths(pdf, block, width)
    pdf.set_font(FAMILY, "", 9.5)
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.2)
    align = tuple("RIGHT" if i in block.numeric else "LEFT" for i in range(columns))
    with pdf.table(
        width=width,
        col_widths=widths,
        text_align=align,
        align="LEFT",
        line_height=5.2,
        padding=(1.2, 1.8),
        headings_style=FontFace(emphasis="BOLD", fill_color=HEAD_FILL),
        cell_fill_color=ROW_FILL,
        cell_fill_mode="ROWS",
        borders_layout="HORIZONTAL_LINES",
    ) as table:
        table.row(block.header)
        for row in block.rows:
            table.row(row)
    pdf.ln(5)


def _column_widths(pdf: _Document, block: Table, width: float) -> list[float]:
    """Column widths in mm: the first column widest, and no heading word broken in two."""
    weights = [3.0 if i == 0 else 1.4 if i in block.numeric else 2.0 for i in range(len(block.header))]
    widths = [width * w / sum(weights) for w in weights]
    pdf.set_font(FAMILY, "B", 9.5)
    for i, heading in enumerate(block.header):
        longest = max((pdf.get_string_width(word) for word in heading.split()), default=0.0) + 4.5
        if i and widths[i] < longest:
            widths[0] -= longest - widths[i]  # the first column gives way
            widths[i] = longest
    return widths


def _chart(pdf: _Document, block: Chart | MapImage, png: bytes) -> None:
    # A tall map is narrowed so that it and its caption fit on one page.
    width = min(TEXT_WIDTH, MAX_IMAGE_HEIGHT * block.width / block.height)
    height = width * block.height / block.width
    if pdf.will_page_break(height + 10):
        pdf.add_page()
    pdf.image(io.BytesIO(png), x=MARGIN, w=width, h=height, alt_text=block.alt, title=block.caption)
    pdf.set_font(FAMILY, "I", 9)
    pdf.set_text_color(*MUTED)
    _lines(pdf, TEXT_WIDTH, 5, block.caption)
    pdf.set_text_color(*INK)
    pdf.ln(4)
