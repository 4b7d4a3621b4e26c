"""Administrators manage their organisation's accounts: invite, change roles, new sign-in links.

With mail, inviting answers the same for every address that has no account in the
administrator's own organisation, and the link (or, for an address of another organisation,
a notice to its owner) goes out in a background job: the answer shows nothing about where an
address has an account. Without mail the link has to be shown here, which only a new address
can have, so the form says when an address has an account.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, make_response, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.account_jobs import INVITATION_JOB, invitation_mail, set_password_link
from app.admin.accounts import bp
from app.admin.accounts.forms import ROLE_LABELS, InviteForm, RoleForm
from app.admin.accounts.passwords import OWNER_RESET_JOB
from app.auth import roles_required
from app.extensions import db
from app.jobs import enqueue
from app.mail import mail_configured
from surveys.accounts.invitation_models import AccountInvitation
from surveys.accounts.invitations import (
    AccountElsewhere,
    AlreadyInvited,
    AlreadyMember,
    change_invitation_role,
    invitation_link,
    invite,
    invite_with_link,
    is_pending,
    organisation_accounts,
    resend,
)
from surveys.accounts.links import OwnerMustConfirm, change_role, new_invite_link, reset_for_owner
from surveys.accounts.models import Role, User
from surveys.accounts.passwords import AccountError


def _own_user(user_id: int) -> User:
    """An account of the administrator's own organisation, else 404."""
    user = db.session.get(User, user_id)
    if user is None or user.organisation_id != current_user.organisation_id:
        abort(404)
    return user


def _own_invitation(invitation_id: int) -> AccountInvitation:
    """A pending invitation of the administrator's own organisation, else 404."""
    invitation = db.session.get(AccountInvitation, invitation_id)
    if invitation is None or invitation.organisation_id != current_user.organisation_id:
        abort(404)
    if not is_pending(invitation):
        abort(404)
    return invitation


def _users_page(form: InviteForm, status: int = 200) -> Any:
    users, invitations = organisation_accounts(db.session, current_user.organisation)
    return render_template(
        "admin/users.html",
        users=users,
        invitations=invitations,
        mail_configured=mail_configured(),
        form=form,
        role_labels={role.value: label for role, label in ROLE_LABELS.items()},
    ), status


def _link_page(user: User, token: str) -> Any:
    """Show a one-time link once; never cached, never put in a flash message (the cookie)."""
    link = set_password_link(token)
    mailed = invitation_mail(user, link, _locale())
    response = make_response(render_template("admin/invited.html", user=user, link=link, mailed=mailed))
    response.headers["Cache-Control"] = "no-store"
    return response


def _locale() -> str:
    return str(get_locale() or "sv")


def _invitation_sent(invitation: AccountInvitation) -> Any:
    """The one answer to every mailed invitation; the job then sends a link or a notice."""
    page = render_template("admin/invitation_sent.html", email=invitation.email)
    # Rendered first: a job run in the request (the "sync" backend) ends the request's session.
    enqueue(INVITATION_JOB, invitation.id, _locale())
    return page


def _invite_error(form: InviteForm, error: AccountError) -> Any:
    email = form.email.data or ""
    if isinstance(error, AlreadyMember):
        message = _("%(email)s already has an account in your organisation.", email=email)
    elif isinstance(error, AlreadyInvited):
        message = _(
            "%(email)s has been invited already. To send the invitation again, use “New "
            "sign-in link” in the list of invitations.",
            email=email,
        )
    elif isinstance(error, AccountElsewhere):
        message = _("There is already an account with that e-mail address.")
    else:
        message = _("Enter an e-mail address.")
    form.email.errors = [message]
    return _users_page(form, 422)


@bp.get("/users")
@roles_required(Role.ADMIN)
def users() -> Any:
    """The organisation's accounts with their roles, and the invitation form."""
    return _users_page(InviteForm())


@bp.post("/users/invite")
@roles_required(Role.ADMIN)
def user_invite() -> Any:
    """Invite a colleague: by mail when the server sends mail, else with a link shown once."""
    form = InviteForm()
    if not form.validate_on_submit():
        return _users_page(form, 422)
    email, role = form.email.data or "", Role(form.role.data)
    organisation, admin = current_user.organisation, current_user._get_current_object()
    try:
        if not mail_configured():
            return _link_page(*invite_with_link(db.session, email, role, organisation, invited_by=admin))
        return _invitation_sent(invite(db.session, email, role, organisation, invited_by=admin))
    except AccountError as error:
        return _invite_error(form, error)


@bp.post("/users/invitations/<int:invitation_id>/link")
@roles_required(Role.ADMIN)
def invitation_new_link(invitation_id: int) -> Any:
    """Send a pending invitation again: by mail (the same answer for every address), or a new link."""
    invitation = _own_invitation(invitation_id)
    email, admin = invitation.email, current_user._get_current_object()
    try:
        if not mail_configured():
            return _link_page(*invitation_link(db.session, invitation, admin))
        return _invitation_sent(resend(db.session, invitation, admin))
    except AccountElsewhere:
        flash(
            _(
                "This server cannot send e-mail, so the invitation of %(email)s cannot be sent "
                "again. Ask them to contact you.",
                email=email,
            ),
            "error",
        )
    except AccountError:
        flash(_("%(email)s has accepted the invitation already.", email=email), "success")
    return redirect(url_for("admin.accounts.users"))


@bp.post("/users/invitations/<int:invitation_id>/role")
@roles_required(Role.ADMIN)
def invitation_role(invitation_id: int) -> Any:
    """Give a pending invitation another role."""
    invitation = _own_invitation(invitation_id)
    form = RoleForm()
    if not form.validate_on_submit():
        flash(_("Choose one of the roles."), "error")
        return redirect(url_for("admin.accounts.users"))
    change_invitation_role(db.session, invitation, Role(form.role.data), current_user._get_current_object())
    flash(_("The role of %(email)s has been changed.", email=invitation.email), "success")
    return redirect(url_for("admin.accounts.users"))


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
    enqueue(OWNER_RESET_JOB, user.id, _locale())
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
