"""Plans and follow-ups as document outlines (the block types of `surveys.documents`).

PDF, DOCX and Markdown only lay these blocks out; every figure and sentence is settled here.
"""

from __future__ import annotations

from collections.abc import Callable

from analysis.catalog import decimal, long_date
from analysis.followup import progress_text
from analysis.language import quoted_run
from surveys.database.base import localized, localized_with_language
from surveys.plans.blocks import text_blocks
from surveys.plans.document import CommitmentDoc, PlanDoc
from surveys.plans.followup import CommitmentFollowUp, FollowUpReport, RoundComparison
from surveys.plans.labels import commitment_facts, kind_label, progress_label, status_label, theme_name
from surveys.reports.blocks import Block, Bullets, Heading, Outline, Paragraph, Quote, Table

Gettext = Callable[[str], str]


def plan_outline(doc: PlanDoc, language: str, _: Gettext) -> Outline:
    """The plan as headings, paragraphs, lists and quotes in `language`."""
    blocks: list[Block] = []
    for section in doc.sections:
        blocks.append(Heading(section.title_in(language), 1))
        blocks += body_blocks(section.body_in(language))
        if section.commitments:
            blocks.append(Paragraph(_("To do this, we commit to:")))
            blocks.append(Bullets(tuple(commitment_line(c, doc, language, _) for c in section.commitments)))
    return Outline(
        language=language,
        organisation=" · ".join(doc.parties) or doc.organisation,
        title=doc.title_in(language),
        subtitle=_subtitle(doc, _),
        status=_("Status: %(status)s") % {"status": status_label(doc.status, _)},
        blocks=tuple(blocks),
    )


def _subtitle(doc: PlanDoc, _: Gettext) -> str:
    period = f"{long_date(doc.period_start, _)} – {long_date(doc.period_end, _)}"
    if doc.round_label:
        return _("%(kind)s for %(period)s, based on the survey round %(round)s") % {
            "kind": kind_label(doc.kind, _),
            "period": period,
            "round": doc.round_label,
        }
    return _("%(kind)s for %(period)s") % {"kind": kind_label(doc.kind, _), "period": period}


def body_blocks(text: str) -> list[Block]:
    """A section's text as document blocks."""
    blocks: list[Block] = []
    for kind, value in text_blocks(text):
        if kind == "paragraph":
            blocks.append(Paragraph(str(value)))
        elif kind == "bullets":
            blocks.append(Bullets(tuple(value)))
        else:
            blocks += [Quote(q) for q in value]
    return blocks


def commitment_line(c: CommitmentDoc, doc: PlanDoc, language: str, _: Gettext) -> str:
    """'Activity. Target: … Responsible: … Together with: …' as one list item; action plans
    add 'Working group: … Place: … Period: …'."""
    names = {
        "target": _("Target:"),
        "responsible": _("Responsible:"),
        "partners": _("Together with:"),
        "working_group": _("Working group:"),
        "place": _("Place:"),
        "period": _("Period:"),
    }
    text, written = localized_with_language(c.text, language)
    parts = [_typed((text.rstrip("."), written), language) + "."]
    parts += [f"{names[fact]} {value.rstrip('.')}." for fact, value in commitment_facts(c, doc, language, _)]
    return " ".join(parts)


def follow_up_outline(report: FollowUpReport, language: str, _: Gettext) -> Outline:
    """The written follow-up: summary, each commitment's outcome, activities and the newer round."""
    doc = report.plan
    blocks: list[Block] = [Heading(_("Summary"), 1), Paragraph(_summary(report, _), lead=True)]
    for area, items in _by_area(report.commitments, language):
        blocks.append(Heading(area or _("Other commitments"), 1))
        blocks.append(_commitment_table(items, language, _))
        for item in items:
            blocks += _commitment_blocks(item, language, _)
    blocks += _group_blocks(report, language, _)
    blocks += _comparison_blocks(report.comparison, _, language)
    return Outline(
        language=language,
        organisation=" · ".join(doc.parties) or doc.organisation,
        title=_("Follow-up: %(title)s") % {"title": doc.title_in(language)},
        subtitle=_("Status on %(date)s") % {"date": long_date(report.today, _)},
        status=_("Expected progress is the target times the share of the period that has passed."),
        blocks=tuple(blocks),
    )


def _commitment_blocks(item: CommitmentFollowUp, language: str, _: Gettext) -> list[Block]:
    """One commitment's written assessment and, unless a working group lists them, its activities."""
    assessment = localized(item.assessment, language)
    # A working group's activities are listed under the group instead (action plans).
    activities = item.activities if item.working_group_id is None else ()
    if not assessment and not activities:
        return []
    blocks: list[Block] = [Heading(localized(item.text, language), 2)]
    if assessment:
        blocks += [Heading(_("Assessment"), 3), *body_blocks(assessment)]
    if activities:
        if assessment:
            blocks.append(Heading(_("Activities"), 3))
        blocks.append(Bullets(tuple(_activity_line(a, _) for a in activities)))
    return blocks


def _summary(report: FollowUpReport, _: Gettext) -> str:
    counts = report.by_status
    order = ("done", "on_track", "behind", "not_started", "no_target")
    parts = [f"{progress_label(s, _)}: {counts[s]}" for s in order if counts.get(s)]
    return _("%(n)d commitments.") % {"n": len(report.commitments)} + " " + "; ".join(parts) + "."


def _by_area(
    items: tuple[CommitmentFollowUp, ...], language: str
) -> list[tuple[str, list[CommitmentFollowUp]]]:
    groups: dict[str, list[CommitmentFollowUp]] = {}
    for item in items:
        groups.setdefault(localized(item.area, language), []).append(item)
    return list(groups.items())


def _commitment_table(items: list[CommitmentFollowUp], language: str, _: Gettext) -> Table:
    rows = []
    for item in items:
        unit = item.unit_in(language)
        rows.append(
            (
                localized(item.text, language),
                str(item.target) if item.target is not None else "–",
                str(item.progress.done),
                decimal(item.progress.expected, _) if item.target is not None else "–",
                progress_label(item.status, _),
                progress_text(item.progress.done, item.target, unit, _),
            )
        )
    return Table(
        caption=_("Commitments: target, outcome and status"),
        header=(_("Commitment"), _("Target"), _("Done"), _("Expected by now"), _("Status"), _("Outcome")),
        rows=tuple(rows),
        numeric=(1, 2, 3),
    )


def _group_blocks(report: FollowUpReport, language: str, _: Gettext) -> list[Block]:
    """Per working group: its tasks with their outcome, then every activity it logged."""
    groups = report.by_working_group
    if not groups:
        return []
    blocks: list[Block] = [Heading(_("Activities per working group"), 1)]
    unassigned = sum(1 for item in report.commitments if item.working_group_id is None)
    if unassigned:
        blocks.append(Paragraph(_("Commitments without a working group: %(n)d.") % {"n": unassigned}))
    for group in groups:
        # What staff typed (names, places, activities) is set off: the writers mark its language.
        blocks.append(Heading(quoted_run(group.name), 2))
        rows = tuple(
            (
                _typed(localized_with_language(task.text, language), language),
                quoted_run(task.place) if task.place else "–",
                str(len(task.activities)),
                progress_text(task.progress.done, task.target, task.unit_in(language), _),
                progress_label(task.status, _),
            )
            for task in group.tasks
        )
        blocks.append(
            Table(
                caption=_("Tasks of %(group)s") % {"group": group.name},
                header=(_("Task"), _("Place"), _("Activities"), _("Outcome"), _("Status")),
                rows=rows,
                numeric=(2,),
            )
        )
        if not group.activities:
            blocks.append(Paragraph(_("No activities have been logged yet.")))
            continue
        lines = tuple(
            _("%(activity)s (task: %(task)s)")
            % {"activity": _activity_line(activity, _), "task": localized(task.text, language)}
            for task, activity in group.activities
        )
        blocks.append(Bullets(lines))
    return blocks


def _activity_line(activity, _: Gettext) -> str:  # type: ignore[no-untyped-def]
    """'18 november 2026: Trygghetsvandring i centrum (2) – Centrum' in the document's language."""
    parts = [f"{long_date(activity.done_on, _)}:", quoted_run(activity.description)]
    if activity.count != 1:
        parts.append(f"({activity.count})")
    for extra in (activity.place, activity.performed_by, activity.notes):
        if extra:
            parts.append(f"– {quoted_run(extra)}")
    return " ".join(parts)


def _typed(text_and_language: tuple[str, str], language: str) -> str:
    """A plan text in `language`, set off to be marked when it fell back to another language."""
    text, written = text_and_language
    return quoted_run(text) if text and written != language else text


def _comparison_blocks(comparison: RoundComparison | None, _: Gettext, language: str) -> list[Block]:
    blocks: list[Block] = [Heading(_("Comparison with a newer survey round"), 1)]
    if comparison is None:
        blocks.append(Paragraph(_("There is no newer analysed round of the same dialogue yet.")))
        return blocks
    blocks.append(
        Paragraph(
            _(
                "The plan was based on round %(base)s (%(before)s respondents). "
                "Round %(newer)s had %(after)s respondents."
            )
            % {
                "base": comparison.base_round,
                "newer": comparison.newer_round,
                "before": _count(comparison.before_respondents),
                "after": _count(comparison.after_respondents),
            }
        )
    )
    rows = tuple(
        (theme_name(r.theme, language), _pct(r.before, _), _pct(r.after, _), _points(r.before, r.after))
        for r in comparison.rows
    )
    blocks.append(
        Table(
            caption=_("Share of respondents raising each area of the plan"),
            header=(_("Area"), comparison.base_round, comparison.newer_round, _("Change (points)")),
            rows=rows,
            numeric=(1, 2, 3),
        )
    )
    return blocks


def _count(value: int | None) -> str:
    return "–" if value is None else str(value)


def _pct(value: float | None, _: Gettext) -> str:
    return "–" if value is None else _("%(pct)s%%") % {"pct": round(value * 100)}


def _points(before: float | None, after: float | None) -> str:
    if before is None or after is None:
        return "–"
    change = round(after * 100) - round(before * 100)
    return f"+{change}" if change > 0 else ("−" + str(-change) if change < 0 else "0")
