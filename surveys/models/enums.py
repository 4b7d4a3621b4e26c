"""Closed vocabularies used by the models.

Stored as plain strings (not native database enums) so SQLite and PostgreSQL
share one schema and adding a value needs no type migration.
"""

from __future__ import annotations

from enum import StrEnum


class OrganisationKind(StrEnum):
    MUNICIPALITY = "municipality"
    POLICE_AREA = "police_area"


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


class RespondentGroup(StrEnum):
    RESIDENT = "resident"
    STAFF = "staff"


class Channel(StrEnum):
    WEB = "web"
    PAPER = "paper"
    IMPORT = "import"
    INVITATION = "invitation"


class RunStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
