"""Signing staff in and checking roles."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, abort, session
from flask_login import current_user, login_required, user_logged_in
from flask_login.utils import _user_context_processor

from app.extensions import db, login_manager
from app.sessions import STAFF_IDLE_TIMEOUT
from surveys.accounts.models import Role, User
from surveys.authoring.models import Survey

SEEN_KEY = "_seen"

F = TypeVar("F", bound=Callable[..., Any])


def init_app(app: Flask) -> None:
    """Connect Flask-Login to the account model."""

    # Flask-Login's own context processor loads the user on every page, which runs
    # session protection on residents' sessions and sends them a cookie-clearing header.
    # Templates get the lazy proxy instead: only staff pages ever touch it.
    processors = app.template_context_processors[None]
    processors[:] = [p for p in processors if p is not _user_context_processor]
    app.context_processor(lambda: {"current_user": current_user})

    @user_logged_in.connect_via(app)
    def mark_seen_at_login(sender: Flask, user: User, **extra: Any) -> None:
        # The cookie set by the sign-in response must carry the mark too, or the server's idle
        # check would be skipped for a cookie replayed without any later request.
        session[SEEN_KEY] = int(time.time())

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        ident, _, version = user_id.partition(":")
        try:
            user = db.session.get(User, int(ident))
        except ValueError:
            return None
        if user is None or str(user.session_version or 1) != version or _idle_too_long():
            return None
        session[SEEN_KEY] = int(time.time())
        return user


def _idle_too_long() -> bool:
    """Whether the staff session has been idle past the timeout (checked on the server too)."""
    seen = session.get(SEEN_KEY)
    if seen is not None and time.time() - float(seen) > STAFF_IDLE_TIMEOUT.total_seconds():
        session.clear()
        return True
    return False


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
