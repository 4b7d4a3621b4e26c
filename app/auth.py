"""Signing staff in and checking roles."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, abort
from flask_login import current_user, login_required

from surveys.models import Role, Survey, User

from .extensions import db, login_manager

F = TypeVar("F", bound=Callable[..., Any])


def init_app(app: Flask) -> None:
    """Connect Flask-Login to the account model."""

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        try:
            return db.session.get(User, int(user_id))
        except ValueError:
            return None


def roles_required(*roles: Role) -> Callable[[F], F]:
    """Allow the view only to signed-in users holding one of `roles`."""
    allowed = {r.value for r in roles}

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def can_see_survey(user: User, survey: Survey) -> bool:
    """Staff see their own organisation's surveys; police areas those of the municipalities they cover."""
    if survey.organisation_id == user.organisation_id:
        return True
    return any(m.id == survey.organisation_id for m in user.organisation.municipalities)


def require_survey_access(survey: Survey) -> None:
    """404 (not 403, to reveal nothing) when the user may not see `survey`."""
    if not can_see_survey(current_user, survey):
        abort(404)
