"""Working groups: their members and the tasks (commitments) assigned to them from a plan.

A task's status is the commitment's follow-up (`followup.follow_up`): the activities
the group logs count toward the commitment's target.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from surveys.accounts.models import Role, User
from surveys.database.transactions import transactional
from surveys.plans.access import visible_organisation_ids
from surveys.plans.commitment_models import Commitment
from surveys.plans.errors import PlanInvalid, PlanNotAllowed
from surveys.plans.followup import CommitmentFollowUp, follow_up
from surveys.plans.models import Plan
from surveys.plans.workflow import EDITOR_ROLES
from surveys.plans.working_group_models import WorkingGroup

MAX_NAME = 200
MAX_PURPOSE = 5_000
MAX_OTHER = 50


@dataclass(frozen=True)
class GroupInput:
    """A working group as officials wrote it."""

    name: str
    purpose: str = ""
    member_ids: tuple[int, ...] = ()
    other_members: tuple[str, ...] = ()


@dataclass(frozen=True)
class Task:
    """A commitment assigned to a working group, with its plan and follow-up."""

    plan: Plan
    commitment: Commitment
    follow_up: CommitmentFollowUp

    @property
    def status(self) -> str:
        """The follow-up status (done, on_track, behind, not_started, no_target)."""
        return self.follow_up.status


def require_group_editor(user: User) -> None:
    """Only plan editors (admin, analyst, police) manage working groups."""
    if user.role not in EDITOR_ROLES:
        raise PlanNotAllowed("working_group")


def can_see_group(user: User, group: WorkingGroup) -> bool:
    """Staff see the groups of their organisation and of the municipalities their area covers."""
    return user.role != Role.REPORTER and group.organisation_id in visible_organisation_ids(user)


def visible_groups(session: Session, user: User) -> list[WorkingGroup]:
    """Working groups `user` may see, by name."""
    ids = visible_organisation_ids(user)
    query = select(WorkingGroup).where(WorkingGroup.organisation_id.in_(ids)).order_by(WorkingGroup.name)
    return list(session.scalars(query))


def member_choices(session: Session, group_org_id: int, user: User) -> list[User]:
    """Accounts that can be members: staff of the organisations `user` sees (never reporters)."""
    ids = visible_organisation_ids(user) | {group_org_id}
    query = select(User).where(User.organisation_id.in_(ids), User.role != Role.REPORTER)
    return list(session.scalars(query.order_by(User.email)))


def _others(names: Iterable[str]) -> list[str]:
    cleaned = [n.strip()[:MAX_NAME] for n in names if n.strip()]
    return list(dict.fromkeys(cleaned))[:MAX_OTHER]


def _apply(session: Session, group: WorkingGroup, data: GroupInput, user: User) -> None:
    name = data.name.strip()[:MAX_NAME]
    if not name:
        raise PlanInvalid("name")
    allowed = {u.id: u for u in member_choices(session, group.organisation_id, user)}
    if any(i not in allowed for i in data.member_ids):
        raise PlanInvalid("members")
    group.name = name
    group.purpose = data.purpose.strip()[:MAX_PURPOSE]
    group.members = [allowed[i] for i in dict.fromkeys(data.member_ids)]
    group.other_members = _others(data.other_members)


@transactional
def create_group(session: Session, organisation_id: int, data: GroupInput, user: User) -> WorkingGroup:
    """Create a working group of an organisation `user` sees, and commit."""
    require_group_editor(user)
    if organisation_id not in visible_organisation_ids(user):
        raise PlanNotAllowed("organisation")
    group = WorkingGroup(organisation_id=organisation_id)
    _apply(session, group, data, user)
    session.add(group)
    session.commit()
    return group


@transactional
def update_group(session: Session, group: WorkingGroup, data: GroupInput, user: User) -> WorkingGroup:
    """Change a group's name, purpose and members, and commit."""
    require_group_editor(user)
    if not can_see_group(user, group):
        raise PlanNotAllowed("working_group")
    _apply(session, group, data, user)
    session.commit()
    return group


def group_choices(session: Session, plan: Plan) -> list[WorkingGroup]:
    """Groups a task of `plan` can be assigned to: those of the plan's organisation and parties."""
    ids = {plan.organisation_id} | {p.id for p in plan.parties}
    query = select(WorkingGroup).where(WorkingGroup.organisation_id.in_(ids)).order_by(WorkingGroup.name)
    return list(session.scalars(query))


def check_group_for_plan(session: Session, plan: Plan, group_id: int | None) -> None:
    """PlanInvalid unless `group_id` is None or a group of the plan's organisations."""
    if group_id is not None and group_id not in {g.id for g in group_choices(session, plan)}:
        raise PlanInvalid("working_group")


def group_tasks(group: WorkingGroup, today: dt.date) -> list[Task]:
    """The group's tasks with their follow-up on `today`, by plan period and position."""
    ordered = sorted(group.tasks, key=lambda c: (c.plan.period_start, c.plan_id, c.position, c.id))
    return [Task(c.plan, c, follow_up(c, today)) for c in ordered]
