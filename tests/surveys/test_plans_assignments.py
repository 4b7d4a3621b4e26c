"""Handing out an approved action plan's tasks: who may, when, what is recorded, what stays decided."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveys.accounts.models import Role
from surveys.audit.models import AuditEvent
from surveys.plans.assignments import (
    AUDIT_ACTION,
    assignment_history,
    can_assign,
    reassign_tasks,
)
from surveys.plans.document import plan_doc
from surveys.plans.errors import PlanInvalid, PlanNotAllowed, PlanStateError
from surveys.plans.workflow import transition
from surveys.plans.working_groups import GroupInput, create_group
from tests.factories import make_user
from tests.plan_helpers import analysed_round, approved_action_plan, draft, organisation, published


@pytest.fixture
def world(session):  # type: ignore[no-untyped-def]
    found = analysed_round(session)
    found["plan"], found["users"] = approved_action_plan(session, found)
    analyst = found["users"]["analyst"]
    found["groups"] = [
        create_group(session, found["org"].id, GroupInput(name), analyst) for name in ("Alfa", "Beta")
    ]
    return found


def _events(session) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == AUDIT_ACTION)))


def test_reassigning_moves_tasks_audits_each_and_keeps_the_decided_plan(session, world):
    plan, users, (alfa, beta) = world["plan"], world["users"], world["groups"]
    first, second = plan.commitments[0], plan.commitments[1]
    version, snapshot = plan.version, plan.versions[-1].snapshot
    changed = reassign_tasks(session, plan, {first.id: alfa.id, second.id: beta.id}, users["police"])
    moves = [(r.commitment, r.previous, r.group) for r in changed]
    assert moves == [(first, None, alfa), (second, None, beta)]
    assert (first.working_group, second.working_group) == (alfa, beta)
    # Reassigning again: only the task that changes hands is recorded.
    changed = reassign_tasks(session, plan, {first.id: beta.id, second.id: beta.id}, users["admin"])
    assert [(r.commitment, r.previous, r.group) for r in changed] == [(first, alfa, beta)]
    assert plan.version == version and len(plan.versions) == version
    assert plan.versions[-1].snapshot == snapshot, "the approved version is untouched"
    assert plan.status == "approved"
    events = _events(session)
    assert [(e.target, e.details) for e in events] == [
        (plan.slug, {"commitment": first.id, "previous": "", "group": "Alfa"}),
        (plan.slug, {"commitment": second.id, "previous": "", "group": "Beta"}),
        (plan.slug, {"commitment": first.id, "previous": "Alfa", "group": "Beta"}),
    ]
    assert all(e.organisation_id == plan.organisation_id for e in events)
    history = assignment_history(session, plan)
    assert [(h.by, h.commitment_id, h.previous, h.group) for h in history][0] == (
        users["admin"].email,
        first.id,
        "Alfa",
        "Beta",
    )
    # The current plan document, unlike the decided version, names who carries the task out now.
    assert plan_doc(plan).commitments[0].working_group == "Beta"


def test_taking_a_task_away_from_every_group(session, world):
    plan, users, (alfa, _beta) = world["plan"], world["users"], world["groups"]
    task = plan.commitments[0]
    reassign_tasks(session, plan, {task.id: alfa.id}, users["analyst"])
    reassign_tasks(session, plan, {task.id: None}, users["analyst"])
    assert task.working_group is None and alfa.tasks == []
    assert _events(session)[-1].details == {"commitment": task.id, "previous": "Alfa", "group": ""}


@pytest.mark.parametrize("role", [Role.VIEWER, Role.STEERING_GROUP, Role.REPORTER])
def test_only_coordinators_reassign(session, world, role):
    plan, alfa = world["plan"], world["groups"][0]
    user = make_user(session, world["org"], role)
    assert not can_assign(plan, user)
    with pytest.raises(PlanNotAllowed):
        reassign_tasks(session, plan, {plan.commitments[0].id: alfa.id}, user)
    assert plan.commitments[0].working_group is None and _events(session) == []


def test_other_municipalities_and_unlinked_police_areas_are_refused(session, world):
    plan, alfa = world["plan"], world["groups"][0]
    stranger = make_user(session, organisation(session, "annan-kommun"), Role.ADMIN)
    linked = make_user(session, world["police"], Role.POLICE)
    assert not can_assign(plan, stranger) and can_assign(plan, linked)
    with pytest.raises(PlanNotAllowed):
        reassign_tasks(session, plan, {plan.commitments[0].id: alfa.id}, stranger)


def test_groups_of_other_organisations_and_tasks_of_other_plans_change_nothing(session, world):
    plan, users, alfa = world["plan"], world["users"], world["groups"][0]
    other = organisation(session, "annan-kommun")
    foreign = create_group(session, other.id, GroupInput("Främmande"), make_user(session, other, Role.ADMIN))
    first, second = plan.commitments[0], plan.commitments[1]
    with pytest.raises(PlanInvalid):  # all or nothing: the valid first change is not kept either
        reassign_tasks(session, plan, {first.id: alfa.id, second.id: foreign.id}, users["analyst"])
    session.rollback()
    assert first.working_group is None
    pledge, _users = published(session, world)
    with pytest.raises(PlanInvalid):
        reassign_tasks(session, plan, {pledge.commitments[0].id: alfa.id}, users["analyst"])


def test_only_approved_or_published_action_plans_are_handed_out(session, world):
    users, alfa = world["users"], world["groups"][0]
    pledge, _ = published(session, world)
    with pytest.raises(PlanStateError):
        reassign_tasks(session, pledge, {pledge.commitments[0].id: alfa.id}, users["analyst"])
    drafted = draft(session, world, users["analyst"], kind="action_plan")
    assert not can_assign(drafted, users["analyst"])
    with pytest.raises(PlanStateError):
        reassign_tasks(session, drafted, {drafted.commitments[0].id: alfa.id}, users["analyst"])
    plan = world["plan"]
    transition(session, plan, "publish", users["analyst"])
    assert can_assign(plan, users["analyst"])
    transition(session, plan, "close", users["analyst"])
    assert not can_assign(plan, users["analyst"])
