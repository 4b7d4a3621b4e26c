"""Area outlines (GeoJSON upload) and the situation picture's map, drawn as SVG by the product."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import StringField
from wtforms.validators import Length, Optional

from analysis.geo import message_svg
from analysis.hotspots import HotSpot
from app.admin import bp
from app.admin.analysis_views import area_name
from app.admin.survey_views import load_visible_survey
from app.auth import roles_required
from app.extensions import db
from app.map_support import (
    IncidentMap,
    choropleth_svg,
    hotspots,
    incident_choropleth,
    incident_map,
    picker_svg,
    svg_response,
    tile_layer,
)
from surveys.accounts.models import Role
from surveys.authoring.models import Survey
from surveys.disclosure.floor import Count
from surveys.incidents.reporting import survey_window
from surveys.insights.rounds import RoundData, load_round, round_surveys
from surveys.places.geojson import MAX_BYTES, MAX_FEATURES, InvalidGeoJSON, NamePropertyNeeded, parse_areas
from surveys.places.models import AreaShape
from surveys.places.service import area_shapes, respondents_by_area, save_area_shapes, theme_by_area


class AreaShapesForm(FlaskForm):
    """A GeoJSON file of the organisation's neighbourhoods and, if needed, the property naming them."""

    file = FileField(validators=[FileRequired()])
    name_property = StringField(validators=[Optional(), Length(max=100)])


def _geojson_message(exc: InvalidGeoJSON) -> str:
    p = exc.params
    messages = {
        "too_large": lambda: _("The file is larger than %(n)d MB.", n=p["max_mb"]),
        "not_json": lambda: _("The file is not GeoJSON (it could not be read as JSON)."),
        "not_collection": lambda: _("The file must be a GeoJSON FeatureCollection."),
        "no_features": lambda: _("The file has no areas."),
        "too_many": lambda: _("The file has more than %(n)d areas.", n=p["max"]),
        "bad_feature": lambda: _("Area %(n)d is not a GeoJSON Feature.", n=p["number"]),
        "bad_geometry": lambda: _(
            "Area %(n)d is not a valid Polygon or MultiPolygon with longitude and latitude (WGS 84).",
            n=p["number"],
        ),
        "no_name": lambda: _("Area %(n)d has no name.", n=p["number"]),
        "long_name": lambda: _(
            "The name of area %(n)d is longer than %(max)d characters.", n=p["number"], max=p["max"]
        ),
        "duplicate_name": lambda: _("Two areas are named %(name)s.", name=p["name"]),
        "unknown_property": lambda: _("No area has a text property %(name)s.", name=p["name"]),
    }
    return messages.get(exc.code, lambda: _("The file could not be read."))()


@bp.route("/area-outlines", methods=["GET", "POST"])
@roles_required(Role.ADMIN, Role.ANALYST)
def area_shapes_upload() -> Any:
    """Upload the organisation's neighbourhoods as GeoJSON; show the stored outlines."""
    organisation = current_user.organisation
    form = AreaShapesForm()
    candidates: list[str] = []
    status = 200
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read(MAX_BYTES + 1)
        try:
            parsed = parse_areas(data, (form.name_property.data or "").strip() or None)
        except NamePropertyNeeded as exc:
            candidates = exc.candidates
            flash(
                _("Several properties could hold the area names. Choose one and upload the file again."),
                "error",
            )
            status = 422
        except InvalidGeoJSON as exc:
            flash(_("Nothing was saved: %(reason)s", reason=_geojson_message(exc)), "error")
            status = 422
        else:
            saved = save_area_shapes(db.session, organisation, parsed)
            flash(_("%(n)d area outlines saved.", n=saved.shapes), "success")
            if saved.new_names:
                flash(_("New areas: %(names)s", names=", ".join(saved.new_names)), "success")
            return redirect(url_for("admin.area_shapes_upload"))
    elif request.method == "POST":
        flash(_("Choose a GeoJSON file."), "error")
        status = 422
    shapes = area_shapes(db.session, organisation.id)
    preview = picker_svg(shapes, "area-list", _("Areas of %(org)s", org=organisation.name)) if shapes else ""
    html = render_template(
        "admin/area_shapes.html",
        form=form,
        shapes=shapes,
        candidates=candidates,
        preview=preview,
        max_mb=MAX_BYTES // (1024 * 1024),
        max_features=MAX_FEATURES,
        tiles=tile_layer() is not None,
    )
    return html, status


INCIDENTS = "incidents"  # the map choice showing the organisation's incidents beside the answers


@dataclass(frozen=True)
class SurveyMap:
    """One choice of the situation map: figures per area, what they count, and the hot spots."""

    counts: dict[str, Count]
    what: str
    spots: list[HotSpot]
    incidents: IncidentMap | None = None


def survey_incidents(survey: Survey, min_group: int) -> IncidentMap:
    """Incidents of the survey's organisation during its period (or the last 12 months without one)."""
    start, end = survey_window(survey.opens_on, survey.closes_on, dt.date.today())
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
    spots = hotspots([s.id for s in data.surveys], min_group)
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
        "map_what": figures.what,
        "map_counts": figures.counts,
        "map_shapes": bool(shapes),
        "map_incidents": figures.incidents,
        "map_alt": alt,
        "hotspots": figures.spots,
        # As an <img>, an SVG may load nothing it links to, tiles included: a tiled map goes in the page.
        "map_inline": survey_svg(shapes, figures, alt) if shapes and tile_layer() else "",
    }


@bp.get("/surveys/<slug>/map.svg")
@login_required
def survey_map_svg(slug: str) -> Any:
    """The round's areas coloured by respondents, by one problem area or by incidents, with hot spots."""
    survey = load_visible_survey(slug)
    min_group = current_app.config["PRIVACY_MIN_GROUP"]
    shapes = area_shapes(db.session, survey.organisation_id)
    if not shapes:
        return svg_response(message_svg(_("No area outlines have been uploaded.")))
    figures = survey_map(survey, None, request.args.get("by", "respondents"), min_group)
    return svg_response(survey_svg(shapes, figures, _("Map: %(what)s per area", what=figures.what)))
