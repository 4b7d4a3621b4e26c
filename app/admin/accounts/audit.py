"""The audit log for administrators."""

from __future__ import annotations

from flask import render_template
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.admin.accounts import bp
from app.auth import roles_required
from app.extensions import db
from surveys.accounts.models import Role
from surveys.audit.log import event_authors, recent_events

# What each recorded action code means, for people reading the log.
ACTION_LABELS = {
    "login": _l("Signed in"),
    "login_failed": _l("Failed sign-in"),
    "logout": _l("Signed out"),
    "password_set": _l("Password set"),
    "password_reset_requested": _l("Password reset requested"),
    "invite": _l("Invitation sent"),
    "invite_elsewhere": _l("Another organisation tried to invite the account"),
    "role_change": _l("Role changed"),
    "export_responses": _l("Answers exported"),
    "export_raw_text": _l("Answers exported with unredacted text"),
    "retention_set": _l("Retention period set"),
    "raw_text_purged": _l("Unredacted text deleted"),
    "incident_corrected": _l("Incident report corrected"),
    "plan_submit": _l("Plan sent for review"),
    "plan_return": _l("Plan returned for changes"),
    "plan_approve": _l("Plan approved"),
    "plan_publish": _l("Plan published"),
    "plan_reopen": _l("Plan reopened"),
    "plan_close": _l("Plan closed"),
    "plan_task_assigned": _l("Task assigned"),
    "commitment_assessed": _l("Commitment assessed in the follow-up"),
}


@bp.get("/audit")
@roles_required(Role.ADMIN)
def audit_log() -> str:
    """Newest audited actions of the administrator's organisation(s)."""
    organisation = current_user.organisation
    ids = [organisation.id, *(m.id for m in organisation.municipalities)]
    events = recent_events(db.session, ids)
    return render_template(
        "admin/audit.html",
        events=events,
        authors=event_authors(db.session, events),
        action_labels=ACTION_LABELS,
    )
