"""The maps of a survey round: figures per area, hot spots, incidents, and the SVG drawn from them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import request
from flask_babel import gettext as _

from analysis.hotspots import HotSpot
from app.admin.common import area_name
from app.extensions import db
from app.map_support import (
    IncidentMap,
    choropleth_svg,
    incident_choropleth,
    incident_map,
    tile_layer,
)
from surveys.authoring.models import QuestionPurpose, Survey
from surveys.disclosure.floor import Count
from surveys.incidents.reporting import survey_window
from surveys.insights.rounds import RoundData, load_round, round_surveys
from surveys.localtime import today
from surveys.places.models import AreaShape
from surveys.places.service import area_shapes, marked_hotspots, respondents_by_area, theme_by_area
from surveys.review.side_sections import places_named

INCIDENTS = "incidents"  # the map choice showing the organisation's incidents beside the answers
PLACES = "places"  # the map choice showing the areas named in answers to place questions


@dataclass(frozen=True)
class SurveyMap:
    """One choice of the situation map: figures per area, what they count, and the hot spots."""

    counts: dict[str, Count]
    what: str
    spots: list[HotSpot]
    incidents: IncidentMap | None = None


def survey_incidents(survey: Survey, min_group: int) -> IncidentMap:
    """Incidents of the survey's organisation during its period (or the last 12 months without one)."""
    start, end = survey_window(survey.opens_on, survey.closes_on, today())
    return incident_map(survey.organisation, start, end, min_group)


def survey_map(survey: Survey, data: RoundData | None, by: str, min_group: int) -> SurveyMap:
    """The figures the map shows for the choice `by`: respondents, "theme:<code>" or incidents.

    `data` is the round's answers; None reads them here, and only when the choice needs them.
    """
    if by == INCIDENTS:
        incidents = survey_incidents(survey, min_group)
        return SurveyMap(incidents.counts, _("incidents"), incidents.spots, incidents)
    if data is None:
        data = load_round(db.session, round_surveys(db.session, survey))
    spots = marked_hotspots(db.session, [s.id for s in data.surveys], min_group)
    if by == PLACES:
        names = [shape.name for shape in area_shapes(db.session, survey.organisation_id)]
        what = _("respondents naming the area in answers about places")
        return SurveyMap(places_named(data.states, names, min_group), what, spots)
    if by.startswith("theme:"):
        theme = by.removeprefix("theme:")
        what = _("respondents raising %(area)s", area=area_name(theme))
        return SurveyMap(theme_by_area(data, theme, min_group), what, spots)
    return SurveyMap(respondents_by_area(data, min_group), _("respondents"), spots)


def survey_svg(shapes: list[AreaShape], figures: SurveyMap, title: str) -> str:
    """The situation map as SVG for `figures`."""
    if figures.incidents is not None:
        return incident_choropleth(shapes, figures.incidents, title)
    return choropleth_svg(shapes, figures.counts, title=title, what=figures.what, spots=figures.spots)


def map_context(survey: Survey, data: RoundData, min_group: int) -> dict[str, Any]:
    """What the situation page needs for its map: counts per area, hot spots, the inline map with tiles."""
    by = request.args.get("map", "respondents")
    shapes = area_shapes(db.session, survey.organisation_id)
    figures = survey_map(survey, data, by, min_group)
    alt = _(
        "Map of the areas coloured by %(what)s; the table next to it gives the same figures.",
        what=figures.what,
    )
    return {
        "map_by": by,
        # The places choice is offered where the round has answers to a place question.
        "map_places": any(state.side(QuestionPurpose.PLACES) for state in data.states),
        "map_what": figures.what,
        "map_counts": figures.counts,
        "map_shapes": bool(shapes),
        "map_incidents": figures.incidents,
        "map_alt": alt,
        "hotspots": figures.spots,
        # As an <img>, an SVG may load nothing it links to, tiles included: a tiled map goes in the page.
        "map_inline": survey_svg(shapes, figures, alt) if shapes and tile_layer() else "",
    }
