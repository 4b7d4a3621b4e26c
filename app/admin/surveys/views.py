"""Staff list of surveys and a survey's overview."""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_login import current_user, login_required
from sqlalchemy import func, select

from app.admin.common import load_visible_survey
from app.admin.review.forms import AnalyseForm
from app.admin.surveys import bp
from app.auth import can_see_survey
from app.extensions import db
from surveys.accounts.models import Role
from surveys.answering.models import Response
from surveys.authoring import queries
from surveys.review.runs import latest_run, review_tasks


@bp.get("/")
@login_required
def index() -> str:
    """Surveys of the user's organisation(s) with response counts."""
    surveys = [s for s in queries.all_surveys(db.session) if can_see_survey(current_user, s)]
    counts = dict(
        db.session.execute(
            select(Response.survey_id, func.count(Response.id)).group_by(Response.survey_id)
        ).all()
    )
    reviewer = current_user.role in (Role.ADMIN, Role.ANALYST)
    tasks = review_tasks(db.session, surveys) if reviewer else []
    return render_template("admin/index.html", surveys=surveys, counts=counts, reviewer=reviewer, tasks=tasks)


@bp.get("/surveys/<slug>")
@login_required
def survey_detail(slug: str) -> Any:
    """A survey's responses by group and channel, and its latest analysis."""
    survey = load_visible_survey(slug)
    by_group = db.session.execute(
        select(Response.respondent_group, Response.channel, func.count(Response.id))
        .where(Response.survey_id == survey.id)
        .group_by(Response.respondent_group, Response.channel)
    ).all()
    return render_template(
        "admin/survey.html",
        survey=survey,
        by_group=by_group,
        total=sum(n for _, _, n in by_group),
        run=latest_run(db.session, survey),
        form=AnalyseForm(),
    )
