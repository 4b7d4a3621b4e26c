"""The life of a plan: draft → in review → approved → published → closed.

Only the steering group approves. Text can change while a plan is a draft or in
review; afterwards only follow-up is logged, unless the plan is reopened.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from surveys.accounts.models import User
from surveys.accounts.roles import PLAN_APPROVERS, PLAN_COMMENTERS, PLAN_EDITORS
from surveys.audit.log import record
from surveys.database.transactions import transactional
from surveys.plans.errors import PlanHasPlaceholders, PlanNotAllowed, PlanStateError
from surveys.plans.models import Plan, PlanStatus
from surveys.plans.versions import save_version

EDITOR_ROLES = PLAN_EDITORS
APPROVER_ROLES = PLAN_APPROVERS
COMMENTER_ROLES = PLAN_COMMENTERS
EDITABLE = frozenset({PlanStatus.DRAFT, PlanStatus.IN_REVIEW})
COMMENTABLE = EDITABLE
LOGGABLE = frozenset({PlanStatus.APPROVED, PlanStatus.PUBLISHED, PlanStatus.CLOSED})
PUBLIC = frozenset({PlanStatus.PUBLISHED, PlanStatus.CLOSED})


@dataclass(frozen=True)
class Transition:
    """A step of the workflow: from which statuses, to which, and who may take it."""

    action: str
    sources: frozenset[PlanStatus]
    target: PlanStatus
    roles: frozenset[str]


S = PlanStatus
TRANSITIONS = {
    t.action: t
    for t in (
        Transition("submit", frozenset({S.DRAFT}), S.IN_REVIEW, EDITOR_ROLES),
        Transition("return", frozenset({S.IN_REVIEW}), S.DRAFT, COMMENTER_ROLES),
        Transition("approve", frozenset({S.IN_REVIEW}), S.APPROVED, APPROVER_ROLES),
        Transition("publish", frozenset({S.APPROVED}), S.PUBLISHED, COMMENTER_ROLES),
        Transition("reopen", frozenset({S.APPROVED}), S.DRAFT, COMMENTER_ROLES),
        Transition("close", frozenset({S.PUBLISHED}), S.CLOSED, EDITOR_ROLES),
    )
}


def available_actions(plan: Plan, user: User) -> list[str]:
    """Workflow actions `user` may take on `plan` now."""
    return [t.action for t in TRANSITIONS.values() if plan.status in t.sources and user.role in t.roles]


# Template text still to be filled in: "[name, role, telephone, e-mail]".
# A bracketed span followed by "{" is a mark such as "[text]{lang=en}", not a placeholder.
PLACEHOLDER = re.compile(r"\[[^\[\]\n]{2,120}\](?!\{)")
MAX_DECISION_REFERENCE = 200


def unfilled_placeholders(plan: Plan) -> tuple[str, ...]:
    """The bracketed template placeholders left in the plan's texts, each once, in reading order."""
    texts: list[str] = [*plan.title.values()]
    for section in plan.sections:
        texts += [*section.title.values(), *section.body.values()]
    for commitment in plan.commitments:
        texts += [*commitment.text.values(), *commitment.unit.values(), *(commitment.unit_one or {}).values()]
    found = [m.group(0) for text in texts if text for m in PLACEHOLDER.finditer(text)]
    return tuple(dict.fromkeys(found))


@transactional
def transition(
    session: Session,
    plan: Plan,
    action: str,
    user: User,
    now: dt.datetime | None = None,
    decision_reference: str = "",
) -> Plan:
    """Move `plan` one step, record a version and commit.

    `decision_reference` (the steering group's minutes and paragraph) is recorded on approval.

    Raises:
        PlanNotAllowed: the user's role may not take this step (only the steering group approves).
        PlanStateError: the step does not start from the plan's status.
        PlanHasPlaceholders: approving or publishing while template placeholders remain in the text.
    """
    step = TRANSITIONS.get(action)
    if step is None:
        raise PlanStateError(action)
    if user.role not in step.roles:
        raise PlanNotAllowed(action)
    if plan.status not in step.sources:
        raise PlanStateError(action)
    if action in {"approve", "publish"}:
        # Residents read everything published: "[namn, roll, telefon, e-post]" is never right,
        # and an approved text can no longer be edited, so it is filled in before approval.
        placeholders = unfilled_placeholders(plan)
        if placeholders:
            raise PlanHasPlaceholders(placeholders)
    moment = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    plan.status = step.target
    if action == "approve":
        plan.approved_by, plan.approved_at = user.id, moment
        plan.decision_reference = decision_reference.strip()[:MAX_DECISION_REFERENCE] or None
    elif action == "reopen":
        plan.approved_by, plan.approved_at = None, None
        plan.decision_reference = None
    elif action == "publish":
        plan.published_at = moment
    elif action == "close":
        plan.closed_at = moment
    plan.updated_at = moment
    save_version(session, plan, user, action)
    # Who approved and published what is a matter of record beyond the plan's own history.
    record(
        session,
        f"plan_{action}",
        user=user,
        target=plan.slug,
        commit=False,
        version=plan.version,
        role=user.role,  # the role the step was taken in, kept even if the account changes later
    )
    session.commit()
    return plan


def close_ended(session: Session, today: dt.date) -> list[Plan]:
    """Close every published plan whose period ended before `today`, and commit."""
    ended = list(
        session.scalars(select(Plan).where(Plan.status == PlanStatus.PUBLISHED, Plan.period_end < today))
    )
    for plan in ended:
        plan.status = PlanStatus.CLOSED
        plan.closed_at = dt.datetime.combine(today, dt.time())
        save_version(session, plan, None, "close")
    if ended:
        session.commit()
    return ended


def require_editable(plan: Plan, user: User) -> None:
    """Raise unless `user` may change the text of `plan` now."""
    if user.role not in EDITOR_ROLES:
        raise PlanNotAllowed("edit")
    if plan.status not in EDITABLE:
        raise PlanStateError("edit")


def require_loggable(plan: Plan, user: User) -> None:
    """Raise unless `user` may log follow-up on `plan` now."""
    if user.role not in EDITOR_ROLES:
        raise PlanNotAllowed("log")
    if plan.status not in LOGGABLE:
        raise PlanStateError("log")
