"""Forms for importing surveys and responses from files."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from surveys.authoring.models import Question, Survey

CHOOSE_FILE = _l("Choose a file to upload.")
# Declared here so Babel extracts them (f-strings are not extracted).
QUESTION_KEY, DO_NOT_IMPORT, NO_COLUMN = _l("Question key"), _l("Do not import"), _l("None: use the default")
CHOOSE_XLSFORM = _l("Choose an .xlsx, .xls, .ods, .csv or .md file.")
XLSFORM_SUFFIXES = ["xlsx", "xls", "ods", "csv", "md"]
CHOOSE_RESPONSE_FILE = _l("Choose a .csv, .xlsx, .xls or .ods file.")
RESPONSE_SUFFIXES = ["csv", "xlsx", "xls", "ods"]
QUESTION_PREFIX = "map_"
META_FIELDS = ("group_column", "date_column", "language_column")


class XLSFormUploadForm(FlaskForm):
    """An XLSForm file that becomes a new draft survey."""

    file = FileField(
        _l("XLSForm file (.xlsx, .xls, .ods, .csv or .md)"),
        description=_l("A form from KoBoToolbox, ODK or an earlier export from Trygg Dialog."),
        validators=[FileRequired(CHOOSE_FILE), FileAllowed(XLSFORM_SUFFIXES, CHOOSE_XLSFORM)],
        render_kw={"accept": ",".join(f".{s}" for s in XLSFORM_SUFFIXES)},
    )


class ResponseUploadForm(FlaskForm):
    """A CSV or workbook file of responses collected with another tool (KoBoToolbox, ODK …)."""

    file = FileField(
        _l("Response file (.csv, .xlsx, .xls or .ods)"),
        description=_l(
            "One row per response and one column per question, with column names in the first row."
        ),
        validators=[FileRequired(CHOOSE_FILE), FileAllowed(RESPONSE_SUFFIXES, CHOOSE_RESPONSE_FILE)],
        render_kw={"accept": ",".join(f".{s}" for s in RESPONSE_SUFFIXES)},
    )


class MappingFormBase(FlaskForm):
    """Which column answers which question, and where each response's group, date and language are."""

    group_column = SelectField(
        _l("Column with the respondent group"),
        description=_l(
            "Resident or staff. Without a column, every response counts as the survey's usual group."
        ),
    )
    date_column = SelectField(
        _l("Column with the response date"),
        description=_l("Empty cells, or no column, mean today's date."),
    )
    language_column = SelectField(
        _l("Column with the response language"),
        description=_l("Empty cells, or no column, mean the survey's first language."),
    )

    def question_fields(self, survey: Survey) -> list[tuple[Question, Any]]:
        """(question, its column select) in question order."""
        return [(q, self[QUESTION_PREFIX + q.key]) for q in survey.questions]

    def mapping(self, survey: Survey) -> dict[str, str]:
        """Question key → chosen column, for questions that have one."""
        return {q.key: field.data for q, field in self.question_fields(survey) if field.data}

    def meta_column(self, name: str) -> str | None:
        """The column chosen for `name` (group, date or language), or None."""
        return self[f"{name}_column"].data or None


def mapping_form(
    survey: Survey,
    columns: Sequence[str],
    language: str,
    formdata: Any = None,
    data: dict[str, Any] | None = None,
) -> MappingFormBase:
    """A select per question (the file's columns or "do not import") plus the metadata selects."""
    column_choices = [SelectChoice(column, column) for column in columns]

    class MappingForm(MappingFormBase):
        pass

    for question in survey.questions:
        label = question.text_in(language) or question.key
        choices = [SelectChoice("", str(DO_NOT_IMPORT)), *column_choices]
        field = SelectField(label, choices=choices, description=f"{QUESTION_KEY}: {question.key}")
        setattr(MappingForm, QUESTION_PREFIX + question.key, field)
    form = MappingForm(formdata=formdata, data=data or {})
    for name in META_FIELDS:
        form[name].choices = [SelectChoice("", str(NO_COLUMN)), *column_choices]
    return form


def suggested_data(mapping: dict[str, str], meta: dict[str, str]) -> dict[str, str]:
    """Form data that preselects the suggested question and metadata columns."""
    data = {QUESTION_PREFIX + key: column for key, column in mapping.items()}
    data.update({f"{name}_column": column for name, column in meta.items()})
    return data
