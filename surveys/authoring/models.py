"""Surveys, their questions and answer options."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveys.database.base import FALLBACK_LANGUAGE, Base, Translations, enum_column, localized

if TYPE_CHECKING:
    from surveys.organisations.models import Organisation


class SurveyKind(StrEnum):
    CITIZEN_DIALOGUE = "citizen_dialogue"
    STAFF_DIALOGUE = "staff_dialogue"
    QUESTIONNAIRE = "questionnaire"


class SurveyStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class QuestionType(StrEnum):
    FREE_TEXT = "free_text"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    SCALE = "scale"
    AREA = "area"
    DEMOGRAPHIC = "demographic"
    # A place on a map ("where do you feel unsafe?") with an optional comment.
    POINT = "point"

    @property
    def has_options(self) -> bool:
        """Whether answers pick from the question's options."""
        return self in {
            QuestionType.SINGLE_CHOICE,
            QuestionType.MULTIPLE_CHOICE,
            QuestionType.AREA,
            QuestionType.DEMOGRAPHIC,
        }


class QuestionPurpose(StrEnum):
    """What a free-text question asks about, which decides how its answers are analysed."""

    PROBLEMS = "problems"  # counted in problem areas, priorities, the lägesbild and pledges
    STRENGTHS = "strengths"  # what works, what makes people feel safe: grouped, never counted as problems
    PLACES = "places"  # where: matched to the survey's areas and shown with the places
    OTHER = "other"  # grouped and shown, not counted

    @property
    def counts_as_problems(self) -> bool:
        """Whether answers to such a question are counted as problems."""
        return self is QuestionPurpose.PROBLEMS


class Survey(Base):
    """A survey round: citizen dialogue, staff dialogue or safety questionnaire."""

    __tablename__ = "survey"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[SurveyKind] = mapped_column(enum_column(SurveyKind, 30), default=SurveyKind.CITIZEN_DIALOGUE)
    status: Mapped[SurveyStatus] = mapped_column(enum_column(SurveyStatus, 10), default=SurveyStatus.DRAFT)
    # Surveys of one series are successive rounds of the same dialogue; the
    # round label ("2026", "2026 H1") names the period a round belongs to.
    series: Mapped[str] = mapped_column(String(80), index=True)
    round_label: Mapped[str] = mapped_column(String(40), default="")
    opens_on: Mapped[dt.date | None] = mapped_column(Date)
    closes_on: Mapped[dt.date | None] = mapped_column(Date)
    languages: Mapped[list[str]] = mapped_column(default=lambda: [FALLBACK_LANGUAGE])
    title: Mapped[Translations] = mapped_column(default=dict)
    intro: Mapped[Translations] = mapped_column(default=dict)
    # Staff dialogues are answered through single-use staff links. An official may open one to
    # everyone instead: then it is listed publicly and its web answers count as residents'.
    open_to_everyone: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The survey's own wording of the interface texts residents read, language -> key -> text
    # (surveys/authoring/resident_texts.py); a text not given here comes from the shipped catalogue.
    resident_texts: Mapped[dict[str, dict[str, str]]] = mapped_column(JSON, default=dict, server_default="{}")
    # Days after `closes_on` that raw free text is kept; then only the redacted copy remains.
    raw_text_retention_days: Mapped[int | None] = mapped_column(Integer)

    organisation: Mapped[Organisation] = relationship(back_populates="surveys")
    questions: Mapped[list[Question]] = relationship(
        back_populates="survey", order_by="Question.position", cascade="all, delete-orphan"
    )

    def title_in(self, language: str) -> str:
        """Title in `language` with Swedish fallback."""
        return localized(self.title, language)

    def intro_in(self, language: str) -> str:
        """Introduction in `language` with Swedish fallback."""
        return localized(self.intro, language)

    def offers(self, language: str) -> bool:
        """Whether residents can answer in `language`."""
        return language in (self.languages or [])

    @property
    def page_count(self) -> int:
        """Number of pages a resident steps through."""
        return max((q.page for q in self.questions), default=1)

    def questions_on(self, page: int) -> list[Question]:
        """Questions shown on `page` (1-based), in order."""
        return [q for q in self.questions if q.page == page]

    def __repr__(self) -> str:
        return f"<Survey {self.slug} {self.status}>"


class Question(Base):
    """One question of a survey; `key` keeps its identity across rounds."""

    __tablename__ = "question"
    __table_args__ = (UniqueConstraint("survey_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    type: Mapped[QuestionType] = mapped_column(enum_column(QuestionType, 20), default=QuestionType.FREE_TEXT)
    position: Mapped[int] = mapped_column(Integer, default=0)
    page: Mapped[int] = mapped_column(Integer, default=1)
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    text: Mapped[Translations] = mapped_column(default=dict)
    help: Mapped[Translations] = mapped_column(default=dict)
    # For scale questions: labels of the two ends, e.g. {"sv": "Mycket otrygg"}.
    scale_min_label: Mapped[Translations] = mapped_column(default=dict)
    scale_max_label: Mapped[Translations] = mapped_column(default=dict)
    # For free-text questions: what the answers are about (see QuestionPurpose).
    purpose: Mapped[QuestionPurpose] = mapped_column(
        enum_column(QuestionPurpose, 20), default=QuestionPurpose.PROBLEMS, server_default="problems"
    )

    survey: Mapped[Survey] = relationship(back_populates="questions")
    options: Mapped[list[Option]] = relationship(
        back_populates="question", order_by="Option.position", cascade="all, delete-orphan"
    )

    @property
    def question_type(self) -> QuestionType:
        """The question type as an enum member."""
        return QuestionType(self.type)

    @property
    def question_purpose(self) -> QuestionPurpose:
        """The purpose as an enum member (problems for anything unknown)."""
        return QuestionPurpose(self.purpose or QuestionPurpose.PROBLEMS)

    def text_in(self, language: str) -> str:
        """Question text in `language` with Swedish fallback."""
        return localized(self.text, language)

    def help_in(self, language: str) -> str:
        """Help text in `language` with Swedish fallback."""
        return localized(self.help, language)

    def option_by_value(self, value: str) -> Option | None:
        """The option whose stored value is `value`, if any."""
        return next((o for o in self.options if o.value == value), None)


class Option(Base):
    """A choice of a single/multiple-choice, area or demographic question."""

    __tablename__ = "option"
    __table_args__ = (UniqueConstraint("question_id", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"), index=True)
    value: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer, default=0)
    label: Mapped[Translations] = mapped_column(default=dict)

    question: Mapped[Question] = relationship(back_populates="options")

    def label_in(self, language: str) -> str:
        """Option label in `language` with Swedish fallback."""
        return localized(self.label, language)
