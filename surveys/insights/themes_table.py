"""The ranked problem areas of a round as rows for CSV/JSON export (privacy floor applied)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from analysis.catalog import N_
from analysis.prioritise import PART_NAMES
from surveys.authoring.models import Survey
from surveys.insights.report_data import build_report_data


def ranked_rows(session: Session, survey: Survey, min_group: int) -> list[dict[str, Any]]:
    """One row per ranked area: counts, shares per group, score and its parts.

    A figure hidden for privacy is left empty, never given as a number that looks real
    (0.0), and its column is named in `hidden`, so an empty cell is never mistaken for
    "nothing" or "not asked".
    """
    data = build_report_data(session, survey, min_group)
    rows = []
    for section in data.sections:
        count = section.respondents
        hidden = set()
        if count.hidden:
            hidden |= {"respondents", "share", "score"}
        if section.groups_hidden:
            hidden |= {"share_residents", "share_staff"}
        if section.previous_hidden:
            hidden.add("previous_share")
        parts_hidden = bool(hidden) or not section.parts
        row: dict[str, Any] = {
            "rank": section.rank,
            "theme": section.theme,
            "respondents": None if count.hidden else count.value,
            "share": _rounded(section.share),
            "share_residents": _rounded(section.share_residents),
            "share_staff": _rounded(section.share_staff),
            "previous_share": None if "previous_share" in hidden else _rounded(section.previous_share),
            "score": _rounded(section.score),
        }
        for name in PART_NAMES:
            row[f"part_{name}"] = None if parts_hidden else round(section.parts.get(name, 0.0), 4)
            if parts_hidden:
                hidden.add(f"part_{name}")
        row |= {
            "override_reason": section.override_reason,
            "saved": data.saved,
            "hidden": " ".join(name for name in row if name in hidden),
        }
        rows.append(row)
    return rows


COLUMN_HEADINGS = {
    "rank": N_("Rank"),
    "theme": N_("Problem area"),
    "respondents": N_("Respondents"),
    "share": N_("Share"),
    "share_residents": N_("Share among residents"),
    "share_staff": N_("Share among staff"),
    "previous_share": N_("Share in the previous round"),
    "score": N_("Priority score"),
    "part_share": N_("Score part: share"),
    "part_severity": N_("Score part: severity"),
    "part_trend": N_("Score part: trend"),
    "part_agreement": N_("Score part: agreement"),
    "part_indicator": N_("Score part: indicators"),
    "override_reason": N_("Reason for a rank set by hand"),
    "saved": N_("Saved ranking"),
    "hidden": N_("Hidden for privacy"),
}


def column_heading(name: str, gettext: Callable[[str], str]) -> str:
    """A column headed for a person with its machine name after it: "Andel [share]"."""
    return f"{gettext(COLUMN_HEADINGS[name])} [{name}]"


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
