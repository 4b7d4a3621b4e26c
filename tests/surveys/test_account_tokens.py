"""Invitation and reset tokens: random, stored hashed, single use, expiring, checked on every path."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.orm import Session as OrmSession

from surveys.accounts.invitations import invite_with_link
from surveys.accounts.link_models import AccountToken, TokenPurpose
from surveys.accounts.links import (
    PasswordTooShort,
    TokenInvalid,
    change_role,
    check,
    hash_token,
    issue,
    redeem,
    request_reset,
)
from surveys.accounts.models import Role
from surveys.accounts.passwords import AccountError, authenticate
from surveys.audit.models import AuditEvent
from tests.factories import make_org, make_user

NEW_PASSWORD = "a-brand-new-passphrase"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def test_issue_returns_a_random_token_and_stores_only_its_hash(session):
    user = make_user(session)
    first, second = issue(session, user, TokenPurpose.RESET), issue(session, user, TokenPurpose.INVITE)
    assert first != second and len(first) >= 40
    hashes = set(session.scalars(select(AccountToken.token_hash)))
    assert hashes == {hash_token(first), hash_token(second)}
    with session.get_bind().connect() as connection:
        for table in inspect(connection).get_table_names():
            for row in connection.execute(text(f'SELECT * FROM "{table}"')):
                dump = " ".join(str(v) for v in row)
                assert first not in dump and second not in dump


def test_redeem_sets_the_password_once(session):
    user = make_user(session)
    token = issue(session, user, TokenPurpose.RESET)
    assert redeem(session, token, NEW_PASSWORD).id == user.id
    assert authenticate(session, user.email, NEW_PASSWORD) is not None
    with pytest.raises(TokenInvalid) as reused:
        redeem(session, token, "yet-another-passphrase")
    assert reused.value.reason == "used"
    assert authenticate(session, user.email, NEW_PASSWORD) is not None


def test_an_expired_token_is_refused(session):
    user = make_user(session)
    issued_at = _now() - dt.timedelta(hours=2)
    token = issue(session, user, TokenPurpose.RESET, now=issued_at)
    with pytest.raises(TokenInvalid) as caught:
        redeem(session, token, NEW_PASSWORD)
    assert caught.value.reason == "expired"
    invite = issue(session, user, TokenPurpose.INVITE, now=_now() - dt.timedelta(days=6))
    check(session, invite)  # invitations last a week
    with pytest.raises(TokenInvalid):
        check(session, invite, now=_now() + dt.timedelta(days=2))


def test_a_token_for_another_purpose_is_refused(session):
    user = make_user(session)
    invite = issue(session, user, TokenPurpose.INVITE)
    with pytest.raises(TokenInvalid) as caught:
        redeem(session, invite, NEW_PASSWORD, purposes={TokenPurpose.RESET.value})
    assert caught.value.reason == "purpose"
    check(session, invite)  # still good for its own purpose


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-1],
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),
        lambda t: t + "x",
        lambda t: "",
        lambda t: t.upper(),
    ],
)
def test_a_tampered_token_is_unknown(session, tamper):
    user = make_user(session)
    token = issue(session, user, TokenPurpose.RESET)
    with pytest.raises(TokenInvalid) as caught:
        redeem(session, tamper(token), NEW_PASSWORD)
    assert caught.value.reason == "unknown"


def test_using_a_token_voids_the_accounts_other_tokens(session):
    user = make_user(session)
    reset = issue(session, user, TokenPurpose.RESET)
    invite = issue(session, user, TokenPurpose.INVITE)
    redeem(session, invite, NEW_PASSWORD)
    with pytest.raises(TokenInvalid) as caught:
        check(session, reset)
    assert caught.value.reason == "used"


def test_a_new_token_voids_the_earlier_one_of_the_same_purpose(session):
    user = make_user(session)
    old = issue(session, user, TokenPurpose.RESET)
    new = issue(session, user, TokenPurpose.RESET)
    with pytest.raises(TokenInvalid):
        check(session, old)
    check(session, new)


def test_a_short_password_is_refused_and_the_token_stays_usable(session):
    user = make_user(session)
    token = issue(session, user, TokenPurpose.RESET)
    with pytest.raises(PasswordTooShort):
        redeem(session, token, "short")
    redeem(session, token, NEW_PASSWORD)


def test_a_disabled_account_cannot_use_its_token(session):
    user = make_user(session)
    token = issue(session, user, TokenPurpose.RESET)
    user.active = False
    session.commit()
    with pytest.raises(TokenInvalid) as caught:
        check(session, token)
    assert caught.value.reason == "inactive"
    assert request_reset(session, user.email) is None


def test_invited_account_has_no_usable_password_until_the_link_is_used(session):
    org = make_org(session)
    user, token = invite_with_link(session, "  New.Person@Example.org ", Role.ANALYST, org)
    assert user.email == "new.person@example.org" and user.role == "analyst"
    assert authenticate(session, user.email, "") is None
    redeem(session, token, NEW_PASSWORD)
    assert authenticate(session, user.email, NEW_PASSWORD).id == user.id
    with pytest.raises(AccountError):
        invite_with_link(session, user.email, Role.VIEWER, org)


def test_audit_events_name_the_action_but_hold_no_token_or_password(session):
    org = make_org(session)
    admin = make_user(session, org, Role.ADMIN)
    user, invite = invite_with_link(session, "colleague@example.org", Role.VIEWER, org, invited_by=admin)
    redeem(session, invite, NEW_PASSWORD)
    assert request_reset(session, user.email) is not None
    assert request_reset(session, "nobody@example.org") is None
    change_role(session, user, Role.ANALYST, admin)
    with pytest.raises(AccountError):
        change_role(session, admin, Role.VIEWER, admin)
    events = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == [
        "invite",
        "password_set",
        "password_reset_requested",
        "password_reset_requested",
        "role_change",
    ]
    assert events[-1].details == {"old": "viewer", "new": "analyst"}
    for event in events:
        dump = f"{event.target} {event.details}"
        assert invite not in dump and NEW_PASSWORD not in dump and "token" not in dump


def test_racing_requests_use_a_token_once(session):
    user = make_user(session)
    token = issue(session, user, TokenPurpose.RESET)
    count = 6
    engine = create_engine(session.get_bind().url, pool_size=count, max_overflow=0)
    barrier = threading.Barrier(count, timeout=60)
    outcomes: list[str] = []

    def attempt(n: int) -> None:
        with OrmSession(engine) as own:
            check(own, token)
            barrier.wait()
            try:
                redeem(own, token, f"racing-password-{n:02d}")
                outcomes.append("set")
            except TokenInvalid as exc:
                outcomes.append(exc.reason)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    engine.dispose()
    assert sorted(outcomes) == ["set"] + ["used"] * (count - 1)
