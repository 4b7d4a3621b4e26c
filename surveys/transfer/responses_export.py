"""Exporting a survey's responses as CSV or XLSX: one row per response, one column per question.

Columns: round, group, channel, area, language, date, then one per question headed by
its key (a metadata column whose name a question key also uses is written as
``response_<name>``, e.g. ``response_area``). Choice answers are option values;
multiple choices are joined with ";". Free text is the redacted copy unless
`include_raw_text` is asked for. A point question has three columns: ``<key>`` with the
marked place as "lat,lon", ``<key>_area`` and ``<key>_comment`` (the comment redacted
like free text), which the response import reads back. Text cells that a spreadsheet
could run as a formula are prefixed with an apostrophe. No column can link a response
to an invitation or a person: the database holds no such link.

CSV is UTF-8 with a byte-order mark (so Excel shows å, ä, ö right), every field quoted.
Two dialects: "en" is comma separated with decimal points, the format most tools read;
"sv" is what Excel with Swedish settings opens directly: ";" between cells, decimal
commas, and headings a person reads with the machine name after them in brackets
("Vilket område bor du i? [area]", "Grupp [group]"); the import reads either form.
In both, formula-like text is guarded at its start and after every ",", ";", tab or
line break inside it, since a spreadsheet may split cells on any of them. The
XLSX file has a "responses" sheet and a "questions" sheet with the question texts,
options and (free text) purposes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterator
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.catalog import N_
from analysis.redact import redact
from surveys.answering.models import Answer, Response
from surveys.authoring.models import Question, QuestionType, Survey
from surveys.places.points import format_point, known_areas, split_point_text
from surveys.transfer.cells import (
    CellValue,
    add_sheet,
    neutralise,
    neutralise_csv_text,
    new_workbook,
    workbook_bytes,
)

META_COLUMNS = ("round", "group", "channel", "area", "language", "date")
META_HEADINGS = {
    "round": N_("Round"),
    "group": N_("Group"),
    "channel": N_("Channel"),
    "area": N_("Area"),
    "language": N_("Language"),
    "date": N_("Date"),
}
POINT_HEADINGS = {"area": N_("area"), "comment": N_("comment")}
POINT_PARTS = ("area", "comment")  # the columns after a point question's own
_BATCH = 1000  # responses per answer query (well under SQLite's 32k parameters)
Row = list[CellValue]


def response_header(survey: Survey) -> list[str]:
    """Column names of the export (metadata first, then question keys, point parts after their key)."""
    keys = [q.key for q in survey.questions]
    meta = [f"response_{m}" if m in keys else m for m in META_COLUMNS]
    taken = set(meta) | set(keys)
    header = list(meta)
    for question in survey.questions:
        header.append(question.key)
        if question.question_type is QuestionType.POINT:
            for part in POINT_PARTS:
                name = f"{question.key}_{part}"
                while name in taken:  # a question already has that key: keep the names unique
                    name = name.replace("_", "__", 1)
                taken.add(name)
                header.append(name)
    return header


CSV_DIALECTS = ("en", "sv")


def labelled_header(survey: Survey, gettext: Callable[[str], str], language: str) -> list[str]:
    """The export's columns headed for a person: "<label> [<name>]", the name as `response_header` has it.

    Question columns use the question text in `language`; metadata columns the words
    `gettext` gives. The bracketed name keeps the file readable by machines and by the import.
    """
    labels: dict[str, str] = {}
    for meta in META_COLUMNS:
        labels[meta] = labels[f"response_{meta}"] = gettext(META_HEADINGS[meta])
    points = {}
    for question in survey.questions:
        text = question.text_in(language) or question.key
        labels[question.key] = text
        if question.question_type is QuestionType.POINT:
            points[question.key] = text
    names = response_header(survey)
    headed = []
    for position, name in enumerate(names):
        label = labels.get(name)
        if label is None:  # a point question's part columns follow their question
            key = next(n for n in reversed(names[:position]) if n in points)
            part = "area" if position == names.index(key) + 1 else "comment"
            label = f"{points[key]} ({gettext(POINT_HEADINGS[part])})"
        headed.append(f"{label} [{name}]")
    return headed


def export_responses_csv(
    session: Session,
    survey: Survey,
    include_raw_text: bool = False,
    dialect: str = "en",
    gettext: Callable[[str], str] | None = None,
) -> bytes:
    """The survey's responses as UTF-8 (with BOM) CSV bytes in `dialect` ("en" or "sv").

    The "sv" dialect heads its columns through `gettext` (Swedish words expected).
    """
    if dialect not in CSV_DIALECTS:
        raise ValueError(f"unknown CSV dialect {dialect!r}")
    decimal_comma = dialect == "sv"
    header = labelled_header(survey, gettext, "sv") if decimal_comma and gettext else response_header(survey)
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, delimiter=";" if decimal_comma else ",", quoting=csv.QUOTE_ALL, lineterminator="\r\n"
    )
    writer.writerow([_csv_text(name, decimal_comma) for name in header])
    for row in _response_rows(session, survey, include_raw_text):
        writer.writerow([_csv_text(value, decimal_comma) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_text(value: CellValue, decimal_comma: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise_csv_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and decimal_comma:
        return repr(value).replace(".", ",")
    return str(value)


def export_responses_xlsx(session: Session, survey: Survey, include_raw_text: bool = False) -> bytes:
    """The survey's responses as .xlsx bytes, with a "questions" sheet explaining the keys."""
    workbook = new_workbook()
    rows = _response_rows(session, survey, include_raw_text)
    header = [neutralise(name) for name in response_header(survey)]
    add_sheet(workbook, "responses", _prepend(header, rows))
    add_sheet(workbook, "questions", _question_rows(survey))
    return workbook_bytes(workbook)


def _prepend(header: Row, rows: Iterator[Row]) -> Iterator[Row]:
    yield list(header)
    yield from rows


_ANSWER_COLUMNS = (
    Answer.response_id,
    Answer.question_id,
    Answer.option_id,
    Answer.number,
    Answer.text,
    Answer.text_redacted,
    Answer.latitude,
    Answer.longitude,
)
_RESPONSE_COLUMNS = (
    Response.id,
    Response.respondent_group,
    Response.channel,
    Response.area,
    Response.language,
    Response.submitted_on,
)


def _response_rows(session: Session, survey: Survey, include_raw_text: bool) -> Iterator[Row]:
    """One row per response; plain column queries in batches, no ORM objects (fast, small)."""
    responses = session.execute(
        select(*_RESPONSE_COLUMNS)
        .where(Response.survey_id == survey.id)
        .order_by(Response.submitted_on, Response.id)
    ).all()
    options = {o.id: (o.position, o.value) for q in survey.questions for o in q.options}
    areas = {q.id: known_areas(q) for q in survey.questions if q.question_type is QuestionType.POINT}
    for start in range(0, len(responses), _BATCH):
        batch = responses[start : start + _BATCH]
        answers: dict[int, dict[int, list[Any]]] = {}
        for answer in session.execute(
            select(*_ANSWER_COLUMNS).where(Answer.response_id.in_([r.id for r in batch]))
        ):
            answers.setdefault(answer.response_id, {}).setdefault(answer.question_id, []).append(answer)
        for response in batch:
            given = answers.get(response.id, {})
            values: Row = []
            for question in survey.questions:
                found = given.get(question.id, [])
                if question.question_type is QuestionType.POINT:
                    values += _point_cells(found, areas[question.id], include_raw_text)
                else:
                    values.append(_value(question, found, options, include_raw_text))
            meta: Row = [survey.round_label, *response[1:]]
            yield [neutralise(v) for v in meta + values]


def _value(
    question: Question, answers: list[Any], options: dict[int, tuple[int, str]], raw: bool
) -> CellValue:
    if not answers:
        return None
    qtype = question.question_type
    if qtype is QuestionType.FREE_TEXT:
        text, redacted = answers[0].text, answers[0].text_redacted
        if raw or text is None:
            return cast(str | None, text)
        # Answers stored before redaction existed are redacted on the way out.
        return cast(str, redacted) if redacted is not None else redact(text).text
    if qtype is QuestionType.SCALE:
        return cast(int | None, answers[0].number)
    # Options in their question order; answers whose option was deleted are left out.
    chosen = sorted(options[a.option_id] for a in answers if a.option_id in options)
    return ";".join(value for _, value in chosen) or None


def _point_cells(answers: list[Any], areas: set[str], raw: bool) -> Row:
    """[place "lat,lon", area, comment] of a point answer; the comment masked unless `raw`."""
    if not answers:
        return [None, None, None]
    answer = answers[0]
    place = None
    if answer.latitude is not None and answer.longitude is not None:
        place = format_point(answer.latitude, answer.longitude)
    # The area is one of the known areas, never personal data, so it is read from the raw text;
    # the masked comment is what follows "area: " in the masked copy.
    area, comment = split_point_text(answer.text, areas)
    if comment is not None and not raw:
        masked = answer.text_redacted if answer.text_redacted is not None else redact(answer.text).text
        comment = masked.removeprefix(f"{area}: ") if area else masked
    return [place, area, comment]


def _question_rows(survey: Survey) -> Iterator[Row]:
    languages = list(survey.languages or [])
    # "purpose": what a free-text question asks about, so a reader knows which answers are problems.
    yield ["key", "type", "page", "required", *(f"text ({code})" for code in languages), "options", "purpose"]
    for question in survey.questions:
        options = "; ".join(
            f"{o.value} = {o.label_in(languages[0] if languages else 'sv')}" for o in question.options
        )
        texts = [(question.text or {}).get(code, "") for code in languages]
        row: Row = [
            question.key,
            question.type,
            question.page,
            "yes" if question.required else "no",
            *texts,
            options,
            question.question_purpose.value if question.question_type is QuestionType.FREE_TEXT else "",
        ]
        yield [neutralise(v) for v in row]
