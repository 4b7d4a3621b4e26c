"""Plans and follow-ups as Word documents officials can edit further (the situation picture's styles)."""

from __future__ import annotations

import io
from collections.abc import Callable

from docx import Document
from docx.enum.text import WD_BREAK

from surveys.plans.document import PlanDoc
from surveys.plans.followup import FollowUpReport
from surveys.plans.outline import follow_up_outline, plan_outline
from surveys.reports import situation_docx as layout
from surveys.reports.blocks import Outline

Gettext = Callable[[str], str]


def plan_docx(doc: PlanDoc, language: str, _: Gettext) -> bytes:
    """A plan as DOCX bytes in `language`."""
    return outline_docx(plan_outline(doc, language, _), _)


def follow_up_docx(report: FollowUpReport, language: str, _: Gettext) -> bytes:
    """A written follow-up as DOCX bytes in `language`."""
    return outline_docx(follow_up_outline(report, language, _), _)


def outline_docx(outline: Outline, _: Gettext) -> bytes:
    """Any chart-free outline as DOCX: a title page, then the blocks."""
    document = Document()
    layout._setup(document, outline, _)
    organisation = document.add_paragraph(style="Subtitle")
    organisation.add_run(outline.organisation).bold = True
    document.add_paragraph(outline.title, style="Title")
    document.add_paragraph(outline.subtitle, style="Subtitle")
    document.add_paragraph(outline.status)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    for block in outline.blocks:
        layout._render(document, block, None, _, str, outline.language)  # type: ignore[arg-type]
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
