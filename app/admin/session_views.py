"""Sign in and out."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_user, logout_user

from surveys.services.accounts import authenticate

from ..extensions import db
from . import bp
from .forms import LoginForm


@bp.route("/login", methods=["GET", "POST"])
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
            return redirect(_safe_next(request.args.get("next")) or url_for("admin.index"))
        flash(_("Wrong e-mail or password."), "error")
    return render_template("admin/login.html", form=form), 422


@bp.post("/logout")
def logout() -> Any:
    """Sign out and forget the session."""
    logout_user()
    session.clear()
    flash(_("You have signed out."), "success")
    return redirect(url_for("public.home"))


def _safe_next(target: str | None) -> str | None:
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return None
