"""Working groups and reminders through the pages."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from app.extensions import db
from surveys.accounts.models import Role
from surveys.plans.models import Plan
from surveys.plans.working_group_models import WorkingGroup
from tests.app.helpers import csrf_from, sign_in
from tests.factories import make_user
from tests.plan_helpers import analysed_round, published


@pytest.fixture
def world(app):
    return analysed_round(db.session)


def _post(client, url, data):
    return client.post(url, data={"csrf_token": csrf_from(client, url), **data})


def test_group_task_and_logged_activity_show_on_the_groups_page(client, world):
    plan, users = published(db.session, world)
    sign_in(client, users["police"])
    response = _post(
        client,
        "/admin/working-groups/new",
        {
            "organisation": str(world["org"].id),
            "name": "Trygg skola",
            "purpose": "Skolans närområde",
            "members": [str(users["analyst"].id)],
            "other_members": "Fältassistenterna",
        },
    )
    assert response.status_code == 302
    group = db.session.query(WorkingGroup).one()
    assert group.members == [users["analyst"]] and group.other_members == ["Fältassistenterna"]
    commitment = plan.section("area:narkotika").commitments[0]
    commitment.working_group, commitment.place = group, "Skolgården"  # assigned after the decision
    db.session.commit()
    log = f"/admin/plans/{plan.slug}/commitments/{commitment.id}/activities"
    logged = _post(client, log, {"done_on": "2026-02-10", "description": "Insats", "count": "3"})
    assert logged.status_code == 302
    page = client.get(f"/admin/working-groups/{group.id}").get_data(as_text=True)
    assert "Skolgården" in page and "Fältassistenterna" in page
    assert re.search(r"\b3 (of|av) \d+", page), "the logged activity counts toward the target"
    detail = client.get(f"/admin/plans/{plan.slug}").get_data(as_text=True)
    assert "Trygg skola" in detail and "Skolgården" in detail
    assert "Trygg skola" in client.get("/admin/working-groups").get_data(as_text=True)


def test_commitment_form_sets_group_and_place(client, world):
    users = {r.value: make_user(db.session, world["org"], r) for r in Role}
    from tests.plan_helpers import draft

    plan = draft(db.session, world, users["analyst"])
    group = WorkingGroup(organisation_id=world["org"].id, name="Trafikgruppen")
    db.session.add(group)
    db.session.commit()
    sign_in(client, users["analyst"])
    c = plan.commitments[0]
    url = f"/admin/plans/{plan.slug}/commitments/{c.id}"
    assert "Trafikgruppen" in client.get(url).get_data(as_text=True)
    data = {
        "text_sv": "Trafikkontroller",
        "target_count": "4",
        "frequency": "year",
        "unit_sv": "kontroller",
        "responsible": "police",
        "period_start": "2026-01-01",
        "period_end": "2027-12-31",
        "working_group": str(group.id),
        "place": "Storgatan",
    }
    assert _post(client, url, data).status_code == 302
    db.session.refresh(c)
    assert (c.working_group_id, c.place) == (group.id, "Storgatan")


def test_reminders_list_an_overdue_action_plan_and_reporters_are_kept_out(client, world):
    plan, users = published(db.session, world)
    plan.kind = "action_plan"
    plan.approved_at = dt.datetime(2023, 1, 10)
    db.session.commit()
    sign_in(client, users["viewer"])
    page = client.get("/admin/reminders").get_data(as_text=True)
    assert "Action plan decided by the steering group" in page or "Åtgärdsplan" in page
    assert "2025-01-10" in page
    reporter = make_user(db.session, world["org"], Role.REPORTER)
    client.post("/admin/logout", data={"csrf_token": csrf_from(client, "/admin/reminders")})
    sign_in(client, reporter)
    for url in ("/admin/reminders", "/admin/working-groups", "/admin/working-groups/new"):
        assert client.get(url).status_code == 403
    assert db.session.query(Plan).count() == 1


def test_reminders_cli_prints_without_smtp(app, world):
    users = {r.value: make_user(db.session, world["org"], r) for r in (Role.ADMIN,)}
    assert users
    result = app.test_cli_runner().invoke(args=["reminders", "send", "--today", "2026-11-23"])
    assert result.exit_code == 0, result.output
    assert "Testkommun" in result.output
