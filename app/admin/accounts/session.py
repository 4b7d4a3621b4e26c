"""Sign in and out."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_user, logout_user

from app.admin import landing_url
from app.admin.accounts import bp
from app.admin.accounts.forms import LoginForm
from app.extensions import db, limiter
from app.redirects import safe_next
from surveys.accounts.passwords import authenticate, find_user
from surveys.audit.log import record

# Failed sign-ins only. Per client address (the real one, read from the trusted proxy hop),
# per account from one address, and per account from anywhere. The last only slows guessing
# down: a stranger failing with a colleague's address can delay their sign-in by seconds,
# never lock them out.
LOGIN_LIMIT_PER_ADDRESS = "20 per 10 minutes"
LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS = "5 per 10 minutes"
LOGIN_LIMIT_PER_ACCOUNT = "3 per 5 seconds"


def _login_email() -> str:
    return "login:" + (request.form.get("email") or "").strip().lower()


def _login_email_and_address() -> str:
    return _login_email() + "|" + get_remote_address()


def _failed(response: Any) -> bool:
    return bool(response.status_code != 302)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT_PER_ADDRESS, methods=["POST"], deduct_when=_failed)
@limiter.limit(
    LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS,
    methods=["POST"],
    key_func=_login_email_and_address,
    deduct_when=_failed,
)
@limiter.limit(LOGIN_LIMIT_PER_ACCOUNT, methods=["POST"], key_func=_login_email, deduct_when=_failed)
def login() -> Any:
    """Sign-in form."""
    form = LoginForm()
    if request.method == "GET":
        return render_template("admin/login.html", form=form)
    if form.validate_on_submit():
        user = authenticate(db.session, form.email.data or "", form.password.data or "")
        if user is not None:
            keep = {k: session[k] for k in ("lang",) if k in session}
            session.clear()  # a fresh session at sign-in defeats session fixation
            session.update(keep)
            login_user(user)
            record(db.session, "login", user=user)
            return redirect(safe_next(request.args.get("next")) or landing_url(user))
        account = find_user(db.session, form.email.data or "")
        record(
            db.session,
            "login_failed",
            target=(form.email.data or "")[:200],
            organisation_id=account.organisation_id if account else None,
        )
        # Both fields are marked invalid and linked from the error summary, which gets focus.
        message = _("Wrong e-mail or password.")
        form.email.errors = [*form.email.errors, message]
        form.password.errors = [*form.password.errors, message]
    return render_template("admin/login.html", form=form), 422


@bp.post("/logout")
def logout() -> Any:
    """Sign out and forget the session."""
    if current_user.is_authenticated:
        user = current_user._get_current_object()
        user.session_version = (user.session_version or 1) + 1  # revokes every copy of the cookie
        record(db.session, "logout", user=user)
    logout_user()
    session.clear()
    flash(_("You have signed out."), "success")
    return redirect(url_for("public.home"))
