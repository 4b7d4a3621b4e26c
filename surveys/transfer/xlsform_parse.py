"""Turning XLSForm sheets into a plain survey description, collecting every problem.

Nothing is dropped silently: a row we cannot represent becomes a row-numbered
`SheetProblem`. The only rows skipped on purpose are device/timing metadata
(``start``, ``end``, ``deviceid`` …), which an anonymous survey never collects.

Notes (``note`` rows) have no answer: notes before the first question become the
survey's introduction; a later note is put in front of the help text of the
question that follows it (or after the help of the last question if none follows).
Top-level ``begin group`` / ``end group`` pairs become pages (one page per group;
questions between groups get a page of their own; nested groups share their
parent's page).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from surveys.authoring.models import QuestionType, SurveyKind
from surveys.transfer.errors import SheetProblem
from surveys.transfer.messages import N_
from surveys.transfer.xlsform_sheets import Sheet
from surveys.transfer.xlsform_spec import (
    CHOICES,
    METADATA_TYPES,
    POINT_AREAS_COLUMN,
    POINT_TYPE,
    SCALE_PARAMETERS,
    SELECT_TYPES,
    SETTINGS,
    SIMPLE_TYPES,
    SURVEY,
    TITLE_COLUMN,
    UNSUPPORTED_GEO_TYPES,
    is_yes,
    parse_parameters,
)
from surveys.transfer.xlsform_texts import TextColumns, merge_texts, special_select_type

log = logging.getLogger(__name__)

MAX_KEY = 64
_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")
_SELECT = re.compile(r"^(select[ _]one|select[ _]multiple|select all that apply)\s+(\S+)(.*)$", re.IGNORECASE)
Texts = dict[str, str]
Report = Callable[[str], None]


@dataclass
class ChoiceSpec:
    """One answer option."""

    value: str
    label: Texts


@dataclass
class QuestionSpec:
    """One question as read from the survey sheet."""

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
    """Everything needed to create the survey."""

    form_id: str
    title: Texts
    intro: Texts
    languages: list[str]
    kind: str
    questions: list[QuestionSpec]


@dataclass
class _State:
    page: int = 1
    depth: int = 0
    page_break: bool = False
    notes: list[Texts] = field(default_factory=list)
    questions: list[QuestionSpec] = field(default_factory=list)
    intro: Texts = field(default_factory=dict)


def parse_form(sheets: dict[str, Sheet]) -> tuple[FormSpec | None, list[SheetProblem]]:
    """Read `sheets` into a FormSpec; the spec is None when there are problems."""
    problems: list[SheetProblem] = []
    if SURVEY not in sheets or not sheets[SURVEY].rows:
        return None, [SheetProblem(None, None, N_("the file has no (or an empty) 'survey' sheet"))]
    settings_sheet = sheets.get(SETTINGS, Sheet(SETTINGS))
    settings_row = settings_sheet.rows[0] if settings_sheet.rows else (0, {})
    settings = settings_row[1]
    columns = TextColumns.build(sheets, settings_row, problems)
    choices = _read_choices(sheets.get(CHOICES, Sheet(CHOICES)), columns, problems)
    state = _State()
    for number, row in sheets[SURVEY].rows:
        _read_row(number, row, state, columns, choices, problems)
    if state.depth:
        problems.append(SheetProblem(SURVEY, None, N_("a 'begin group' has no matching 'end group'")))
    _place_trailing_notes(state)
    if not state.questions and not problems:
        problems.append(SheetProblem(SURVEY, None, N_("the survey sheet has no questions")))
    kind = settings.get("trygg_kind", "").strip() or SurveyKind.CITIZEN_DIALOGUE.value
    if kind not in {k.value for k in SurveyKind}:
        problems.append(
            SheetProblem(SETTINGS, settings_row[0], N_("trygg_kind %(kind)r is not a survey kind", kind=kind))
        )
    if problems:
        return None, problems
    spec = FormSpec(
        form_id=settings.get("form_id", "").strip(),
        title=columns.texts(settings, "form_title") | columns.texts(settings, TITLE_COLUMN),
        intro=state.intro,
        languages=columns.languages,
        kind=kind,
        questions=state.questions,
    )
    return spec, []


def _read_choices(
    sheet: Sheet, columns: TextColumns, problems: list[SheetProblem]
) -> dict[str, list[ChoiceSpec]]:
    lists: dict[str, list[ChoiceSpec]] = {}
    for number, row in sheet.rows:
        list_name, value = row.get("list_name", "").strip(), row.get("name", "").strip()
        if not list_name or not value:
            problems.append(SheetProblem(CHOICES, number, N_("list_name and name are required")))
            continue
        options = lists.setdefault(list_name, [])
        if len(value) > MAX_KEY:
            problems.append(SheetProblem(CHOICES, number, N_("name is longer than %(n)d", n=MAX_KEY)))
        elif any(o.value == value for o in options):
            problems.append(
                SheetProblem(
                    CHOICES,
                    number,
                    N_(
                        "%(value)r appears twice in %(list)r",
                        value=value,
                        list=list_name,
                    ),
                )
            )
        else:
            label = columns.texts(row, "label") or {columns.default: value}
            options.append(ChoiceSpec(value, label))
    return lists


def _read_row(
    number: int,
    row: dict[str, str],
    state: _State,
    columns: TextColumns,
    choices: dict[str, list[ChoiceSpec]],
    problems: list[SheetProblem],
) -> None:
    raw_type = " ".join(row.get("type", "").split())
    kind = raw_type.lower().replace("-", "_")
    if kind in {"begin_group", "begin group", "end_group", "end group"}:
        _group(number, kind.startswith("begin"), state, problems)
    elif kind == "note":
        if texts := columns.texts(row, "label"):
            state.notes.append(texts)
    elif kind in METADATA_TYPES:
        log.info("XLSForm row %s: metadata %r skipped (never collected)", number, raw_type)
    elif not kind:
        if any(v.strip() for v in row.values()):
            problems.append(SheetProblem(SURVEY, number, N_("the type is missing")))
    else:
        question = _question(number, raw_type, row, state, columns, choices, problems)
        if question is not None:
            _add_question(question, state)


def _group(number: int, begin: bool, state: _State, problems: list[SheetProblem]) -> None:
    if not begin and state.depth == 0:
        problems.append(SheetProblem(SURVEY, number, N_("'end group' without a 'begin group'")))
        return
    state.depth += 1 if begin else -1
    if state.depth == (1 if begin else 0):
        state.page_break = True


def _add_question(question: QuestionSpec, state: _State) -> None:
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


def _place_trailing_notes(state: _State) -> None:
    if not state.notes:
        return
    if state.questions:
        last = state.questions[-1]
        last.help = merge_texts(last.help, *state.notes)
    else:
        state.intro = merge_texts(state.intro, *state.notes)


def _question(
    number: int,
    raw_type: str,
    row: dict[str, str],
    state: _State,
    columns: TextColumns,
    choices: dict[str, list[ChoiceSpec]],
    problems: list[SheetProblem],
) -> QuestionSpec | None:
    found: list[SheetProblem] = []

    def problem(message: str) -> None:
        found.append(SheetProblem(SURVEY, number, message))

    key = row.get("name", "").strip()
    qtype, options = _question_type(raw_type, row, choices, problem)
    if not _KEY.match(key) or len(key) > MAX_KEY:
        problem(N_("name %(key)r must be 1-%(n)d letters, digits or _ . - (not first)", key=key, n=MAX_KEY))
    elif any(q.key == key for q in state.questions):
        problem(N_("name %(key)r is used twice", key=key))
    required = is_yes(row.get("required", ""))
    if required is None:
        problem(N_("required must be yes or no (conditional answers are not supported)"))
    text = columns.texts(row, "label")
    if not text:
        problem(N_("the question has no label"))
    if qtype not in (None, QuestionType.POINT) and row.get(POINT_AREAS_COLUMN, "").strip():
        problem(
            N_(
                "%(column)s only applies to %(type)s questions",
                column=POINT_AREAS_COLUMN,
                type=POINT_TYPE,
            )
        )
    problems.extend(found)
    if found or qtype is None:
        return None
    return QuestionSpec(
        key=key,
        type=qtype,
        page=0,
        required=bool(required),
        text=text,
        help=columns.texts(row, "hint"),
        scale_min_label=columns.texts(row, "scale_min_label") if qtype is QuestionType.SCALE else {},
        scale_max_label=columns.texts(row, "scale_max_label") if qtype is QuestionType.SCALE else {},
        options=[ChoiceSpec(o.value, dict(o.label)) for o in options],
    )


def _question_type(
    raw_type: str, row: dict[str, str], choices: dict[str, list[ChoiceSpec]], problem: Report
) -> tuple[QuestionType | None, list[ChoiceSpec]]:
    lowered = raw_type.lower()
    if lowered in SIMPLE_TYPES:
        if lowered == "range" and not _is_five_point(row.get("parameters", "")):
            problem(N_("only ranges with start=1 end=5 step=1 are supported"))
            return None, []
        return SIMPLE_TYPES[lowered], []
    if lowered == POINT_TYPE:
        return QuestionType.POINT, _point_areas(row, choices, problem)
    if lowered in UNSUPPORTED_GEO_TYPES:
        problem(
            N_(
                "type %(type)r is not supported: residents mark one place, not a line or "
                "an area shape (use %(point)s)",
                type=raw_type,
                point=POINT_TYPE,
            )
        )
        return None, []
    match = _SELECT.match(raw_type)
    if not match or match.group(3).strip():
        problem(
            N_(
                "type %(type)r is not supported (use text, integer, range, "
                "select_one LIST, select_multiple LIST, %(point)s, note or begin/end group)",
                type=raw_type,
                point=POINT_TYPE,
            )
        )
        return None, []
    list_name = match.group(2)
    if list_name not in choices:
        problem(N_("choice list %(list)r is not in the choices sheet", list=list_name))
        return None, []
    qtype = SELECT_TYPES[match.group(1).lower().replace("_", " ")]
    if qtype is QuestionType.SINGLE_CHOICE:
        qtype = special_select_type(row, list_name, problem) or qtype
    return qtype, choices[list_name]


def _point_areas(
    row: dict[str, str], choices: dict[str, list[ChoiceSpec]], problem: Report
) -> list[ChoiceSpec]:
    """The areas of a geopoint's ``trygg_areas`` list; none means the organisation's areas."""
    list_name = row.get(POINT_AREAS_COLUMN, "").strip()
    if not list_name:
        return []
    if list_name not in choices:
        problem(
            N_(
                "%(column)s list %(list)r is not in the choices sheet",
                column=POINT_AREAS_COLUMN,
                list=list_name,
            )
        )
        return []
    return choices[list_name]


def _is_five_point(parameters: str) -> bool:
    values = {**{"start": "1", "end": "10", "step": "1"}, **parse_parameters(parameters)}
    try:
        return {k: float(values[k]) for k in SCALE_PARAMETERS} == {
            k: float(v) for k, v in SCALE_PARAMETERS.items()
        }
    except ValueError:
        return False
