"""Creating accounts and checking passwords (argon2id)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from surveys.accounts.models import Role, User
from surveys.errors import SurveyError
from surveys.organisations.models import Organisation, OrganisationKind

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
MIN_PASSWORD_LENGTH = 12
# Verifying against this hash when the account is unknown keeps timing equal.
_DUMMY_HASH = _hasher.hash("not-a-real-password-for-timing")


# Marks the hash of an account that has not chosen a password yet (an invitation's random
# secret): it verifies like any hash, so sign-in takes the same time and always fails.
UNCHOSEN_PREFIX = "!"


class AccountError(SurveyError):
    """An account could not be created as asked."""


def has_chosen_password(user: User) -> bool:
    """Whether the account's owner has set a password (accounts from before the mark count as set)."""
    return not user.password_hash.startswith(UNCHOSEN_PREFIX)


def hash_password(password: str) -> str:
    """Argon2id hash of `password`."""
    return _hasher.hash(password)


def create_organisation(
    session: Session, slug: str, name: str, kind: OrganisationKind = OrganisationKind.MUNICIPALITY
) -> Organisation:
    """Create and commit an organisation.

    Raises:
        AccountError: if the slug is taken.
    """
    if session.scalar(select(Organisation).where(Organisation.slug == slug)):
        raise AccountError(f"an organisation with slug {slug!r} already exists")
    organisation = Organisation(slug=slug, name=name, kind=kind)
    session.add(organisation)
    session.commit()
    return organisation


def create_user(session: Session, email: str, password: str, role: Role, organisation: Organisation) -> User:
    """Create and commit an account.

    Raises:
        AccountError: duplicate e-mail or a password shorter than MIN_PASSWORD_LENGTH.
    """
    email = email.strip().lower()
    if "@" not in email:
        raise AccountError(f"{email!r} is not an e-mail address")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if find_user(session, email) is not None:
        raise AccountError(f"an account for {email} already exists")
    user = User(email=email, password_hash=hash_password(password), role=role, organisation=organisation)
    session.add(user)
    session.commit()
    return user


def find_user(session: Session, email: str) -> User | None:
    """The account with `email` (case-insensitive), if any."""
    return session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active account matching `email` and `password`, else None."""
    user = find_user(session, email)
    if user is None:
        _verify(_DUMMY_HASH, password)
        return None
    if not user.active or not _verify(user.password_hash, password):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        session.commit()
    return user


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash.removeprefix(UNCHOSEN_PREFIX), password)
    except (VerificationError, InvalidHashError):
        return False
