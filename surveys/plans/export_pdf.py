"""Plans and follow-ups as tagged A4 PDFs, laid out like the situation picture (one writer, tagged_pdf)."""

from __future__ import annotations

from collections.abc import Callable

from surveys.plans.document import PlanDoc
from surveys.plans.followup import FollowUpReport
from surveys.plans.outline import follow_up_outline, plan_outline
from surveys.reports.tagged_pdf import outline_pdf

Gettext = Callable[[str], str]


def plan_pdf(doc: PlanDoc, language: str, _: Gettext) -> bytes:
    """A plan as PDF bytes in `language`."""
    return outline_pdf(plan_outline(doc, language, _), _)


def follow_up_pdf(report: FollowUpReport, language: str, _: Gettext) -> bytes:
    """A written follow-up as PDF bytes in `language`."""
    return outline_pdf(follow_up_outline(report, language, _), _)
