"""The ranked problem areas of a round as rows for CSV/JSON export (privacy floor applied)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from analysis.prioritise import PART_NAMES
from surveys.authoring.models import Survey
from surveys.insights.report_data import build_report_data


def ranked_rows(session: Session, survey: Survey, min_group: int) -> list[dict[str, Any]]:
    """One row per ranked area: counts, shares per group, score and its parts.

    A count under the privacy floor is given as "<N" and its shares are left empty.
    """
    data = build_report_data(session, survey, min_group)
    rows = []
    for section in data.sections:
        count = section.respondents
        rows.append(
            {
                "rank": section.rank,
                "theme": section.theme,
                "respondents": count.value if not count.hidden else f"<{count.min_group}",
                "share": _rounded(section.share),
                "share_residents": _rounded(section.share_residents),
                "share_staff": _rounded(section.share_staff),
                "previous_share": _rounded(section.previous_share) if not count.hidden else None,
                "score": _rounded(section.score),
                **{f"part_{name}": round(section.parts.get(name, 0.0), 4) for name in PART_NAMES},
                "override_reason": section.override_reason,
                "saved": data.saved,
            }
        )
    return rows


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
