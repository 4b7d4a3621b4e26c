"""The demo's action plan: approved, every measure with a working group and a place, activities logged."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.plan_support import gettexts_for
from surveys.accounts.models import Role
from surveys.audit.models import AuditEvent
from surveys.demo.action_plan import ASSIGNED_AFTER_APPROVAL, build_demo_action_plan
from surveys.plans.assignments import AUDIT_ACTION
from surveys.plans.followup import follow_up_report
from surveys.plans.workflow import unfilled_placeholders
from tests.factories import make_user
from tests.plan_helpers import analysed_round


@pytest.fixture
def demo_plan(app):  # type: ignore[no-untyped-def]
    """The demo's action plan built on an analysed round, with the world and users it was built for."""
    world = analysed_round(db.session)
    users = {
        "analyst": make_user(db.session, world["org"], Role.ANALYST),
        "police": make_user(db.session, world["police"], Role.POLICE),
        "steering": make_user(db.session, world["org"], Role.STEERING_GROUP),
    }
    parties = [world["org"], world["police"]]
    plan = build_demo_action_plan(
        db.session, world["citizen"], parties, world["org"], users, 5, gettexts_for(("sv", "en"))
    )
    return plan, world, users, parties


def test_the_demo_action_plan_is_approved_staffed_and_followed_up(demo_plan):
    plan, world, users, parties = demo_plan
    assert (plan.kind, plan.status) == ("action_plan", "approved")
    measures = plan.commitments
    assert measures and all(c.working_group is not None and c.place for c in measures)
    assert len({c.working_group_id for c in measures}) >= 2
    assert any((c.period_start, c.period_end) != (plan.period_start, plan.period_end) for c in measures)
    group = measures[0].working_group
    assert group is not None and users["police"] in group.members and group.other_members
    # The last measures were handed out after the approval: audited, and the version stayed.
    events = list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == AUDIT_ACTION)))
    assert len(events) == ASSIGNED_AFTER_APPROVAL and plan.versions[-1].note == "approve"
    report = follow_up_report(db.session, plan, plan.period_end, 5)
    groups = report.by_working_group
    assert len(groups) >= 2 and all(g.tasks for g in groups)
    assert sum(len(g.activities) for g in groups) >= 1


def test_the_demo_plans_name_their_parties_and_have_their_contacts_filled_in(demo_plan):
    plan, world, users, parties = demo_plan
    assert unfilled_placeholders(plan) == ()
    implementation = plan.section("implementation").body["sv"]
    assert all(party.name in implementation and party.slug not in implementation for party in parties)
    contact = plan.section("contact").body["sv"].splitlines()
    assert f"- {world['police'].name}: kommunpolisen, telefon 114 14" in contact
