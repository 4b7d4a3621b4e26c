"""Errors raised by survey services; the web layer maps them to pages."""

from __future__ import annotations


class SurveyError(Exception):
    """Base class for survey domain errors."""


class SurveyNotFound(SurveyError):
    """No survey with that slug."""


class SurveyNotOpen(SurveyError):
    """The survey does not accept answers now (draft, closed, not yet open)."""

    def __init__(self, state: str) -> None:
        super().__init__(state)
        self.state = state


class InvalidAnswers(SurveyError):
    """Submitted values do not fit the questions.

    `errors` maps question id to a short machine-readable reason such as
    ``"required"``, ``"too_long"`` or ``"invalid_choice"``.
    """

    def __init__(self, errors: dict[int, str]) -> None:
        super().__init__(", ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors
