"""Turning pyxform's JSON of an XLSForm into a Trygg Dialog survey description.

Mapping (see `surveys.transfer.xlsform_spec` for the extension columns):

============================  ==========================================
``text``                      free_text
``select_one LIST``           single_choice; area when LIST or the name is
                              ``area``/``omrade``; demographic when it is
                              ``age_band``/``alder`` (or ``trygg_type`` says so)
``select_multiple LIST``      multiple_choice
``range``                     scale (asked from 1 to 5; other ranges reported)
``integer``                   scale from 1 to 5 (reported)
``decimal``, ``date`` …       free_text (reported)
``geopoint``                  point; ``geotrace``/``geoshape`` too (reported)
``note``                      no question: text goes to the intro / help
groups                        one page per top-level group; repeats asked once
============================  ==========================================

Nothing is dropped silently: every row left out or changed gets a row-numbered entry in
the report (skip logic, constraints, choice filters, calculations, media and device
metadata, which an anonymous survey never collects).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from surveys.authoring.models import QuestionType, SurveyKind
from surveys.database.base import FALLBACK_LANGUAGE
from surveys.transfer.errors import SheetProblem
from surveys.transfer.messages import N_
from surveys.transfer.spreadsheet import fold
from surveys.transfer.xlsform_read import FormReading
from surveys.transfer.xlsform_spec import (
    AREA_NAMES,
    DEMOGRAPHIC_NAMES,
    POINT_AREAS_COLUMN,
    SCALE_PARAMETERS,
    SETTINGS,
    SURVEY,
    TITLE_COLUMN,
    parse_language,
)

MAX_KEY = 64
Texts = dict[str, str]
_SPECIAL = {
    "area": QuestionType.AREA,
    "demographic": QuestionType.DEMOGRAPHIC,
    "single_choice": QuestionType.SINGLE_CHOICE,
}
_AS_TEXT = {"decimal", "date", "time", "datetime", "dateTime", "barcode"}
_METADATA = {
    "start",
    "end",
    "today",
    "deviceid",
    "imei",
    "phonenumber",
    "simserial",
    "subscriberid",
    "username",
    "email",
    "audit",
    "start-geopoint",
    "background-audio",
    "background-geopoint",
}
_MEDIA = {"image", "audio", "video", "file", "photo"}


@dataclass
class ChoiceSpec:
    """One answer option."""

    value: str
    label: Texts


@dataclass
class QuestionSpec:
    """One question as read from the form."""

    key: str
    type: QuestionType
    page: int
    required: bool
    text: Texts
    help: Texts
    scale_min_label: Texts
    scale_max_label: Texts
    options: list[ChoiceSpec] = field(default_factory=list)


@dataclass
class FormSpec:
    """Everything needed to create the survey, and what was left out or changed."""

    form_id: str
    title: Texts
    intro: Texts
    languages: list[str]
    kind: str
    questions: list[QuestionSpec]
    dropped: list[SheetProblem] = field(default_factory=list)


@dataclass
class _State:
    reading: FormReading
    default: str
    rows: dict[str, int]
    types: dict[str, str]
    languages: list[str]
    page: int = 1
    page_break: bool = False
    notes: list[Texts] = field(default_factory=list)
    questions: list[QuestionSpec] = field(default_factory=list)
    intro: Texts = field(default_factory=dict)
    dropped: list[SheetProblem] = field(default_factory=list)

    def report(self, name: str, message: str) -> None:
        self.dropped.append(SheetProblem(SURVEY, self.rows.get(name), message))


def map_form(reading: FormReading) -> tuple[FormSpec | None, list[SheetProblem]]:
    """The survey described by pyxform's JSON, or None and the problems that prevent it."""
    settings_sheet = reading.sheets.get(SETTINGS)
    settings = settings_sheet.rows[0] if settings_sheet and settings_sheet.rows else {}
    setting_row = settings_sheet.numbers[0] if settings_sheet and settings_sheet.numbers else None
    default = parse_language(str(reading.json.get("default_language", ""))) or FALLBACK_LANGUAGE
    if reading.json.get("default_language") in (None, "default"):
        default = FALLBACK_LANGUAGE
    written = _survey_rows(reading)
    state = _State(
        reading,
        default,
        {name: number for name, (number, _) in written.items()},
        {name: kind for name, (_, kind) in written.items()},
        [default],
    )
    for child in reading.json.get("children", []):
        _element(child, state, depth=0)
    if state.notes:
        if state.questions:
            state.questions[-1].help = merge_texts(state.questions[-1].help, *state.notes)
        else:
            state.intro = merge_texts(state.intro, *state.notes)
    problems: list[SheetProblem] = []
    if not state.questions:
        problems.append(SheetProblem(SURVEY, None, N_("the survey sheet has no questions")))
    kind = settings.get("trygg_kind", "").strip() or SurveyKind.CITIZEN_DIALOGUE
    if kind not in {k.value for k in SurveyKind}:
        problems.append(
            SheetProblem(SETTINGS, setting_row, N_("trygg_kind %(kind)r is not a survey kind", kind=kind))
        )
    if problems:
        return None, problems
    title = _column_texts(settings, "form_title", state) | _column_texts(settings, TITLE_COLUMN, state)
    spec = FormSpec(
        form_id=settings.get("form_id", "").strip(),
        title=title,
        intro=state.intro,
        languages=state.languages,
        kind=kind,
        questions=state.questions,
        dropped=state.dropped,
    )
    return spec, []


def _survey_rows(reading: FormReading) -> dict[str, tuple[int, str]]:
    """Row number and type as written, by question name (first occurrence)."""
    sheet = reading.sheets.get(SURVEY)
    found: dict[str, tuple[int, str]] = {}
    if sheet:
        for number, row in zip(sheet.numbers, sheet.rows, strict=False):
            name = row.get("name", "").strip()
            if name and name not in found:
                found[name] = (number, " ".join(row.get("type", "").split()))
    return found


def _column_texts(row: dict[str, str], base: str, state: _State) -> Texts:
    found: Texts = {}
    for header, value in row.items():
        name, sep, language = header.partition("::")
        if name.strip().lower() != base or not value.strip():
            continue
        code = _language(language, state) if sep else state.default
        found.setdefault(code, value.strip())
    return found


def _language(name: str, state: _State) -> str:
    code = state.default if name in ("", "default") else parse_language(name)
    if code is None:
        message = N_(
            "texts in the language %(language)r are kept as %(default)s", language=name, default=state.default
        )
        if all(p.message != message for p in state.dropped):
            state.dropped.append(SheetProblem(None, None, message))
        code = state.default
    if code not in state.languages:
        state.languages.append(code)
    return code


def texts(value: Any, state: _State) -> Texts:
    """pyxform's text (a string, or a dict by language name) as texts by language code."""
    if not value:
        return {}
    if isinstance(value, str):
        return {state.default: value.strip()} if value.strip() else {}
    found: Texts = {}
    for name, text in value.items():
        if isinstance(text, str) and text.strip():
            code = _language(name, state)
            if code not in found or name not in ("", "default"):
                found[code] = text.strip()
    return found


def merge_texts(*parts: Texts) -> Texts:
    """Join texts per language with a blank line, in order, skipping empty ones."""
    merged: Texts = {}
    for part in parts:
        for language, text in part.items():
            if text:
                merged[language] = f"{merged[language]}\n\n{text}" if language in merged else text
    return merged


def _element(element: dict[str, Any], state: _State, depth: int) -> None:
    kind = str(element.get("type", ""))
    name = str(element.get("name", ""))
    # pyxform normalises some types (image → photo); the report names the one written.
    written = state.types.get(name, "").split(" ")[0] or kind
    if kind in ("group", "repeat"):
        if element.get("control", {}).get("bodyless"):
            return  # pyxform's own meta group (instanceID)
        if kind == "repeat":
            state.report(name, N_("%(name)s: a repeat is asked once, not repeated", name=name))
        _logic(element, state)
        if depth == 0:
            state.page_break = True
        for child in element.get("children", []):
            _element(child, state, depth + 1)
        if depth == 0:
            state.page_break = True
        return
    if kind == "note":
        if found := texts(element.get("label"), state):
            state.notes.append(found)
        return
    if kind in _METADATA:
        message = N_("%(name)s: %(type)s is device metadata, never collected", name=name, type=written)
        state.report(name, message)
        return
    if kind in _MEDIA:
        state.report(
            name, N_("%(name)s: %(type)s questions (media files) are left out", name=name, type=written)
        )
        return
    if kind in ("calculate", "hidden", "acknowledge", "trigger", "xml-external", "csv-external"):
        message = N_("%(name)s: %(type)s has no counterpart and is left out", name=name, type=written)
        state.report(name, message)
        return
    question = _question(element, kind, name, state)
    if question is not None:
        _logic(element, state)
        _add(question, state)


def _logic(element: dict[str, Any], state: _State) -> None:
    name = str(element.get("name", ""))
    bind = element.get("bind", {}) or {}
    if bind.get("relevant") and not name.endswith("_other"):
        state.report(
            name, N_("%(name)s: the skip logic (relevant) is left out; it is always shown", name=name)
        )
    if bind.get("constraint"):
        state.report(name, N_("%(name)s: the constraint is not checked", name=name))
    if element.get("choice_filter"):
        state.report(name, N_("%(name)s: the choice filter is left out; every option is shown", name=name))


def _question(element: dict[str, Any], kind: str, name: str, state: _State) -> QuestionSpec | None:
    options: list[ChoiceSpec] = []
    scale_labels = False
    if kind in ("text", "string"):
        qtype = QuestionType.FREE_TEXT
        if name.endswith("_other") and (element.get("bind", {}) or {}).get("relevant"):
            state.report(name, N_("%(name)s: the 'other' text is always shown", name=name))
    elif kind in ("select one", "select all that apply"):
        options = _options(element.get("choices") or [], state)
        if not options:
            state.report(
                name,
                N_("%(name)s: the choices are in an external file and the question is left out", name=name),
            )
            return None
        qtype = (
            QuestionType.MULTIPLE_CHOICE if kind == "select all that apply" else _select_one(element, state)
        )
    elif kind in ("range", "integer", "int"):
        qtype, scale_labels = QuestionType.SCALE, True
        parameters = {k: str(v) for k, v in (element.get("parameters") or {}).items()}
        if kind != "range" or any(parameters.get(k, v) != v for k, v in SCALE_PARAMETERS.items()):
            state.report(name, N_("%(name)s: the number is asked as a scale from 1 to 5", name=name))
    elif kind == "geopoint" or kind in ("geotrace", "geoshape"):
        qtype = QuestionType.POINT
        if kind != "geopoint":
            state.report(
                name, N_("%(name)s: a %(type)s is asked as one place on the map", name=name, type=kind)
            )
        if areas := str(element.get(POINT_AREAS_COLUMN, "")).strip():
            choices = state.reading.json.get("choices", {}).get(areas)
            if choices is None:
                state.report(
                    name,
                    N_("%(name)s: the area list %(list)r is not in the choices sheet", name=name, list=areas),
                )
            else:
                options = _options(choices, state)
    elif kind in _AS_TEXT or kind.startswith(("select one", "select all")):
        qtype = QuestionType.FREE_TEXT
        state.report(name, N_("%(name)s: a %(type)s question is asked as free text", name=name, type=kind))
    else:
        state.report(
            name, N_("%(name)s: type %(type)s has no counterpart and is left out", name=name, type=kind)
        )
        return None
    required = str((element.get("bind", {}) or {}).get("required", "")).strip().lower()
    if required not in ("", "yes", "true()", "true", "no", "false()", "false"):
        state.report(name, N_("%(name)s: a conditional 'required' becomes optional", name=name))
    text = texts(element.get("label"), state)
    if not text:
        text = {state.default: name}
        state.report(name, N_("%(name)s: the question has no label; its name is shown", name=name))
    return QuestionSpec(
        key=_key(name, state),
        type=qtype,
        page=0,
        required=required in ("yes", "true()", "true"),
        text=text,
        help=texts(element.get("hint"), state),
        scale_min_label=texts(element.get("scale_min_label"), state) if scale_labels else {},
        scale_max_label=texts(element.get("scale_max_label"), state) if scale_labels else {},
        options=options,
    )


def _options(choices: list[dict[str, Any]], state: _State) -> list[ChoiceSpec]:
    options: list[ChoiceSpec] = []
    for choice in choices:
        value = str(choice.get("name", "")).strip()[:MAX_KEY]
        if value and all(o.value != value for o in options):
            options.append(ChoiceSpec(value, texts(choice.get("label"), state) or {state.default: value}))
    return options


def _select_one(element: dict[str, Any], state: _State) -> QuestionType:
    explicit = str(element.get("trygg_type", "")).strip().lower()
    if explicit in _SPECIAL:
        return _SPECIAL[explicit]
    names = {fold(str(element.get("list_name", ""))), fold(str(element.get("name", "")))}
    if names & AREA_NAMES:
        return QuestionType.AREA
    if names & DEMOGRAPHIC_NAMES:
        return QuestionType.DEMOGRAPHIC
    return QuestionType.SINGLE_CHOICE


def _key(name: str, state: _State) -> str:
    key = re.sub(r"[^A-Za-z0-9_.\-]", "_", name)[:MAX_KEY] or "q"
    base, n = key, 2
    while any(q.key == key for q in state.questions):
        key, n = f"{base[: MAX_KEY - 4]}_{n}", n + 1
    if key != name:
        state.report(name, N_("%(name)s: the question is stored under the name %(key)s", name=name, key=key))
    return key


def _add(question: QuestionSpec, state: _State) -> None:
    if state.page_break and state.questions and state.questions[-1].page == state.page:
        state.page += 1
    state.page_break = False
    question.page = state.page
    notes = merge_texts(*state.notes)
    state.notes.clear()
    if not state.questions:
        state.intro = merge_texts(state.intro, notes)
    elif notes:
        question.help = merge_texts(notes, question.help)
    state.questions.append(question)
