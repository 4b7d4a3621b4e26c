"""Writing a survey as an XLSForm workbook (survey, choices and settings sheets).

The file opens in KoBoToolbox/ODK tools and imports back into Trygg Dialog unchanged:
each page becomes a ``begin group``/``end group`` pair (when there is more than one
page), the introduction a leading ``note``, every select question gets its own choice
list named after its key, and the extension columns of `surveys.xlsform_spec` keep
scale end labels, area/demographic types and the survey kind.

A point question is a ``geopoint``. When it has its own list of areas, the list goes
to the choices sheet (named after its key) and the ``trygg_areas`` column names it, so
the areas survive the round trip; ODK/KoBo ignore that column and just ask for a
location. A point question without its own list offers the organisation's areas; those
are not written, so a survey imported into another organisation offers that one's areas.
"""

from __future__ import annotations

from surveys.authoring.models import Question, QuestionType, Survey
from surveys.database.base import Translations
from surveys.transfer.cells import CellValue, add_sheet, new_workbook, workbook_bytes
from surveys.transfer.xlsform_spec import (
    CHOICES,
    POINT_AREAS_COLUMN,
    POINT_TYPE,
    SCALE_PARAMETERS,
    SETTINGS,
    SURVEY,
    TITLE_COLUMN,
    language_column,
    language_name,
)

_XLSFORM_TYPE = {
    QuestionType.FREE_TEXT: "text",
    QuestionType.SCALE: "range",
    QuestionType.SINGLE_CHOICE: "select_one",
    QuestionType.AREA: "select_one",
    QuestionType.DEMOGRAPHIC: "select_one",
    QuestionType.MULTIPLE_CHOICE: "select_multiple",
    QuestionType.POINT: POINT_TYPE,
}
# XLSForm column base → Question attribute holding those texts.
_TEXT_ATTRIBUTES = {
    "label": "text",
    "hint": "help",
    "scale_min_label": "scale_min_label",
    "scale_max_label": "scale_max_label",
}
_SCALE_PARAMETERS = " ".join(f"{k}={v}" for k, v in SCALE_PARAMETERS.items())
Row = list[CellValue]


def export_xlsform(survey: Survey) -> bytes:
    """The survey as XLSForm .xlsx bytes."""
    languages = _languages(survey)
    workbook = new_workbook()
    add_sheet(workbook, SURVEY, _survey_rows(survey, languages))
    add_sheet(workbook, CHOICES, _choice_rows(survey, languages))
    add_sheet(workbook, SETTINGS, _settings_rows(survey, languages))
    return workbook_bytes(workbook)


def _languages(survey: Survey) -> list[str]:
    """The survey's languages, then any other language some text is written in."""
    found = list(survey.languages or [])
    texts: list[Translations] = [survey.title, survey.intro]
    for question in survey.questions:
        texts += [question.text, question.help, question.scale_min_label, question.scale_max_label]
        texts += [option.label for option in question.options]
    for translations in texts:
        found += [code for code in (translations or {}) if code not in found]
    return found


def _text_bases(survey: Survey) -> list[str]:
    """Label columns always; hint and scale-label columns only when some question has them."""
    return ["label"] + [
        base
        for base, attribute in list(_TEXT_ATTRIBUTES.items())[1:]
        if any(getattr(q, attribute) for q in survey.questions)
    ]


def _survey_rows(survey: Survey, languages: list[str]) -> list[Row]:
    bases = _text_bases(survey)
    header: Row = ["type", "name"]
    header += [language_column(base, code) for base in bases for code in languages]
    header += ["required", "parameters", "trygg_type"]
    # Only surveys with a point question that has its own areas get the column.
    point_areas = any(q.question_type is QuestionType.POINT and q.options for q in survey.questions)
    header += [POINT_AREAS_COLUMN] if point_areas else []
    rows: list[Row] = [header]
    if any(survey.intro.values()):
        rows.append(["note", "intro", *_texts(survey.intro, languages)])
    grouped = survey.page_count > 1
    for page in range(1, survey.page_count + 1):
        if grouped:
            rows.append(["begin group", f"page_{page}"])
        rows += [_question_row(q, bases, languages, point_areas) for q in survey.questions_on(page)]
        if grouped:
            rows.append(["end group", f"page_{page}"])
    return rows


def _question_row(question: Question, bases: list[str], languages: list[str], point_areas: bool) -> Row:
    qtype = question.question_type
    xlsform_type = _XLSFORM_TYPE[qtype]
    if qtype.has_options:
        xlsform_type = f"{xlsform_type} {question.key}"
    row: Row = [xlsform_type, question.key]
    for base in bases:
        row += _texts(getattr(question, _TEXT_ATTRIBUTES[base]), languages)
    row.append("yes" if question.required else "")
    row.append(_SCALE_PARAMETERS if qtype is QuestionType.SCALE else "")
    row.append(qtype.value if xlsform_type.startswith("select_one") else "")
    if point_areas:
        row.append(question.key if qtype is QuestionType.POINT and question.options else "")
    return row


def _choice_rows(survey: Survey, languages: list[str]) -> list[Row]:
    rows: list[Row] = [["list_name", "name", *(language_column("label", c) for c in languages)]]
    for question in survey.questions:
        for option in question.options:
            rows.append([question.key, option.value, *_texts(option.label, languages)])
    return rows


def _settings_rows(survey: Survey, languages: list[str]) -> list[Row]:
    titled = [code for code in languages if (survey.title or {}).get(code)]
    header: Row = ["form_title", "form_id", "default_language", "trygg_kind"]
    header += [language_column(TITLE_COLUMN, code) for code in titled]
    primary = languages[0] if languages else "sv"
    values: Row = [survey.title_in(primary), survey.slug, language_name(primary)]
    values += [survey.kind, *(survey.title[code] for code in titled)]
    return [header, values]


def _texts(translations: Translations | None, languages: list[str]) -> Row:
    return [(translations or {}).get(code, "") for code in languages]
