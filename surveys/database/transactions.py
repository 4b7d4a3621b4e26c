"""The one rule for a service's transaction: it commits its own work, and a failure leaves nothing.

A domain service is called with the session as its first argument and commits before it
returns. Decorated with `transactional`, any exception it raises (a domain error such as
PlanInvalid, or a database error) first rolls the session back, so the caller — a view, a
job, a command — gets a clean session and only has to turn the error into a message.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy import text
from sqlalchemy.orm import Session

P = ParamSpec("P")
R = TypeVar("R")


def transactional(service: Callable[Concatenate[Session, P], R]) -> Callable[Concatenate[Session, P], R]:
    """Roll `session` back and re-raise when `service(session, ...)` raises."""

    @functools.wraps(service)
    def run(session: Session, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return service(session, *args, **kwargs)
        except BaseException:
            session.rollback()
            raise

    return run


@transactional
def _select_one(session: Session) -> None:
    session.execute(text("SELECT 1"))


def database_reachable(session: Session) -> bool:
    """Whether the database answers a trivial query; the session is left clean either way."""
    try:
        _select_one(session)
    except Exception:  # noqa: BLE001 - any failure means "unreachable"
        return False
    return True
