"""The situation picture as a Word document (DOCX) that officials can edit further."""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table as DocxTable

from analysis.language import quoted_run
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
from surveys.reports.languages import language_runs, written_in
from surveys.reports.outline import build_outline
from surveys.reports.wording import AreaName, Gettext, quoted

NAVY = RGBColor(0x0B, 0x4F, 0x8A)
CHART_WIDTH = Cm(16)
MAX_IMAGE_HEIGHT = Cm(18)


def situation_docx(data: SituationReportData, _: Gettext, area_name: AreaName) -> bytes:
    """The situation picture of a round as DOCX bytes."""
    outline = build_outline(data, _, area_name)
    document = Document()
    _setup(document, outline, _)
    _title_page(document, outline, data)
    for block in outline.blocks:
        _render(document, block, data, _, area_name, outline.language)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# python-docx refuses core properties (title, author, subject) longer than this.
CORE_PROPERTY_LIMIT = 255


def _core_property(text: str) -> str:
    """`text` shortened with an ellipsis to what a DOCX core property can hold."""
    if len(text) <= CORE_PROPERTY_LIMIT:
        return text
    return text[: CORE_PROPERTY_LIMIT - 1].rstrip() + "…"


def _setup(document: DocumentType, outline: Outline, _: Gettext) -> None:
    properties = document.core_properties
    properties.title = _core_property(f"{outline.title} – {outline.organisation}")
    properties.author = _core_property(outline.organisation)
    properties.subject = _core_property(outline.subtitle)
    properties.language = outline.language
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    section.different_first_page_header_footer = True
    normal = document.styles["Normal"]
    normal.font.size = Pt(10.5)
    # The language lets spelling checkers and screen readers read the text correctly.
    run_properties = normal.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), outline.language)
    run_properties.append(lang)
    for level in (1, 2, 3):
        document.styles[f"Heading {level}"].font.color.rgb = NAVY
    footer = section.footer.paragraphs[0]
    footer.text = f"{outline.organisation} · {outline.title} · "
    # Split the translated "Page 2 of 9" around its numbers, which Word fills in as fields.
    label, _sep, rest = (_("Page %(page)s of %(pages)s") % {"page": "\0", "pages": "\1"}).partition("\0")
    between, _sep, after = rest.partition("\1")
    footer.add_run(label)
    _field(footer, "PAGE")
    footer.add_run(between)
    _field(footer, "NUMPAGES")
    footer.add_run(after)


def _field(paragraph, instruction: str) -> None:  # type: ignore[no-untyped-def]
    """A Word field (page number, page count) that Word fills in when it lays out the pages."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _mark_language(run, code: str) -> None:  # type: ignore[no-untyped-def]
    """Give one run its own language (w:lang), for spelling checkers and screen readers."""
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), code)
    run._r.get_or_add_rPr().append(lang)


def add_text(paragraph, text: str, language: str) -> None:  # type: ignore[no-untyped-def]
    """`text` as runs of `paragraph`; those it sets off in another language than `language` carry it.

    A run of unknown language keeps the document's: Word has no code for "not known".
    """
    for piece, code in language_runs(text, language):
        run = paragraph.add_run(piece)
        if code:
            _mark_language(run, code)


def _paragraph(document: DocumentType, text: str, language: str, style: str | None = None):  # type: ignore[no-untyped-def]
    paragraph = document.add_paragraph(style=style)
    add_text(paragraph, text, language)
    return paragraph


def _title_page(document: DocumentType, outline: Outline, data: SituationReportData) -> None:
    organisation = document.add_paragraph(style="Subtitle")
    organisation.add_run(outline.organisation).bold = True
    document.add_paragraph(outline.title, style="Title")
    document.add_paragraph(outline.subtitle, style="Subtitle")
    document.add_paragraph(outline.status)
    for title, _kind, period in data.surveys:
        # Survey titles are in Swedish whatever the report's language: marked as such.
        line = f"{quoted_run(title)} ({period})" if period else quoted_run(title)
        _paragraph(document, line, outline.language)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _render(
    document: DocumentType,
    block: Block,
    data: SituationReportData,
    _: Gettext,
    area_name: AreaName,
    language: str = "",
) -> None:
    """One block; `language` is the document's, and text in another one is marked (`add_text`)."""
    if isinstance(block, PageBreak):
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    elif isinstance(block, Heading):
        add_text(document.add_heading(level=block.level), block.text, language)
    elif isinstance(block, Paragraph):
        paragraph = _paragraph(document, block.text, language)
        if block.lead:
            for run in paragraph.runs:
                run.font.size = Pt(12.5)
    elif isinstance(block, Bullets):
        for item in block.items:
            _paragraph(document, item, language, "List Number" if block.ordered else "List Bullet")
    elif isinstance(block, Quote):
        paragraph = document.add_paragraph(quoted(block.text, _), style="Quote")
        code = written_in(block.text, language) if language else None
        if code:
            _mark_language(paragraph.runs[0], code)
    elif isinstance(block, Table):
        _table(document, block, language)
    elif isinstance(block, Chart):
        _chart(document, block, charts.chart_png(block.name, data, _, area_name))
    elif isinstance(block, MapImage):
        _chart(document, block, maps.report_png(block.name, data, _))


def _table(document: DocumentType, block: Table, language: str = "") -> None:
    caption = document.add_paragraph(block.caption, style="Caption")
    caption.paragraph_format.keep_with_next = True
    table = document.add_table(rows=1, cols=len(block.header))
    table.style = document.styles["Light List Accent 1"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    _fill_row(table, 0, block.header, block.numeric, language)
    _repeat_header(table)
    for values in block.rows:
        table.add_row()
        _fill_row(table, len(table.rows) - 1, values, block.numeric, language)
    document.add_paragraph()


def _fill_row(
    table: DocxTable, index: int, values: tuple[str, ...], numeric: tuple[int, ...], language: str = ""
) -> None:
    for column, value in enumerate(values):
        paragraph = table.rows[index].cells[column].paragraphs[0]
        add_text(paragraph, value, language)
        if column in numeric:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _repeat_header(table: DocxTable) -> None:
    """Mark the first row as the header, repeated on every page and announced by screen readers."""
    properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _chart(document: DocumentType, block: Chart | MapImage, png: bytes) -> None:
    # A tall map is narrowed so that it and its caption fit on one page.
    width = min(CHART_WIDTH, int(MAX_IMAGE_HEIGHT * block.width / block.height))
    document.add_picture(io.BytesIO(png), width=width)
    picture = document.paragraphs[-1]
    picture.paragraph_format.keep_with_next = True
    properties = document.inline_shapes[-1]._inline.docPr
    properties.set("descr", block.alt)
    properties.set("title", block.caption)
    document.add_paragraph(block.caption, style="Caption")
    if isinstance(block, Chart) and block.table is not None:
        _table(document, block.table)  # the chart's figures, for those who cannot see the image
