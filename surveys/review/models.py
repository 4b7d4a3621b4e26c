"""Human review of analysed answers: named topics, per-answer decisions and an action log.

Decisions are stored per answer, apart from any analysis run, so that a new run
keeps them and only places answers nobody has reviewed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from surveys.database.base import Base, utcnow


class Topic(Base):
    """A concern officials have named (by renaming, merging, splitting or moving)."""

    __tablename__ = "topic"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    theme: Mapped[str | None] = mapped_column(String(40))


class AnswerReview(Base):
    """What officials decided about one answer; None means 'left to the analysis'."""

    __tablename__ = "answer_review"

    answer_id: Mapped[int] = mapped_column(ForeignKey("answer.id", ondelete="CASCADE"), primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topic.id", ondelete="SET NULL"))
    themes: Mapped[list[str] | None] = mapped_column()
    flag: Mapped[str | None] = mapped_column(String(20))  # "irrelevant" or "abusive"
    # A reviewer approved the answer for quoting in reports, pledges and the public page.
    quote_approved: Mapped[bool | None] = mapped_column(Boolean, nullable=True)


class ReviewAction(Base):
    """One change made by an official, with what it replaced so it can be undone."""

    __tablename__ = "review_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(30))
    summary: Mapped[str] = mapped_column(String(300), default="")
    # {"answers": {answer_id: previous review state or None}, "topics": {topic_id: previous name}}
    before: Mapped[dict[str, Any]] = mapped_column(default=dict)
    undone: Mapped[int] = mapped_column(Integer, default=0)
