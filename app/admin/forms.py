"""Forms of the staff area."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, IntegerField, PasswordField
from wtforms.validators import DataRequired, Email, NumberRange, Optional


class LoginForm(FlaskForm):
    """E-mail and password."""

    email = EmailField(
        _l("E-mail"),
        validators=[DataRequired(), Email(check_deliverability=False)],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired()], render_kw={"autocomplete": "current-password"}
    )


class AnalyseForm(FlaskForm):
    """Start an analysis run, optionally with a fixed number of clusters."""

    k = IntegerField(
        _l("Number of clusters (leave empty to choose automatically)"),
        validators=[Optional(), NumberRange(min=2, max=200)],
    )
    seed = IntegerField(_l("Seed"), default=0, validators=[Optional(), NumberRange(min=0, max=2**31 - 1)])
