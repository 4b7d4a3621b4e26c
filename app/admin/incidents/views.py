"""Incident reports: the quick mobile form, the list and imports; reporters may use only the form."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from analysis.taxonomy import load_taxonomy
from app.admin.common import INCIDENT_REPORTERS, STAFF_READERS, area_name
from app.admin.incidents import bp
from app.admin.incidents.forms import SEVERITY_LABELS, TYPE_LABELS, IncidentForm, IncidentImportForm
from app.admin.uploads import flash_list_outcome, list_progress_page
from app.auth import roles_required
from app.extensions import db
from app.jobs import enqueue
from app.map_support import picker_svg
from app.upload_jobs import LIST_IMPORT_JOB
from surveys.accounts.models import Role
from surveys.incidents.models import Incident
from surveys.incidents.reporting import (
    CORRECTION_WINDOW,
    CorrectionClosed,
    IncidentInput,
    IncidentInvalid,
    can_correct,
    correct_incident,
    correctable_until,
    list_incidents,
    report_incident,
    reporting_organisations,
    reports_by,
    visible_organisations,
)
from surveys.localtime import to_local
from surveys.organisations.models import Organisation
from surveys.places.lookup import AreaLookup
from surveys.places.service import area_shapes, shape_polygons
from surveys.transfer.upload_models import UploadKind
from surveys.transfer.uploads import find_list_upload, start_list_import

# The only staff pages a reporter may open; everything else answers 403.
LIST_LIMIT = 200
# This session's incident list waiting for, or being imported by, its job: {"token", "org"}.
UPLOAD_SESSION_KEY = "incident_upload"
# Where a domain check's complaint is shown on the form.
FIELD_OF_ERROR = {"occurred_at": "occurred_on", "latitude": "point", "longitude": "point"}


def chosen_organisation(choices: list[Organisation]) -> Organisation:
    """The organisation named by ?org= among `choices` (else the first); 404 when not among them."""
    slug = request.args.get("org")
    if not choices:
        abort(404)
    if not slug:
        return choices[0]
    for org in choices:
        if org.slug == slug:
            return org
    abort(404)


def category_choices() -> list[tuple[str, str]]:
    """(code, name) of every problem area of the taxonomy."""
    return [(code, area_name(code)) for code in load_taxonomy().codes]


def labels() -> dict[str, Any]:
    """Template helpers naming types, severities and problem areas."""
    return {
        "type_label": lambda v: str(TYPE_LABELS.get(v, v)),  # type: ignore[call-overload]
        "severity_label": lambda v: str(SEVERITY_LABELS.get(v, v)),  # type: ignore[call-overload]
        "area_name": area_name,
    }


@bp.route("/incidents/new", methods=["GET", "POST"])
@roles_required(*INCIDENT_REPORTERS)
def incident_new() -> Any:
    """The quick incident form: when, where, what, how serious."""
    choices = reporting_organisations(current_user)
    if not choices:
        return render_template("admin/incidents/new.html", form=None, organisation=None, choices=[])
    organisation = chosen_organisation(choices)
    # Outlines of the organisation's own areas: the map to tap, and the check of a marked place.
    shapes = [s for s in area_shapes(db.session, organisation.id) if s.name in organisation.areas]
    form = IncidentForm(list(organisation.areas), category_choices(), AreaLookup.of(shape_polygons(shapes)))
    if form.validate_on_submit():
        try:
            report_incident(db.session, organisation, current_user, _input_of(form))
        except IncidentInvalid as exc:
            _show_errors(form, exc)
        else:
            flash(_("Thank you. The incident has been recorded."), "success")
            _explain_twice_shown(form)
            return redirect(url_for("admin.incidents.incident_new", org=request.args.get("org")))
    map_svg = picker_svg(shapes, form.area.id, _("Map of the areas")) if shapes else ""
    return render_template(
        "admin/incidents/new.html", form=form, organisation=organisation, choices=choices, map_svg=map_svg
    )


def _input_of(form: IncidentForm) -> IncidentInput:
    position = form.position()
    return IncidentInput(
        occurred_at=form.instant(),
        area=form.area.data,
        category=form.category.data,
        incident_type=form.incident_type.data,
        severity=form.severity.data,
        description=form.description.data or "",
        place=form.place.data or "",
        latitude=position[0] if position else None,
        longitude=position[1] if position else None,
    )


def _explain_twice_shown(form: IncidentForm) -> None:
    """Say which of two equal clock times was recorded, the night summer time ends."""
    wall = form.wall_time()
    if wall is not None and form.twice_shown():
        flash(
            _(
                "The clock showed %(time)s twice on %(date)s, when summer time ended. "
                "The incident is recorded at the first %(time)s, still on summer time.",
                time=wall.strftime("%H:%M"),
                date=format_date(wall.date(), format="long"),
            ),
            "info",
        )


def _show_errors(form: IncidentForm, exc: IncidentInvalid) -> None:
    for name in exc.errors:
        field = getattr(form, FIELD_OF_ERROR.get(name, name), None)
        if field is not None:
            field.errors = [*field.errors, _("Check this value.")]


@bp.route("/incidents/<int:incident_id>/edit", methods=["GET", "POST"])
@roles_required(*INCIDENT_REPORTERS)
def incident_edit(incident_id: int) -> Any:
    """Correct one's own report within CORRECTION_WINDOW of sending it."""
    incident = db.session.get(Incident, incident_id)
    if incident is None or correctable_until(incident, current_user) is None:
        abort(404)
    if not can_correct(incident, current_user):
        flash(_("This report can no longer be changed. Ask an analyst to correct it."), "error")
        return redirect(url_for("admin.incidents.my_reports"))
    organisation = db.session.get(Organisation, incident.organisation_id)
    if organisation is None:
        abort(404)
    shapes = [s for s in area_shapes(db.session, organisation.id) if s.name in organisation.areas]
    form = IncidentForm(
        list(organisation.areas),
        category_choices(),
        AreaLookup.of(shape_polygons(shapes)),
        obj=None if request.method == "POST" else _form_data(incident),
    )
    if form.validate_on_submit():
        try:
            correct_incident(db.session, incident, current_user, _input_of(form))
        except CorrectionClosed:
            flash(_("This report can no longer be changed. Ask an analyst to correct it."), "error")
            return redirect(url_for("admin.incidents.my_reports"))
        except IncidentInvalid as exc:
            _show_errors(form, exc)
        else:
            flash(_("Your report has been corrected."), "success")
            _explain_twice_shown(form)
            return redirect(url_for("admin.incidents.my_reports"))
    map_svg = picker_svg(shapes, form.area.id, _("Map of the areas")) if shapes else ""
    return render_template(
        "admin/incidents/new.html",
        form=form,
        organisation=organisation,
        choices=[],
        map_svg=map_svg,
        editing=incident,
    )


def _form_data(incident: Incident) -> Any:
    """The report as the form's fields (the description unredacted: it is the reporter's own).

    The time is the local one the reporter entered, not the stored UTC instant.
    """
    point = f"{incident.latitude},{incident.longitude}" if incident.latitude is not None else ""
    wall = to_local(incident.occurred_at)
    return SimpleNamespace(
        occurred_on=wall.date(),
        occurred_at=wall.time(),
        area=incident.area,
        place=incident.place,
        category=incident.category,
        incident_type=incident.incident_type.value,
        severity=incident.severity,
        description=incident.description_raw,
        point=point,
    )


@bp.get("/incidents/mine")
@roles_required(*INCIDENT_REPORTERS)
def my_reports() -> Any:
    """The incidents the signed-in user has reported, newest first."""
    incidents = reports_by(db.session, current_user.id, limit=LIST_LIMIT)
    return render_template(
        "admin/incidents/mine.html",
        incidents=incidents,
        # Until when (UTC) each report may still be corrected; the page shows it in local time.
        correctable={
            i.id: correctable_until(i, current_user) for i in incidents if can_correct(i, current_user)
        },
        window_hours=int(CORRECTION_WINDOW.total_seconds() // 3600),
        limit=LIST_LIMIT,
        **labels(),
    )


@bp.get("/incidents")
@roles_required(*STAFF_READERS)
def incident_list() -> Any:
    """The latest incidents of an organisation the user sees, with redacted descriptions."""
    choices = visible_organisations(current_user)
    organisation = chosen_organisation(choices)
    incidents = list_incidents(db.session, [organisation.id], limit=LIST_LIMIT)
    return render_template(
        "admin/incidents/list.html",
        incidents=incidents,
        organisation=organisation,
        choices=choices,
        limit=LIST_LIMIT,
        can_import=current_user.role in (Role.ADMIN, Role.ANALYST),
        can_report=current_user.role in INCIDENT_REPORTERS,
        **labels(),
    )


@bp.route("/incidents/import", methods=["GET", "POST"])
@roles_required(Role.ADMIN, Role.ANALYST)
def incident_import() -> Any:
    """Upload a CSV/XLSX list of incidents; a job imports every row or none (see the file page)."""
    organisation = chosen_organisation(reporting_organisations(current_user))
    form = IncidentImportForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            flash(_("Choose a CSV or Excel file."), "error")
        else:
            file = form.file.data
            earlier = session.pop(UPLOAD_SESSION_KEY, None)
            upload = start_list_import(
                db.session,
                UploadKind.INCIDENTS,
                organisation.id,
                current_user.id,
                file.read(),
                file.filename or "file",
                replacing=earlier.get("token") if isinstance(earlier, dict) else None,
            )
            slug = organisation.slug  # a job run at once (tests) ends this request's session
            session[UPLOAD_SESSION_KEY] = {"token": upload.token, "org": slug}
            enqueue(LIST_IMPORT_JOB, upload.id)
            return redirect(url_for("admin.incidents.incident_import_file", org=slug))
    return render_template("admin/incidents/import.html", form=form, organisation=organisation)


@bp.get("/incidents/import/file")
@roles_required(Role.ADMIN, Role.ANALYST)
def incident_import_file() -> Any:
    """The uploaded list while its job imports it; then the incidents, or the import page
    with what went wrong."""
    organisation = chosen_organisation(reporting_organisations(current_user))
    entry = session.get(UPLOAD_SESSION_KEY)
    token = entry.get("token") if isinstance(entry, dict) else None
    upload = find_list_upload(db.session, token, UploadKind.INCIDENTS, organisation.id) if token else None
    again = url_for("admin.incidents.incident_import", org=organisation.slug)
    if upload is None:
        flash(
            _("The uploaded file is no longer available (files are kept for one hour). Upload it again."),
            "error",
        )
        return redirect(again)
    if not upload.finished:
        return list_progress_page(
            upload,
            f"{_('Import incidents')}: {organisation.name}",
            (url_for("admin.incidents.incident_list", org=organisation.slug), _("Incidents")),
            url_for("admin.incidents.incident_import_file", org=organisation.slug),
        )
    session.pop(UPLOAD_SESSION_KEY, None)
    if flash_list_outcome(upload, lambda n: _("%(n)d incidents imported.", n=n)):
        return redirect(url_for("admin.incidents.incident_list", org=organisation.slug))
    return redirect(again)
