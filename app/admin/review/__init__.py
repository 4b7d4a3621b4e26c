"""Reviewing an analysis: problem areas, clusters and the actions that correct them."""

from flask import Blueprint

bp = Blueprint("review", __name__)

from app.admin.review import (  # noqa: E402,F401  (routes register on import)
    views,
)
