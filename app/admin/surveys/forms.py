"""Forms for building surveys; per-language text fields are added for each offered language."""

from __future__ import annotations

from typing import Any

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.i18n import language_label
from surveys.authoring.models import QuestionPurpose, QuestionType
from surveys.authoring.templates import load_templates
from surveys.database.base import localized

# Field-label stems, declared here so Babel extracts them (f-strings are not extracted).
TITLE, INTRODUCTION, QUESTION = _l("Title"), _l("Introduction"), _l("Question")
HELP_TEXT, VALUE, OPTION = _l("Help text"), _l("Value"), _l("Option")
ORDER = _l("Place in the list")
SCALE_LOW, SCALE_HIGH = _l("Words for 1 (lowest)"), _l("Words for 5 (highest)")

QUESTION_TYPE_LABELS = {
    QuestionType.FREE_TEXT: _l("Free text"),
    QuestionType.SINGLE_CHOICE: _l("Single choice"),
    QuestionType.MULTIPLE_CHOICE: _l("Multiple choice"),
    QuestionType.SCALE: _l("Scale 1–5"),
    QuestionType.AREA: _l("Area or neighbourhood"),
    QuestionType.DEMOGRAPHIC: _l("Background (e.g. age band)"),
    QuestionType.POINT: _l("Place on a map"),
}

QUESTION_PURPOSE_LABELS = {
    QuestionPurpose.PROBLEMS: _l("Problems – counted in problem areas, priorities and pledges"),
    QuestionPurpose.STRENGTHS: _l(
        "Strengths – what works or makes people feel safe (never counted as problems)"
    ),
    QuestionPurpose.PLACES: _l("Places – where (matched to the areas, shown with the places)"),
    QuestionPurpose.OTHER: _l("Other – grouped and shown, not counted"),
}
PURPOSE_LABEL = _l("What the answers are about")
PURPOSE_HELP = _l(
    "Decides how the analysis treats the answers. Only answers to problem questions are counted "
    "in problem areas, priorities, the situation report and pledges; the others are grouped and "
    "shown in their own section. Takes effect at the next analysis."
)


class NewSurveyForm(FlaskForm):
    """Start a survey from a template or from scratch."""

    template = SelectField(_l("Start from"), validators=[DataRequired()])
    title = StringField(
        _l("Title (in the survey's first language; the template's title if left empty)"),
        validators=[Optional(), Length(max=200)],
    )
    slug = StringField(
        _l("Web address (e.g. trygghet-2026)"), validators=[DataRequired(), Length(min=3, max=80)]
    )
    round_label = StringField(_l("Round or period (e.g. 2026)"), validators=[Optional(), Length(max=40)])
    languages = StringField(
        _l("Languages, as codes separated by commas (sv, en, fi, fit, se …)"),
        default="sv, en",
        validators=[DataRequired()],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Named in the interface language: the resident-facing texts are chosen later, per survey.
        locale = str(get_locale() or "sv")
        choices = [
            SelectChoice(code, localized(t.name, locale) or code) for code, t in load_templates().items()
        ]
        self.template.choices = [*choices, SelectChoice("blank", str(_l("Empty survey")))]


class NewQuestionForm(FlaskForm):
    """Add a question; texts in other languages are filled in on its edit page."""

    key = StringField(_l("Key (a–z, 0–9, _)"), validators=[DataRequired(), Length(max=64)])
    qtype = SelectField(_l("Type"))
    text = StringField(_l("Question text in Swedish"), validators=[DataRequired(), Length(max=1000)])
    required = BooleanField(_l("Required"))
    page = IntegerField(_l("Page"), default=1, validators=[NumberRange(min=1, max=50)])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Built per request: a list made when the module loads would stay in the language of that moment.
        self.qtype.choices = [SelectChoice(t.value, str(label)) for t, label in QUESTION_TYPE_LABELS.items()]


def settings_form(
    languages: list[str], formdata: Any = None, data: dict[str, Any] | None = None
) -> FlaskForm:
    """Survey settings with a title and an introduction field per language."""

    class SettingsForm(FlaskForm):
        languages_field = StringField(
            _l("Languages (codes separated by commas)"), validators=[DataRequired()]
        )
        round_label = StringField(_l("Round or period"), validators=[Optional(), Length(max=40)])
        opens_on = DateField(_l("Opens on"), validators=[Optional()])
        closes_on = DateField(_l("Closes on"), validators=[Optional()])
        open_to_everyone = BooleanField(
            _l("Open to everyone, not only through staff links"),
            description=_l(
                "The survey is then listed on the public start page and anyone with the link can "
                "answer. Those answers are counted as residents', not as staff's."
            ),
        )

    for code in languages:
        name = language_label(code)
        setattr(SettingsForm, f"title_{code}", StringField(f"{TITLE} ({name})", [Length(max=300)]))
        setattr(SettingsForm, f"intro_{code}", TextAreaField(f"{INTRODUCTION} ({name})", [Length(max=4000)]))
    return SettingsForm(formdata=formdata, data=data or {})


def question_form(
    languages: list[str],
    option_rows: int,
    formdata: Any = None,
    data: dict[str, Any] | None = None,
    *,
    scale: bool = False,
    free_text: bool = False,
) -> FlaskForm:
    """Question texts side by side per language, plus option rows for choice questions.

    A scale question (`scale`) also has the words for its two ends in every language; a
    free-text question (`free_text`) a choice of what its answers are about.
    """

    class QuestionForm(FlaskForm):
        required = BooleanField(_l("Required"))
        page = IntegerField(_l("Page"), default=1, validators=[NumberRange(min=1, max=50)])

    if free_text:
        # Radio buttons, not a select: each choice explains itself, and a select cuts that off on a phone.
        QuestionForm.purpose = RadioField(  # type: ignore[attr-defined]
            PURPOSE_LABEL,
            choices=[SelectChoice(p.value, str(label)) for p, label in QUESTION_PURPOSE_LABELS.items()],
            default=QuestionPurpose.PROBLEMS.value,
            description=PURPOSE_HELP,
        )

    for code in languages:
        name = language_label(code)
        setattr(QuestionForm, f"text_{code}", TextAreaField(f"{QUESTION} ({name})", [Length(max=1000)]))
        setattr(QuestionForm, f"help_{code}", StringField(f"{HELP_TEXT} ({name})", [Length(max=1000)]))
        if scale:
            setattr(
                QuestionForm, f"scale_min_{code}", StringField(f"{SCALE_LOW} ({name})", [Length(max=100)])
            )
            setattr(
                QuestionForm, f"scale_max_{code}", StringField(f"{SCALE_HIGH} ({name})", [Length(max=100)])
            )
    for row in range(option_rows):
        setattr(QuestionForm, f"opt_{row}_value", StringField(f"{VALUE} {row + 1}", [Length(max=64)]))
        setattr(
            QuestionForm,
            f"opt_{row}_order",
            IntegerField(f"{ORDER} {row + 1}", [Optional(), NumberRange(min=1, max=500)], default=row + 1),
        )
        for code in languages:
            label = f"{OPTION} {row + 1} ({language_label(code)})"
            setattr(QuestionForm, f"opt_{row}_label_{code}", StringField(label, [Length(max=300)]))
    return QuestionForm(formdata=formdata, data=data or {})
