"""Forms of the plan pages: drafting, sections, commitments, comments and follow-up."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from surveys.localtime import today as local_today


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _period_order(form: FlaskForm, field: DateField) -> None:
    if field.data and form.period_start.data and field.data < form.period_start.data:  # type: ignore[attr-defined]
        raise ValidationError(_l("The period must end after it starts."))


def kind_choices() -> list[SelectChoice]:
    """The two kinds of plan."""
    return [SelectChoice("pledge", _l("Citizen pledges")), SelectChoice("action_plan", _l("Action plan"))]


def frequency_choices() -> list[SelectChoice]:
    """How often a target repeats."""
    return [
        SelectChoice("period", _l("during the period")),
        SelectChoice("year", _l("per year")),
        SelectChoice("quarter", _l("per quarter")),
        SelectChoice("month", _l("per month")),
        SelectChoice("week", _l("per week")),
    ]


def responsible_choices() -> list[SelectChoice]:
    """Who answers for a commitment."""
    return [
        SelectChoice("police", _l("The police")),
        SelectChoice("municipality", _l("The municipality")),
        SelectChoice("both", _l("The police and the municipality")),
    ]


class DraftForm(FlaskForm):
    """Kind, period, parties and areas of a new plan."""

    kind = RadioField(_l("Kind of plan"), choices=kind_choices(), default="pledge")
    period_start = DateField(_l("Period starts"), validators=[DataRequired()])
    period_end = DateField(_l("Period ends"), validators=[DataRequired(), _period_order])
    parties = MultiCheckboxField(
        _l("Parties"),
        validators=[DataRequired(message=_l("Choose at least one party."))],
        description=_l("The police area and the municipalities that make the commitments together."),
    )
    areas = IntegerField(
        _l("Number of priority areas to include"),
        default=4,
        validators=[InputRequired(), NumberRange(min=1, max=12)],
        description=_l("The highest-ranked areas of the round are included."),
    )


class SectionForm(FlaskForm):
    """A section's heading and text in Swedish and English."""

    title_sv = StringField(_l("Heading (Swedish)"), validators=[DataRequired(), Length(max=200)])
    body_sv = TextAreaField(
        _l("Text (Swedish)"),
        validators=[Length(max=20000)],
        description=_l(
            "Separate paragraphs with an empty line. Start a line with - for a list, > for a quote."
        ),
    )
    title_en = StringField(_l("Heading (English)"), validators=[Optional(), Length(max=200)])
    body_en = TextAreaField(_l("Text (English)"), validators=[Optional(), Length(max=20000)])


class TitleForm(FlaskForm):
    """The plan's title in Swedish and English."""

    title_sv = StringField(_l("Title (Swedish)"), validators=[DataRequired(), Length(max=200)])
    title_en = StringField(_l("Title (English)"), validators=[Optional(), Length(max=200)])


class CommitmentForm(FlaskForm):
    """What will be done, how much, how often, by whom and with whom."""

    text_sv = TextAreaField(_l("What will be done (Swedish)"), validators=[DataRequired(), Length(max=2000)])
    text_en = TextAreaField(_l("What will be done (English)"), validators=[Optional(), Length(max=2000)])
    target_count = IntegerField(
        _l("Target: at least this many"),
        validators=[Optional(), NumberRange(min=1, max=100000)],
        description=_l("Leave empty only if the commitment cannot be counted; it will be flagged."),
    )
    frequency = SelectField(_l("How often"), choices=frequency_choices(), default="period")
    unit_sv = StringField(
        _l("What is counted (Swedish, plural)"),
        validators=[Optional(), Length(max=120)],
        description=_l("For example: trafiksäkerhetsinsatser"),
    )
    unit_en = StringField(_l("What is counted (English, plural)"), validators=[Optional(), Length(max=120)])
    unit_one_sv = StringField(
        _l("What is counted (Swedish, one)"),
        validators=[Optional(), Length(max=120)],
        description=_l("For example: trafiksäkerhetsinsats. Used when the target or the count is 1."),
    )
    unit_one_en = StringField(_l("What is counted (English, one)"), validators=[Optional(), Length(max=120)])
    responsible = RadioField(_l("Responsible"), choices=responsible_choices(), default="both")
    partners = MultiCheckboxField(_l("Together with"), choices=[], validate_choice=False)
    other_partners = StringField(
        _l("Other partners"),
        validators=[Optional(), Length(max=300)],
        description=_l("Separate several with commas."),
    )
    period_start = DateField(_l("From"), validators=[DataRequired()])
    period_end = DateField(_l("To"), validators=[DataRequired(), _period_order])
    working_group = SelectField(
        _l("Working group"),
        choices=[],
        default="",
        description=_l("The working group that carries out the task (action plans)."),
    )
    place = StringField(
        _l("Place"),
        validators=[Optional(), Length(max=200)],
        description=_l("Where the measure is carried out, for example a square or a school."),
    )

    def validate(self, extra_validators: Any = None) -> bool:
        """A target of one needs the singular: "minst 1 trafiksäkerhetsinsatser" is not Swedish.

        Checked here, not as a field validator: `Optional` ends an empty field's checks.
        """
        valid = super().validate(extra_validators)
        if (
            self.target_count.data == 1
            and (self.unit_sv.data or "").strip()
            and not (self.unit_one_sv.data or "").strip()
        ):
            self.unit_one_sv.errors = [
                *self.unit_one_sv.errors,
                str(_l("The target is 1: write what is counted in the singular too.")),
            ]
            return False
        return valid


class WorkingGroupForm(FlaskForm):
    """A working group's name, purpose and members."""

    organisation = SelectField(_l("Organisation"), choices=[])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    purpose = TextAreaField(_l("Purpose"), validators=[Optional(), Length(max=5000)])
    members = MultiCheckboxField(_l("Members with an account"), choices=[])
    other_members = TextAreaField(
        _l("Other members"),
        validators=[Optional(), Length(max=5000)],
        description=_l("Partners without an account: one name (and organisation) per line."),
    )


class CommentForm(FlaskForm):
    """A reviewer's comment on a section."""

    body = TextAreaField(_l("Comment"), validators=[DataRequired(), Length(max=5000)])


class AssessmentForm(FlaskForm):
    """The follow-up's written word on one commitment, in each language of the plan."""

    text_sv = TextAreaField(
        _l("Assessment in Swedish"),
        description=_l(
            "Was the commitment kept? Say what was done, what did not happen and why, and what comes "
            'next. Leave an empty line between paragraphs; start a line with "- " for a list.'
        ),
        validators=[Optional(), Length(max=5000)],
        render_kw={"lang": "sv", "rows": 8},
    )
    text_en = TextAreaField(
        _l("Assessment in English"),
        validators=[Optional(), Length(max=5000)],
        render_kw={"lang": "en", "rows": 8},
    )


class ActivityForm(FlaskForm):
    """Something done towards a commitment."""

    done_on = DateField(_l("Date"), validators=[DataRequired()], default=local_today)
    description = TextAreaField(_l("What was done"), validators=[DataRequired(), Length(max=5000)])
    count = IntegerField(
        _l("How many"),
        default=1,
        validators=[InputRequired(), NumberRange(min=0, max=100000)],
        description=_l("How many of the commitment's units this activity counts for."),
    )
    place = StringField(_l("Place"), validators=[Optional(), Length(max=200)])
    performed_by = StringField(_l("Done by"), validators=[Optional(), Length(max=200)])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=5000)])
