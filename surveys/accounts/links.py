"""Invitation and password-reset links: random, stored hashed, single use, expiring.

The plain token leaves this module once, as the return value of `issue`; the
database holds only its SHA-256. Looking a token up by its hash means no secret
is ever compared character by character. Every path that consumes a token goes
through `check`, which tests purpose, expiry, earlier use and the account.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Collection

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from surveys.accounts.link_models import AccountToken, TokenPurpose
from surveys.accounts.models import Role, User
from surveys.accounts.passwords import (
    MIN_PASSWORD_LENGTH,
    AccountError,
    find_user,
    has_chosen_password,
    hash_password,
)
from surveys.audit.log import record
from surveys.database.base import utcnow
from surveys.database.transactions import transactional
from surveys.errors import SurveyError

LIFETIMES = {
    TokenPurpose.INVITE: dt.timedelta(days=7),
    TokenPurpose.RESET: dt.timedelta(hours=1),
}
SET_PASSWORD_PURPOSES = frozenset({TokenPurpose.INVITE, TokenPurpose.RESET})
TOKEN_BYTES = 32


class TokenInvalid(SurveyError):
    """The link is unknown, used, expired, meant for something else, or its account is disabled.

    `reason` is for logs and tests; people are only told that the link does not work.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class PasswordTooShort(AccountError):
    """The new password is shorter than MIN_PASSWORD_LENGTH."""


def hash_token(token: str) -> str:
    """SHA-256 hex digest of a plain token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue(session: Session, user: User, purpose: TokenPurpose, *, now: dt.datetime | None = None) -> str:
    """Create a token for `user`, void their earlier open tokens of the same purpose, commit.

    Returns:
        The plain token: shown or sent once, never stored.
    """
    moment = now or utcnow()
    _void_open_tokens(session, user, moment, purpose=purpose)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    session.add(
        AccountToken(
            user_id=user.id,
            purpose=purpose,
            token_hash=hash_token(token),
            created_at=moment,
            expires_at=moment + LIFETIMES[purpose],
        )
    )
    session.commit()
    return token


def check(
    session: Session,
    token: str,
    purposes: Collection[str] = SET_PASSWORD_PURPOSES,
    *,
    now: dt.datetime | None = None,
) -> AccountToken:
    """The stored token matching `token` if it may be used now for one of `purposes`.

    Raises:
        TokenInvalid: unknown, wrong purpose, already used, expired, or the account is disabled.
    """
    found = session.scalar(select(AccountToken).where(AccountToken.token_hash == hash_token(token or "")))
    if found is None:
        raise TokenInvalid("unknown")
    if found.purpose not in purposes:
        raise TokenInvalid("purpose")
    if found.used_at is not None:
        raise TokenInvalid("used")
    if (now or utcnow()) >= found.expires_at:
        raise TokenInvalid("expired")
    if not found.user.active:
        raise TokenInvalid("inactive")
    return found


def redeem(
    session: Session,
    token: str,
    new_password: str,
    purposes: Collection[str] = SET_PASSWORD_PURPOSES,
    *,
    now: dt.datetime | None = None,
) -> User:
    """Set the account's password with a valid token, use the token up and void the others.

    Raises:
        TokenInvalid: see `check`.
        PasswordTooShort: the password has fewer than MIN_PASSWORD_LENGTH characters.
    """
    moment = now or utcnow()
    stored = check(session, token, purposes, now=moment)
    if len(new_password) < MIN_PASSWORD_LENGTH:
        raise PasswordTooShort(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    # Claim the token with a conditional update, so two racing requests cannot both use it.
    claimed = session.execute(
        update(AccountToken)
        .where(AccountToken.id == stored.id, AccountToken.used_at.is_(None))
        .values(used_at=moment)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        raise TokenInvalid("used")
    user = stored.user
    user.password_hash = hash_password(new_password)
    user.session_version = (user.session_version or 1) + 1  # sign out everywhere else
    _void_open_tokens(session, user, moment)
    record(session, "password_set", user=user, target=user.email, purpose=stored.purpose, commit=False)
    session.commit()
    return user


def _void_open_tokens(
    session: Session, user: User, moment: dt.datetime, purpose: TokenPurpose | None = None
) -> None:
    query = update(AccountToken).where(AccountToken.user_id == user.id, AccountToken.used_at.is_(None))
    if purpose is not None:
        query = query.where(AccountToken.purpose == purpose)
    session.execute(query.values(used_at=moment))


def request_reset(session: Session, email: str) -> User | None:
    """The active account with `email`, if any; the request is audited either way.

    The token itself is issued by whoever delivers it (see `issue`), so an
    address that has no account costs the same and reveals nothing.
    """
    user = find_user(session, email)
    known = user is not None and user.active
    record(
        session,
        "password_reset_requested",
        organisation_id=user.organisation_id if user else None,
        target=email.strip().lower()[:200],
        known=known,
    )
    return user if known else None


class OwnerMustConfirm(AccountError):
    """The account has a password: only its owner may replace it (through a mailed link)."""


@transactional
def new_invite_link(session: Session, user: User, issued_by: User) -> str:
    """A fresh invitation token for an account still awaiting its first password, audited.

    Raises:
        OwnerMustConfirm: the owner has chosen a password. A link shown to an administrator
            would let them take the account over (e.g. a steering group member's, to approve
            alone); use `reset_for_owner` so that only the owner receives one.
    """
    if has_chosen_password(user):
        raise OwnerMustConfirm(f"{user.email} has a password; only the owner can replace it")
    record(
        session,
        "invite",
        user=issued_by,
        organisation_id=user.organisation_id,
        target=user.email,
        role=user.role,
        again=True,
        commit=False,
    )
    return issue(session, user, TokenPurpose.INVITE)


def reset_for_owner(session: Session, user: User, requested_by: User) -> User:
    """Audit an administrator's request to send `user` a password-reset link, and commit.

    The link itself is issued and mailed to the owner by whoever delivers it (as for a
    forgotten password); the old password keeps working until the owner uses the link.
    """
    record(
        session,
        "password_reset_for_owner",
        user=requested_by,
        organisation_id=user.organisation_id,
        target=user.email,
        role=user.role,
    )
    return user


@transactional
def change_role(session: Session, user: User, role: Role, changed_by: User) -> User:
    """Give `user` another role, audit it and commit.

    Raises:
        AccountError: an administrator tried to change their own role.
    """
    if user.id == changed_by.id:
        raise AccountError("administrators cannot change their own role")
    old = user.role
    user.role = role
    record(session, "role_change", user=changed_by, target=user.email, old=old, new=role.value, commit=False)
    session.commit()
    return user
