"""Findings of the independent security audit (issue #19), each reproduced through the web."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from lxml import html as lxml_html
from sqlalchemy import select

from app.config import ConfigError, ProductionConfig
from app.extensions import db
from app.security import trust_proxy
from surveys.accounts.models import Role, User
from tests.app.helpers import (
    csrf_from,
    download_export,
    find_all,
    flash_messages,
    hidden_value,
    sign_in,
    text_of,
    visible_text,
)
from tests.app.test_account_links import LINK, FakeSMTP
from tests.factories import PASSWORD, make_org, make_user


@pytest.fixture
def smtp(app, monkeypatch):
    """SMTP configured, with every message captured."""
    FakeSMTP.sent = []
    monkeypatch.setattr("app.mail.smtplib.SMTP", FakeSMTP)
    app.config.update(MAIL_SERVER="smtp.example.org", MAIL_DEFAULT_SENDER="trygg@example.org")
    return FakeSMTP.sent


# 1. Links in mail come from the configured site address, never from the request's host.


def _mailed_link(message) -> str:
    return LINK.search(message.get_content()).group(0)


@pytest.mark.parametrize("header", ["Host", "X-Forwarded-Host"])
def test_reset_mail_link_ignores_host_and_forwarded_host(app, client, smtp, header):
    app.config["BASE_URL"] = "https://trygghet.example.se/"
    app.wsgi_app = trust_proxy(app.wsgi_app, 1)
    user = make_user(db.session)
    base = "http://evil.example" if header == "Host" else "http://localhost"
    forged = {"X-Forwarded-Host": "evil.example"} if header != "Host" else {}
    page = client.get("/admin/forgot-password", base_url=base, headers=forged).get_data(as_text=True)
    response = client.post(
        "/admin/forgot-password",
        base_url=base,
        headers=forged,
        data={"csrf_token": hidden_value(page, "csrf_token"), "email": user.email},
    )
    assert response.status_code == 200
    assert len(smtp) == 1
    assert _mailed_link(smtp[0]).startswith("https://trygghet.example.se/admin/set-password/")
    assert "evil.example" not in smtp[0].get_content()


def test_invitation_link_ignores_the_request_host(app, client, smtp):
    app.config["BASE_URL"] = "https://trygghet.example.se/"
    app.wsgi_app = trust_proxy(app.wsgi_app, 1)
    admin = make_user(db.session, make_org(db.session), Role.ADMIN)
    sign_in(client, admin)
    response = client.post(
        "/admin/users/invite",
        data={"csrf_token": csrf_from(client, "/admin/users"), "email": "ny@example.org", "role": "viewer"},
        headers={"X-Forwarded-Host": "evil.example"},
    )
    assert response.status_code == 200
    assert "evil.example" not in response.get_data(as_text=True)
    assert _mailed_link(smtp[0]).startswith("https://trygghet.example.se/admin/set-password/")


def test_production_requires_a_valid_base_url(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    monkeypatch.setenv("REDIS_URL", "redis://localhost:6379/0")
    monkeypatch.setenv("MAIL_SERVER", "smtp.example.se")
    monkeypatch.delenv("TRYGG_BASE_URL", raising=False)
    with pytest.raises(ConfigError, match="TRYGG_BASE_URL"):
        ProductionConfig()
    monkeypatch.setenv("TRYGG_BASE_URL", "javascript:alert(1)")
    with pytest.raises(ConfigError, match="TRYGG_BASE_URL"):
        ProductionConfig()
    monkeypatch.setenv("TRYGG_BASE_URL", "https://trygghet.example.se")
    assert ProductionConfig().BASE_URL == "https://trygghet.example.se/"


# 2. `next` is followed only within the site.


@pytest.mark.parametrize(
    "target",
    [
        "/%09/evil.example/",
        "/%0a/x",
        "/%0d%0a/x",
        "//evil.example/",
        "/\\evil.example/",
        "https://evil.example/",
        "javascript:alert(1)",
        "/%5cevil.example",
    ],
)
def test_language_choice_never_redirects_off_site(client, target):
    response = client.get(f"/sprak/sv?next={target}")
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.netloc in ("", "localhost")
    assert not location.path.startswith("//")
    assert location.path == "/"


def test_language_choice_returns_to_a_path_with_its_query(client):
    # A ?lang= in the page left behind is dropped on purpose (it would outrank the new choice).
    response = client.get("/sprak/en?next=/s/trygg%3Fpage%3D2%26lang%3Dsv")
    assert response.headers["Location"] == "/s/trygg?page=2"


def test_sign_in_never_redirects_off_site(client):
    user = make_user(db.session)
    token = csrf_from(client, "/admin/login")
    response = client.post(
        "/admin/login?next=/%09/evil.example/",
        data={"csrf_token": token, "email": user.email, "password": PASSWORD},
    )
    assert response.status_code == 302
    assert "evil.example" not in response.headers["Location"]


# 6. The idle timeout holds for the cookie of the sign-in response itself.


def test_sign_in_cookie_replayed_after_the_idle_timeout_is_signed_out(client, monkeypatch):
    import time

    user = make_user(db.session)
    sign_in(client, user)  # no further request: the client holds the sign-in response's cookie
    with client.session_transaction() as stored:
        assert "_seen" in stored
    later = time.time() + 32 * 60
    monkeypatch.setattr("app.auth.time.time", lambda: later)
    assert client.get("/admin/").status_code == 302


# 9. The database-outage page keeps a resident's answers but never a password.


def test_outage_page_never_echoes_the_sign_in_password(client, monkeypatch):
    from tests.app.test_reliability import _fail_next_commits

    user = make_user(db.session)
    token = csrf_from(client, "/admin/login")
    _fail_next_commits(monkeypatch, times=5)
    secret = "mitt-hemliga-lösenord-123"
    page = client.post("/admin/login", data={"csrf_token": token, "email": user.email, "password": secret})
    assert page.status_code == 503
    assert secret not in page.get_data(as_text=True)
    assert "no-store" in page.headers.get("Cache-Control", "")
    names = {field.get("name") for field in lxml_html.fromstring(page.get_data()).iter("input")}
    assert "password" not in names and "email" in names


# 3. Sign-in limits: the real client address behind the proxy; accounts slowed down, not locked.


def _login(client, email, password, address):
    return client.post(
        "/admin/login",
        data={"csrf_token": csrf_from(client, "/admin/login"), "email": email, "password": password},
        headers={"X-Forwarded-For": address},
    )


def test_failures_from_one_client_do_not_lock_out_staff_behind_the_proxy(app, client):
    app.wsgi_app = trust_proxy(app.wsgi_app, 1)
    admin = make_user(db.session, role=Role.ADMIN)
    statuses = [
        _login(client, f"x{n}@example.org", "wrong-wrong", "203.0.113.9").status_code for n in range(25)
    ]
    assert statuses[-1] == 429  # the guessing client is limited ...
    assert _login(client, admin.email, PASSWORD, "198.51.100.7").status_code == 302  # ... not the admin


def test_a_forged_forwarded_for_does_not_escape_the_address_limit(app, client):
    app.wsgi_app = trust_proxy(app.wsgi_app, 1)
    # The proxy appends the real address; a client-chosen first entry is ignored.
    statuses = [
        _login(client, f"x{n}@example.org", "wrong-wrong", f"10.9.9.{n}, 203.0.113.9").status_code
        for n in range(21)
    ]
    assert statuses[-1] == 429


def test_failures_from_many_addresses_slow_an_account_down_without_locking_it(app, client):
    import time

    app.wsgi_app = trust_proxy(app.wsgi_app, 1)
    user = make_user(db.session)
    statuses = [_login(client, user.email, "wrong-wrong", f"203.0.113.{n}").status_code for n in range(8)]
    assert 429 in statuses  # guessing across addresses is slowed down ...
    time.sleep(5.1)
    assert _login(client, user.email, PASSWORD, "198.51.100.7").status_code == 302  # ... never locked out


def test_production_requires_shared_storage_for_limits(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    monkeypatch.setenv("TRYGG_BASE_URL", "https://trygghet.example.se/")
    monkeypatch.setenv("MAIL_SERVER", "smtp.example.se")
    monkeypatch.delenv("REDIS_URL", raising=False)
    with pytest.raises(ConfigError, match="REDIS_URL"):
        ProductionConfig()
    monkeypatch.setenv("REDIS_URL", "redis://localhost:6379/0")
    config = ProductionConfig()
    assert config.RATELIMIT_STORAGE_URI.startswith("redis://") and config.PROXY_HOPS == 1


# 4. Swedish staff download the CSV dialect their Excel opens directly, guarded per cell.


def test_swedish_staff_get_semicolon_csv_and_english_staff_comma_csv(client):
    from tests.factories import make_survey

    org = make_org(db.session)
    survey = make_survey(db.session, org)
    sign_in(client, make_user(db.session, org, Role.ADMIN))
    swedish = download_export(client, survey.slug, "csv")
    assert swedish.status_code == 200
    assert swedish.get_data(as_text=True).lstrip("\ufeff").startswith('"Omgång [round]";"Grupp [group]"')
    client.get("/sprak/en")
    english = download_export(client, survey.slug, "csv")
    assert english.get_data(as_text=True).lstrip("\ufeff").startswith('"round","group"')


# 7. An administrator cannot take over a colleague's account who has a password.


def _new_link(client, user):
    return client.post(f"/admin/users/{user.id}/link", data={"csrf_token": csrf_from(client, "/admin/users")})


def test_admin_gets_no_link_for_a_colleague_with_a_password(client, smtp):
    from surveys.accounts.passwords import authenticate
    from surveys.audit.models import AuditEvent

    org = make_org(db.session)
    steering = make_user(db.session, org, Role.STEERING_GROUP)
    admin = make_user(db.session, org, Role.ADMIN)
    sign_in(client, admin)
    response = _new_link(client, steering)
    assert response.status_code == 302  # back to the list: no link on screen
    assert LINK.search(client.get("/admin/users").get_data(as_text=True)) is None
    assert [m["To"] for m in smtp] == [steering.email]  # the owner alone gets a reset link
    assert authenticate(db.session, steering.email, PASSWORD) is not None  # password still works
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "password_reset_for_owner"))
    assert event.user_id == admin.id and event.target == steering.email


def test_without_mail_the_admin_is_told_to_ask_the_owner(client):
    org = make_org(db.session)
    steering = make_user(db.session, org, Role.STEERING_GROUP)
    sign_in(client, make_user(db.session, org, Role.ADMIN))
    page = client.post(
        f"/admin/users/{steering.id}/link",
        data={"csrf_token": csrf_from(client, "/admin/users")},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert LINK.search(page) is None and "Glömt lösenordet?" in page


def test_an_invited_colleague_without_a_password_still_gets_a_new_link(client):
    org = make_org(db.session)
    admin = make_user(db.session, org, Role.ADMIN)
    sign_in(client, admin)
    client.post(
        "/admin/users/invite",
        data={"csrf_token": csrf_from(client, "/admin/users"), "email": "ny@example.org", "role": "viewer"},
    )
    invited = db.session.scalar(select(User).where(User.email == "ny@example.org"))
    assert LINK.search(_new_link(client, invited).get_data(as_text=True))


# 8. Forgot-password does the same work for known and unknown addresses.


def test_forgot_password_queues_the_same_job_for_known_and_unknown_addresses(client, smtp, monkeypatch):
    queued = []
    monkeypatch.setattr("app.admin.accounts.passwords.enqueue", lambda *args: queued.append(args))
    user = make_user(db.session)
    for email in (user.email, "nobody@example.org"):
        client.post(
            "/admin/forgot-password",
            data={"csrf_token": csrf_from(client, "/admin/forgot-password"), "email": email},
        )
    assert [call[0] for call in queued] == ["app.account_jobs:send_reset_link_job"] * 2
    assert [call[1] for call in queued] == [user.email, "nobody@example.org"]


# 8b. Inviting an address that has an account in another organisation answers like a new address.


def _invite(client, email: str):
    return client.post(
        "/admin/users/invite",
        data={"csrf_token": csrf_from(client, "/admin/users"), "email": email, "role": "viewer"},
    )


def _answer_shape(response, email: str) -> tuple[int, list[str], str]:
    """Status, flash messages and visible text, with the invited address blanked out."""
    page = response.get_data(as_text=True)
    return response.status_code, flash_messages(page), visible_text(page).replace(email, "ADDRESS")


def _user_list_shape(client, email: str) -> str:
    return visible_text(client.get("/admin/users").get_data(as_text=True)).replace(email, "ADDRESS")


def _rows_naming(client, email: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each table row of the accounts page that names `email`: its text with the address
    blanked, and where its forms post (the kind of address and the action, not the id)."""
    page = client.get("/admin/users").get_data(as_text=True)
    return [
        (
            text_of(row).replace(email, "ADDRESS"),
            [(a.rsplit("/", 2)[0], a.rsplit("/", 1)[1]) for a in row.xpath(".//form/@action")],
        )
        for row in find_all(page, "//tr[td]")
        if email in text_of(row)
    ]


def test_inviting_another_organisations_address_answers_like_a_new_address(client, smtp, monkeypatch):
    queued = []
    monkeypatch.setattr("app.admin.accounts.views.enqueue", lambda *args: queued.append(args))
    elsewhere = make_user(db.session, make_org(db.session), Role.STEERING_GROUP)
    admin = make_user(db.session, make_org(db.session), Role.ADMIN)
    sign_in(client, admin)
    fresh = _invite(client, "ny@example.org")
    fresh_list = _user_list_shape(client, "ny@example.org")
    taken = _invite(client, elsewhere.email)
    taken_list = _user_list_shape(client, elsewhere.email)
    assert _answer_shape(fresh, "ny@example.org") == _answer_shape(taken, elsewhere.email)
    # Both addresses now show one pending row each; blanked, the two rows read the same
    # and their forms post to the same kind of address.
    assert fresh_list.count("ADDRESS") == taken_list.count("ADDRESS") > 0
    fresh_rows, taken_rows = _rows_naming(client, "ny@example.org"), _rows_naming(client, elsewhere.email)
    assert len(fresh_rows) == 1 and fresh_rows == taken_rows
    # The same mail work is queued for both, so the answer takes the same time.
    assert [call[0] for call in queued] == [queued[0][0]] * 2


def test_the_other_organisations_account_is_untouched_and_its_owner_is_told(app, client, smtp):
    app.config["JOB_BACKEND"] = "sync"
    other_org = make_org(db.session)
    elsewhere = make_user(db.session, other_org, Role.STEERING_GROUP)
    before = (elsewhere.organisation_id, elsewhere.role, elsewhere.password_hash, elsewhere.session_version)
    admin = make_user(db.session, make_org(db.session), Role.ADMIN)
    sign_in(client, admin)
    _invite(client, elsewhere.email)
    db.session.expire_all()
    kept = db.session.get(User, elsewhere.id)
    assert (kept.organisation_id, kept.role, kept.password_hash, kept.session_version) == before
    assert [m["To"] for m in smtp] == [elsewhere.email]
    notice = smtp[0].get_content()
    assert admin.organisation.name in notice
    assert not LINK.search(notice)  # a notice, never a link that could move the account


class _WorkSpy:
    """Records the SQL a request runs (statements, not values) and every password hash made."""

    def __init__(self, monkeypatch) -> None:
        from argon2 import PasswordHasher

        from surveys.accounts import passwords

        self.statements: list[str] = []
        self.hashes = 0
        real = passwords._hasher
        spy = self

        class CountingHasher(PasswordHasher):
            def hash(self, password, *, salt=None):
                spy.hashes += 1
                return real.hash(password)

            def verify(self, hash, password):
                spy.hashes += 1
                return real.verify(hash, password)

        monkeypatch.setattr(passwords, "_hasher", CountingHasher())

    def __enter__(self):
        from sqlalchemy import event

        self.statements, self.hashes = [], 0
        event.listen(db.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *exc):
        from sqlalchemy import event

        event.remove(db.engine, "before_cursor_execute", self._seen)
        return False

    def _seen(self, conn, cursor, statement, parameters, context, executemany):
        self.statements.append(statement)

    @property
    def work(self) -> tuple[list[str], int]:
        return self.statements, self.hashes


def test_inviting_does_the_same_work_for_a_new_and_another_organisations_address(client, smtp, monkeypatch):
    queued = []
    monkeypatch.setattr("app.admin.accounts.views.enqueue", lambda *args: queued.append(args))
    elsewhere = make_user(db.session, make_org(db.session), Role.STEERING_GROUP)
    admin = make_user(db.session, make_org(db.session), Role.ADMIN)
    sign_in(client, admin)
    spy = _WorkSpy(monkeypatch)
    work = []
    for email in ("ny@example.org", elsewhere.email):
        token = csrf_from(client, "/admin/users")
        with spy:
            client.post("/admin/users/invite", data={"csrf_token": token, "email": email, "role": "viewer"})
        work.append(spy.work)
    assert work[0][0] and work[0] == work[1] and work[0][1] == 0  # the same SQL, nothing hashed
    assert [call[0] for call in queued] == ["app.account_jobs:send_invitation_job"] * 2


def test_forgot_password_does_the_same_work_for_known_and_unknown_addresses(client, smtp, monkeypatch):
    queued = []
    monkeypatch.setattr("app.admin.accounts.passwords.enqueue", lambda *args: queued.append(args))
    user = make_user(db.session)
    spy = _WorkSpy(monkeypatch)
    work = []
    for email in (user.email, "nobody@example.org"):
        token = csrf_from(client, "/admin/forgot-password")
        with spy:
            client.post("/admin/forgot-password", data={"csrf_token": token, "email": email})
        work.append(spy.work)
    assert work[0][0] and work[0] == work[1] and work[0][1] == 0
    assert len(queued) == 2


def test_inviting_an_address_again_answers_alike_wherever_it_has_an_account(client, smtp):
    elsewhere = make_user(db.session, make_org(db.session), Role.STEERING_GROUP)
    org = make_org(db.session)
    admin = make_user(db.session, org, Role.ADMIN)
    colleague = make_user(db.session, org, Role.VIEWER)
    sign_in(client, admin)
    _invite(client, "ny@example.org")
    _invite(client, elsewhere.email)
    again_new, again_taken = _invite(client, "ny@example.org"), _invite(client, elsewhere.email)
    assert again_new.status_code == 422
    # The answer lists both pending invitations: read with both addresses blanked, apart from
    # the one in the error message.
    shapes = [
        _answer_shape(answer, email)[2].replace(other, "OTHER")
        for answer, email, other in (
            (again_new, "ny@example.org", elsewhere.email),
            (again_taken, elsewhere.email, "ny@example.org"),
        )
    ]
    assert shapes[0].count("ADDRESS") == shapes[1].count("ADDRESS") > 3  # 3 in its row
    # Rows are listed by address; compare the message and the row, not their order.
    assert sorted(shapes[0].split()) == sorted(shapes[1].split())
    assert flash_messages(again_new.get_data(as_text=True)) == []
    assert again_taken.status_code == 422
    # An account of the administrator's own organisation may be named as one.
    own = _invite(client, colleague.email)
    assert own.status_code == 422
    assert f"{colleague.email} har redan ett konto i er organisation." in visible_text(
        own.get_data(as_text=True)
    )


def _pending_row_forms(client, email: str) -> dict[str, str]:
    """The form actions of the pending invitation row of `email`, by their last path part."""
    page = client.get("/admin/users").get_data(as_text=True)
    (row,) = [r for r in find_all(page, "//tr[td]") if email in text_of(r)]
    return {action.rsplit("/", 1)[1]: action for action in row.xpath(".//form/@action")}


def test_sending_a_pending_invitation_again_answers_alike_and_mails_a_link_or_a_notice(app, client, smtp):
    app.config["JOB_BACKEND"] = "sync"
    elsewhere = make_user(db.session, make_org(db.session), Role.STEERING_GROUP)
    admin = make_user(db.session, make_org(db.session), Role.ADMIN)
    sign_in(client, admin)
    _invite(client, "ny@example.org")
    _invite(client, elsewhere.email)
    smtp.clear()
    answers = []
    for email in ("ny@example.org", elsewhere.email):
        action = _pending_row_forms(client, email)["link"]
        answers.append(
            _answer_shape(client.post(action, data={"csrf_token": csrf_from(client, "/admin/users")}), email)
        )
    assert answers[0] == answers[1] and answers[0][0] == 200
    assert [m["To"] for m in smtp] == ["ny@example.org", elsewhere.email]
    assert LINK.search(smtp[0].get_content()) and not LINK.search(smtp[1].get_content())


def test_a_pending_invitation_changes_role_and_the_new_account_gets_it(app, client, smtp):
    app.config["JOB_BACKEND"] = "sync"
    admin = make_user(db.session, make_org(db.session), Role.ADMIN)
    sign_in(client, admin)
    _invite(client, "ny@example.org")
    action = _pending_row_forms(client, "ny@example.org")["role"]
    client.post(action, data={"csrf_token": csrf_from(client, "/admin/users"), "role": "analyst"})
    invited = db.session.scalar(select(User).where(User.email == "ny@example.org"))
    assert invited.role == "analyst" and invited.organisation_id == admin.organisation_id


def test_both_organisations_audit_an_invitation_of_an_address_that_has_an_account(app, client, smtp):
    from surveys.audit.models import AuditEvent

    app.config["JOB_BACKEND"] = "sync"
    other_org = make_org(db.session)
    elsewhere = make_user(db.session, other_org, Role.ADMIN)
    admin = make_user(db.session, make_org(db.session), Role.ADMIN)
    sign_in(client, admin)
    _invite(client, "ny@example.org")
    _invite(client, elsewhere.email)
    invites = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "invite")).all()
    assert [(e.organisation_id, e.user_id, e.details) for e in invites] == [
        (admin.organisation_id, admin.id, {"role": "viewer"})
    ] * 2
    assert [e.target for e in invites] == ["ny@example.org", elsewhere.email]
    (told,) = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "invite_elsewhere")).all()
    assert told.organisation_id == other_org.id and told.target == elsewhere.email
    assert told.details == {"by_organisation": admin.organisation.name}
    owner = client.application.test_client()
    sign_in(owner, elsewhere)
    log = visible_text(owner.get("/admin/audit").get_data(as_text=True))
    assert "En annan organisation försökte bjuda in kontot" in log


def test_without_mail_an_address_with_an_account_elsewhere_gets_no_link(client):
    elsewhere = make_user(db.session, make_org(db.session), Role.STEERING_GROUP)
    sign_in(client, make_user(db.session, make_org(db.session), Role.ADMIN))
    # No mail: a link has to be shown, and only a new address can have one (docs/deploy.md).
    response = _invite(client, elsewhere.email)
    assert response.status_code == 422 and LINK.search(response.get_data(as_text=True)) is None
    assert db.session.get(User, elsewhere.id).organisation_id == elsewhere.organisation_id


# 11. The load balancer's health check answers over plain HTTP in production too.


def test_healthz_answers_over_plain_http_when_cookies_are_https_only(tmp_path, monkeypatch):
    from tests.conftest import make_app

    monkeypatch.setenv("TRYGG_SECURE_COOKIES", "1")
    application = make_app(tmp_path)
    with application.app_context():
        client = application.test_client()
        assert client.get("/healthz", base_url="http://10.0.0.11:8000").status_code == 200
        assert client.get("/admin/login", base_url="http://10.0.0.11:8000").status_code == 302
        db.engine.dispose()


# 13. Small disclosures.


def test_a_draft_survey_title_is_not_public(client):
    from tests.factories import make_single_page_survey

    draft = make_single_page_survey(db.session, status="draft")
    draft.title = {"sv": "Hemlig planering inför nedläggning", "en": "Secret closure plans"}
    db.session.commit()
    for url in (f"/s/{draft.slug}", f"/s/{draft.slug}/tack"):
        page = client.get(url).get_data(as_text=True)
        assert "Hemlig planering" not in page and "Secret closure" not in page


@pytest.mark.parametrize("address", ["2001:db8::1", "2a02:aa1:1234::5", "::ffff:192.0.2.1", "fe80::1%eth0"])
def test_development_log_masks_compressed_ipv6(address):
    import logging

    from app.logging_setup import MaskAddresses

    record = logging.LogRecord(
        "werkzeug", logging.INFO, "", 0, '%s - - [01/Dec/2026 23:12:01] "GET /"', (address,), None
    )
    MaskAddresses().filter(record)
    message = record.getMessage()
    assert message.startswith("[ip] - - ") and "23:12:01" in message


def test_anonymous_submissions_are_limited_per_client_without_storing_the_address(app, client):
    from tests.factories import make_single_page_survey

    app.wsgi_app = trust_proxy(app.wsgi_app, 1)
    survey = make_single_page_survey(db.session)
    statuses = [
        client.post(f"/s/{survey.slug}", data={}, headers={"X-Forwarded-For": "203.0.113.50"}).status_code
        for _ in range(65)
    ]
    assert 429 not in statuses[:60] and statuses[-1] == 429
    other = client.post(f"/s/{survey.slug}", data={}, headers={"X-Forwarded-For": "198.51.100.1"})
    assert other.status_code != 429  # another client is not affected
    from app.extensions import limiter

    keys = " ".join(str(k) for k in limiter.storage.storage)  # the in-memory store's keys
    assert "203.0.113.50" not in keys and "anon:" in keys


# 5. A worker that grew (e.g. a spreadsheet bomb) is recycled after its request.


def test_gunicorn_recycles_a_worker_that_grew_past_the_memory_limit(monkeypatch):
    import importlib.util
    import logging
    from pathlib import Path

    spec = importlib.util.spec_from_file_location(
        "gunicorn_conf", Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"
    )
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    assert conf.max_requests > 0 and conf.max_worker_memory_mb > 0
    assert 0 < conf.max_requests_jitter < conf.max_requests  # restarts are spread out
    assert conf.resident_memory_mb() > 0  # measures this very process

    class Worker:
        pid, alive, log = 1234, True, logging.getLogger("gunicorn-test")

    small, grown = Worker(), Worker()
    monkeypatch.setattr(conf, "resident_memory_mb", lambda: 120.0)
    conf.post_request(small, None, {}, None)
    monkeypatch.setattr(conf, "resident_memory_mb", lambda: 980.0)
    conf.post_request(grown, None, {}, None)
    assert small.alive and not grown.alive
