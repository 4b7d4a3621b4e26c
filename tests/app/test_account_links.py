"""Inviting colleagues, changing roles, forgotten passwords and set-password links through the web."""

from __future__ import annotations

import datetime as dt
import logging
import re
from html import unescape

import pytest
from sqlalchemy import select

from app.extensions import db
from surveys.accounts.link_models import AccountToken, TokenPurpose
from surveys.accounts.links import issue
from surveys.accounts.models import Role, User
from surveys.accounts.passwords import UNCHOSEN_PREFIX, authenticate
from surveys.audit.models import AuditEvent
from tests.app.helpers import csrf_from, find_all, sign_in, texts, visible_text
from tests.factories import make_org, make_user

NEW_PASSWORD = "a-long-enough-passphrase"
LINK = re.compile(r"https?://[^\s<\"]+/admin/set-password/[A-Za-z0-9_\-]+")


class FakeSMTP:
    """Stands in for smtplib.SMTP: keeps messages instead of sending them."""

    sent: list = []

    def __init__(self, host, port, timeout=None):
        self.host = host

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        pass

    def login(self, user, password):
        pass

    def send_message(self, message):
        FakeSMTP.sent.append(message)


@pytest.fixture
def smtp(app, monkeypatch):
    """SMTP configured, with every message captured."""
    FakeSMTP.sent = []
    monkeypatch.setattr("app.mail.smtplib.SMTP", FakeSMTP)
    app.config.update(MAIL_SERVER="smtp.example.org", MAIL_DEFAULT_SENDER="trygg@example.org")
    return FakeSMTP.sent


@pytest.fixture
def admin(client):
    user = make_user(db.session, make_org(db.session), Role.ADMIN)
    sign_in(client, user)
    return user


def _set_password(client, url, password=NEW_PASSWORD, confirm=None):
    return client.post(
        url,
        data={
            "csrf_token": csrf_from(client, "/admin/forgot-password"),
            "password": password,
            "confirm": confirm or password,
        },
    )


def test_admin_invites_a_colleague_who_sets_a_password_once(client, admin):
    token = csrf_from(client, "/admin/users")
    page = client.post(
        "/admin/users/invite", data={"csrf_token": token, "email": "ny@example.org", "role": "analyst"}
    )
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    link = LINK.search(unescape(page.get_data(as_text=True))).group(0)
    path = link[link.index("/admin/") :]
    client.post("/admin/logout", data={"csrf_token": csrf_from(client, "/admin/users")})
    welcome = client.get(path)
    assert welcome.status_code == 200 and "ny@example.org" in welcome.get_data(as_text=True)
    assert _set_password(client, path, confirm="something-else-entirely").status_code == 422
    assert _set_password(client, path, password="short").status_code == 422
    done = _set_password(client, path)
    assert done.status_code == 302 and done.headers["Location"].endswith("/admin/login")
    invited = db.session.scalar(select(User).where(User.email == "ny@example.org"))
    assert invited.role == "analyst" and invited.organisation_id == admin.organisation_id
    assert authenticate(db.session, "ny@example.org", NEW_PASSWORD) is not None
    assert client.get(path).status_code == 410
    assert _set_password(client, path, password="another-passphrase-x").status_code == 410
    stored = db.session.scalars(select(AccountToken)).all()
    assert all(link.rsplit("/", 1)[1] not in t.token_hash for t in stored)
    actions = [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert "invite" in actions and "password_set" in actions


def test_an_existing_address_cannot_be_invited_again(client, admin):
    token = csrf_from(client, "/admin/users")
    again = client.post(
        "/admin/users/invite", data={"csrf_token": token, "email": admin.email, "role": "viewer"}
    )
    assert again.status_code == 422


def test_with_smtp_the_invitation_is_mailed_and_never_shown(client, admin, smtp):
    token = csrf_from(client, "/admin/users")
    page = client.post(
        "/admin/users/invite", data={"csrf_token": token, "email": "post@example.org", "role": "viewer"}
    )
    assert page.status_code == 200
    assert LINK.search(unescape(page.get_data(as_text=True))) is None
    assert "Inbjudan har skickats till post@example.org." in visible_text(page.get_data(as_text=True))
    assert len(smtp) == 1 and smtp[0]["To"] == "post@example.org"
    link = LINK.search(smtp[0].get_content()).group(0)
    listed = client.get("/admin/users").get_data(as_text=True)
    assert texts(listed, "//section[@aria-labelledby='invitations-heading']//tr/td[1]") == [
        "post@example.org"
    ]
    client.post("/admin/logout", data={"csrf_token": csrf_from(client, "/admin/users")})
    assert _set_password(client, link[link.index("/admin/") :]).status_code == 302
    invited = authenticate(db.session, "post@example.org", NEW_PASSWORD)
    assert invited.organisation_id == admin.organisation_id and invited.role == "viewer"
    sign_in(client, admin)
    listed = client.get("/admin/users").get_data(as_text=True)
    assert "post@example.org" in texts(listed, "//tr/td[1]")
    assert find_all(listed, "//section[@aria-labelledby='invitations-heading']") == []


def test_a_new_link_voids_the_earlier_one(client, admin):
    colleague = make_user(db.session, admin.organisation, Role.VIEWER)
    colleague.password_hash = UNCHOSEN_PREFIX + colleague.password_hash  # invited, no password yet
    old = issue(db.session, colleague, TokenPurpose.INVITE)
    token = csrf_from(client, "/admin/users")
    page = client.post(f"/admin/users/{colleague.id}/link", data={"csrf_token": token})
    assert page.status_code == 200 and LINK.search(unescape(page.get_data(as_text=True)))
    assert client.get(f"/admin/set-password/{old}").status_code == 410


def test_admin_changes_roles_of_their_own_organisation_only(client, admin):
    colleague = make_user(db.session, admin.organisation, Role.VIEWER)
    stranger = make_user(db.session, make_org(db.session), Role.VIEWER)
    token = csrf_from(client, "/admin/users")
    client.post(f"/admin/users/{colleague.id}/role", data={"csrf_token": token, "role": "steering_group"})
    assert db.session.get(User, colleague.id).role == "steering_group"
    assert (
        client.post(
            f"/admin/users/{stranger.id}/role", data={"csrf_token": token, "role": "admin"}
        ).status_code
        == 404
    )
    client.post(f"/admin/users/{admin.id}/role", data={"csrf_token": token, "role": "viewer"})
    assert db.session.get(User, admin.id).role == "admin"
    assert db.session.get(User, stranger.id).role == "viewer"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "role_change"))
    assert event.target == colleague.email and event.details == {"old": "viewer", "new": "steering_group"}


def test_forgot_password_answers_the_same_for_known_and_unknown_addresses(client, smtp):
    user = make_user(db.session)

    def ask(email):
        response = client.post(
            "/admin/forgot-password",
            data={"csrf_token": csrf_from(client, "/admin/forgot-password"), "email": email},
        )
        return response.status_code, response.get_data(as_text=True)

    assert ask(user.email) == ask("nobody@example.org")
    assert len(smtp) == 1 and smtp[0]["To"] == user.email
    link = LINK.search(smtp[0].get_content()).group(0)
    path = link[link.index("/admin/") :]
    assert _set_password(client, path).status_code == 302
    assert authenticate(db.session, user.email, NEW_PASSWORD) is not None
    assert client.get(path).status_code == 410


def test_without_smtp_a_reset_request_creates_no_token(client):
    user = make_user(db.session)
    response = client.post(
        "/admin/forgot-password",
        data={"csrf_token": csrf_from(client, "/admin/forgot-password"), "email": user.email},
    )
    assert response.status_code == 200
    assert db.session.scalars(select(AccountToken)).all() == []
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "password_reset_requested"))
    assert event.target == user.email


def test_expired_and_made_up_links_show_the_same_refusal(client):
    user = make_user(db.session)
    expired = issue(db.session, user, TokenPurpose.RESET, now=dt.datetime.now() - dt.timedelta(days=1))
    tokens = (expired, "made-up-token", expired[:-2])
    pages = [client.get(f"/admin/set-password/{token}") for token in tokens]
    assert {p.status_code for p in pages} == {410}
    # The pages differ only where the address itself is repeated (the language links).
    bodies = {p.get_data(as_text=True).replace(t, "TOKEN") for p, t in zip(pages, tokens, strict=True)}
    assert len(bodies) == 1


def test_cli_invite_prints_a_working_link(runner, client):
    org = make_org(db.session, slug="cli-kommun")
    result = runner.invoke(
        args=[
            "users",
            "invite",
            "cli@example.org",
            "--role",
            "viewer",
            "--org",
            "cli-kommun",
            "--base-url",
            "https://trygg.example.se/",
        ]
    )
    assert result.exit_code == 0, result.output
    link = LINK.search(result.output).group(0)
    assert link.startswith("https://trygg.example.se/admin/set-password/")
    path = link[link.index("/admin/") :]
    assert _set_password(client, path).status_code == 302
    assert authenticate(db.session, "cli@example.org", NEW_PASSWORD).organisation_id == org.id
    failed = runner.invoke(
        args=["users", "invite", "cli@example.org", "--role", "viewer", "--org", "cli-kommun"]
    )
    assert failed.exit_code != 0 and "already exists" in failed.output


def test_one_time_tokens_are_masked_in_request_logs():
    from app.logging_setup import MaskAddresses

    record = logging.LogRecord(
        "werkzeug",
        logging.INFO,
        __file__,
        1,
        '%s - - "GET /admin/set-password/%s HTTP/1.1" 200 -',
        ("203.0.113.9", "Zq3-abcdefghijklmnopqrstuvwxyz_0123456789"),
        None,
    )
    MaskAddresses().filter(record)
    assert "Zq3-abc" not in record.getMessage() and "/admin/set-password/[token]" in record.getMessage()
