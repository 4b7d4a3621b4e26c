"""Importing responses from CSV/XLSX files exported by other survey tools.

Three steps: `preview_response_file` shows what the file holds, `suggest_mapping`
proposes which column answers which question, and `import_responses` stores every
row as one response (channel "import") — all rows or none, in one transaction.

Conventions: one row per response, one column per question; a choice cell holds an
option value or label in any language; a multiple-choice cell separates options with
";" (or ","); a scale cell holds a number from 1 to 5; free text that starts with an
apostrophe before = + - @ loses the apostrophe (our exports add it against formulas).
A point question's cell holds the marked place as "lat,lon", "lat lon" or ODK/KoBo's
"lat lon altitude accuracy" (decimal degrees, WGS 84); its area and comment come from
companion columns named after that column or the question key, "<key>_area" and
"<key>_comment" as the response export writes them (see `response_rows.point_part_columns`).
Submissions exports of KoBoToolbox/ODK (group paths in column names, 0/1 option
columns, ``_submission_time``) need no hand mapping: see `kobo_columns`.
Row numbers in errors are spreadsheet row numbers (the header is row 1).
Re-importing the same file into the same survey is refused, so a retry never doubles
the answers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from analysis.redact import Redactor
from surveys.answering.models import Answer, Response
from surveys.authoring.models import Survey
from surveys.localtime import today as local_today
from surveys.transfer.errors import ImportFailed, InvalidResponseFile
from surveys.transfer.kobo_columns import combine_option_columns, question_name
from surveys.transfer.messages import N_
from surveys.transfer.response_rows import PreparedRow, RowReader, answer_values, response_values
from surveys.transfer.response_table import loose_name, machine_name, read_response_table
from surveys.transfer.spreadsheet import Progress, ReadBudget, cell_text

PREVIEW_ROWS = 5
_ALREADY_IMPORTED = N_("this file has already been imported into this survey")
# Header names recognised as response metadata, compared after loose_name().
META_COLUMNS = {
    "group": {"group", "response group", "respondent group", "grupp", "respondentgrupp"},
    "date": {
        "date",
        "response date",
        "datum",
        "submitted on",
        "submission date",
        "timestamp",
        "tidsstampel",
        "svarsdatum",
        "submission time",  # KoBoToolbox's _submission_time
    },
    "language": {"language", "response language", "sprak", "lang"},
}


@dataclass(frozen=True)
class FilePreview:
    """What a response file holds, to build the column mapping from."""

    columns: list[str]
    rows: list[list[str]]
    encoding: str | None
    delimiter: str | None
    row_count: int


@dataclass(frozen=True)
class ImportReport:
    """The outcome of a successful import."""

    imported: int
    skipped_empty: int = 0


def preview_response_file(
    data: bytes, filename: str, budget: ReadBudget | None = None, progress: Progress | None = None
) -> FilePreview:
    """Columns, the first rows as text, encoding, delimiter and row count of a file.

    Raises:
        InvalidResponseFile: the file cannot be read (within `budget`).
    """
    table = combine_option_columns(read_response_table(data, filename, budget, progress))
    sample = [
        [cell_text(values[i]) if i < len(values) else "" for i in range(len(table.columns))]
        for _, values in table.rows[:PREVIEW_ROWS]
    ]
    return FilePreview(table.columns, sample, table.encoding, table.delimiter, len(table.rows))


def suggest_mapping(survey: Survey, columns: Sequence[str]) -> dict[str, str]:
    """Question key → column, matching the key first, then the question text in any language.

    Matching ignores case, diacritics and punctuation; each column is used once.
    """
    by_name: dict[str, str] = {}
    # The Swedish export heads columns "<question text> [key]": the bracketed key wins.
    for column in columns:
        if machine_name(column) != column:
            by_name.setdefault(loose_name(machine_name(column)), column)
    for column in columns:
        by_name.setdefault(loose_name(column), column)
    # KoBoToolbox/ODK name columns by group path ("p1/concern"); whole names win.
    for column in columns:
        by_name.setdefault(loose_name(question_name(column)), column)
    mapping: dict[str, str] = {}
    passes = (lambda q: [q.key], lambda q: list((q.text or {}).values()))
    for names_of in passes:
        for question in survey.questions:
            if question.key in mapping:
                continue
            for name in names_of(question):
                match = by_name.get(loose_name(name))
                if match is not None and match not in mapping.values():
                    mapping[question.key] = match
                    break
    return mapping


def suggest_meta_columns(columns: Sequence[str], taken: Sequence[str] = ()) -> dict[str, str]:
    """Columns that look like the group, date and language of each response.

    Returns:
        A dict with some of the keys "group", "date", "language"; columns in `taken`
        (already mapped to questions) are skipped.
    """
    found: dict[str, str] = {}
    for column in columns:
        name = loose_name(machine_name(column)).removeprefix("response ")
        for meta, names in META_COLUMNS.items():
            if column not in taken and meta not in found and (name in names or loose_name(column) in names):
                found[meta] = column
    return found


def import_responses(
    session: Session,
    survey: Survey,
    data: bytes,
    filename: str,
    mapping: dict[str, str],
    *,
    group_column: str | None = None,
    date_column: str | None = None,
    language_column: str | None = None,
    today: dt.date | None = None,
    budget: ReadBudget | None = None,
) -> ImportReport:
    """Store every row of the file as a response of `survey`, or none at all.

    The survey's status does not matter (answers collected elsewhere arrive late).
    Blank cells of `date_column` (or no such column) mean `today`; blank groups mean
    the survey's default group; blank languages the survey's first language.

    Raises:
        InvalidResponseFile: the file cannot be read (within `budget`), or was imported before.
        ImportFailed: the mapping or some rows are wrong; `errors` lists each with its
            row and column. Nothing is stored.
    """
    table = combine_option_columns(read_response_table(data, filename, budget))
    reader = RowReader(survey, table, mapping, group_column, date_column, language_column)
    if reader.mapping_errors:
        raise ImportFailed(reader.mapping_errors)
    prepared, errors, skipped = reader.read_all(today or local_today())
    if errors:
        raise ImportFailed(errors)
    _store(session, survey, prepared, hashlib.sha256(data).hexdigest())
    return ImportReport(imported=len(prepared), skipped_empty=skipped)


def _store(session: Session, survey: Survey, rows: list[PreparedRow], digest: str) -> None:
    """Insert all responses and answers and commit once; on any failure roll back.

    Bulk inserts rather than ORM objects: a 100,000-row file stays a matter of seconds.
    """
    responses = [response_values(survey, row, digest) for row in rows]
    if responses and _already_imported(session, survey, responses[0]["submission_key"]):
        raise InvalidResponseFile(_ALREADY_IMPORTED)
    redactor = Redactor()
    try:
        ids = session.scalars(
            insert(Response).returning(Response.id, sort_by_parameter_order=True), responses
        ).all()
        answers = [
            a for rid, row in zip(ids, rows, strict=True) for a in answer_values(survey, row, rid, redactor)
        ]
        if answers:
            session.execute(insert(Answer), answers)
        session.commit()
    except IntegrityError:
        session.rollback()
        # A concurrent import of the same file won the race on the unique submission key.
        if _already_imported(session, survey, responses[0]["submission_key"]):
            raise InvalidResponseFile(_ALREADY_IMPORTED) from None
        raise
    except Exception:
        session.rollback()
        raise


def _already_imported(session: Session, survey: Survey, key: str) -> bool:
    found = session.scalar(
        select(Response.id).where(Response.survey_id == survey.id, Response.submission_key == key)
    )
    return found is not None
