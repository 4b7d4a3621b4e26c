"""Staff area: sign-in, surveys and their analysis."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from . import analysis_views, session_views, survey_views  # noqa: E402,F401
