"""Names of statuses, parties and kinds in the reader's language, through a `gettext` callable.

The tables hold English msgids marked with `_l` for the catalog; `label` translates on lookup.
"""

from __future__ import annotations

from collections.abc import Callable

from analysis.catalog import label
from analysis.drafting import kind_name
from analysis.followup import target_text
from analysis.taxonomy import load_taxonomy
from surveys.plans.document import CommitmentDoc, PlanDoc
from surveys.plans.models import PlanKind
from surveys.plans.templates import partner_name

Gettext = Callable[[str], str]


def _l(message: str) -> str:
    """Mark `message` for extraction into the catalog; it is translated when looked up."""
    return message


PLAN_STATUSES = {
    "draft": _l("Draft"),
    "in_review": _l("In review"),
    "approved": _l("Approved"),
    "published": _l("Published"),
    "closed": _l("Finished"),
}
PROGRESS_STATUSES = {
    "done": _l("Done"),
    "on_track": _l("On track"),
    "behind": _l("Behind"),
    "not_started": _l("Not started"),
    "no_target": _l("No measurable target"),
}
RESPONSIBLE_PARTIES = {
    "police": _l("The police"),
    "municipality": _l("The municipality"),
    "both": _l("The police and the municipality"),
}
VERSION_NOTES = {
    "created": _l("Drafted from the survey round"),
    "section": _l("Section edited"),
    "commitment_added": _l("Commitment added"),
    "commitment_edited": _l("Commitment edited"),
    "commitment_removed": _l("Commitment removed"),
    "details": _l("Title edited"),
    "submit": _l("Sent for review"),
    "return": _l("Returned to draft"),
    "approve": _l("Approved"),
    "publish": _l("Published"),
    "close": _l("Finished"),
    "reopen": _l("Reopened for changes"),
}


def status_label(status: str, gettext: Gettext) -> str:
    """A plan's status in words."""
    return label(PLAN_STATUSES, status, gettext)


def progress_label(status: str, gettext: Gettext) -> str:
    """A commitment's progress status in words."""
    return label(PROGRESS_STATUSES, status, gettext)


def responsible_label(code: str, gettext: Gettext) -> str:
    """Who is responsible for a commitment, in words."""
    return label(RESPONSIBLE_PARTIES, code, gettext)


def version_note_label(note: str, gettext: Gettext) -> str:
    """What a saved version recorded, in words."""
    return label(VERSION_NOTES, note, gettext)


def kind_label(kind: str, gettext: Gettext) -> str:
    """'Citizen pledges' or 'Action plan'."""
    return kind_name(kind, gettext)


def partners_text(codes: tuple[str, ...] | list[str], language: str) -> str:
    """Partner names joined by commas, in `language`."""
    return ", ".join(partner_name(code, language) for code in codes)


def theme_name(code: str | None, language: str) -> str:
    """A problem area's name in `language` from the shipped taxonomy (the code if unknown)."""
    if not code:
        return ""
    try:
        area = load_taxonomy().area(code)
    except KeyError:
        return code
    return (area.name_en if language == "en" and area.name_en else area.name_sv) or code


def commitment_target(commitment: CommitmentDoc, language: str, gettext: Gettext) -> str:
    """'at least 3 traffic safety operations per year' for a commitment."""
    return target_text(commitment.target_count, commitment.frequency, commitment.unit_in(language), gettext)


def commitment_period(commitment: CommitmentDoc, doc: PlanDoc) -> str:
    """A measure's own start and end as text, or "" where that would only repeat the plan's period.

    Every measure of an action plan has its own start and end; pledges name one only when it
    differs from the plan's, so they read as they always have.
    """
    own = (commitment.period_start, commitment.period_end)
    if doc.kind != PlanKind.ACTION_PLAN and own == (doc.period_start, doc.period_end):
        return ""
    return f"{commitment.period_start.isoformat()} – {commitment.period_end.isoformat()}"


def commitment_facts(
    commitment: CommitmentDoc, doc: PlanDoc, language: str, gettext: Gettext
) -> list[tuple[str, str]]:
    """What a document says after a measure's text, as (fact, value) in order.

    Facts: "target", "responsible", then where given "partners", "working_group", "place" and
    "period"; each layout names them in its own words. Only action plans have groups and places.
    """
    facts = [
        ("target", commitment_target(commitment, language, gettext)),
        ("responsible", responsible_label(commitment.responsible, gettext)),
        ("partners", partners_text(commitment.partners, language)),
        ("working_group", commitment.working_group),
        ("place", commitment.place),
        ("period", commitment_period(commitment, doc)),
    ]
    return [(fact, value) for fact, value in facts if value]
