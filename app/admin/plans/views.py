"""Plans (citizen pledges, action plans): list, drafting from a round, overview and workflow."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from app.admin.common import PLAN_EDITORS, load_visible_plan, load_visible_survey, plan_labels, plan_language
from app.admin.plans import bp
from app.admin.plans.forms import CommentForm, DraftForm
from app.auth import roles_required
from app.config import privacy_floor
from app.extensions import db
from app.plan_support import gettexts_for, today
from surveys.accounts.models import Role
from surveys.plans.access import party_choices, visible_plans
from surveys.plans.assignments import can_assign
from surveys.plans.blocks import text_blocks
from surveys.plans.drafting import DraftRequest, build_draft, create_plan
from surveys.plans.errors import PlanError, PlanNotAllowed
from surveys.plans.followup import plan_follow_up
from surveys.plans.labels import status_label
from surveys.plans.models import PlanStatus
from surveys.plans.workflow import (
    APPROVER_ROLES,
    COMMENTABLE,
    COMMENTER_ROLES,
    EDITABLE,
    LOGGABLE,
    TRANSITIONS,
    available_actions,
    close_ended,
    transition,
    unfilled_placeholders,
)


@bp.app_template_global("plan_text_blocks")
def plan_text_blocks(text: str) -> list[tuple[str, Any]]:
    """A section's text as paragraphs, lists and quotes for templates."""
    return text_blocks(text)


@bp.get("/plans")
@login_required
def plan_list() -> str:
    """Plans the user may see, with their status and period."""
    close_ended(db.session, today())
    plans = visible_plans(db.session, current_user)
    return render_template(
        "admin/plans/list.html",
        plans=plans,
        # The steering group starts here: what awaits its decision comes first.
        approver=current_user.role in APPROVER_ROLES,
        awaiting=[p for p in plans if p.status == PlanStatus.IN_REVIEW],
        **plan_labels(),
    )


@bp.route("/surveys/<slug>/plans/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN, Role.ANALYST, Role.POLICE)
def plan_new(slug: str) -> Any:
    """Draft a pledge or action plan from the round's ranked priorities."""
    survey = load_visible_survey(slug)
    parties = party_choices(db.session, current_user)
    form = DraftForm()
    form.parties.choices = [SelectChoice(str(o.id), o.name) for o in parties]
    if request.method == "GET":
        form.parties.data = [
            str(o.id) for o in parties if o.id == current_user.organisation_id or o.kind == "police_area"
        ]
        if survey.round_label[:4].isdigit():
            year = int(survey.round_label[:4])
            form.period_start.data, form.period_end.data = dt.date(year, 1, 1), dt.date(year + 1, 12, 31)
    if not form.validate_on_submit():
        return render_template("admin/plans/new.html", survey=survey, form=form), 422 if form.errors else 200
    chosen = [o for o in parties if str(o.id) in form.parties.data]
    draft_request = DraftRequest(
        period_start=form.period_start.data,
        period_end=form.period_end.data,
        parties=tuple(o.name for o in chosen),
        kind=form.kind.data,
        areas=form.areas.data,
    )
    min_group = privacy_floor()
    doc = build_draft(db.session, survey, draft_request, gettexts_for(("sv", "en")), min_group)
    if not doc.areas:
        flash(_("The round has no ranked problem areas yet: analyse the answers first."), "error")
        return redirect(url_for("admin.insights.priorities", slug=slug))
    plan = create_plan(
        db.session, survey, doc, chosen, current_user.organisation, current_user._get_current_object()
    )
    flash(_("The draft has been written from the survey round. Read it through and edit it."), "success")
    return redirect(url_for("admin.plans.plan_detail", slug=plan.slug))


@bp.get("/plans/<slug>")
@login_required
def plan_detail(slug: str) -> str:
    """The whole plan: sections, commitments with progress, comments and workflow actions."""
    plan = load_visible_plan(slug)
    role = current_user.role
    progress = {item.id: item for item in plan_follow_up(plan, today())} if plan.status in LOGGABLE else {}
    unmeasurable = [c for c in plan.commitments if not c.target_count or not (c.unit or {}).get("sv")]
    return render_template(
        "admin/plans/detail.html",
        plan=plan,
        lang=plan_language(plan),
        actions=available_actions(plan, current_user),
        can_edit=role in PLAN_EDITORS and plan.status in EDITABLE,
        can_comment=role in COMMENTER_ROLES and plan.status in COMMENTABLE,
        can_log=role in PLAN_EDITORS and plan.status in LOGGABLE,
        can_assign=can_assign(plan, current_user),
        progress=progress,
        unmeasurable={c.id for c in unmeasurable},
        comment_form=CommentForm(),
        **plan_labels(),
    )


@bp.post("/plans/<slug>/workflow")
@login_required
def plan_transition(slug: str) -> Any:
    """Take one workflow step: submit, return, approve, publish, reopen or close."""
    plan = load_visible_plan(slug)
    action = request.form.get("action", "")
    reference = request.form.get("decision_reference", "").strip()
    step = TRANSITIONS.get(action)
    if step is not None and current_user.role not in step.roles:
        abort(403)
    if action in {"approve", "publish"} and plan.status in step.sources:  # type: ignore[union-attr]
        placeholders = unfilled_placeholders(plan)
        # A plan with template placeholders can be neither approved nor published (see transition).
        blocked = bool(placeholders)
        missing_reference = action == "approve" and not reference
        if blocked or missing_reference:
            # Ask first: publishing template text or approving without the decision is a mistake.
            asked = "decision_reference" in request.form
            return render_template(
                "admin/plans/confirm_step.html",
                plan=plan,
                action=action,
                placeholders=placeholders,
                reference=reference,
                missing_reference=missing_reference and asked,
                blocked=blocked,
            ), 422 if blocked or (missing_reference and asked) else 200
    try:
        transition(db.session, plan, action, current_user._get_current_object(), decision_reference=reference)
    except PlanNotAllowed:
        abort(403)
    except PlanError:
        flash(_("That step is not possible in the plan's current status."), "error")
    else:
        flash(_("The plan is now: %(status)s.", status=status_label(plan.status, _)), "success")
    return redirect(url_for("admin.plans.plan_detail", slug=plan.slug))
