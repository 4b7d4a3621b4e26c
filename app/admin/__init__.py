"""Staff area: one blueprint per area of the domain, under /admin.

Each area package (accounts, surveys, review, insights, plans, incidents, maps) holds its
views and forms; lookups and role sets that several areas need live in `app.admin.common`.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, request, url_for
from flask_login import current_user

from surveys.accounts.models import Role

bp = Blueprint("admin", __name__)

# What a partner reporter may open of the staff area.
REPORTER_ENDPOINTS = frozenset(
    {
        "admin.incidents.incident_new",
        "admin.incidents.my_reports",
        "admin.incidents.incident_edit",
        "admin.accounts.login",
        "admin.accounts.logout",
        "admin.accounts.forgot_password",
        "admin.accounts.set_password",
    }
)


@bp.before_request
def keep_reporters_to_incidents() -> Any:
    """Reporters (partner staff) see the incident form and nothing else of the staff area."""
    if request.endpoint in REPORTER_ENDPOINTS or not current_user.is_authenticated:
        return None
    if current_user.role == Role.REPORTER:
        if request.endpoint == "admin.surveys.index":
            return redirect(url_for("admin.incidents.my_reports"))
        abort(403)
    return None


def _register_areas() -> None:
    from app.admin import accounts, incidents, insights, maps, plans, review, surveys

    for area in (accounts, surveys, review, insights, plans, incidents, maps):
        bp.register_blueprint(area.bp)


def landing_url(user: Any) -> str:
    """Where a role starts after signing in: what awaits it, not a general list.

    Reporters start on their own reports, the steering group on the plans (what awaits its
    approval); everyone else on the surveys.
    """
    if user.role == Role.REPORTER:
        return url_for("admin.incidents.my_reports")
    if user.role == Role.STEERING_GROUP:
        return url_for("admin.plans.plan_list")
    return url_for("admin.surveys.index")


_register_areas()
