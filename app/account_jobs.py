"""Mailing one-time account links: links built for the site's address, texts in the reader's language."""

from __future__ import annotations

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from app.extensions import db
from app.mail import send_mail
from surveys.accounts.invitation_models import AccountInvitation
from surveys.accounts.invitations import deliver, is_pending
from surveys.accounts.link_models import TokenPurpose
from surveys.accounts.links import issue
from surveys.accounts.models import User
from surveys.accounts.passwords import find_user

INVITATION_JOB = "app.account_jobs:send_invitation_job"


def set_password_link(token: str, base_url: str | None = None) -> str:
    """The absolute address of the set-password page for `token`.

    Built on `base_url`, by default the configured site address (TRYGG_BASE_URL), never on the
    current request's host: a client chooses its Host and X-Forwarded-Host headers.
    """
    with current_app.test_request_context(base_url=base_url or current_app.config["BASE_URL"]):
        return url_for("admin.accounts.set_password", token=token, _external=True)


def invitation_mail(user: User, link: str, locale: str) -> bool:
    """Send `user` their invitation link; False when no mail could be sent."""
    with force_locale(locale):
        subject = _("You have been invited to Trygg Dialog")
        body = _(
            "%(organisation)s has invited you to Trygg Dialog. Open this link within seven days "
            "to choose your password:\n\n%(link)s\n\nThe link works once.",
            organisation=user.organisation.name,
            link=link,
        )
    return send_mail(user.email, subject, body)


def invitation_notice(owner: User, organisation_name: str, locale: str) -> bool:
    """Tell the owner of an account that `organisation_name` tried to invite their address."""
    with force_locale(locale):
        subject = _("Someone tried to invite you to Trygg Dialog")
        body = _(
            "Someone in %(organisation)s tried to invite %(email)s to Trygg Dialog. This "
            "address already has an account, in %(own)s, and nothing about it has changed: it "
            "keeps its organisation, its role and its password.\n\nAn address can have an account "
            "in one organisation only. If you are to work with %(organisation)s too, tell them "
            "so; if you did not expect this, you can ignore this message.",
            organisation=organisation_name,
            email=owner.email,
            own=owner.organisation.name,
        )
    return send_mail(owner.email, subject, body)


def send_invitation_job(invitation_id: int, locale: str) -> None:
    """Deliver an invitation: its link to a new address, a notice to an account elsewhere.

    Queued for every mailed invitation, so the administrator's answer is the same and takes
    the same time whichever it is; the account (if any) is created here, not in the request.
    """
    invitation = db.session.get(AccountInvitation, invitation_id)
    if invitation is None or not is_pending(invitation):
        return
    delivery = deliver(db.session, invitation)
    if delivery.elsewhere is not None:
        invitation_notice(delivery.elsewhere, invitation.organisation.name, locale)
    elif delivery.user is not None and delivery.token is not None:
        invitation_mail(delivery.user, set_password_link(delivery.token), locale)


def send_reset_link_job(email: str, locale: str) -> None:
    """Issue a password-reset token for the active account with `email`, if any, and mail it.

    Queued for every request, known address or not, so the page answers in the same time
    either way; the link is built on the configured site address.
    """
    user = find_user(db.session, email)
    if user is None or not user.active:
        return
    send_reset_link(user, locale)


def send_reset_link(user: User, locale: str) -> None:
    """Issue a password-reset token for `user` and mail it to them."""
    link = set_password_link(issue(db.session, user, TokenPurpose.RESET))
    with force_locale(locale):
        subject = _("Reset your Trygg Dialog password")
        body = _(
            "Someone asked to reset the password of your Trygg Dialog account. Open this link "
            "within an hour to choose a new password:\n\n%(link)s\n\nIf it was not you, ignore "
            "this message: your password stays the same.",
            link=link,
        )
    send_mail(user.email, subject, body)


def send_owner_reset_job(user_id: int, locale: str) -> None:
    """Mail `user_id` a reset link an administrator asked for on their behalf."""
    user = db.session.get(User, user_id)
    if user is not None and user.active:
        send_reset_link(user, locale)
