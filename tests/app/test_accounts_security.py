"""Sign-in limits, session hygiene and the audit log."""

from __future__ import annotations

import time

import lxml.html
from sqlalchemy import select

from app.extensions import db
from surveys.accounts.models import Role
from surveys.audit.models import AuditEvent
from tests.app.helpers import csrf_from, sign_in
from tests.factories import PASSWORD, make_org, make_user


def _attempt(client, email, password):
    token = csrf_from(client, "/admin/login")
    return client.post("/admin/login", data={"csrf_token": token, "email": email, "password": password})


def test_one_address_is_locked_out_of_an_account_after_five_failures(client):
    user = make_user(db.session)
    for n in range(5):
        if n >= 3:
            time.sleep(5.1)  # past the account-wide slow-down
        assert _attempt(client, user.email, "wrong-wrong").status_code == 422
    time.sleep(5.1)
    blocked = _attempt(client, user.email, PASSWORD)
    assert blocked.status_code == 429 and "För många försök" in blocked.get_data(as_text=True)


def test_successful_sign_ins_do_not_count_towards_the_limit(client):
    user = make_user(db.session)
    for _ in range(8):
        assert _attempt(client, user.email, PASSWORD).status_code == 302
        client.post("/admin/logout", data={"csrf_token": csrf_from(client, "/admin/")})


def test_session_is_renewed_at_sign_in_and_dropped_at_sign_out(client):
    user = make_user(db.session)
    client.get("/admin/login")
    with client.session_transaction() as before:
        before["marker"] = "set-before-login"
    sign_in(client, user)
    with client.session_transaction() as after:
        assert "marker" not in after
    cookie = client.get("/admin/").headers.get("Set-Cookie", "")
    assert "Expires=" in cookie  # staff cookies carry the sliding 30-minute expiry
    client.post("/admin/logout", data={"csrf_token": csrf_from(client, "/admin/")})
    assert client.get("/admin/").status_code == 302


def test_audit_log_records_sign_ins_without_secrets_and_only_admins_read_it(client):
    org = make_org(db.session)
    admin = make_user(db.session, org, Role.ADMIN)
    _attempt(client, admin.email, "not-the-password")
    sign_in(client, admin)
    actions = [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions == ["login_failed", "login"]
    for event in db.session.scalars(select(AuditEvent)):
        assert "not-the-password" not in str(event.details) and PASSWORD not in str(event.details)
    page = client.get("/admin/audit", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    rows = [
        [td.text_content().strip() for td in tr.xpath("td")]
        for tr in lxml.html.fromstring(page).xpath("//tbody/tr")
    ]
    # People by address and actions in words, never user ids or action codes.
    assert [row[1:3] for row in rows] == [[admin.email, "Loggade in"], ["–", "Misslyckad inloggning"]]
    assert "login_failed" not in page
    viewer = client.application.test_client()
    sign_in(viewer, make_user(db.session, org, Role.VIEWER))
    assert viewer.get("/admin/audit").status_code == 403


def test_audit_record_drops_forbidden_keys(session):
    from surveys.audit.log import record

    event = record(session, "export", target="survey", password="x", token="y", text="svar", rows=10)
    assert event.details == {"rows": 10}


def test_idle_staff_session_expires_on_the_server_too(client):
    user = make_user(db.session)
    sign_in(client, user)
    assert client.get("/admin/").status_code == 200
    with client.session_transaction() as stored:
        stored["_seen"] = stored["_seen"] - 31 * 60
    assert client.get("/admin/").status_code == 302


def test_resident_cookie_outlives_the_browser_only_while_a_draft_is_unsent(client):
    from tests.factories import make_survey

    survey = make_survey(db.session)
    url = f"/s/{survey.slug}"
    html = client.get(url).get_data(as_text=True)
    assert "Expires=" not in client.get(url).headers.get("Set-Cookie", "")
    from tests.app.helpers import hidden_value

    priorities = next(q for q in survey.questions if q.key == "priorities")
    page1 = {
        "csrf_token": hidden_value(html, "csrf_token"),
        "submission_token": hidden_value(html, "submission_token"),
        "page": "1",
        f"q_{priorities.id}": "Mörka gångvägar",
    }
    saved = client.post(url, data=page1)
    assert "Expires=" in saved.headers.get("Set-Cookie", "")


def test_sign_out_revokes_every_copy_of_the_session_cookie(client):
    user = make_user(db.session)
    sign_in(client, user)
    with client.session_transaction() as stored:
        stolen = dict(stored)
    client.post("/admin/logout", data={"csrf_token": csrf_from(client, "/admin/")})
    with client.session_transaction() as replayed:
        replayed.update(stolen)
    assert client.get("/admin/").status_code == 302  # the old cookie no longer signs anyone in


def test_audit_log_shows_local_time_not_the_stored_utc(client):
    import datetime as dt

    from surveys.audit.log import record

    admin = make_user(db.session, make_org(db.session), Role.ADMIN)
    event = record(db.session, "export", user=admin, organisation_id=admin.organisation_id, target="survey")
    event.at = dt.datetime(2026, 3, 31, 23, 30)  # UTC, as every timestamp column stores it
    db.session.commit()
    sign_in(client, admin)
    page = client.get("/admin/audit", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    shown = [
        tr.xpath("td")[0].text_content().strip() for tr in lxml.html.fromstring(page).xpath("//tbody/tr")
    ]
    assert "2026-04-01 01:30" in shown and "2026-03-31 23:30" not in shown
