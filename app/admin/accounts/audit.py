"""The audit log for administrators."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from app.admin.accounts import bp
from app.auth import roles_required
from app.extensions import db
from surveys.accounts.models import Role
from surveys.audit.log import recent_events


@bp.get("/audit")
@roles_required(Role.ADMIN)
def audit_log() -> str:
    """Newest audited actions of the administrator's organisation(s)."""
    organisation = current_user.organisation
    ids = [organisation.id, *(m.id for m in organisation.municipalities)]
    return render_template("admin/audit.html", events=recent_events(db.session, ids))
