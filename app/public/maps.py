"""Clickable maps for the area and point questions of a survey page, when the organisation has outlines.

The page carries only a URL per map; the SVG itself is a resource of its own (`survey_map`),
named by a hash of what it is drawn from so browsers keep it for good. Inlining it made every
page of a survey with a large outline weigh hundreds of kilobytes (issue #19, finding 11).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from flask import url_for
from markupsafe import Markup

from app.extensions import db
from app.map_support import picker_svg, tile_layer
from app.public.forms import field_name
from surveys.authoring.models import Question, QuestionType, Survey
from surveys.authoring.resident_texts import resident_texts
from surveys.places.models import AreaShape
from surveys.places.service import area_shapes

MAP_TYPES = (QuestionType.AREA, QuestionType.POINT)


@dataclass(frozen=True)
class QuestionMap:
    """The picker map of one question: the outlines a resident may choose, and its field and title."""

    shapes: tuple[AreaShape, ...]
    field: str
    title: str

    def svg(self) -> str:
        """The map itself (a resident's map: tiles only with the operator's opt-in, see tile_layer)."""
        return picker_svg(self.shapes, self.field, self.title, public=True)

    @property
    def version(self) -> str:
        """A short hash of everything the SVG is drawn from: it changes whenever the map would."""
        tiles = tile_layer(public=True)
        source: list[object] = [self.field, self.title, tiles and [tiles.url, tiles.attribution]]
        source += [[s.name, s.geometry] for s in self.shapes]
        return hashlib.sha256(json.dumps(source, sort_keys=True).encode()).hexdigest()[:20]


@dataclass(frozen=True)
class MapSource:
    """What the page template puts in a map box: a URL for map-select.js to fetch, or the SVG inline."""

    url: str | None = None
    svg: Markup | None = None


def question_map(
    survey: Survey, question: Question, language: str, shapes: Sequence[AreaShape]
) -> QuestionMap | None:
    """The question's map from the organisation's outlines, or None when none of its areas has one."""
    choosable = {o.value for o in question.options} or set(survey.organisation.areas or [])
    usable = tuple(s for s in shapes if s.name in choosable)
    if not usable:
        return None
    return QuestionMap(usable, field_name(question), resident_texts(survey, language)("map_of_areas"))


def question_maps(
    survey: Survey, questions: Sequence[Question], language: str, *, inline: bool = False
) -> dict[int, MapSource]:
    """Question id → map of the page's area and point questions (none without stored outlines).

    Public pages get the URL of the cached map resource; `inline` (the staff preview of a
    survey that is not open yet, whose map the public resource does not serve) embeds the SVG.
    """
    wanted = [q for q in questions if q.question_type in MAP_TYPES]
    if not wanted:
        return {}  # most pages: no query at all
    shapes = area_shapes(db.session, survey.organisation_id)
    maps = {}
    for question in wanted:
        found = question_map(survey, question, language, shapes)
        if found is None:
            continue
        if inline:
            maps[question.id] = MapSource(svg=Markup(found.svg()))  # our own render_svg output
        else:
            url = url_for(
                "public.survey_map", slug=survey.slug, question_id=question.id, lang=language, v=found.version
            )
            maps[question.id] = MapSource(url=url)
    return maps
