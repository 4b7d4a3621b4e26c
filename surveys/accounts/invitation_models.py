"""Invitations of colleagues to an organisation's accounts, pending until the owner sets a password.

An invitation is the inviting organisation's record of whom it invited, whatever became of
the address: for a new address the account is created with it (no usable password until the
link is used); for an address that already has an account in another organisation there
is no account of this organisation at all, and that account is left as it is. Both are
listed, answered and audited alike, so inviting tells nobody where an address has an account.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveys.accounts.roles import Role
from surveys.database.base import Base, enum_column, utcnow

if TYPE_CHECKING:
    from surveys.accounts.models import User
    from surveys.organisations.models import Organisation


class AccountInvitation(Base):
    """One address invited to one organisation."""

    __tablename__ = "account_invitation"
    __table_args__ = (UniqueConstraint("organisation_id", "email", name="uq_account_invitation_address"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[Role] = mapped_column(enum_column(Role, 20), default=Role.VIEWER)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    # The account created for the invitation; None while the address has none of this
    # organisation (not delivered yet, or the address belongs to another organisation).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship()
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
