"""Names of statuses, parties and kinds in the reader's language, through a `gettext` callable."""

from __future__ import annotations

from collections.abc import Callable

from analysis.drafting import kind_name
from analysis.followup import target_text
from analysis.taxonomy import load_taxonomy

from ..models import localized
from .document import CommitmentDoc
from .templates import partner_name

Gettext = Callable[[str], str]


def status_label(status: str, gettext: Gettext) -> str:
    """A plan's status in words."""
    _ = gettext
    labels = {
        "draft": _("Draft"),
        "in_review": _("In review"),
        "approved": _("Approved"),
        "published": _("Published"),
        "closed": _("Finished"),
    }
    return labels.get(status, status)


def progress_label(status: str, gettext: Gettext) -> str:
    """A commitment's progress status in words."""
    _ = gettext
    labels = {
        "done": _("Done"),
        "on_track": _("On track"),
        "behind": _("Behind"),
        "not_started": _("Not started"),
        "no_target": _("No measurable target"),
    }
    return labels.get(status, status)


def responsible_label(code: str, gettext: Gettext) -> str:
    """Who is responsible for a commitment, in words."""
    _ = gettext
    labels = {
        "police": _("The police"),
        "municipality": _("The municipality"),
        "both": _("The police and the municipality"),
    }
    return labels.get(code, code)


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
    return target_text(
        commitment.target_count, commitment.frequency, localized(commitment.unit, language), gettext
    )
