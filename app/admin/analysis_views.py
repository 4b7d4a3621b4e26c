"""Starting an analysis and showing its problem areas and clusters."""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import login_required

from analysis.taxonomy import load_taxonomy
from surveys.models import Role
from surveys.privacy import guard
from surveys.services.analysis_runs import latest_run, start_run

from ..auth import roles_required
from ..extensions import db
from ..jobs import enqueue
from . import bp
from .forms import AnalyseForm
from .survey_views import load_visible_survey

ANALYSIS_JOB = "app.analysis_jobs:run_analysis_job"


@bp.post("/surveys/<slug>/analyse")
@roles_required(Role.ADMIN, Role.ANALYST)
def analyse_survey(slug: str) -> Any:
    """Queue an analysis run of the survey's free-text answers."""
    survey = load_visible_survey(slug)
    form = AnalyseForm()
    if not form.validate_on_submit():
        flash(_("Check the analysis settings."), "error")
        return redirect(url_for("admin.survey_detail", slug=slug))
    run = start_run(db.session, survey, k=form.k.data, seed=form.seed.data or 0)
    enqueue(ANALYSIS_JOB, run.id)
    flash(_("The analysis has started."), "success")
    return redirect(url_for("admin.survey_analysis", slug=slug))


@bp.get("/surveys/<slug>/analysis")
@login_required
def survey_analysis(slug: str) -> str:
    """Problem areas and clusters of the latest run, with the privacy floor applied."""
    survey = load_visible_survey(slug)
    run = latest_run(db.session, survey)
    done = latest_run(db.session, survey, finished_only=True)
    min_group = current_app.config["PRIVACY_MIN_GROUP"]
    taxonomy = load_taxonomy()
    areas = []
    if done is not None:
        counted = sum(done.theme_counts.values()) or 1
        for code, count in sorted(done.theme_counts.items(), key=lambda kv: -kv[1]):
            name = _area_name(taxonomy, code)
            areas.append(
                {"code": code, "name": name, "count": guard(count, min_group), "share": count / counted}
            )
    return render_template(
        "admin/analysis.html",
        survey=survey,
        run=run,
        done=done,
        areas=areas,
        clusters=[c for c in (done.clusters if done else []) if c.size >= min_group],
        hidden_clusters=sum(1 for c in (done.clusters if done else []) if c.size < min_group),
        min_group=min_group,
        area_name=lambda code: _area_name(taxonomy, code),
    )


def _area_name(taxonomy: Any, code: str) -> str:
    try:
        area = taxonomy.area(code)
    except KeyError:
        return code
    return (area.name_en if str(get_locale()) == "en" and area.name_en else area.name_sv) or code
