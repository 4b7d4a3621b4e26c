"""Working groups: the list, creating and editing a group and its members, a group's tasks."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.admin.common import PLAN_EDITORS, STAFF_READERS, plan_labels
from app.admin.plans import bp
from app.admin.plans.forms import WorkingGroupForm
from app.auth import roles_required
from app.extensions import db
from app.plan_support import today
from surveys.organisations.models import Organisation
from surveys.plans.access import visible_organisation_ids
from surveys.plans.assignments import can_assign
from surveys.plans.errors import PlanError
from surveys.plans.working_group_models import WorkingGroup
from surveys.plans.working_groups import (
    GroupInput,
    can_see_group,
    create_group,
    group_tasks,
    member_choices,
    update_group,
    visible_groups,
)


def load_visible_group(group_id: int) -> WorkingGroup:
    """The group, or 404 when it does not exist or the user may not see it."""
    group = db.session.get(WorkingGroup, group_id)
    if group is None or not can_see_group(current_user, group):
        abort(404)
    return group


def _organisations() -> list[Organisation]:
    ids = visible_organisation_ids(current_user)
    found = [o for o in (db.session.get(Organisation, i) for i in ids) if o is not None]
    return sorted(found, key=lambda o: (o.kind, o.name))


def _choices(form: WorkingGroupForm, organisation_id: int) -> None:
    form.organisation.choices = [SelectChoice(str(o.id), o.name) for o in _organisations()]
    form.members.choices = [
        SelectChoice(str(u.id), f"{u.email} ({u.organisation.name})")
        for u in member_choices(db.session, organisation_id, current_user)
    ]


def _input(form: WorkingGroupForm) -> GroupInput:
    return GroupInput(
        name=form.name.data or "",
        purpose=form.purpose.data or "",
        member_ids=tuple(int(i) for i in form.members.data or ()),
        other_members=tuple((form.other_members.data or "").splitlines()),
    )


@bp.get("/working-groups")
@roles_required(*STAFF_READERS)
def working_groups() -> str:
    """The working groups of the user's organisation(s)."""
    groups = visible_groups(db.session, current_user)
    return render_template(
        "admin/working_groups/list.html",
        groups=groups,
        can_edit=current_user.role in PLAN_EDITORS,
    )


@bp.route("/working-groups/new", methods=["GET", "POST"])
@roles_required(*PLAN_EDITORS)
def working_group_new() -> Any:
    """Create a working group."""
    form = WorkingGroupForm()
    _choices(form, current_user.organisation_id)
    if not form.is_submitted():
        form.organisation.data = str(current_user.organisation_id)
    if not form.validate_on_submit():
        return render_template("admin/working_groups/form.html", form=form, group=None), (
            422 if form.errors else 200
        )
    try:
        group = create_group(db.session, int(form.organisation.data), _input(form), current_user)
    except PlanError:
        flash(_("The working group could not be saved: check the name and the members."), "error")
        return render_template("admin/working_groups/form.html", form=form, group=None), 422
    flash(_("The working group has been saved."), "success")
    return redirect(url_for("admin.plans.working_group_detail", group_id=group.id))


@bp.route("/working-groups/<int:group_id>/edit", methods=["GET", "POST"])
@roles_required(*PLAN_EDITORS)
def working_group_edit(group_id: int) -> Any:
    """Change a group's name, purpose and members."""
    group = load_visible_group(group_id)
    form = WorkingGroupForm()
    _choices(form, group.organisation_id)
    form.organisation.choices = [SelectChoice(str(group.organisation_id), group.organisation.name)]
    if not form.is_submitted():
        form.organisation.data = str(group.organisation_id)
        form.name.data, form.purpose.data = group.name, group.purpose
        form.members.data = [str(u.id) for u in group.members]
        form.other_members.data = "\n".join(group.other_members or [])
    if not form.validate_on_submit():
        return render_template("admin/working_groups/form.html", form=form, group=group), (
            422 if form.errors else 200
        )
    try:
        update_group(db.session, group, _input(form), current_user)
    except PlanError:
        flash(_("The working group could not be saved: check the name and the members."), "error")
        return render_template("admin/working_groups/form.html", form=form, group=group), 422
    flash(_("The working group has been saved."), "success")
    return redirect(url_for("admin.plans.working_group_detail", group_id=group.id))


@bp.get("/working-groups/<int:group_id>")
@roles_required(*STAFF_READERS)
def working_group_detail(group_id: int) -> str:
    """A group's members and its tasks with their follow-up status."""
    group = load_visible_group(group_id)
    tasks = group_tasks(group, today())
    return render_template(
        "admin/working_groups/detail.html",
        group=group,
        tasks=tasks,
        can_edit=current_user.role in PLAN_EDITORS,
        assignable={t.plan.id for t in tasks if can_assign(t.plan, current_user)},
        **plan_labels(),
    )
