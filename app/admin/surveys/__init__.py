"""Surveys: the list, authoring, questions, distribution, files in and out, retention."""

from flask import Blueprint

bp = Blueprint("surveys", __name__)

from app.admin.surveys import (  # noqa: E402,F401  (routes register on import)
    authoring,
    distribution,
    documents,
    questions,
    retention,
    transfer,
    translations,
    views,
)
