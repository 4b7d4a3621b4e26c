"""Storing an organisation's area outlines and reading what its maps show."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from analysis.geo import Polygon, polygons_of
from analysis.hotspots import HotSpot
from surveys.answering.models import Answer, Response
from surveys.authoring.models import Question, QuestionType
from surveys.disclosure.floor import Count, guard_parts
from surveys.insights.breakdown import NOT_STATED, FilterTooNarrow, area_table
from surveys.insights.rounds import RoundData
from surveys.organisations.models import Organisation
from surveys.places.geojson import ParsedAreas
from surveys.places.hotspots import hotspots_of
from surveys.places.models import AreaShape


@dataclass(frozen=True)
class ShapesSaved:
    """What an upload changed: how many outlines, and which area names are new."""

    shapes: int
    new_names: list[str]


def save_area_shapes(session: Session, organisation: Organisation, parsed: ParsedAreas) -> ShapesSaved:
    """Replace the organisation's outlines with `parsed` and add new names to its areas.

    Names are never removed from `Organisation.areas`: surveys and answers use them.
    """
    session.execute(delete(AreaShape).where(AreaShape.organisation_id == organisation.id))
    for area in parsed.areas:
        session.add(
            AreaShape(
                organisation_id=organisation.id, name=area.name, geometry=area.geometry, bbox=list(area.bbox)
            )
        )
    known = list(organisation.areas or [])
    folded = {n.casefold() for n in known}
    new_names = [a.name for a in parsed.areas if a.name.casefold() not in folded]
    organisation.areas = known + new_names
    session.commit()
    return ShapesSaved(len(parsed.areas), new_names)


def area_shapes(session: Session, organisation_id: int) -> list[AreaShape]:
    """The organisation's outlines, by name."""
    return list(
        session.scalars(
            select(AreaShape).where(AreaShape.organisation_id == organisation_id).order_by(AreaShape.name)
        )
    )


def shape_polygons(shapes: Sequence[AreaShape]) -> dict[str, tuple[Polygon, ...]]:
    """Name → polygons of stored outlines (validated on upload)."""
    return {s.name: polygons_of(s.geometry) for s in shapes}


def marked_places(session: Session, survey_ids: Sequence[int]) -> list[tuple[float, float]]:
    """(lat, lon) of every place marked in point questions of the surveys."""
    if not survey_ids:
        return []
    rows = session.execute(
        select(Answer.latitude, Answer.longitude)
        .join(Question, Answer.question_id == Question.id)
        .join(Response, Answer.response_id == Response.id)
        .where(
            Response.survey_id.in_(survey_ids),
            Question.type == QuestionType.POINT,
            Answer.latitude.is_not(None),
            Answer.longitude.is_not(None),
        )
    ).all()
    return [(float(lat), float(lon)) for lat, lon in rows if lat is not None and lon is not None]


def marked_hotspots(session: Session, survey_ids: Sequence[int], min_group: int) -> list[HotSpot]:
    """Hot spots of the places marked in the surveys, as the situation page and report draw them."""
    return hotspots_of(marked_places(session, survey_ids), min_group)


def respondents_by_area(data: RoundData, min_group: int) -> dict[str, Count]:
    """Respondents per area, as the situation page's breakdown by area shows them ("n =").

    Once answers are analysed, the same figures as that page, guarded with its column of
    respondents who gave no area; before, every respondent, with those who gave no area as
    a part of the total too. Guarding the stated areas on their own showed every area's
    figure beside a hidden "not stated", which the round's total then gave away.
    """
    try:
        table = area_table(data, "area", {}, min_group)
    except FilterTooNarrow:  # pragma: no cover - no filter is applied
        return {}
    if table.totals:
        return {area: count for area, count in table.totals.items() if area != NOT_STATED}
    parts = guard_parts(Counter(r.area or NOT_STATED for r in data.respondents.values()), min_group)
    return {area: count for area, count in parts.items() if area != NOT_STATED}


def theme_by_area(data: RoundData, theme: str, min_group: int) -> dict[str, Count]:
    """Respondents raising `theme` per area, as the situation page's breakdown shows them."""
    try:
        table = area_table(data, "area", {}, min_group)
    except FilterTooNarrow:  # pragma: no cover - no filter is applied
        return {}
    cells = dict(table.rows).get(theme, {})
    return {area: cell.count for area, cell in cells.items() if area != "–"}
