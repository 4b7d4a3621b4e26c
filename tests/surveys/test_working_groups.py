"""Working groups: members, tasks assigned from a plan, their follow-up status."""

from __future__ import annotations

import datetime as dt

import pytest

from surveys.accounts.models import Role
from surveys.plans.assignments import assign_task
from surveys.plans.editing import CommitmentInput, update_commitment
from surveys.plans.errors import PlanInvalid, PlanNotAllowed
from surveys.plans.followup import ActivityInput, log_activity
from surveys.plans.working_groups import (
    GroupInput,
    create_group,
    group_tasks,
    update_group,
    visible_groups,
)
from tests.factories import make_user
from tests.plan_helpers import analysed_round, draft, organisation, published


@pytest.fixture
def world(session):  # type: ignore[no-untyped-def]
    found = analysed_round(session)
    found["analyst"] = make_user(session, found["org"], Role.ANALYST)
    return found


def test_create_and_edit_a_group_with_members_and_partners(session, world):
    colleague = make_user(session, world["org"], Role.POLICE)
    group = create_group(
        session,
        world["org"].id,
        GroupInput(
            "Trygg skolväg", "Skolområdet", (colleague.id,), ("Fastighets AB Norr", " ", "Fastighets AB Norr")
        ),
        world["analyst"],
    )
    assert group.members == [colleague] and group.other_members == ["Fastighets AB Norr"]
    changed = GroupInput("Trygg skolväg 2", "", (), ("Räddningstjänsten",))
    update_group(session, group, changed, world["analyst"])
    assert (group.name, group.members, group.other_members) == ("Trygg skolväg 2", [], ["Räddningstjänsten"])
    with pytest.raises(PlanInvalid):
        update_group(session, group, GroupInput("  "), world["analyst"])
    session.rollback()


def test_only_editors_of_a_visible_organisation_manage_groups(session, world):
    viewer = make_user(session, world["org"], Role.VIEWER)
    with pytest.raises(PlanNotAllowed):
        create_group(session, world["org"].id, GroupInput("X"), viewer)
    other = organisation(session, "annan-kommun")
    with pytest.raises(PlanNotAllowed):
        create_group(session, other.id, GroupInput("X"), world["analyst"])
    stranger = make_user(session, other, Role.ADMIN)
    with pytest.raises(PlanInvalid):  # members must be staff the user sees
        create_group(session, world["org"].id, GroupInput("X", member_ids=(stranger.id,)), world["analyst"])
    session.rollback()
    group = create_group(session, world["org"].id, GroupInput("Grupp"), world["analyst"])
    police = make_user(session, world["police"], Role.POLICE)
    assert visible_groups(session, police) == [group]  # the police area covers the municipality
    assert visible_groups(session, stranger) == []


def test_a_task_assigned_to_a_group_counts_logged_activities_toward_its_target(session, world):
    plan, users = published(session, world)
    commitment = plan.section("area:narkotika").commitments[0]
    group = create_group(session, world["org"].id, GroupInput("Narkotikagruppen"), world["analyst"])
    assign_task(session, commitment, group, users["police"])
    [task] = group_tasks(group, dt.date(2026, 3, 1))
    assert task.commitment is commitment and task.follow_up.progress.done == 0
    log_activity(
        session, plan, commitment, ActivityInput(dt.date(2026, 2, 10), "Insats", count=2), users["police"]
    )
    [task] = group_tasks(group, dt.date(2026, 3, 1))
    assert task.follow_up.progress.done == 2 and task.status == task.follow_up.progress.status.value
    assign_task(session, commitment, None, users["police"])
    assert group_tasks(group, dt.date(2026, 3, 1)) == []


def test_groups_of_other_municipalities_cannot_take_a_plans_task(session, world):
    plan, users = published(session, world)
    commitment = plan.commitments[0]
    other = organisation(session, "annan-kommun")
    outsider = make_user(session, other, Role.ADMIN)
    foreign = create_group(session, other.id, GroupInput("Främmande"), outsider)
    with pytest.raises(PlanInvalid):
        assign_task(session, commitment, foreign, users["analyst"])


def test_the_commitment_form_data_carries_group_and_place(session, world):
    plan = draft(session, world, world["analyst"])
    plan.kind = "action_plan"
    group = create_group(session, world["org"].id, GroupInput("Trafikgruppen"), world["analyst"])
    c = plan.commitments[0]
    data = CommitmentInput(
        text=c.text,
        target_count=c.target_count,
        frequency=c.frequency,
        unit=c.unit,
        responsible=c.responsible,
        partners=tuple(c.partners),
        period_start=c.period_start,
        period_end=c.period_end,
        working_group_id=group.id,
        place="Storgatan",
    )
    update_commitment(session, plan, c, data, world["analyst"])
    assert (c.working_group, c.place) == (group, "Storgatan")
    assert group.tasks == [c]
