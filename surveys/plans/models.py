"""Plans built on a round's priorities: citizen pledges and action plans.

One model serves both kinds: sections of prose, measurable commitments
(`commitments.py`) with logged follow-up, comments during review and a saved
version for every change.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, Date, DateTime, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveys.database.base import Base, Translations, enum_column, utcnow

if TYPE_CHECKING:
    from surveys.accounts.models import User
    from surveys.organisations.models import Organisation
    from surveys.plans.commitment_models import Commitment


class PlanKind(StrEnum):
    PLEDGE = "pledge"
    ACTION_PLAN = "action_plan"


class PlanStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    PUBLISHED = "published"
    CLOSED = "closed"


class ResponsibleParty(StrEnum):
    POLICE = "police"
    MUNICIPALITY = "municipality"
    BOTH = "both"


plan_party = Table(
    "plan_party",
    Base.metadata,
    Column("plan_id", ForeignKey("plan.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True),
)


class Plan(Base):
    """A citizen pledge (medborgarlöfte) or action plan (åtgärdsplan) for a period."""

    __tablename__ = "plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[PlanKind] = mapped_column(enum_column(PlanKind, 20), default=PlanKind.PLEDGE)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    status: Mapped[PlanStatus] = mapped_column(enum_column(PlanStatus, 20), default=PlanStatus.DRAFT)
    title: Mapped[Translations] = mapped_column(default=dict)
    languages: Mapped[list[str]] = mapped_column(default=lambda: ["sv", "en"])
    # The organisation whose staff drafted the plan; the parties sign it.
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    # The round the plan is based on; kept as a label if the survey is deleted.
    survey_id: Mapped[int | None] = mapped_column(ForeignKey("survey.id", ondelete="SET NULL"), index=True)
    round_label: Mapped[str] = mapped_column(String(40), default="")
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    approved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # The steering group's decision behind the approval (minutes and paragraph).
    decision_reference: Mapped[str | None] = mapped_column(String(200), nullable=True)
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    organisation: Mapped[Organisation] = relationship()
    parties: Mapped[list[Organisation]] = relationship(secondary=plan_party, order_by="Organisation.name")
    approver: Mapped[User | None] = relationship(foreign_keys=[approved_by])
    sections: Mapped[list[PlanSection]] = relationship(
        back_populates="plan", order_by="PlanSection.position", cascade="all, delete-orphan"
    )
    commitments: Mapped[list[Commitment]] = relationship(
        back_populates="plan", order_by="Commitment.position", cascade="all, delete-orphan"
    )
    versions: Mapped[list[PlanVersion]] = relationship(
        back_populates="plan", order_by="PlanVersion.number", cascade="all, delete-orphan"
    )

    @property
    def plan_kind(self) -> PlanKind:
        """The kind as an enum member."""
        return PlanKind(self.kind)

    @property
    def plan_status(self) -> PlanStatus:
        """The status as an enum member."""
        return PlanStatus(self.status)

    def section(self, key: str) -> PlanSection | None:
        """The section with `key`, if any."""
        return next((s for s in self.sections if s.key == key), None)

    def __repr__(self) -> str:
        return f"<Plan {self.slug} {self.status}>"


class PlanSection(Base):
    """A part of the plan: problem picture, a priority area, implementation, …

    Area sections carry the theme and the figures the draft was written from, so the
    follow-up can compare a later round with what the plan was based on.
    """

    __tablename__ = "plan_section"
    __table_args__ = (UniqueConstraint("plan_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(60))
    position: Mapped[int] = mapped_column(Integer, default=0)
    theme: Mapped[str | None] = mapped_column(String(40))
    title: Mapped[Translations] = mapped_column(default=dict)
    body: Mapped[Translations] = mapped_column(default=dict)
    figures: Mapped[dict[str, Any]] = mapped_column(default=dict)

    plan: Mapped[Plan] = relationship(back_populates="sections")
    comments: Mapped[list[PlanComment]] = relationship(
        back_populates="section", order_by="PlanComment.id", cascade="all, delete-orphan"
    )
    commitments: Mapped[list[Commitment]] = relationship(
        back_populates="section", order_by="Commitment.position"
    )


class PlanComment(Base):
    """A reviewer's comment on one section."""

    __tablename__ = "plan_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("plan_section.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    section: Mapped[PlanSection] = relationship(back_populates="comments")
    user: Mapped[User | None] = relationship()


class PlanVersion(Base):
    """The whole plan as saved at one moment (a JSON snapshot), for history and comparison."""

    __tablename__ = "plan_version"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(300), default="")
    snapshot: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    plan: Mapped[Plan] = relationship(back_populates="versions")
    author: Mapped[User | None] = relationship()
