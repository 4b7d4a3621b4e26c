"""The audit log for administrators."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from surveys.models import Role
from surveys.services.audit import recent_events

from ..auth import roles_required
from ..extensions import db
from . import bp


@bp.get("/audit")
@roles_required(Role.ADMIN)
def audit_log() -> str:
    """Newest audited actions of the administrator's organisation(s)."""
    organisation = current_user.organisation
    ids = [organisation.id, *(m.id for m in organisation.municipalities)]
    return render_template("admin/audit.html", events=recent_events(db.session, ids))
