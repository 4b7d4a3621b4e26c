"""Inviting colleagues without telling anyone where an address already has an account.

An administrator's invitation is recorded (`invite`) the same way for every address that
has no account in their own organisation; delivering it (`deliver`, run in a background job
with the mail) is where the address is looked at: a new address gets its account and a
one-time link, an address of another organisation gets a notice and nothing else. The
request therefore does the same work, and gives the same answer, for both.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from surveys.accounts.invitation_models import AccountInvitation
from surveys.accounts.link_models import TokenPurpose
from surveys.accounts.links import TOKEN_BYTES, issue
from surveys.accounts.models import Role, User
from surveys.accounts.passwords import (
    UNCHOSEN_PREFIX,
    AccountError,
    find_user,
    has_chosen_password,
    hash_password,
)
from surveys.audit.log import record
from surveys.database.transactions import transactional
from surveys.organisations.models import Organisation


class NotAnAddress(AccountError):
    """The invited address is not an e-mail address."""


class AlreadyMember(AccountError):
    """The address has an account in the inviting organisation (the inviter may know that)."""


class AlreadyInvited(AccountError):
    """The organisation has a pending invitation for the address already."""


class AccountElsewhere(AccountError):
    """The address has an account in another organisation: no link can be handed over for it."""


@dataclass(frozen=True)
class Delivery:
    """What to send for an invitation: a link for `user`, or a notice to `elsewhere`'s owner."""

    invitation: AccountInvitation
    user: User | None = None
    token: str | None = None
    elsewhere: User | None = None


def normalise(email: str) -> str:
    """The address as accounts store it; NotAnAddress when it is none."""
    email = email.strip().lower()
    if "@" not in email:
        raise NotAnAddress(f"{email!r} is not an e-mail address")
    return email


def is_pending(invitation: AccountInvitation) -> bool:
    """Whether the invitation still waits: no account of its own yet, or one without a password."""
    return invitation.user is None or not has_chosen_password(invitation.user)


def pending_invitations(session: Session, organisation: Organisation) -> list[AccountInvitation]:
    """The organisation's invitations that nobody has accepted yet, by address."""
    invitations = session.scalars(
        select(AccountInvitation)
        .where(AccountInvitation.organisation_id == organisation.id)
        .options(selectinload(AccountInvitation.user))
        .order_by(AccountInvitation.email)
    )
    return [invitation for invitation in invitations if is_pending(invitation)]


def organisation_accounts(
    session: Session, organisation: Organisation
) -> tuple[list[User], list[AccountInvitation]]:
    """The organisation's accounts and, apart, its pending invitations (each address once)."""
    pending = pending_invitations(session, organisation)
    waiting = {invitation.user_id for invitation in pending}
    users = session.scalars(select(User).where(User.organisation_id == organisation.id).order_by(User.email))
    return [user for user in users if user.id not in waiting], pending


def _check_new(session: Session, email: str, organisation: Organisation) -> User | None:
    """The account the address has anywhere, after refusing what the inviter may be told."""
    existing = find_user(session, email)
    if existing is not None and existing.organisation_id == organisation.id:
        invited = session.scalar(
            select(AccountInvitation).where(
                AccountInvitation.organisation_id == organisation.id, AccountInvitation.email == email
            )
        )
        if invited is not None and is_pending(invited):
            raise AlreadyInvited(f"an invitation for {email} already exists")
        raise AlreadyMember(f"an account for {email} already exists in {organisation.slug}")
    if session.scalar(
        select(AccountInvitation.id).where(
            AccountInvitation.organisation_id == organisation.id, AccountInvitation.email == email
        )
    ):
        raise AlreadyInvited(f"an invitation for {email} already exists")
    return existing


@transactional
def invite(
    session: Session, email: str, role: Role, organisation: Organisation, invited_by: User | None = None
) -> AccountInvitation:
    """Record an invitation of `email` to `organisation`, audited, and commit.

    Nothing here depends on whether the address has an account in another organisation:
    `deliver` finds that out later, where nobody is waiting for the answer.

    Raises:
        NotAnAddress: not an e-mail address.
        AlreadyMember: the address has an account in `organisation`.
        AlreadyInvited: `organisation` has invited the address already.
    """
    email = normalise(email)
    _check_new(session, email, organisation)
    invitation = AccountInvitation(
        organisation=organisation,
        email=email,
        role=role,
        invited_by_id=invited_by.id if invited_by else None,
    )
    session.add(invitation)
    record(
        session,
        "invite",
        user=invited_by,
        organisation_id=organisation.id,
        target=email,
        role=role,
        commit=False,
    )
    try:
        session.commit()
    except IntegrityError:  # another administrator invited the address at the same moment
        session.rollback()
        raise AlreadyInvited(f"an invitation for {email} already exists") from None
    return invitation


@transactional
def resend(session: Session, invitation: AccountInvitation, issued_by: User) -> AccountInvitation:
    """Audit a request to send a pending invitation again (the job delivers it), and commit.

    Raises:
        AccountError: the invitation has been accepted.
    """
    if not is_pending(invitation):
        raise AccountError(f"the invitation of {invitation.email} has been accepted")
    record(
        session,
        "invite",
        user=issued_by,
        organisation_id=invitation.organisation_id,
        target=invitation.email,
        role=invitation.role,
        again=True,
        commit=False,
    )
    session.commit()
    return invitation


@transactional
def deliver(session: Session, invitation: AccountInvitation) -> Delivery:
    """Prepare what the invitation sends, and commit.

    A new address gets its account (no usable password yet) and a fresh invitation token,
    voiding earlier ones; an address with an account in another organisation leaves that
    account untouched, and its organisation's audit log records who tried to invite it.
    An invitation that has been accepted meanwhile sends nothing.
    """
    existing = find_user(session, invitation.email)
    if existing is not None and existing.organisation_id != invitation.organisation_id:
        record(
            session,
            "invite_elsewhere",
            organisation_id=existing.organisation_id,
            target=existing.email,
            by_organisation=invitation.organisation.name,
            commit=False,
        )
        session.commit()
        return Delivery(invitation, elsewhere=existing)
    if existing is None:
        # A random password nobody knows: sign-in takes the usual time and always fails.
        existing = User(
            email=invitation.email,
            password_hash=UNCHOSEN_PREFIX + hash_password(secrets.token_urlsafe(TOKEN_BYTES)),
            role=invitation.role,
            organisation_id=invitation.organisation_id,
        )
        session.add(existing)
        session.flush()
    if invitation.user_id is None:
        invitation.user_id = existing.id
    if has_chosen_password(existing) or not existing.active:
        session.commit()
        return Delivery(invitation)
    return Delivery(invitation, user=existing, token=issue(session, existing, TokenPurpose.INVITE))


@transactional
def invite_with_link(
    session: Session, email: str, role: Role, organisation: Organisation, invited_by: User | None = None
) -> tuple[User, str]:
    """Invite a new address and return its account and link, for handing over by hand.

    Only where no mail can be sent (and on the server's command line): a link can only be
    shown for an address that has no account, so this one says when the address has one.

    Raises:
        NotAnAddress, AlreadyMember, AlreadyInvited: as `invite`.
        AccountElsewhere: the address has an account in another organisation.
    """
    email = normalise(email)
    if _check_new(session, email, organisation) is not None:
        raise AccountElsewhere(f"an account for {email} already exists")
    delivery = deliver(session, invite(session, email, role, organisation, invited_by))
    assert delivery.user is not None and delivery.token is not None  # a new address
    return delivery.user, delivery.token


@transactional
def invitation_link(session: Session, invitation: AccountInvitation, issued_by: User) -> tuple[User, str]:
    """A new link for a pending invitation, audited, for handing over by hand (no mail).

    Raises:
        AccountError: the invitation has been accepted.
        AccountElsewhere: the address has an account in another organisation.
    """
    existing = find_user(session, invitation.email)
    if existing is not None and existing.organisation_id != invitation.organisation_id:
        raise AccountElsewhere(f"an account for {invitation.email} already exists")
    delivery = deliver(session, resend(session, invitation, issued_by))
    if delivery.user is None or delivery.token is None:
        raise AccountError(f"the invitation of {invitation.email} has been accepted")
    return delivery.user, delivery.token


@transactional
def change_invitation_role(
    session: Session, invitation: AccountInvitation, role: Role, changed_by: User
) -> AccountInvitation:
    """Give a pending invitation (and its account, if it has one) another role, audited."""
    old = invitation.role
    invitation.role = role
    if invitation.user is not None:
        invitation.user.role = role
    record(
        session,
        "role_change",
        user=changed_by,
        target=invitation.email,
        old=old,
        new=role.value,
        commit=False,
    )
    session.commit()
    return invitation
