"""Area outlines (GeoJSON upload) and the situation picture's map, drawn as SVG by the product."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import StringField
from wtforms.validators import Length, Optional

from analysis.geo import message_svg
from app.admin.common import load_visible_survey
from app.admin.maps import bp
from app.admin.maps.survey_maps import survey_map, survey_svg
from app.auth import roles_required
from app.config import privacy_floor
from app.extensions import db
from app.map_support import (
    picker_svg,
    svg_response,
    tile_layer,
)
from surveys.accounts.models import Role
from surveys.places.geojson import MAX_BYTES, MAX_FEATURES, InvalidGeoJSON, NamePropertyNeeded, parse_areas
from surveys.places.service import area_shapes, save_area_shapes


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
            return redirect(url_for("admin.maps.area_shapes_upload"))
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


@bp.get("/surveys/<slug>/map.svg")
@login_required
def survey_map_svg(slug: str) -> Any:
    """The round's areas coloured by respondents, by one problem area or by incidents, with hot spots."""
    survey = load_visible_survey(slug)
    min_group = privacy_floor()
    shapes = area_shapes(db.session, survey.organisation_id)
    if not shapes:
        return svg_response(message_svg(_("No area outlines have been uploaded.")))
    figures = survey_map(survey, None, request.args.get("by", "respondents"), min_group)
    return svg_response(survey_svg(shapes, figures, _("Map: %(what)s per area", what=figures.what)))
