"""The approval workflow: states, who may take each step, versions and comments."""

from __future__ import annotations

import datetime as dt

import pytest

from surveys.accounts.models import Role
from surveys.audit.models import AuditEvent
from surveys.plans.access import can_see_plan, public_plan, visible_plans
from surveys.plans.editing import (
    CommitmentInput,
    add_comment,
    add_commitment,
    remove_commitment,
    update_section,
)
from surveys.plans.errors import PlanInvalid, PlanNotAllowed, PlanStateError
from surveys.plans.versions import compare_versions
from surveys.plans.workflow import available_actions, close_ended, transition
from tests.factories import make_org, make_user
from tests.plan_helpers import PERIOD, analysed_round, draft, gettexts


@pytest.fixture
def world(session):
    found = analysed_round(session)
    found["users"] = {role.value: make_user(session, found["org"], role) for role in Role}
    found["plan"] = draft(session, found, found["users"]["analyst"])
    return found


def _commitment(**changes):
    values = dict(
        text={"sv": "Minst en trygghetsvandring i Norr", "en": "At least one safety walk in Norr"},
        target_count=1,
        frequency="year",
        unit={"sv": "trygghetsvandringar", "en": "safety walks"},
        responsible="both",
        partners=("housing", "Hyresgästföreningen"),
        period_start=PERIOD[0],
        period_end=PERIOD[1],
    )
    values.update(changes)
    return CommitmentInput(**values)


@pytest.mark.parametrize("role", ["admin", "analyst", "police", "viewer"])
def test_only_the_steering_group_approves(session, world, role):
    plan, users = world["plan"], world["users"]
    transition(session, plan, "submit", users["analyst"])
    with pytest.raises(PlanNotAllowed):
        transition(session, plan, "approve", users[role])
    assert plan.status == "in_review" and "approve" not in available_actions(plan, users[role])
    transition(session, plan, "approve", users["steering_group"])
    assert plan.status == "approved" and plan.approved_by == users["steering_group"].id
    event = session.query(AuditEvent).filter_by(action="plan_approve").one()
    assert (event.user_id, event.target) == (users["steering_group"].id, plan.slug)


def test_full_lifecycle_keeps_a_version_per_step(session, world):
    plan, users = world["plan"], world["users"]
    with pytest.raises(PlanStateError):
        transition(session, plan, "publish", users["analyst"])
    for action, user in (
        ("submit", "analyst"),
        ("return", "steering_group"),
        ("submit", "police"),
        ("approve", "steering_group"),
        ("publish", "analyst"),
    ):
        transition(session, plan, action, users[user])
    assert plan.status == "published" and plan.published_at is not None
    assert [v.note for v in plan.versions] == ["created", "submit", "return", "submit", "approve", "publish"]
    assert public_plan(session, plan.slug) is plan
    assert close_ended(session, dt.date(2027, 12, 31)) == []
    assert close_ended(session, dt.date(2028, 1, 1)) == [plan] and plan.status == "closed"
    assert public_plan(session, plan.slug) is plan


def test_drafts_are_never_public(session, world):
    plan, users = world["plan"], world["users"]
    assert public_plan(session, plan.slug) is None
    transition(session, plan, "submit", users["analyst"])
    transition(session, plan, "approve", users["steering_group"])
    assert public_plan(session, plan.slug) is None


def test_editing_saves_versions_that_can_be_compared(session, world):
    plan, users = world["plan"], world["users"]
    section = plan.section("area:trafik") or plan.section("area:belysning")
    old_body = section.body["sv"]
    update_section(
        session, plan, section, section.title, {"sv": old_body + "\n\nNy mening.", "en": "x"}, users["police"]
    )
    added = add_commitment(session, plan, section, _commitment(), users["analyst"])
    assert added.theme == section.theme and added.partners == ["housing", "Hyresgästföreningen"]
    remove_commitment(session, plan, section.commitments[0], users["analyst"])
    assert [v.note for v in plan.versions] == ["created", "section", "commitment_added", "commitment_removed"]
    diff = compare_versions(plan, 1, 3, "sv", gettexts()["sv"])
    added_lines = [d.text for d in diff if d.kind == "added"]
    assert "Ny mening." in added_lines and "* Minst en trygghetsvandring i Norr" in added_lines
    assert "  Together with: bostadsbolag och fastighetsägare, Hyresgästföreningen" in added_lines
    assert not [d for d in diff if d.kind == "removed" and "Ny mening" in d.text]
    assert compare_versions(plan, 1, 99, "sv", gettexts()["sv"]) is None


def test_text_is_locked_after_approval_until_reopened(session, world):
    plan, users = world["plan"], world["users"]
    section = plan.sections[0]
    with pytest.raises(PlanNotAllowed):
        update_section(session, plan, section, section.title, {"sv": "x"}, users["viewer"])
    with pytest.raises(PlanNotAllowed):
        update_section(session, plan, section, section.title, {"sv": "x"}, users["steering_group"])
    transition(session, plan, "submit", users["analyst"])
    add_comment(session, plan, section, "Skriv enklare.", users["steering_group"])
    assert section.comments[0].body == "Skriv enklare." and section.comments[0].version == 2
    transition(session, plan, "approve", users["steering_group"])
    with pytest.raises(PlanStateError):
        update_section(session, plan, section, section.title, {"sv": "x"}, users["analyst"])
    with pytest.raises(PlanStateError):
        add_comment(session, plan, section, "Sent", users["analyst"])
    transition(session, plan, "reopen", users["analyst"])
    assert plan.status == "draft" and plan.approved_by is None
    update_section(session, plan, section, section.title, {"sv": "Kortare."}, users["analyst"])


def test_commitments_are_validated(session, world):
    plan, users = world["plan"], world["users"]
    section = plan.section("area:narkotika")
    for bad in (
        _commitment(text={"sv": " "}),
        _commitment(target_count=0),
        _commitment(frequency="daily"),
        _commitment(responsible="mayor"),
        _commitment(period_end=dt.date(2030, 1, 1)),
    ):
        with pytest.raises(PlanInvalid):
            add_commitment(session, plan, section, bad, users["analyst"])
    unmeasurable = add_commitment(session, plan, section, _commitment(target_count=None), users["analyst"])
    assert unmeasurable.target_count is None


def test_scoping_police_area_sees_its_municipalities_plans_municipalities_not_each_others(session, world):
    plan = world["plan"]
    neighbour = make_org(session, slug="grannkommun", name="Grannkommun")
    far_police = make_org(session, slug="lpo-annat", name="LPO Annat", kind="police_area")
    far_police.municipalities.append(neighbour)
    session.commit()
    assert can_see_plan(make_user(session, world["police"], Role.POLICE), plan)
    assert can_see_plan(world["users"]["viewer"], plan)
    assert not can_see_plan(make_user(session, neighbour, Role.ADMIN), plan)
    assert not can_see_plan(make_user(session, far_police, Role.POLICE), plan)
    assert visible_plans(session, make_user(session, neighbour, Role.ANALYST)) == []


def test_approval_records_who_approved_in_which_role(session, world):
    plan, users = world["plan"], world["users"]
    transition(session, plan, "submit", users["analyst"])
    transition(session, plan, "approve", users["steering_group"])
    event = session.query(AuditEvent).filter_by(action="plan_approve").one()
    assert event.user_id == users["steering_group"].id
    assert event.details["role"] == "steering_group"
