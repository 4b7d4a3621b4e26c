"""WTForms built from a survey page's questions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    Field,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    TextAreaField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from app.public.point_field import PointField
from surveys.answering.submission import MAX_FREE_TEXT
from surveys.authoring.models import Question, QuestionType
from surveys.database.base import localized

# Long option lists read better as a drop-down than as radio buttons on a phone.
MAX_RADIO_OPTIONS = 8


class MultiCheckboxField(SelectMultipleField):
    """Multiple choice rendered as a list of check boxes."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class SurveyPageForm(FlaskForm):
    """Base for the per-page form; question fields are added dynamically."""

    # An explicit label stops WTForms from loading its message catalogue on every request.
    page = HiddenField(label="")
    submission_token = HiddenField(label="")


def field_name(question: Question) -> str:
    """HTML/WTForms name of a question's field."""
    return f"q_{question.id}"


Texts = Callable[..., str]  # key -> text, as `surveys.authoring.resident_texts.ResidentTexts`


def build_page_form(
    questions: list[Question],
    language: str,
    formdata: Any = None,
    data: dict[str, Any] | None = None,
    *,
    texts: Texts | None = None,
) -> SurveyPageForm:
    """A form class with one field per question, instantiated with `formdata` or `data`.

    `texts` words the errors and the list placeholder: a resident's page passes the survey's
    texts in the resident's language; without it they are in the interface language.
    """
    if texts is None:
        from app.templating import interface_texts

        texts = interface_texts

    class PageForm(SurveyPageForm):
        pass

    for question in questions:
        setattr(PageForm, field_name(question), _field_for(question, language, texts))
    return PageForm(formdata=formdata, data=data or {})


def _validators(question: Question, texts: Texts) -> list[Any]:
    if question.required:
        return [InputRequired(message=texts("please_answer"))]
    return [Optional()]


def _field_for(question: Question, language: str, texts: Texts) -> Field:
    qtype = question.question_type
    label = question.text_in(language)
    description = question.help_in(language)
    validators = _validators(question, texts)
    if qtype is QuestionType.FREE_TEXT:
        too_long = texts("keep_under", max=MAX_FREE_TEXT)
        return TextAreaField(
            label,
            description=description,
            validators=[*validators, Length(max=MAX_FREE_TEXT, message=too_long)],
            render_kw={"rows": 4, "maxlength": MAX_FREE_TEXT, "data-maxlength": MAX_FREE_TEXT},
        )
    if qtype is QuestionType.SCALE:
        choices = _scale_choices(question, language)
        return RadioField(
            label,
            description=description,
            choices=choices,
            validators=[*validators, OneOf(choices, texts("choose_option"))],
            validate_choice=False,
        )
    if qtype is QuestionType.POINT:
        return PointField(
            label, question=question, required=question.required, description=description, texts=texts
        )
    choices = [SelectChoice(o.value, o.label_in(language)) for o in question.options]
    one_of = OneOf(choices, texts("choose_option"))
    if qtype is QuestionType.MULTIPLE_CHOICE:
        return MultiCheckboxField(
            label,
            description=description,
            choices=choices,
            validators=[*validators, one_of],
            validate_choice=False,
        )
    if len(choices) > MAX_RADIO_OPTIONS:
        placeholder = [SelectChoice("", texts("choose"))]
        return SelectField(
            label,
            description=description,
            choices=placeholder + choices,
            validators=[*validators, one_of],
            validate_choice=False,
        )
    return RadioField(
        label,
        description=description,
        choices=choices,
        validators=[*validators, one_of],
        validate_choice=False,
    )


class OneOf:
    """Every chosen value is one of the field's options, or the message, in the survey's language.

    WTForms' own choice check words its error in the interface language ("Not a valid choice"),
    which on a Finnish survey read by a Swedish browser would be Swedish.
    """

    def __init__(self, choices: list[SelectChoice], message: str) -> None:
        self.values = {choice.value for choice in choices}
        self.message = message

    def __call__(self, form: Any, field: Field) -> None:
        data = field.data
        chosen = data if isinstance(data, list) else [data]
        if any(value not in self.values for value in chosen if value not in (None, "")):
            raise ValidationError(self.message)


def _scale_choices(question: Question, language: str) -> list[SelectChoice]:
    low = localized(question.scale_min_label, language)
    high = localized(question.scale_max_label, language)
    choices = []
    for value in range(1, 6):
        label = str(value)
        if value == 1 and low:
            label = f"1 – {low}"
        elif value == 5 and high:
            label = f"5 – {high}"
        choices.append(SelectChoice(str(value), label))
    return choices


def values_from_form(form: SurveyPageForm, questions: list[Question]) -> dict[int, Any]:
    """Question id → submitted value, as the survey services expect them."""
    values: dict[int, Any] = {}
    for question in questions:
        value = form[field_name(question)].data
        if value in (None, "", []):
            continue
        values[question.id] = value
    return values


def form_data_from_values(questions: list[Question], values: dict[int, Any]) -> dict[str, Any]:
    """Inverse of `values_from_form`, to prefill a page from a draft."""
    return {field_name(q): values[q.id] for q in questions if q.id in values}
