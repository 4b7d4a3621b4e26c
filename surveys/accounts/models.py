"""Staff accounts of municipalities and police areas."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveys.accounts.roles import Role as Role  # defined without SQLAlchemy, for the CLI
from surveys.database.base import Base, enum_column

if TYPE_CHECKING:
    from surveys.organisations.models import Organisation


class User(Base):
    """A person who signs in to build surveys, review answers or approve pledges."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role, 20), default=Role.VIEWER)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Part of every session cookie; bumping it (sign-out, new password) revokes all sessions.
    session_version: Mapped[int] = mapped_column(Integer, default=1)

    organisation: Mapped[Organisation] = relationship()

    # Flask-Login protocol, implemented here so the model needs no Flask import.
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        # Flask-Login stores this in the session: a cookie from before the last sign-out or
        # password change carries an old version and no longer loads the user.
        return f"{self.id}:{self.session_version or 1}"
