"""Handing out an approved action plan's tasks to working groups (reassigning as work goes on)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.admin.common import load_visible_plan, plan_labels, plan_language
from app.admin.plans import bp
from app.auth import roles_required
from app.extensions import db
from app.plan_support import today
from surveys.accounts.models import Role
from surveys.plans.assignments import assignment_history, reassign_tasks, require_assignable
from surveys.plans.errors import PlanInvalid, PlanNotAllowed, PlanStateError
from surveys.plans.followup import plan_follow_up
from surveys.plans.models import Plan
from surveys.plans.working_groups import group_choices

# Coordinators hand out the tasks; the steering group decides the plan, viewers only read.
ASSIGNERS = (Role.ADMIN, Role.ANALYST, Role.POLICE)
# One select per task; the CSRF token is checked for every POST by the app's CSRFProtect.
FIELD = "task-{}"


def _wanted(plan: Plan) -> dict[int, int | None]:
    """The group chosen for each task in the posted form (None: no group); PlanInvalid if garbled."""
    wanted: dict[int, int | None] = {}
    for commitment in plan.commitments:
        value = request.form.get(FIELD.format(commitment.id))
        if value is None:
            continue  # a task added after the page was loaded keeps its group
        if value and not value.isdigit():
            raise PlanInvalid("working_group")
        wanted[commitment.id] = int(value) if value else None
    return wanted


def _page(plan: Plan, status: int = 200) -> Any:
    """The assignment form: every task with its place, period, progress and group."""
    groups = group_choices(db.session, plan)
    progress = {item.id: item for item in plan_follow_up(plan, today())}
    texts = {c.id: c.text for c in plan.commitments}
    return render_template(
        "admin/plans/tasks.html",
        plan=plan,
        lang=plan_language(plan),
        groups=groups,
        progress=progress,
        field=FIELD,
        history=assignment_history(db.session, plan),
        task_texts=texts,
        **plan_labels(),
    ), status


def _not_yet(plan: Plan) -> Any:
    flash(
        _(
            "Tasks are handed out to working groups once an action plan has been approved. "
            "Before that, choose the working group when editing a measure."
        ),
        "error",
    )
    return redirect(url_for("admin.plans.plan_detail", slug=plan.slug))


@bp.route("/plans/<slug>/tasks", methods=["GET", "POST"])
@roles_required(*ASSIGNERS)
def plan_tasks(slug: str) -> Any:
    """Assign or reassign each measure of an approved action plan to a working group.

    The plan's decided text and version stay as they are; each change is audited.
    """
    plan = load_visible_plan(slug)
    try:
        require_assignable(plan, current_user)
    except PlanNotAllowed:
        abort(403)
    except PlanStateError:
        return _not_yet(plan)
    if request.method == "GET":
        return _page(plan)
    try:
        changed = reassign_tasks(db.session, plan, _wanted(plan), current_user)
    except PlanInvalid:
        flash(_("Choose one of the listed working groups for each task."), "error")
        return _page(plan, 422)
    if changed:
        message = ngettext(
            "%(num)d task has been reassigned. The decided plan is unchanged.",
            "%(num)d tasks have been reassigned. The decided plan is unchanged.",
            len(changed),
        )
        flash(message, "success")
    else:
        flash(_("No task changed hands."), "success")
    return redirect(url_for("admin.plans.plan_tasks", slug=plan.slug))
