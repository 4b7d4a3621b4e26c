"""Checking every row of a response file and turning good rows into values to insert."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from analysis.redact import Redactor
from surveys.answering.answer_values import answer_columns
from surveys.answering.models import Channel, RespondentGroup
from surveys.answering.submission import (
    MAX_FREE_TEXT,
    AnswerValue,
    default_group,
    hash_token,
    validate_answers,
)
from surveys.authoring.models import Question, QuestionType, Survey
from surveys.errors import InvalidAnswers
from surveys.transfer.errors import RowError
from surveys.transfer.messages import N_, exception_text
from surveys.transfer.response_table import ResponseTable, Row, cell_at, loose_name, machine_name, overflows
from surveys.transfer.response_values import (
    AreaIndex,
    OptionIndex,
    answer_value,
    parse_comment,
    parse_date,
    parse_group,
    parse_language_cell,
    parse_point_cell,
)
from surveys.transfer.spreadsheet import Cell

T = TypeVar("T")
# Enough to fix a file by; a file with more problems is probably mapped wrongly.
MAX_ERRORS = 500
# Companion columns of a point question's column "where": "where_area" / "where (område)" and
# "where_comment" / "where kommentar" (also after the question key), compared after loose_name().
POINT_PARTS = {"area": ("area", "omrade"), "comment": ("comment", "kommentar")}
_REASONS = {
    "required": N_("an answer is required"),
    "too_long": N_("the text is longer than %(n)d characters", n=MAX_FREE_TEXT),
    "invalid_choice": N_("not a valid answer to this question"),
    "invalid": N_("not a valid answer to this question"),
}


@dataclass(frozen=True)
class PreparedRow:
    """A checked row, ready to store."""

    number: int
    values: dict[int, AnswerValue]
    group: RespondentGroup
    language: str
    submitted_on: dt.date


class RowReader:
    """Reads the rows of `table` for `survey` through a question-key → column mapping."""

    def __init__(
        self,
        survey: Survey,
        table: ResponseTable,
        mapping: dict[str, str],
        group_column: str | None,
        date_column: str | None,
        language_column: str | None,
    ) -> None:
        self.survey, self.table = survey, table
        self.mapping_errors: list[RowError] = []
        by_key = {q.key: q for q in survey.questions}
        self.questions = [(by_key[k], self._index(c)) for k, c in mapping.items() if k in by_key]
        self._check_mapping(mapping, by_key)
        self.meta = {
            name: self._index(column)
            for name, column in (
                ("group", group_column),
                ("date", date_column),
                ("language", language_column),
            )
            if column
        }
        self.options = {q.id: OptionIndex(q) for q, _ in self.questions if q.question_type.has_options}
        self.areas = {q.id: AreaIndex(q) for q, _ in self.questions if q.question_type is QuestionType.POINT}
        found = point_part_columns(survey, table.columns, mapping)
        self.point_parts = {
            by_key[key].id: {part: table.columns.index(column) for part, column in parts.items()}
            for key, parts in found.items()
        }

    def _index(self, column: str) -> int:
        if column not in self.table.columns:
            self.mapping_errors.append(RowError(self.table.header_row, column, N_("no such column")))
            return -1
        return self.table.columns.index(column)

    def _check_mapping(self, mapping: dict[str, str], by_key: dict[str, Question]) -> None:
        header = self.table.header_row
        for key in mapping:
            if key not in by_key:
                self.mapping_errors.append(
                    RowError(
                        header,
                        None,
                        N_(
                            "the survey has no question %(key)r",
                            key=key,
                        ),
                    )
                )
        for key, question in by_key.items():
            if question.required and key not in mapping:
                self.mapping_errors.append(
                    RowError(header, None, N_("required question %(key)r is not mapped to a column", key=key))
                )
        columns = list(mapping.values())
        for column in sorted({c for c in columns if columns.count(c) > 1}):
            self.mapping_errors.append(RowError(header, column, N_("mapped to more than one question")))

    def read_all(self, today: dt.date) -> tuple[list[PreparedRow], list[RowError], int]:
        """(prepared rows, errors, number of rows without any answer)."""
        prepared: list[PreparedRow] = []
        errors: list[RowError] = []
        skipped = 0
        for row in self.table.rows:
            if len(errors) >= MAX_ERRORS:
                errors.append(RowError(row[0], None, N_("too many errors; stopped checking here")))
                break
            result, found = self._read_row(row, today)
            errors += found
            if result is not None:
                prepared.append(result)
            elif not found:
                skipped += 1
        return prepared, errors, skipped

    def _read_row(self, row: Row, today: dt.date) -> tuple[PreparedRow | None, list[RowError]]:
        """The prepared row, or None with the row's errors (none: the row has no answers)."""
        found: list[RowError] = []
        if overflows(self.table, row):
            found.append(
                RowError(
                    row[0],
                    None,
                    N_(
                        "the row has more cells than the header has "
                        "columns (a separator inside unquoted text?)"
                    ),
                )
            )
        values: dict[int, AnswerValue] = {}
        for question, index in self.questions:
            value: AnswerValue
            if question.question_type is QuestionType.POINT:
                value = self._point(row, question, index, found)
            else:
                value = self._convert(row, index, found, self._answer_parser(question))
            if value is not None:
                values[question.id] = value
        if not values and not found:
            return None, []
        group = self._convert(row, self.meta.get("group", -1), found, parse_group)
        language = self._convert(row, self.meta.get("language", -1), found, self._language)
        submitted_on = self._convert(row, self.meta.get("date", -1), found, parse_date)
        found += [] if found else self._validate(row, values)
        if found:
            return None, found
        return PreparedRow(
            number=row[0],
            values=values,
            group=group or default_group(self.survey, Channel.IMPORT),
            language=language or self.survey.languages[0],
            submitted_on=submitted_on or today,
        ), []

    def _answer_parser(self, question: Question) -> Callable[[Cell], AnswerValue]:
        options = self.options.get(question.id)

        def parse(cell: Cell) -> AnswerValue:
            return answer_value(question, options, cell)

        return parse

    def _point(self, row: Row, question: Question, index: int, found: list[RowError]) -> AnswerValue:
        """{"point", "area", "comment"} from the question's column and its companion columns."""
        parts = self.point_parts.get(question.id, {})
        value = {
            "point": self._convert(row, index, found, parse_point_cell),
            "area": self._convert(row, parts.get("area", -1), found, self.areas[question.id].parse),
            "comment": self._convert(row, parts.get("comment", -1), found, parse_comment),
        }
        return {part: text for part, text in value.items() if text} or None

    def _language(self, cell: Cell) -> str | None:
        return parse_language_cell(self.survey, cell)

    def _convert(self, row: Row, index: int, found: list[RowError], parse: Callable[[Cell], T]) -> T | None:
        """`parse` of the cell at `index`; None for no column, a blank, or a recorded error."""
        if index < 0:
            return None
        try:
            return parse(cell_at(row, index))
        except ValueError as exc:
            found.append(RowError(row[0], self.table.columns[index], exception_text(exc)))
            return None

    def _validate(self, row: Row, values: dict[int, AnswerValue]) -> list[RowError]:
        try:
            validate_answers(self.survey.questions, values)
        except InvalidAnswers as exc:
            columns = {q.id: self.table.columns[i] for q, i in self.questions}
            return [
                RowError(row[0], columns.get(qid), _REASONS.get(reason, reason))
                for qid, reason in exc.errors.items()
            ]
        return []


def point_part_columns(
    survey: Survey, columns: list[str], mapping: dict[str, str]
) -> dict[str, dict[str, str]]:
    """Point question key → {"area": column, "comment": column} for the companion columns found.

    A companion is named after the question's mapped column or its key plus a part name,
    e.g. "where_area" and "where_comment" (as the response export writes them), "where (område)"
    or "where kommentar". Columns mapped to questions are never companions.
    """
    taken = set(mapping.values())
    found: dict[str, dict[str, str]] = {}
    for question in survey.questions:
        column = mapping.get(question.key)
        if question.question_type is not QuestionType.POINT or column not in columns:
            continue
        for part, aliases in POINT_PARTS.items():
            bases = (column, machine_name(column), question.key)
            names = {loose_name(f"{base} {alias}") for base in bases for alias in aliases}
            match = next(
                (
                    c
                    for c in columns
                    if c not in taken and (loose_name(c) in names or loose_name(machine_name(c)) in names)
                ),
                None,
            )
            if match is not None:
                found.setdefault(question.key, {})[part] = match
                taken.add(match)
    return found


def response_values(survey: Survey, row: PreparedRow, file_digest: str) -> dict[str, Any]:
    """Column values of the Response row for a prepared row (for a bulk insert).

    The submission key derives from the file's digest and the row number, so the same
    file imported twice collides on the unique key instead of doubling the answers.
    """
    area = next(
        (
            str(row.values[q.id])
            for q in survey.questions
            if q.question_type is QuestionType.AREA and q.id in row.values
        ),
        None,
    )
    return {
        "survey_id": survey.id,
        "submission_key": hash_token(f"import:{file_digest}:{row.number}"),
        "language": row.language,
        "channel": Channel.IMPORT,
        "respondent_group": row.group.value,
        "area": area,
        "submitted_on": row.submitted_on,
    }


def answer_values(
    survey: Survey, row: PreparedRow, response_id: int, redactor: Redactor
) -> list[dict[str, Any]]:
    """Column values of the Answer rows, shaped as the web form stores them
    (see `surveys.answer_values`): free text raw and redacted, one row per chosen option,
    a point as latitude/longitude and "area: comment"."""

    def redact(text: str) -> str:
        return redactor.redact(text).text

    return [
        {"response_id": response_id, "question_id": question.id} | columns
        for question in survey.questions
        if question.id in row.values
        for columns in answer_columns(question, row.values[question.id], redact)
    ]
