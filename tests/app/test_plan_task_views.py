"""Handing out an approved action plan's tasks through the page: roles, organisations, audit, versions."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from surveys.accounts.models import Role
from surveys.audit.models import AuditEvent
from surveys.plans.assignments import AUDIT_ACTION
from surveys.plans.working_group_models import WorkingGroup
from tests.app.helpers import csrf_from, sign_in
from tests.factories import make_user
from tests.plan_helpers import analysed_round, approved_action_plan, draft, organisation, published


@pytest.fixture
def world(app):  # type: ignore[no-untyped-def]
    found = analysed_round(db.session)
    found["plan"], found["users"] = approved_action_plan(db.session, found)
    found["groups"] = []
    for name in ("Trygg stadskärna", "Unga och skolan"):
        group = WorkingGroup(organisation_id=found["org"].id, name=name)
        db.session.add(group)
        found["groups"].append(group)
    db.session.commit()
    return found


def _url(plan) -> str:  # type: ignore[no-untyped-def]
    return f"/admin/plans/{plan.slug}/tasks"


def _post(client, plan, choices: dict[int, str]):  # type: ignore[no-untyped-def]
    data = {"csrf_token": csrf_from(client, _url(plan)), **{f"task-{cid}": v for cid, v in choices.items()}}
    return client.post(_url(plan), data=data)


def _events() -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == AUDIT_ACTION)))


@pytest.mark.parametrize("role", ["admin", "analyst", "police"])
def test_coordinators_reassign_tasks_without_a_new_version(client, world, role):
    plan, (stad, unga) = world["plan"], world["groups"]
    first, second = plan.commitments[0], plan.commitments[1]
    version = plan.version
    sign_in(client, world["users"][role])
    page = client.get(_url(plan)).get_data(as_text=True)
    assert f'id="task-{first.id}"' in page and "Trygg stadskärna" in page
    assert re.search(rf'<label[^>]*for="task-{first.id}"', page), "every choice has a label"
    response = _post(client, plan, {first.id: str(stad.id), second.id: str(unga.id)})
    assert response.status_code == 302 and response.headers["Location"].endswith(_url(plan))
    db.session.expire_all()
    assert (first.working_group_id, second.working_group_id) == (stad.id, unga.id)
    assert plan.version == version and len(plan.versions) == version and plan.status == "approved"
    assert [(e.target, e.details["group"]) for e in _events()] == [
        (plan.slug, "Trygg stadskärna"),
        (plan.slug, "Unga och skolan"),
    ]
    after = client.get(_url(plan)).get_data(as_text=True)
    assert "2 tasks have been reassigned" in after or "2 uppdrag har fått en ny arbetsgrupp" in after
    history = after[after.index('id="history-title"') :]
    assert world["users"][role].email in history, "the history says who handed the task out"
    assert history.count("Trygg stadskärna") == 1 and history.count("Unga och skolan") == 1


def test_the_assignment_shows_on_the_plan_and_the_working_group_pages(client, world):
    plan, stad = world["plan"], world["groups"][0]
    task = plan.commitments[0]
    sign_in(client, world["users"]["analyst"])
    _post(client, plan, {task.id: str(stad.id)})
    detail = client.get(f"/admin/plans/{plan.slug}").get_data(as_text=True)
    assert _url(plan) in detail and f"task-row-{task.id}" in detail
    assert f'/admin/working-groups/{stad.id}">Trygg stadskärna</a>' in detail
    group_page = client.get(f"/admin/working-groups/{stad.id}").get_data(as_text=True)
    assert f"{_url(plan)}#task-row-{task.id}" in group_page
    # Taking the task back from the group empties the group's list again.
    _post(client, plan, {task.id: ""})
    db.session.expire_all()
    assert task.working_group_id is None
    assert f"task-row-{task.id}" not in client.get(f"/admin/working-groups/{stad.id}").get_data(as_text=True)


@pytest.mark.parametrize("role", ["viewer", "steering_group", "reporter"])
def test_readers_and_the_steering_group_may_not_reassign(client, world, role):
    plan, stad = world["plan"], world["groups"][0]
    sign_in(client, world["users"][role])
    assert client.get(_url(plan)).status_code == 403
    token = csrf_from(client, "/admin/login")
    response = client.post(_url(plan), data={"csrf_token": token, f"task-{plan.commitments[0].id}": stad.id})
    assert response.status_code == 403 and _events() == []
    assert _url(plan) not in client.get(f"/admin/plans/{plan.slug}").get_data(as_text=True)


def test_other_municipalities_get_not_found(client, world):
    plan, stad = world["plan"], world["groups"][0]
    sign_in(client, make_user(db.session, organisation(db.session, "annan-kommun"), Role.ADMIN))
    assert client.get(_url(plan)).status_code == 404
    token = csrf_from(client, "/admin/login")
    response = client.post(_url(plan), data={"csrf_token": token, f"task-{plan.commitments[0].id}": stad.id})
    assert response.status_code == 404 and _events() == []


def test_a_foreign_group_or_garbled_choice_is_refused_with_a_message(client, world):
    plan = world["plan"]
    other = organisation(db.session, "annan-kommun")
    foreign = WorkingGroup(organisation_id=other.id, name="Främmande grupp")
    db.session.add(foreign)
    db.session.commit()
    sign_in(client, world["users"]["analyst"])
    assert "Främmande grupp" not in client.get(_url(plan)).get_data(as_text=True)
    for value in (str(foreign.id), "fel"):
        response = _post(client, plan, {plan.commitments[0].id: value})
        assert response.status_code == 422
        text = response.get_data(as_text=True)
        assert "Choose one of the listed working groups" in text or "Välj en av arbetsgrupperna" in text
    assert _events() == [] and plan.commitments[0].working_group_id is None


def test_pledges_and_drafts_are_sent_back_to_the_plan(client, world):
    users, stad = world["users"], world["groups"][0]
    pledge, _ = published(db.session, world)
    drafted = draft(db.session, world, users["analyst"], kind="action_plan")
    sign_in(client, users["analyst"])
    for plan in (pledge, drafted):
        response = client.get(_url(plan))
        assert response.status_code == 302
        assert response.headers["Location"].endswith(f"/admin/plans/{plan.slug}")
        token = csrf_from(client, "/admin/login")
        task = plan.commitments[0]
        posted = client.post(_url(plan), data={"csrf_token": token, f"task-{task.id}": stad.id})
        assert posted.status_code == 302
        db.session.expire_all()
        assert plan.commitments[0].working_group_id is None
        assert _url(plan) not in client.get(f"/admin/plans/{plan.slug}").get_data(as_text=True)
    assert _events() == []
