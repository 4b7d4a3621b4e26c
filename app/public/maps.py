"""Clickable maps for the area and point questions of a survey page, when the organisation has outlines."""

from __future__ import annotations

from collections.abc import Sequence

from app.extensions import db
from app.map_support import picker_svg
from app.public.forms import field_name
from surveys.authoring.models import Question, QuestionType, Survey
from surveys.authoring.resident_texts import resident_texts
from surveys.places.service import area_shapes

MAP_TYPES = (QuestionType.AREA, QuestionType.POINT)


def question_maps(survey: Survey, questions: Sequence[Question], language: str) -> dict[int, str]:
    """Question id → SVG map for the page's area and point questions (none without stored outlines)."""
    wanted = [q for q in questions if q.question_type in MAP_TYPES]
    if not wanted:
        return {}  # most pages: no query at all
    shapes = area_shapes(db.session, survey.organisation_id)
    maps = {}
    title = resident_texts(survey, language)("map_of_areas")
    for question in wanted:
        choosable = {o.value for o in question.options} or set(survey.organisation.areas or [])
        usable = [s for s in shapes if s.name in choosable]
        if usable:
            # A resident's map: tiles only with the operator's explicit opt-in (see tile_layer).
            maps[question.id] = picker_svg(usable, field_name(question), title, public=True)
    return maps
