"""Errors raised by the plan services; the web layer turns them into messages."""

from __future__ import annotations


class PlanError(Exception):
    """Base class of plan errors."""


class PlanNotAllowed(PlanError):
    """The user's role may not do this to a plan."""


class PlanStateError(PlanError):
    """The plan's status does not allow this (e.g. editing an approved plan)."""


class PlanInvalid(PlanError):
    """The submitted values do not make a valid plan or commitment."""


class PlanHasPlaceholders(PlanError):
    """The plan cannot be approved or published while template placeholders are left in its text."""

    def __init__(self, placeholders: tuple[str, ...]) -> None:
        super().__init__(", ".join(placeholders))
        self.placeholders = placeholders
