"""Breakdowns of a round: areas by group, neighbourhood, language and more; scales; indicators."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired

from analysis.catalog import join_words
from app.admin.common import area_name, load_visible_survey
from app.admin.insights import bp
from app.admin.maps.survey_maps import map_context
from app.admin.uploads import flash_list_outcome, list_progress_page
from app.auth import roles_required
from app.config import privacy_floor
from app.extensions import db
from app.jobs import enqueue
from app.labels import dimension_label, dimension_value_label
from app.upload_jobs import LIST_IMPORT_JOB
from surveys.accounts.models import Role
from surveys.insights.breakdown import (
    DIMENSIONS,
    FilterTooNarrow,
    area_table,
    dimension_values,
    filter_choices,
)
from surveys.insights.priorities import gather_evidence
from surveys.insights.report_data import build_report_data, round_comparison
from surveys.insights.scales import distributions, scale_trends
from surveys.reports.wording import quoted
from surveys.transfer.upload_models import UploadKind
from surveys.transfer.uploads import find_list_upload, start_list_import

# This session's indicator file waiting for, or being imported by, its job: {"token", "slug"}.
UPLOAD_SESSION_KEY = "indicator_upload"


class IndicatorUploadForm(FlaskForm):
    """A CSV/XLSX file of indicator statistics."""

    file = FileField(validators=[FileRequired()])


def _filters() -> dict[str, str]:
    """The one filter asked for: `only=dimension:value` from the form, or `filter` and `value`."""
    name, _sep, value = request.args.get("only", "").partition(":")
    if not value:
        name, value = request.args.get("filter", ""), request.args.get("value", "")
    if name in DIMENSIONS and value:
        return {name: value}
    return {}


@bp.get("/surveys/<slug>/situation")
@login_required
def situation(slug: str) -> Any:
    """Cross-tabs, round comparison, scale distributions and indicators for the survey's round."""
    survey = load_visible_survey(slug)
    min_group = privacy_floor()
    by = request.args.get("by") or None
    by = by if by in DIMENSIONS else None
    filters = _filters()
    data, evidence = gather_evidence(db.session, survey)
    table, refused = None, False
    try:
        table = area_table(data, by, filters, min_group)
    except FilterTooNarrow:
        refused = True
        table = area_table(data, by, {}, min_group)
    report = build_report_data(db.session, survey, min_group)
    language = str(get_locale() or "sv")
    values = dimension_values(data, by, language) if by else ()
    labels = {v.value: dimension_value_label(by or "", v) for v in values}
    choices = {
        dimension: [(f"{dimension}:{v.value}", dimension_value_label(dimension, v)) for v in values]
        for dimension, values in filter_choices(data, language, min_group).items()
    }
    titles = join_words([quoted(s.title_in(language), _) for s in data.surveys], _)
    scale_by = "area" if request.args.get("scales") == "area" else "group"
    return render_template(
        "admin/situation.html",
        survey=survey,
        data=data,
        table=table,
        refused=refused,
        by=by,
        filters=filters,
        dimensions=DIMENSIONS,
        dimension_label=dimension_label,
        column_labels=labels,
        filter_choices=choices,
        round_titles=titles,
        chosen_filter=next((f"{k}:{v}" for k, v in filters.items()), ""),
        comparison=round_comparison(db.session, data, evidence, min_group),
        report=report,
        scales=distributions(db.session, data.surveys, scale_by, min_group),
        trends=scale_trends(db.session, data.surveys, scale_by, min_group),
        scale_by=scale_by,
        area_name=area_name,
        min_group=min_group,
        upload=IndicatorUploadForm(),
        can_upload=current_user.role in (Role.ADMIN, Role.ANALYST),
        **map_context(survey, data, min_group),
    )


@bp.post("/surveys/<slug>/indicators")
@roles_required(Role.ADMIN, Role.ANALYST)
def indicators_upload(slug: str) -> Any:
    """Import indicator statistics (period, area, indicator, value) for the organisation."""
    survey = load_visible_survey(slug)
    form = IndicatorUploadForm()
    if not form.validate_on_submit():
        flash(_("Choose a CSV or Excel file."), "error")
        return redirect(url_for("admin.insights.situation", slug=slug, _anchor="indicators"))
    file = form.file.data
    earlier = session.pop(UPLOAD_SESSION_KEY, None)
    upload = start_list_import(
        db.session,
        UploadKind.INDICATORS,
        survey.organisation_id,
        current_user.id,
        file.read(),
        file.filename or "file",
        survey_id=survey.id,
        replacing=earlier.get("token") if isinstance(earlier, dict) else None,
    )
    session[UPLOAD_SESSION_KEY] = {"token": upload.token, "slug": slug}
    enqueue(LIST_IMPORT_JOB, upload.id)
    return redirect(url_for("admin.insights.indicators_file", slug=slug))


@bp.get("/surveys/<slug>/indicators/file")
@roles_required(Role.ADMIN, Role.ANALYST)
def indicators_file(slug: str) -> Any:
    """The uploaded indicator file while its job imports it; then the indicators, or what
    went wrong."""
    survey = load_visible_survey(slug)
    entry = session.get(UPLOAD_SESSION_KEY)
    token = entry.get("token") if isinstance(entry, dict) and entry.get("slug") == slug else None
    upload = (
        find_list_upload(db.session, token, UploadKind.INDICATORS, survey.organisation_id) if token else None
    )
    back = url_for("admin.insights.situation", slug=slug, _anchor="indicators")
    if upload is None:
        flash(
            _("The uploaded file is no longer available (files are kept for one hour). Upload it again."),
            "error",
        )
        return redirect(back)
    if not upload.finished:
        return list_progress_page(
            upload,
            _("Import indicators"),
            (back, _("Indicators")),
            url_for("admin.insights.indicators_file", slug=slug),
        )
    session.pop(UPLOAD_SESSION_KEY, None)
    flash_list_outcome(upload, lambda n: _("%(n)d indicator values imported.", n=n))
    return redirect(back)
