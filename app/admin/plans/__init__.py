"""Citizen pledges and action plans: drafting, editing, approval, versions, tasks, follow-up, reminders."""

from flask import Blueprint

bp = Blueprint("plans", __name__)

from app.admin.plans import (  # noqa: E402,F401  (routes register on import)
    editing,
    followup,
    reminders,
    tasks,
    versions,
    views,
    working_groups,
)
