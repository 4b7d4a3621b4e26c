"""Area outlines and the maps of the situation picture."""

from flask import Blueprint

bp = Blueprint("maps", __name__)

from app.admin.maps import (  # noqa: E402,F401  (routes register on import)
    views,
)
