"""Measurable commitments of a plan and the activities logged against them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveys.database.base import Base, Translations, enum_column, utcnow
from surveys.plans.models import ResponsibleParty

if TYPE_CHECKING:
    from surveys.accounts.models import User
    from surveys.plans.models import Plan, PlanSection
    from surveys.plans.working_group_models import WorkingGroup


class Commitment(Base):
    """'The police carry out at least 3 traffic operations per year': what, how many, who.

    `target_count` repeats per `frequency` ("period", "year", "quarter", "month", "week");
    None means no measurable target yet, which the interface flags.
    """

    __tablename__ = "commitment"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_section.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    theme: Mapped[str | None] = mapped_column(String(40))
    template_code: Mapped[str | None] = mapped_column(String(60))
    text: Mapped[Translations] = mapped_column(default=dict)
    target_count: Mapped[int | None] = mapped_column(Integer)
    frequency: Mapped[str] = mapped_column(String(10), default="period")
    unit: Mapped[Translations] = mapped_column(default=dict)  # plural: "gemensamma tillsyner"
    unit_one: Mapped[Translations] = mapped_column(default=dict, server_default="{}")  # "gemensam tillsyn"
    responsible: Mapped[ResponsibleParty] = mapped_column(
        enum_column(ResponsibleParty, 20), default=ResponsibleParty.BOTH
    )
    partners: Mapped[list[str]] = mapped_column(default=list)
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    # Action plans: the working group that carries out the task and where it is done.
    working_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("working_group.id", ondelete="SET NULL"), index=True, nullable=True
    )
    place: Mapped[str | None] = mapped_column(String(200), nullable=True)
    # The follow-up's written word on the commitment: kept or not, why, what comes next.
    assessment: Mapped[Translations] = mapped_column(default=dict, server_default="{}")
    assessed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)

    plan: Mapped[Plan] = relationship(back_populates="commitments")
    working_group: Mapped[WorkingGroup | None] = relationship(back_populates="tasks")
    section: Mapped[PlanSection | None] = relationship(back_populates="commitments")
    activities: Mapped[list[Activity]] = relationship(
        back_populates="commitment", order_by="Activity.done_on", cascade="all, delete-orphan"
    )

    @property
    def done_count(self) -> int:
        """The sum of the counts of logged activities."""
        return sum(a.count for a in self.activities)


class Activity(Base):
    """Something done towards a commitment: when, what, how many, where and by whom."""

    __tablename__ = "plan_activity"

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitment.id", ondelete="CASCADE"), index=True)
    done_on: Mapped[dt.date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text)
    count: Mapped[int] = mapped_column(Integer, default=1)
    place: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    performed_by: Mapped[str] = mapped_column(String(200), default="")
    logged_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    commitment: Mapped[Commitment] = relationship(back_populates="activities")
    logger: Mapped[User | None] = relationship()
