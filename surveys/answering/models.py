"""Responses and answers. Anonymous by construction: no IP, device or time of day."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveys.database.base import Base, enum_column
from surveys.localtime import today as local_today

if TYPE_CHECKING:
    from surveys.authoring.models import Option, Question, Survey


class RespondentGroup(StrEnum):
    RESIDENT = "resident"
    STAFF = "staff"


class Channel(StrEnum):
    WEB = "web"
    PAPER = "paper"
    IMPORT = "import"
    INVITATION = "invitation"


class Response(Base):
    """One submitted questionnaire.

    `submission_key` is the SHA-256 of a random token embedded in the rendered
    form; it only exists to make retries idempotent and carries nothing about
    the person or device. Only the date is kept, never the time.
    """

    __tablename__ = "response"
    __table_args__ = (UniqueConstraint("survey_id", "submission_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    submission_key: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8), default="sv")
    respondent_group: Mapped[RespondentGroup] = mapped_column(
        enum_column(RespondentGroup, 20), default=RespondentGroup.RESIDENT
    )
    channel: Mapped[Channel] = mapped_column(enum_column(Channel, 20), default=Channel.WEB)
    area: Mapped[str | None] = mapped_column(String(64))
    submitted_on: Mapped[dt.date] = mapped_column(Date, default=local_today)

    survey: Mapped[Survey] = relationship()
    answers: Mapped[list[Answer]] = relationship(back_populates="response", cascade="all, delete-orphan")


class Answer(Base):
    """The answer to one question; multiple choice gives one row per option."""

    __tablename__ = "answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"), index=True)
    option_id: Mapped[int | None] = mapped_column(ForeignKey("option.id", ondelete="SET NULL"))
    number: Mapped[int | None] = mapped_column(Integer)
    # Raw free text is kept for roles allowed to see it; reviewers see the
    # redacted copy made at submission time.
    text: Mapped[str | None] = mapped_column(Text)
    text_redacted: Mapped[str | None] = mapped_column(Text)
    # Point questions: the place marked on the map (WGS 84), if the resident marked one.
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)

    response: Mapped[Response] = relationship(back_populates="answers")
    question: Mapped[Question] = relationship()
    option: Mapped[Option | None] = relationship()


class ResponseDraft(Base):
    """Answers of earlier pages of a multi-page survey, kept until submission.

    Keyed by the hash of a random token held in the resident's session cookie,
    so the same device can continue; deleted when the response is submitted.
    """

    __tablename__ = "response_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(8), default="sv")
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_on: Mapped[dt.date] = mapped_column(Date, default=local_today)
