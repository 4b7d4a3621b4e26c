"""Plans and follow-ups as A4 PDFs laid out like the situation picture (same fonts, colours, blocks)."""

from __future__ import annotations

from collections.abc import Callable

from surveys.plans.document import PlanDoc
from surveys.plans.followup import FollowUpReport
from surveys.plans.outline import follow_up_outline, plan_outline
from surveys.reports import situation_pdf as layout
from surveys.reports.blocks import Heading, Outline
from surveys.reports.fonts import FAMILY, add_fonts, show_title

Gettext = Callable[[str], str]


def plan_pdf(doc: PlanDoc, language: str, _: Gettext) -> bytes:
    """A plan as PDF bytes in `language`."""
    return outline_pdf(plan_outline(doc, language, _), _)


def follow_up_pdf(report: FollowUpReport, language: str, _: Gettext) -> bytes:
    """A written follow-up as PDF bytes in `language`."""
    return outline_pdf(follow_up_outline(report, language, _), _)


def outline_pdf(outline: Outline, _: Gettext) -> bytes:
    """Any chart-free outline as a PDF: a title page, then the blocks with the situation picture's layout."""
    pdf = layout._Document(format="A4", unit="mm")
    add_fonts(pdf)
    pdf.set_lang(outline.language)
    show_title(pdf)
    pdf.set_title(f"{outline.title} – {outline.organisation}")
    pdf.set_author(outline.organisation)
    pdf.set_subject(outline.subtitle)
    pdf.set_creator("Trygg Dialog")
    pdf.footer_text = f"{outline.organisation} · {outline.title}"
    pdf.page_label = lambda n: _("Page %(page)s of %(pages)s") % {"page": n, "pages": pdf.str_alias_nb_pages}
    pdf.set_margins(layout.MARGIN, layout.MARGIN, layout.MARGIN)
    pdf.set_auto_page_break(True, margin=22)
    _title_page(pdf, outline)
    pdf.add_page()
    blocks = outline.blocks
    for i, block in enumerate(blocks):
        if isinstance(block, Heading):
            following = layout._height(blocks[i + 1]) if i + 1 < len(blocks) else 0.0
            layout._heading(pdf, block, min(following, 80.0))
        else:
            layout._render(pdf, block, None, _, str)  # type: ignore[arg-type]
    return bytes(pdf.output())


def _title_page(pdf, outline: Outline) -> None:  # type: ignore[no-untyped-def]
    pdf.add_page()
    pdf.set_fill_color(*layout.NAVY)
    pdf.rect(0, 0, 210, 70, style="F")
    pdf.set_text_color(255, 255, 255)
    pdf.set_xy(layout.MARGIN, 26)
    pdf.set_font(FAMILY, "B", 13)
    layout._lines(pdf, layout.TEXT_WIDTH, 7, outline.organisation)
    pdf.set_font(FAMILY, "B", 26)
    layout._lines(pdf, layout.TEXT_WIDTH, 12, outline.title)
    pdf.set_text_color(*layout.INK)
    pdf.set_xy(layout.MARGIN, 84)
    pdf.set_font(FAMILY, "", 15)
    layout._lines(pdf, layout.TEXT_WIDTH, 8, outline.subtitle)
    pdf.ln(6)
    pdf.set_font(FAMILY, "", 11)
    pdf.set_text_color(*layout.MUTED)
    pdf.set_fill_color(255, 255, 255)
    layout._lines(pdf, layout.TEXT_WIDTH, 6, outline.status)
