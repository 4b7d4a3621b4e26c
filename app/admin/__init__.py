"""Staff area: sign-in, surveys and their analysis."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from app.admin import (  # noqa: E402,F401  (routes register on import)
    account_views,
    analysis_views,
    audit_views,
    authoring_views,
    distribution_views,
    incident_views,
    map_views,
    password_views,
    periodic_views,
    plan_edit_views,
    plan_followup_views,
    plan_task_views,
    plan_version_views,
    plan_views,
    priority_views,
    question_views,
    reminder_views,
    report_views,
    retention_views,
    session_views,
    situation_views,
    survey_views,
    transfer_views,
    working_group_views,
)
