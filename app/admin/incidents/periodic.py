"""Weekly, monthly and quarterly situation pictures from incidents, with the coordinator's assessment."""

from __future__ import annotations

import io
from typing import Any

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from analysis.catalog import date_span, period_name
from analysis.geo import message_svg
from analysis.periods import KINDS, Period, parse_period, period_containing
from app.admin.common import STAFF_READERS
from app.admin.incidents import bp
from app.admin.incidents.forms import AssessmentForm
from app.admin.incidents.views import chosen_organisation, labels
from app.auth import roles_required
from app.config import privacy_floor
from app.extensions import db
from app.map_support import incident_choropleth, periodic_incident_map, svg_response, tile_layer
from app.plan_support import gettext_in
from surveys.accounts.models import Role
from surveys.incidents.periodic import PeriodicPicture, build_picture, load_assessment, save_assessment
from surveys.incidents.reporting import visible_organisations
from surveys.insights.incident_summary import incident_map_layers
from surveys.localtime import today
from surveys.organisations.models import Organisation
from surveys.places.service import area_shapes
from surveys.reports.periodic_pdf import periodic_pdf
from surveys.reports.wording import difference, period_total_sentence


def kind_titles() -> dict[str, str]:
    """Page titles of the three kinds of periodic picture."""
    return {
        "week": _("Weekly situation picture"),
        "month": _("Monthly situation picture"),
        "quarter": _("Quarterly situation picture"),
    }


def _period(kind: str | None, label: str | None) -> Period:
    """The period asked for, falling back to the last complete month (or period of `kind`).

    A picture of the current, unfinished period would compare a few days with a whole period.
    """
    kind = kind if kind in KINDS else "month"
    if label:
        try:
            return parse_period(kind, label)
        except ValueError:
            pass
    return period_containing(kind, today()).previous()


def _catalog() -> Any:
    """The interface language's catalogue, for the sentences, period names and PDF."""
    return gettext_in(str(get_locale()))


def _organisation_choices() -> list[Organisation]:
    """Organisations with neighbourhoods whose pictures the user may read."""
    return [org for org in visible_organisations(current_user) if org.areas]


def _requested() -> tuple[Organisation, Period]:
    """The organisation and period the query string asks for (404 for an organisation not visible)."""
    organisation = chosen_organisation(_organisation_choices())
    return organisation, _period(request.args.get("kind"), request.args.get("period"))


def _picture(organisation: Organisation, period: Period) -> Any:
    return build_picture(db.session, [organisation], period, privacy_floor())


def _map_context(organisation: Organisation, picture: PeriodicPicture) -> dict[str, Any]:
    """The incident map of the period: figures for the table, and the map itself when it has tiles."""
    shapes = area_shapes(db.session, organisation.id)
    figures = periodic_incident_map(organisation, picture, privacy_floor()) if shapes else None
    alt = _(
        "Map of the areas coloured by %(what)s; the table next to it gives the same figures.",
        what=_("incidents"),
    )
    editor = current_user.role in (Role.ADMIN, Role.ANALYST)
    return {
        "map_figures": figures,
        "map_alt": alt,
        # As an <img>, an SVG may load nothing it links to, tiles included: a tiled map goes in the page.
        "map_inline": incident_choropleth(shapes, figures, alt) if figures and tile_layer() else "",
        # Outlines are uploaded for one's own organisation only (see area_shapes_upload).
        "can_upload_outlines": editor and organisation.id == current_user.organisation_id,
    }


@bp.get("/situation/periodic")
@roles_required(*STAFF_READERS)
def periodic() -> Any:
    """The periodic situation picture: counts, change, the places most in need, the assessment."""
    organisation, period = _requested()
    assessment = load_assessment(db.session, organisation, period)
    form = AssessmentForm(kind=period.kind, period=period.label, text=assessment.text if assessment else "")
    picture = _picture(organisation, period)
    catalog = _catalog()
    return render_template(
        "admin/incidents/periodic.html",
        picture=picture,
        total_sentence=period_total_sentence(picture.total, picture.previous_total, picture.diff, catalog),
        signed_difference=difference,
        name_of=lambda p: period_name(p, catalog),
        span_of=lambda p: date_span(p.start, p.last_day, catalog),
        period=period,
        organisation=organisation,
        choices=_organisation_choices(),
        kinds=kind_titles(),
        assessment=assessment,
        form=form,
        can_assess=current_user.role in (Role.ADMIN, Role.ANALYST),
        **_map_context(organisation, picture),
        **labels(),
    )


@bp.get("/situation/periodic/map.svg")
@roles_required(*STAFF_READERS)
def periodic_map_svg() -> Any:
    """The period's incidents per area (privacy floor) and incident hot spots, as an SVG map."""
    organisation, period = _requested()
    shapes = area_shapes(db.session, organisation.id)
    if not shapes:
        return svg_response(message_svg(_("No area outlines have been uploaded.")))
    # The picture's own area figures, guarded with the tables shown beside the map.
    figures = periodic_incident_map(organisation, _picture(organisation, period), privacy_floor())
    catalog = _catalog()
    title = _(
        "Incidents per area, %(period)s: %(org)s", period=period_name(period, catalog), org=organisation.name
    )
    return svg_response(incident_choropleth(shapes, figures, title))


@bp.get("/situation/periodic.pdf")
@roles_required(*STAFF_READERS)
def periodic_pdf_download() -> Any:
    """The periodic situation picture as a PDF."""
    organisation, period = _requested()
    assessment = load_assessment(db.session, organisation, period)
    catalog = _catalog()
    title = f"{kind_titles()[period.kind]} {period_name(period, catalog)}"
    picture = _picture(organisation, period)
    areas = {row.key: row.current for row in picture.by_area if row.key}
    layers = incident_map_layers(
        db.session, organisation.id, period.start, period.end, privacy_floor(), areas, picture.total
    )
    content = periodic_pdf(
        picture,
        organisation.name,
        title,
        assessment.text if assessment else "",
        catalog,
        labels()["area_name"],
        outlines=layers.outlines,
        hotspots=layers.hotspots,
    )
    name = f"{_('situation-picture')}-{organisation.slug}-{period.label}.pdf"
    return send_file(io.BytesIO(content), mimetype="application/pdf", as_attachment=True, download_name=name)


@bp.post("/situation/periodic/assessment")
@roles_required(Role.ADMIN, Role.ANALYST)
def periodic_assessment() -> Any:
    """Save the coordinator's assessment of one period."""
    organisation = chosen_organisation(_organisation_choices())
    form = AssessmentForm()
    if not form.validate_on_submit() or form.kind.data not in KINDS:
        flash(_("The assessment could not be saved. Check the text and try again."), "error")
        return redirect(url_for("admin.incidents.periodic", org=organisation.slug))
    period = _period(form.kind.data, form.period.data)
    save_assessment(db.session, organisation, period, form.text.data or "", current_user)
    flash(_("The assessment has been saved."), "success")
    return redirect(
        url_for("admin.incidents.periodic", org=organisation.slug, kind=period.kind, period=period.label)
    )
