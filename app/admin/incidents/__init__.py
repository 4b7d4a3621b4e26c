"""Incident reports and the weekly to quarterly situation pictures drawn from them."""

from flask import Blueprint

bp = Blueprint("incidents", __name__)

from app.admin.incidents import (  # noqa: E402,F401  (routes register on import)
    periodic,
    views,
)
