"""Insights of a round: breakdowns, priorities and the situation picture (lägesbild)."""

from flask import Blueprint

bp = Blueprint("insights", __name__)

from app.admin.insights import (  # noqa: E402,F401  (routes register on import)
    priorities,
    report,
    views,
)
