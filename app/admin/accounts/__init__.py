"""Staff accounts: sign-in, passwords, invitations, roles and the audit log."""

from flask import Blueprint

bp = Blueprint("accounts", __name__)

from app.admin.accounts import (  # noqa: E402,F401  (routes register on import)
    audit,
    passwords,
    public_info,
    session,
    views,
)
