"""Public pages: home, survey answering, privacy and accessibility statements."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from app.public import pages, pledges, views  # noqa: E402,F401  (routes register on import)
