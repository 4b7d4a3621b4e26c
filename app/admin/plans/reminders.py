"""Reminders: reports, plans and follow-ups that are due under the cooperation cycle."""

from __future__ import annotations

import datetime as dt

from flask import render_template
from flask_babel import gettext as _
from flask_login import current_user

from app.admin.common import STAFF_READERS
from app.admin.plans import bp
from app.auth import roles_required
from app.extensions import db
from app.plan_support import today
from surveys.accounts.models import User
from surveys.organisations.models import Organisation
from surveys.plans.access import visible_organisation_ids
from surveys.plans.reminders import Reminder, due_reminders, load_cycle_data


def reminder_label(reminder: Reminder) -> str:
    """What is due, in words."""
    labels = {
        "situation_picture": _("Long-term situation picture (at least every two years)"),
        "action_plan": _("Action plan decided by the steering group (at least every two years)"),
        "pledge_follow_up": _("Follow-up of the citizen pledges"),
        "periodic_week": _("Assessment of the weekly situation picture"),
        "periodic_month": _("Assessment of the monthly situation picture"),
        "periodic_quarter": _("Assessment of the quarterly situation picture"),
    }
    return labels.get(reminder.kind, reminder.kind)


def reminder_state(reminder: Reminder) -> str:
    """'Overdue', 'Missing' or 'Due'."""
    if reminder.due_on is None:
        return _("Missing")
    return _("Overdue") if reminder.overdue else _("Due")


def reminders_for(organisations: list[Organisation], day: dt.date) -> list[Reminder]:
    """Everything due for `organisations` on `day`."""
    found: list[Reminder] = []
    for organisation in organisations:
        found.extend(due_reminders(load_cycle_data(db.session, organisation, day), day))
    return found


def user_organisations(user: User) -> list[Organisation]:
    """The user's organisation and the municipalities its police area covers."""
    ids = visible_organisation_ids(user)
    found = [o for o in (db.session.get(Organisation, i) for i in ids) if o is not None]
    return sorted(found, key=lambda o: (o.id != user.organisation_id, o.name))


@bp.get("/reminders")
@roles_required(*STAFF_READERS)
def reminders() -> str:
    """Reports, plans and follow-ups due or overdue for the user's organisation(s)."""
    day = today()
    return render_template(
        "admin/reminders.html",
        reminders=reminders_for(user_organisations(current_user), day),
        today=day,
        reminder_label=reminder_label,
        reminder_state=reminder_state,
    )
