"""Forms for staff accounts: invitations, roles, forgotten and new passwords."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from surveys.accounts.models import Role
from surveys.accounts.passwords import MIN_PASSWORD_LENGTH

ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.ANALYST: _l("Analyst"),
    Role.POLICE: _l("Police"),
    Role.STEERING_GROUP: _l("Steering group"),
    Role.VIEWER: _l("Viewer"),
    Role.REPORTER: _l("Incident reporter (partner)"),
}


def role_choices() -> list[SelectChoice]:
    """Every role with its label in the interface language."""
    return [SelectChoice(role.value, str(label)) for role, label in ROLE_LABELS.items()]


class InviteForm(FlaskForm):
    """Invite a colleague by e-mail with a role."""

    email = EmailField(
        _l("E-mail"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)]
    )
    role = SelectField(_l("Role"), default=Role.VIEWER.value, validators=[DataRequired()])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = role_choices()


class RoleForm(FlaskForm):
    """Change one account's role."""

    role = SelectField(_l("Role"), validators=[DataRequired()])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = role_choices()


class ForgotPasswordForm(FlaskForm):
    """Ask for a password-reset link."""

    email = EmailField(
        _l("E-mail"),
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
        render_kw={"autocomplete": "username"},
    )


class SetPasswordForm(FlaskForm):
    """Choose a password, typed twice."""

    password = PasswordField(
        _l("New password"),
        description=_l(
            "At least %(n)d characters. A few unrelated words make a good password.", n=MIN_PASSWORD_LENGTH
        ),
        validators=[
            DataRequired(),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=1000,
                message=_l("Use at least %(n)d characters.", n=MIN_PASSWORD_LENGTH),
            ),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("The same password again"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )


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


class PublicInfoForm(FlaskForm):
    """What the privacy notice and accessibility statement say about the organisation."""

    controller = StringField(
        _l("Data controller"),
        description=_l(
            "The authority responsible for the answers, e.g. “Norrforsa kommun, kommunstyrelsen”."
        ),
        validators=[Optional(), Length(max=2000)],
    )
    contact_email = EmailField(_l("E-mail for questions"), validators=[Optional(), Email(), Length(max=2000)])
    contact_phone = StringField(_l("Telephone"), validators=[Optional(), Length(max=2000)])
    dpo_contact = StringField(
        _l("Data protection officer"),
        description=_l("Name or e-mail address."),
        validators=[Optional(), Length(max=2000)],
    )
    legal_basis = TextAreaField(
        _l("Legal basis"),
        description=_l("Why the organisation may process the answers, e.g. a task in the public interest."),
        validators=[Optional(), Length(max=2000)],
    )
    accessibility_contact = StringField(
        _l("Contact for accessibility feedback"),
        description=_l("E-mail address or telephone number where residents report accessibility problems."),
        validators=[Optional(), Length(max=2000)],
    )
