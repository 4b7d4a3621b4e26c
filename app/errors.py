"""Error pages in the visitor's language; never a stack trace."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, make_response, render_template, request
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


def init_app(app: Flask) -> None:
    """Register error handlers."""

    @app.errorhandler(404)
    def not_found(error: HTTPException) -> tuple[str, int]:
        return render_template("errors/404.html"), 404

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(error: HTTPException) -> tuple[str, int]:
        limit_mb = (app.config.get("MAX_CONTENT_LENGTH") or 0) // (1024 * 1024)
        return render_template("errors/413.html", limit_mb=limit_mb), 413

    @app.errorhandler(429)
    def too_many(error: HTTPException) -> tuple[str, int]:
        resident = (request.blueprint or "").startswith("public")
        return render_template("errors/429.html", resident=resident), 429

    @app.errorhandler(CSRFError)
    def csrf_failed(error: CSRFError) -> tuple[str, int]:
        return render_template("errors/csrf.html"), 400

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
        response = make_response(render_template("errors/503.html", fields=fields), 503)
        # The page may hold a resident's typed answers: never kept in a cache.
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.errorhandler(500)
    def server_error(error: Exception) -> tuple[str, int]:
        return render_template("errors/500.html"), 500
