"""Handing out an action plan's tasks to working groups, and the record of who did it.

The steering group decides the measures; coordinators then assign them. Assigning is
carrying the plan out, not changing it: no new version is saved and the decided text
stays as approved. Every change of hands is written to the audit log instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from surveys.accounts.models import User
from surveys.audit.log import record
from surveys.audit.models import AuditEvent
from surveys.database.transactions import transactional
from surveys.plans.access import can_see_plan
from surveys.plans.commitment_models import Commitment
from surveys.plans.errors import PlanInvalid, PlanNotAllowed, PlanStateError
from surveys.plans.models import Plan, PlanKind, PlanStatus
from surveys.plans.working_group_models import WorkingGroup
from surveys.plans.working_groups import check_group_for_plan, group_choices, require_group_editor

AUDIT_ACTION = "plan_task_assigned"
# Once approved, and while the plan is being carried out; a closed plan's record stays as it ended.
ASSIGNABLE = frozenset({PlanStatus.APPROVED, PlanStatus.PUBLISHED})
HISTORY_LIMIT = 50


@dataclass(frozen=True)
class Reassignment:
    """One task that changed hands: from which group to which (None: no group)."""

    commitment: Commitment
    previous: WorkingGroup | None
    group: WorkingGroup | None


@dataclass(frozen=True)
class AssignmentRecord:
    """One audited assignment, as the plan's task page lists it."""

    at: dt.datetime
    by: str
    commitment_id: int | None
    previous: str
    group: str


def can_assign(plan: Plan, user: User) -> bool:
    """Whether `user` may hand out the tasks of `plan` now (the page's link and form)."""
    try:
        require_assignable(plan, user)
    except (PlanNotAllowed, PlanStateError):
        return False
    return True


def require_assignable(plan: Plan, user: User) -> None:
    """Raise unless `plan` is an approved or published action plan whose tasks `user` may assign.

    Raises:
        PlanNotAllowed: the user is not a plan editor (admin, analyst, police) of the plan's parties.
        PlanStateError: the plan is a pledge, or not approved or published.
    """
    require_group_editor(user)
    if not can_see_plan(user, plan):
        raise PlanNotAllowed("plan")
    if plan.kind != PlanKind.ACTION_PLAN or plan.status not in ASSIGNABLE:
        raise PlanStateError("assign")


def _assign(
    session: Session, plan: Plan, commitment: Commitment, group: WorkingGroup | None, user: User
) -> None:
    previous = commitment.working_group
    commitment.working_group = group
    record(
        session,
        AUDIT_ACTION,
        user=user,
        organisation_id=plan.organisation_id,
        target=plan.slug,
        commit=False,
        commitment=commitment.id,
        previous=previous.name if previous else "",
        group=group.name if group else "",
    )


def assign_task(
    session: Session, commitment: Commitment, group: WorkingGroup | None, user: User
) -> Commitment:
    """Give a commitment of a plan to a working group (None: to no group), audit it and commit.

    Allowed whatever the plan's status, for services and the command line; the staff page
    goes through `reassign_tasks`.
    """
    require_group_editor(user)
    plan = commitment.plan
    if not can_see_plan(user, plan):
        raise PlanNotAllowed("plan")
    check_group_for_plan(session, plan, group.id if group else None)
    if commitment.working_group_id != (group.id if group else None):
        _assign(session, plan, commitment, group, user)
    session.commit()
    return commitment


@transactional
def reassign_tasks(
    session: Session, plan: Plan, wanted: Mapping[int, int | None], user: User
) -> list[Reassignment]:
    """Give each commitment id of `wanted` to the group id it names (None: no group), and commit.

    All or nothing: an unknown commitment or a group outside the plan's organisations changes
    nothing. Tasks whose group stays the same are left alone; the others are audited one by
    one. The plan's version, text and dates are untouched.

    Raises:
        PlanNotAllowed, PlanStateError: see `require_assignable`.
        PlanInvalid: a commitment of another plan, or a group the plan may not use.
    """
    require_assignable(plan, user)
    commitments = {c.id: c for c in plan.commitments}
    groups = {g.id: g for g in group_choices(session, plan)}
    if any(cid not in commitments for cid in wanted):
        raise PlanInvalid("commitment")
    if any(gid is not None and gid not in groups for gid in wanted.values()):
        raise PlanInvalid("working_group")
    changed = []
    for cid, gid in wanted.items():
        commitment = commitments[cid]
        if commitment.working_group_id == gid:
            continue
        previous = commitment.working_group
        group = groups[gid] if gid is not None else None
        _assign(session, plan, commitment, group, user)
        changed.append(Reassignment(commitment, previous, group))
    session.commit()
    return changed


def assignment_history(session: Session, plan: Plan, limit: int = HISTORY_LIMIT) -> list[AssignmentRecord]:
    """The newest audited assignments of `plan`'s tasks, newest first."""
    events = list(
        session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == AUDIT_ACTION, AuditEvent.target == plan.slug)
            .order_by(AuditEvent.id.desc())
            .limit(limit)
        )
    )
    ids = {e.user_id for e in events if e.user_id is not None}
    emails = {
        uid: email for uid, email in session.execute(select(User.id, User.email).where(User.id.in_(ids)))
    }
    return [
        AssignmentRecord(
            at=e.at,
            by=emails.get(e.user_id, "") if e.user_id is not None else "",
            commitment_id=e.details.get("commitment"),
            previous=str(e.details.get("previous") or ""),
            group=str(e.details.get("group") or ""),
        )
        for e in events
    ]
