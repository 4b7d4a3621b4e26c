"""Single-use staff invitation links.

Only a hash of the token and a "used" flag are kept. There is deliberately no
column linking an invitation to the response it produced.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from surveys.database.base import Base
from surveys.localtime import today as local_today


class Invitation(Base):
    """One invitation link of a staff survey."""

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    used: Mapped[bool] = mapped_column(Boolean, default=False)
    created_on: Mapped[dt.date] = mapped_column(Date, default=local_today)
