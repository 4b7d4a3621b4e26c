"""Error pages in the visitor's language; never a stack trace."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, g, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from app.extensions import db

log = logging.getLogger(__name__)

# Form fields never echoed back on the "try again" page; nor is any field whose name holds one
# of SECRET_PARTS (a staff member's password must never be written into a page).
NOT_REPOSTED = {"action"}
SECRET_PARTS = ("password", "confirm", "secret")


def _reposted(name: str) -> bool:
    lowered = name.lower()
    return name not in NOT_REPOSTED and not any(part in lowered for part in SECRET_PARTS)


# Heading and explanation of each error page without a template of its own.
GENERIC_PAGES = {
    400: (
        _l("The request could not be understood"),
        _l("Something in the address or the form was not as expected. Go back and try again."),
    ),
    403: (
        _l("You do not have access to this page"),
        _l("Your account is not allowed to see this page. Ask your administrator if you need access."),
    ),
    405: (
        _l("This page cannot be used that way"),
        _l(
            "The page does not accept what your browser sent. "
            "Go back and use the links and buttons on the page."
        ),
    ),
    410: (
        _l("This page has been removed"),
        _l("What was here is no longer available."),
    ),
    503: (
        _l("The service is not available just now"),
        _l("The service is temporarily unavailable. Please try again in a moment."),
    ),
}


def staff_signed_in(*, may_query: bool = True) -> bool:
    """Whether a staff member is signed in, without failing on an error page.

    With `may_query` false the database is not asked (it may be what failed): only a
    user already loaded for this request counts.
    """
    if not may_query and "_login_user" not in g:
        return False
    try:
        return bool(current_user.is_authenticated)
    except Exception:  # noqa: BLE001 - an error page must render whatever is broken
        log.debug("could not tell whether a user is signed in", exc_info=True)
        return False


def render_error(template: str, status: int, *, may_query: bool = True, **context: object) -> tuple[str, int]:
    """An error page in the site layout, with a way back."""
    return render_template(template, staff_signed_in=staff_signed_in(may_query=may_query), **context), status


def init_app(app: Flask) -> None:
    """Register error handlers."""

    def generic(error: HTTPException) -> tuple[str, int]:
        heading, explanation = GENERIC_PAGES[error.code or 400]
        return render_error("errors/error.html", error.code or 400, heading=heading, explanation=explanation)

    for code in GENERIC_PAGES:
        app.register_error_handler(code, generic)

    @app.errorhandler(404)
    def not_found(error: HTTPException) -> tuple[str, int]:
        return render_error("errors/404.html", 404)

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(error: HTTPException) -> tuple[str, int]:
        limit_mb = (app.config.get("MAX_CONTENT_LENGTH") or 0) // (1024 * 1024)
        return render_error("errors/413.html", 413, limit_mb=limit_mb)

    @app.errorhandler(429)
    def too_many(error: HTTPException) -> tuple[str, int]:
        resident = (request.blueprint or "").startswith("public")
        return render_error("errors/429.html", 429, resident=resident)

    @app.errorhandler(CSRFError)
    def csrf_failed(error: CSRFError) -> tuple[str, int]:
        return render_error("errors/csrf.html", 400)

    @app.errorhandler(OperationalError)
    @app.errorhandler(DBAPIError)
    def database_unavailable(error: Exception) -> Any:
        # The database went away: drop the broken transaction and, for a form
        # post, hand the answers back so that "try again" resubmits them as they
        # were (the submission token makes the retry idempotent).
        log.warning("database unavailable: %s", type(error).__name__)
        try:
            db.session.rollback()
        except Exception:  # noqa: BLE001 - the connection is already gone
            log.debug("rollback after database error failed", exc_info=True)
        fields = []
        if request.method == "POST":
            fields = [(k, v) for k in request.form for v in request.form.getlist(k) if _reposted(k)]
        page, status = render_error("errors/503.html", 503, may_query=False, fields=fields)
        response = make_response(page, status)
        # The page may hold a resident's typed answers: never kept in a cache.
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.errorhandler(500)
    def server_error(error: Exception) -> tuple[str, int]:
        return render_error("errors/500.html", 500, may_query=False)
