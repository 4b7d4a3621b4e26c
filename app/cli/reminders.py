"""`trygg reminders send`: mail each organisation's administrators what is due under the cycle.

Sends only when SMTP is configured (MAIL_SERVER); otherwise prints the lists.
"""

from __future__ import annotations

import datetime as dt

import click
from flask import current_app
from flask.cli import with_appcontext


@click.group("reminders")
def reminders_group() -> None:
    """Reminders of reports, plans and follow-ups due under the cooperation cycle."""


def _body(lines: list[str]) -> str:
    from flask_babel import gettext as _

    intro = _("The following is due or overdue in Trygg Dialog:")
    return "\n".join([intro, "", *(f"- {line}" for line in lines)])


@reminders_group.command("send")
@click.option("--today", "day", default=None, help="Date to compute for (YYYY-MM-DD); default today.")
@with_appcontext
def send_command(day: str | None) -> None:
    """Mail (or print) each organisation's due list to its administrators."""
    from flask_babel import force_locale
    from flask_babel import gettext as _
    from sqlalchemy import select

    # app.admin loads every admin view and the document libraries: only when sending.
    from app.admin.plans.reminders import reminder_label, reminder_state, reminders_for
    from app.extensions import db
    from app.mail import mail_configured, send_mail
    from surveys import localtime
    from surveys.accounts.models import Role, User
    from surveys.organisations.models import Organisation

    on = dt.date.fromisoformat(day) if day else localtime.today()
    with current_app.test_request_context(), force_locale("sv"):
        for organisation in db.session.scalars(select(Organisation).order_by(Organisation.name)):
            due = reminders_for([organisation], on)
            if not due:
                continue
            lines = [
                f"{reminder_label(r)}{' ' + r.subject if r.subject else ''}: {reminder_state(r)}"
                + (f" ({r.due_on.isoformat()})" if r.due_on else "")
                for r in due
            ]
            admins = db.session.scalars(
                select(User).where(
                    User.organisation_id == organisation.id,
                    User.role == Role.ADMIN,
                    User.active.is_(True),
                )
            ).all()
            subject = _("Trygg Dialog: reminders for %(org)s", org=organisation.name)
            if not mail_configured() or not admins:
                click.echo(f"{subject}\n{_body(lines)}\n")
                continue
            for admin in admins:
                sent = send_mail(admin.email, subject, _body(lines))
                click.echo(f"{organisation.slug}: {'sent to' if sent else 'failed for'} {admin.email}")
