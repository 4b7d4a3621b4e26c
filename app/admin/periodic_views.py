"""Weekly, monthly and quarterly situation pictures from incidents, with the coordinator's assessment."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from flask import current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from analysis.periods import KINDS, Period, parse_period, period_containing
from surveys.documents.periodic_pdf import periodic_pdf
from surveys.incidents import build_picture, load_assessment, save_assessment, visible_organisations
from surveys.models import Organisation, Role

from ..auth import roles_required
from ..extensions import db
from . import bp
from .incident_forms import AssessmentForm
from .incident_views import READERS, chosen_organisation, labels


def kind_titles() -> dict[str, str]:
    """Page titles of the three kinds of periodic picture."""
    return {
        "week": _("Weekly situation picture"),
        "month": _("Monthly situation picture"),
        "quarter": _("Quarterly situation picture"),
    }


def _period(kind: str | None, label: str | None) -> Period:
    """The period asked for, falling back to the current month (or the current period of `kind`)."""
    kind = kind if kind in KINDS else "month"
    if label:
        try:
            return parse_period(kind, label)
        except ValueError:
            pass
    return period_containing(kind, dt.date.today())


def _picture(organisation: Organisation, period: Period) -> Any:
    return build_picture(db.session, [organisation], period, current_app.config["PRIVACY_MIN_GROUP"])


@bp.get("/situation/periodic")
@roles_required(*READERS)
def periodic() -> Any:
    """The periodic situation picture: counts, change, the places most in need, the assessment."""
    choices = [org for org in visible_organisations(current_user) if org.areas]
    organisation = chosen_organisation(choices)
    period = _period(request.args.get("kind"), request.args.get("period"))
    assessment = load_assessment(db.session, organisation, period)
    form = AssessmentForm(kind=period.kind, period=period.label, text=assessment.text if assessment else "")
    return render_template(
        "admin/incidents/periodic.html",
        picture=_picture(organisation, period),
        period=period,
        organisation=organisation,
        choices=choices,
        kinds=kind_titles(),
        assessment=assessment,
        form=form,
        can_assess=current_user.role in (Role.ADMIN.value, Role.ANALYST.value),
        **labels(),
    )


@bp.get("/situation/periodic.pdf")
@roles_required(*READERS)
def periodic_pdf_download() -> Any:
    """The periodic situation picture as a PDF."""
    choices = [org for org in visible_organisations(current_user) if org.areas]
    organisation = chosen_organisation(choices)
    period = _period(request.args.get("kind"), request.args.get("period"))
    assessment = load_assessment(db.session, organisation, period)
    title = f"{kind_titles()[period.kind]} {period.label}"
    content = periodic_pdf(
        _picture(organisation, period),
        organisation.name,
        title,
        assessment.text if assessment else "",
        _,
        labels()["area_name"],
    )
    name = f"{_('situation-picture')}-{organisation.slug}-{period.label}.pdf"
    return send_file(io.BytesIO(content), mimetype="application/pdf", as_attachment=True, download_name=name)


@bp.post("/situation/periodic/assessment")
@roles_required(Role.ADMIN, Role.ANALYST)
def periodic_assessment() -> Any:
    """Save the coordinator's assessment of one period."""
    choices = [org for org in visible_organisations(current_user) if org.areas]
    organisation = chosen_organisation(choices)
    form = AssessmentForm()
    if not form.validate_on_submit() or form.kind.data not in KINDS:
        flash(_("The assessment could not be saved. Check the text and try again."), "error")
        return redirect(url_for("admin.periodic", org=organisation.slug))
    period = _period(form.kind.data, form.period.data)
    save_assessment(db.session, organisation, period, form.text.data or "", current_user)
    flash(_("The assessment has been saved."), "success")
    return redirect(
        url_for("admin.periodic", org=organisation.slug, kind=period.kind, period=period.label)
    )
