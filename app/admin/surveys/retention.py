"""How long a survey keeps raw free text before only the redacted copy remains."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.validators import NumberRange, Optional

from app.admin.common import load_visible_survey
from app.admin.surveys import bp
from app.auth import roles_required
from app.extensions import db
from surveys.accounts.models import Role
from surveys.answering.retention import MAX_RETENTION_DAYS, set_retention


class RetentionForm(FlaskForm):
    """Days after the closing date; empty keeps raw text until deleted by hand."""

    days = IntegerField(validators=[Optional(), NumberRange(min=0, max=MAX_RETENTION_DAYS)])


@bp.post("/surveys/<slug>/retention")
@roles_required(Role.ADMIN)
def survey_retention(slug: str) -> Any:
    """Set the survey's retention period for raw free text (administrators decide)."""
    survey = load_visible_survey(slug)
    form = RetentionForm()
    if not form.validate_on_submit():
        flash(_("Write a whole number of days between 0 and %(max)d.", max=MAX_RETENTION_DAYS), "error")
    else:
        set_retention(db.session, survey, form.days.data, current_user._get_current_object())
        flash(_("The retention period has been saved."), "success")
    return redirect(url_for("admin.surveys.survey_edit", slug=slug, _anchor="retention-heading"))
