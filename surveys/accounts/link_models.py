"""One-time links for staff accounts: invitations and password resets.

Only the SHA-256 of a token is stored. A token is used once, expires, and using
one makes the account's other open tokens void.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveys.database.base import Base, enum_column, utcnow

if TYPE_CHECKING:
    from surveys.accounts.models import User


class TokenPurpose(StrEnum):
    INVITE = "invite"
    RESET = "reset"


class AccountToken(Base):
    """A hashed single-use token that lets its holder set the account's password."""

    __tablename__ = "account_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[TokenPurpose] = mapped_column(enum_column(TokenPurpose, 10))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship()
