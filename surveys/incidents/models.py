"""Incidents partners report between surveys, and the coordinator's assessment of each period."""

from __future__ import annotations

import datetime as dt
from enum import IntEnum, StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveys.database.base import Base, UtcInstant, enum_column, utcnow

if TYPE_CHECKING:
    from surveys.accounts.models import User

DESCRIPTION_MAX = 1000


class IncidentType(StrEnum):
    FIRE = "fire"
    VANDALISM = "vandalism"
    THREAT = "threat"
    DRUG_RELATED = "drug_related"
    YOUTH_GATHERING = "youth_gathering"
    DISORDER = "disorder"
    THEFT = "theft"
    OTHER = "other"


class Severity(IntEnum):
    MINOR = 1
    SERIOUS = 2
    VERY_SERIOUS = 3


class Incident(Base):
    """Something a partner saw happen: when, where, what, how serious; no personal details."""

    __tablename__ = "incident"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    reported_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True
    )
    # When it happened: an instant, stored as naive UTC and read back aware in UTC (`UtcInstant`).
    # Reporters enter and read it in the installation's local time (`surveys.localtime`); it is
    # converted at the edges, so that a day, week or month is always a local one.
    occurred_at: Mapped[dt.datetime] = mapped_column(UtcInstant, index=True)
    area: Mapped[str] = mapped_column(String(64), default="")
    place: Mapped[str] = mapped_column(String(200), default="")
    # Set later from a map point; both or neither.
    latitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    longitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    category: Mapped[str] = mapped_column(String(40))
    incident_type: Mapped[IncidentType] = mapped_column(enum_column(IncidentType, 20))
    # The raw text stays for admins; everyone else sees the redacted one.
    description_raw: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    severity: Mapped[int] = mapped_column(Integer, default=Severity.MINOR.value)
    source: Mapped[str] = mapped_column(String(10), default="form")
    # When the report was stored: naive UTC, as every other timestamp column (`utcnow`).
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    reported_by: Mapped[User | None] = relationship()


class PeriodAssessment(Base):
    """The coordinator's written assessment of one week, month or quarter."""

    __tablename__ = "period_assessment"
    __table_args__ = (UniqueConstraint("organisation_id", "period_kind", "period_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    period_kind: Mapped[str] = mapped_column(String(10))
    period_start: Mapped[dt.date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True
    )
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    updated_by: Mapped[User | None] = relationship()
