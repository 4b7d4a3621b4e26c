"""Follow-up of plans: logging activities, progress per commitment, what is behind, the written report."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from analysis.catalog import written_date
from app.admin.common import PLAN_EDITORS, commitment_of, load_visible_plan, plan_labels, plan_language
from app.admin.plans import bp
from app.admin.plans.forms import ActivityForm, AssessmentForm
from app.auth import roles_required
from app.config import privacy_floor
from app.extensions import db
from app.plan_support import document_language, follow_up_file, send_document, today
from surveys.plans.access import visible_plans
from surveys.plans.commitment_models import Activity
from surveys.plans.errors import PlanError, PlanInvalid, PlanNotAllowed
from surveys.plans.followup import (
    ActivityInput,
    behind_commitments,
    follow_up_report,
    log_activity,
    remove_activity,
    write_assessment,
)
from surveys.plans.workflow import LOGGABLE, close_ended

FORMATS = ("pdf", "docx", "md")


@bp.route("/plans/<slug>/commitments/<int:commitment_id>/activities", methods=["GET", "POST"])
@roles_required(*PLAN_EDITORS)
def activity_new(slug: str, commitment_id: int) -> Any:
    """Log something done towards a commitment; lists what is logged so far."""
    plan = load_visible_plan(slug)
    commitment = commitment_of(plan, commitment_id)
    form = ActivityForm()

    def page() -> Any:
        return render_template(
            "admin/plans/activity.html", plan=plan, commitment=commitment, form=form, **plan_labels()
        ), 422 if form.errors else 200

    if not form.validate_on_submit():
        return page()
    data = ActivityInput(
        done_on=form.done_on.data,
        description=form.description.data,
        count=form.count.data,
        place=form.place.data or "",
        notes=form.notes.data or "",
        performed_by=form.performed_by.data or "",
    )
    try:
        log_activity(db.session, plan, commitment, data, current_user, today=today())
    except PlanNotAllowed:
        abort(403)
    except PlanInvalid as exc:
        form.done_on.errors = [_activity_problem(plan, str(exc.args[0]) if exc.args else "")]
        return page()
    except PlanError:
        flash(_("Activities can be logged once the plan has been approved."), "error")
        return redirect(url_for("admin.plans.plan_detail", slug=plan.slug))
    flash(_("The activity has been logged."), "success")
    return redirect(url_for("admin.plans.activity_new", slug=plan.slug, commitment_id=commitment.id))


def _activity_problem(plan: Any, reason: str) -> str:
    language = str(get_locale() or "sv")
    period = {
        "start": written_date(plan.period_start, language),
        "end": written_date(plan.period_end, language),
    }
    if reason == "activity_in_future":
        return _("The date is in the future. Log an activity once it has been done.")
    if reason in {"activity_before_period", "activity_after_period"}:
        return _("The date must be within the plan's period, from %(start)s to %(end)s.", **period)
    return _("Check the description and the number.")


@bp.route("/plans/<slug>/commitments/<int:commitment_id>/assessment", methods=["GET", "POST"])
@roles_required(*PLAN_EDITORS)
def commitment_assessment(slug: str, commitment_id: int) -> Any:
    """Write or change the follow-up's assessment of one commitment."""
    plan = load_visible_plan(slug)
    commitment = commitment_of(plan, commitment_id)
    given = commitment.assessment or {}
    form = AssessmentForm(data={"text_sv": given.get("sv", ""), "text_en": given.get("en", "")})
    if not form.validate_on_submit():
        return render_template(
            "admin/plans/assessment.html", plan=plan, commitment=commitment, form=form, **plan_labels()
        ), 422 if form.errors else 200
    texts = {"sv": form.text_sv.data or "", "en": form.text_en.data or ""}
    try:
        write_assessment(db.session, plan, commitment, texts, current_user)
    except PlanNotAllowed:
        abort(403)
    except PlanError:
        flash(_("The follow-up can be written once the plan has been approved."), "error")
        return redirect(url_for("admin.plans.plan_detail", slug=plan.slug))
    flash(_("The assessment has been saved."), "success")
    return redirect(url_for("admin.plans.plan_follow_up", slug=plan.slug, _anchor=f"c{commitment.id}"))


@bp.route("/plans/<slug>/activities/<int:activity_id>/delete", methods=["GET", "POST"])
@roles_required(*PLAN_EDITORS)
def activity_delete(slug: str, activity_id: int) -> Any:
    """Remove a wrongly logged activity, after the user has confirmed it on its own page."""
    plan = load_visible_plan(slug)
    activity = db.session.get(Activity, activity_id)
    if activity is None or activity.commitment.plan_id != plan.id:
        abort(404)
    if request.method == "GET" or request.form.get("confirm") != "yes":
        return render_template("admin/plans/activity_delete.html", plan=plan, activity=activity)
    commitment_id = activity.commitment_id
    try:
        remove_activity(db.session, plan, activity, current_user)
    except PlanError:
        abort(403)
    flash(_("The activity has been removed."), "success")
    return redirect(url_for("admin.plans.activity_new", slug=plan.slug, commitment_id=commitment_id))


@bp.get("/plans/<slug>/follow-up")
@login_required
def plan_follow_up(slug: str) -> str:
    """Each commitment's target, outcome and status, and the newer survey round compared."""
    plan = load_visible_plan(slug)
    report = follow_up_report(db.session, plan, today(), privacy_floor())
    lang = plan_language(plan)
    can_assess = current_user.role in PLAN_EDITORS and plan.status in LOGGABLE
    return render_template(
        "admin/plans/follow_up.html",
        plan=plan,
        report=report,
        lang=lang,
        can_assess=can_assess,
        **plan_labels(),
    )


@bp.get("/plans/<slug>/follow-up.<fmt>")
@login_required
def plan_follow_up_export(slug: str, fmt: str) -> Any:
    """The written follow-up as PDF, DOCX or Markdown."""
    plan = load_visible_plan(slug)
    if fmt not in FORMATS:
        abort(404)
    lang = document_language(request.args.get("lang"), plan_language(plan))
    report = follow_up_report(db.session, plan, today(), privacy_floor())
    name = f"{plan.slug}-uppfoljning-{report.today.isoformat()}-{lang}"
    return send_document(follow_up_file(report, fmt, lang), fmt, name)


@bp.get("/plans/behind")
@login_required
def plans_behind() -> str:
    """Commitments of the user's plans that are behind their expected progress."""
    close_ended(db.session, today())
    plans = visible_plans(db.session, current_user)
    return render_template(
        "admin/plans/behind.html", behind=behind_commitments(plans, today()), today=today(), **plan_labels()
    )
