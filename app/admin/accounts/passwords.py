"""Forgotten passwords and one-time links to set a password (invitation or reset)."""

from __future__ import annotations

from typing import Any

from flask import flash, make_response, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from app.admin.accounts import bp
from app.admin.accounts.forms import ForgotPasswordForm, SetPasswordForm
from app.extensions import db, limiter
from app.jobs import enqueue
from app.mail import mail_configured
from surveys.accounts.links import PasswordTooShort, TokenInvalid, check, redeem, request_reset

RESET_JOB = "app.account_jobs:send_reset_link_job"
OWNER_RESET_JOB = "app.account_jobs:send_owner_reset_job"
FORGOT_LIMIT = "10 per 10 minutes"


def _private(body: Any, status: int = 200) -> Any:
    """A page carrying a one-time token in its address: never cached."""
    response = make_response(body, status)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(FORGOT_LIMIT, methods=["POST"])
def forgot_password() -> Any:
    """Ask for a reset link; the answer is the same whether or not the address has an account."""
    form = ForgotPasswordForm()
    if not form.validate_on_submit():
        status = 422 if form.errors else 200
        return render_template("admin/forgot_password.html", form=form), status
    email = form.email.data or ""
    request_reset(db.session, email)  # audited either way
    if mail_configured():
        # Queued for known and unknown addresses alike; the job looks the account up, issues
        # the token and mails it, so both answers do the same work and take the same time.
        enqueue(RESET_JOB, email.strip().lower(), str(get_locale() or "sv"))
    return render_template("admin/forgot_password_sent.html")


@bp.route("/set-password/<token>", methods=["GET", "POST"])
def set_password(token: str) -> Any:
    """Choose a password with an invitation or reset link; the link then stops working."""
    try:
        stored = check(db.session, token)
    except TokenInvalid:
        return _private(render_template("admin/link_invalid.html"), 410)
    purpose, email = stored.purpose, stored.user.email
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            redeem(db.session, token, form.password.data or "")
        except TokenInvalid:
            return _private(render_template("admin/link_invalid.html"), 410)
        except PasswordTooShort:
            form.password.errors = [_("The password is too short.")]
        else:
            flash(_("Your password has been set. You can sign in now."), "success")
            return redirect(url_for("admin.accounts.login"))
    page = render_template("admin/set_password.html", form=form, purpose=purpose, email=email)
    return _private(page, 422 if form.errors else 200)
