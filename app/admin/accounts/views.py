"""Administrators manage their organisation's accounts: invite, change roles, new sign-in links."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, make_response, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.account_jobs import invitation_mail, set_password_link
from app.admin.accounts import bp
from app.admin.accounts.forms import ROLE_LABELS, InviteForm, RoleForm
from app.admin.accounts.passwords import OWNER_RESET_JOB
from app.auth import roles_required
from app.extensions import db
from app.jobs import enqueue
from app.mail import mail_configured
from surveys.accounts.links import (
    OwnerMustConfirm,
    change_role,
    invite_user,
    new_invite_link,
    reset_for_owner,
)
from surveys.accounts.models import Role, User
from surveys.accounts.passwords import AccountError


def _own_users() -> list[User]:
    return list(
        db.session.scalars(
            select(User).where(User.organisation_id == current_user.organisation_id).order_by(User.email)
        )
    )


def _own_user(user_id: int) -> User:
    """An account of the administrator's own organisation, else 404."""
    user = db.session.get(User, user_id)
    if user is None or user.organisation_id != current_user.organisation_id:
        abort(404)
    return user


def _users_page(form: InviteForm, status: int = 200) -> Any:
    return render_template(
        "admin/users.html",
        users=_own_users(),
        form=form,
        role_labels={role.value: label for role, label in ROLE_LABELS.items()},
    ), status


def _link_page(user: User, token: str) -> Any:
    """Show a one-time link once; never cached, never put in a flash message (the cookie)."""
    link = set_password_link(token)
    mailed = invitation_mail(user, link, str(get_locale() or "sv"))
    response = make_response(render_template("admin/invited.html", user=user, link=link, mailed=mailed))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/users")
@roles_required(Role.ADMIN)
def users() -> Any:
    """The organisation's accounts with their roles, and the invitation form."""
    return _users_page(InviteForm())


@bp.post("/users/invite")
@roles_required(Role.ADMIN)
def user_invite() -> Any:
    """Create an account without a password and show its invitation link once."""
    form = InviteForm()
    if not form.validate_on_submit():
        return _users_page(form, 422)
    try:
        user, token = invite_user(
            db.session,
            form.email.data or "",
            Role(form.role.data),
            current_user.organisation,
            invited_by=current_user._get_current_object(),
        )
    except AccountError:
        form.email.errors = [_("There is already an account with that e-mail address.")]
        return _users_page(form, 422)
    return _link_page(user, token)


@bp.post("/users/<int:user_id>/link")
@roles_required(Role.ADMIN)
def user_new_link(user_id: int) -> Any:
    """A new invitation link for an account whose link expired or was lost (voids the old one).

    An account whose owner has chosen a password gets no link on screen: a reset link is
    mailed to the owner alone, so no administrator can take a colleague's account over.
    """
    user = _own_user(user_id)
    if not user.active:
        abort(404)
    admin = current_user._get_current_object()
    try:
        return _link_page(user, new_invite_link(db.session, user, admin))
    except OwnerMustConfirm:
        pass  # the service has left the session clean; the owner is mailed a reset link instead
    if not mail_configured():
        flash(
            _(
                "%(email)s has already chosen a password, so no link is shown here. Ask them to "
                "use “Forgot your password?” on the sign-in page.",
                email=user.email,
            ),
            "error",
        )
        return redirect(url_for("admin.accounts.users"))
    reset_for_owner(db.session, user, admin)
    enqueue(OWNER_RESET_JOB, user.id, str(get_locale() or "sv"))
    flash(
        _(
            "%(email)s has already chosen a password: a link to choose a new one has been e-mailed "
            "to them alone. Their password keeps working until they use it.",
            email=user.email,
        ),
        "success",
    )
    return redirect(url_for("admin.accounts.users"))


@bp.post("/users/<int:user_id>/role")
@roles_required(Role.ADMIN)
def user_role(user_id: int) -> Any:
    """Give an account of the organisation another role."""
    user = _own_user(user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        flash(_("Choose one of the roles."), "error")
        return redirect(url_for("admin.accounts.users"))
    try:
        change_role(db.session, user, Role(form.role.data), current_user._get_current_object())
    except AccountError:
        flash(_("You cannot change your own role. Ask another administrator."), "error")
    else:
        flash(_("The role of %(email)s has been changed.", email=user.email), "success")
    return redirect(url_for("admin.accounts.users"))
