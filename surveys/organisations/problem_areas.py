"""The problem-area taxonomy as one organisation uses it: shipped areas plus its own."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.taxonomy import Taxonomy, ThemeArea, load_taxonomy
from surveys.errors import SurveyError
from surveys.organisations.models import Organisation
from surveys.organisations.problem_area_models import CustomArea


class AreaError(SurveyError):
    """An area cannot be added as asked."""


def _code(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name.lower())
    ascii_name = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "_", ascii_name).strip("_")[:40]


def custom_areas(session: Session, organisation_id: int) -> list[CustomArea]:
    """The organisation's own areas, by name."""
    return list(
        session.scalars(
            select(CustomArea)
            .where(CustomArea.organisation_id == organisation_id)
            .order_by(CustomArea.name_sv)
        )
    )


def taxonomy_for(session: Session, organisation_id: int) -> Taxonomy:
    """The shipped taxonomy with the organisation's own areas added."""
    extra = [
        ThemeArea(code=a.code, name_sv=a.name_sv, name_en=a.name_en, keywords=tuple(a.keywords))
        for a in custom_areas(session, organisation_id)
    ]
    return load_taxonomy(extra)


def add_area(
    session: Session, organisation: Organisation, name_sv: str, name_en: str, keywords: Sequence[str]
) -> CustomArea:
    """Add a problem area for `organisation` and commit.

    Keywords use the taxonomy's patterns: `word`, `prefix*`, `*suffix`, `*part*`.

    Raises:
        AreaError: empty name, no keywords, or a name that clashes with an existing area.
    """
    name_sv = " ".join(name_sv.split())
    code = _code(name_sv)
    cleaned = [k.strip().lower() for k in keywords if k.strip()]
    if not code:
        raise AreaError("give the area a name")
    if not cleaned:
        raise AreaError("give at least one keyword, e.g. snöröj* or buss*")
    if code in load_taxonomy().codes or any(a.code == code for a in custom_areas(session, organisation.id)):
        raise AreaError(f"there is already an area called {name_sv!r}")
    area = CustomArea(
        organisation_id=organisation.id,
        code=code,
        name_sv=name_sv[:120],
        name_en=name_en.strip()[:120],
        keywords=cleaned[:50],
    )
    session.add(area)
    session.commit()
    return area
