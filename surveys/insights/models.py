"""Indicator statistics and saved priority lists for a round's situation picture."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveys.database.base import Base, utcnow


class IndicatorValue(Base):
    """One figure from another source, e.g. reported crimes per category and area."""

    __tablename__ = "indicator_value"
    __table_args__ = (UniqueConstraint("organisation_id", "period", "area", "indicator"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    period: Mapped[str] = mapped_column(String(20))
    area: Mapped[str] = mapped_column(String(64), default="")
    indicator: Mapped[str] = mapped_column(String(200))
    theme: Mapped[str | None] = mapped_column(String(40))
    value: Mapped[float] = mapped_column(Float)


class PriorityList(Base):
    """The ranked priority areas decided for one round (the input to pledges)."""

    __tablename__ = "priority_list"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    round_label: Mapped[str] = mapped_column(String(40), default="")
    weights: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    items: Mapped[list[PriorityItem]] = relationship(
        back_populates="priority_list", order_by="PriorityItem.rank", cascade="all, delete-orphan"
    )


class PriorityItem(Base):
    """One ranked area of a saved priority list, with the parts of its score."""

    __tablename__ = "priority_item"
    __table_args__ = (UniqueConstraint("priority_list_id", "theme"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    priority_list_id: Mapped[int] = mapped_column(
        ForeignKey("priority_list.id", ondelete="CASCADE"), index=True
    )
    theme: Mapped[str] = mapped_column(String(40))
    rank: Mapped[int] = mapped_column(Integer)
    computed_rank: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)
    parts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    evidence: Mapped[dict[str, Any]] = mapped_column(default=dict)
    override_reason: Mapped[str] = mapped_column(Text, default="")

    priority_list: Mapped[PriorityList] = relationship(back_populates="items")
