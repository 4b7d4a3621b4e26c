"""Exporting responses: CSV with BOM, XLSX, redaction, formula neutralising, re-import."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from surveys.answering.models import Answer, Channel, Response
from surveys.answering.submission import submit_response
from surveys.transfer.cells import neutralise
from surveys.transfer.responses_export import export_responses_csv, export_responses_xlsx
from surveys.transfer.responses_import import import_responses, suggest_mapping, suggest_meta_columns
from tests.surveys.import_helpers import make_import_survey

QUESTION_KEYS = ["concern", "safety", "area", "places", "age"]
EXPECTED_HEADER = ["round", "group", "channel", "response_area", "language", "date", *QUESTION_KEYS]


def answer(
    session,
    survey,
    token,
    concern,
    *,
    places=(),
    safety=None,
    area="Söder",
    language="sv",
    day=dt.date(2026, 3, 5),
):
    by_key = {q.key: q.id for q in survey.questions}
    values = {by_key["concern"]: concern, by_key["area"]: area, by_key["places"]: list(places)}
    if safety is not None:
        values[by_key["safety"]] = safety
    return submit_response(
        session,
        survey,
        values,
        submission_token=token,
        language=language,
        channel=Channel.PAPER,
        enforce_open=False,
        today=day,
    )


@pytest.fixture
def survey(session):
    survey = make_import_survey(session, round_label="2026")
    answer(session, survey, "a", "Ring 070-123 45 67 om langningen", places=["station", "park"], safety=2)
    answer(
        session,
        survey,
        "b",
        '=HYPERLINK("http://evil")',
        area="Centrum",
        language="en",
        day=dt.date(2026, 3, 6),
    )
    answer(session, survey, "c", "-bra belysning", places=["school"])
    return survey


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_has_bom_header_and_one_row_per_response(session, survey):
    data = export_responses_csv(session, survey)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = read_csv(data)
    assert rows[0] == EXPECTED_HEADER
    assert len(rows) == 4
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["round"] == "2026" and first["group"] == "resident" and first["channel"] == "paper"
    assert (first["response_area"], first["language"], first["date"]) == ("Söder", "sv", "2026-03-05")
    assert first["safety"] == "2" and first["area"] == "Söder"
    assert first["places"] == "park;station"  # option order, joined with ";"
    assert first["age"] == ""


def test_free_text_is_redacted_unless_raw_is_asked_for(session, survey):
    redacted = read_csv(export_responses_csv(session, survey))[1][6]
    assert "070" not in redacted and "[telefon]" in redacted
    raw = read_csv(export_responses_csv(session, survey, include_raw_text=True))[1][6]
    assert raw == "Ring 070-123 45 67 om langningen"


def test_formula_like_cells_are_neutralised(session, survey):
    rows = read_csv(export_responses_csv(session, survey))  # ordered by date: a, c, b
    assert rows[2][6] == "'-bra belysning"
    assert rows[3][6] == '\'=HYPERLINK("http://evil")'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+46", "'+46"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("ok", "ok"),
        (-3, -3),
        (None, None),
        (dt.date(2026, 1, 1), dt.date(2026, 1, 1)),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_xlsx_is_readable_with_expected_columns_and_a_questions_sheet(session, survey):
    workbook = load_workbook(io.BytesIO(export_responses_xlsx(session, survey)))
    try:
        assert workbook.sheetnames == ["responses", "questions"]
        rows = list(workbook["responses"].iter_rows(values_only=True))
        assert list(rows[0]) == EXPECTED_HEADER
        first = dict(zip(rows[0], rows[1], strict=True))
        assert first["safety"] == 2 and first["places"] == "park;station"
        assert first["date"].date() == dt.date(2026, 3, 5)
        assert "[telefon]" in first["concern"]
        formula_cell = workbook["responses"].cell(row=4, column=7)
        assert formula_cell.data_type == "s" and formula_cell.value.startswith("'=")
        questions = list(workbook["questions"].iter_rows(values_only=True))
        assert questions[0] == (
            *("key", "type", "page", "required", "text (sv)", "text (en)", "options", "purpose"),
        )
        assert questions[1][:6] == ("concern", "free_text", 1, "yes", "Vad oroar dig?", "What worries you?")
        assert questions[1][7] == "problems" and questions[2][7] in (None, "")
        assert questions[3][6] == "Centrum = Centrum; Söder = Söder"
    finally:
        workbook.close()


def test_export_has_no_column_linking_anything_to_a_person(session, survey):
    header = set(read_csv(export_responses_csv(session, survey))[0])
    assert header.isdisjoint({"id", "submission_key", "token", "invitation", "email", "ip"})


def test_exported_csv_imports_into_a_copy_of_the_survey(session, survey):
    data = export_responses_csv(session, survey, include_raw_text=True)
    copy = make_import_survey(session, slug="kopia")
    columns = read_csv(data)[0]
    mapping = suggest_mapping(copy, columns)
    assert mapping == {key: key for key in QUESTION_KEYS}
    meta = suggest_meta_columns(columns, taken=list(mapping.values()))
    assert meta == {"group": "group", "date": "date", "language": "language"}
    report = import_responses(
        session,
        copy,
        data,
        "export.csv",
        mapping,
        group_column="group",
        date_column="date",
        language_column="language",
    )
    assert report.imported == 3
    imported = session.scalars(
        select(Response).where(Response.survey_id == copy.id).order_by(Response.id)
    ).all()
    assert [(r.area, r.language, r.submitted_on) for r in imported] == [
        ("Söder", "sv", dt.date(2026, 3, 5)),
        ("Söder", "sv", dt.date(2026, 3, 5)),
        ("Centrum", "en", dt.date(2026, 3, 6)),
    ]
    texts = session.scalars(
        select(Answer.text)
        .join(Response)
        .where(Response.survey_id == copy.id, Answer.text.is_not(None))
        .order_by(Answer.id)
    ).all()
    # The apostrophe that guarded the formula-like text in the export is taken off again.
    assert texts == ["Ring 070-123 45 67 om langningen", "-bra belysning", '=HYPERLINK("http://evil")']


def test_empty_survey_exports_just_the_header(session):
    survey = make_import_survey(session, slug="tom")
    assert read_csv(export_responses_csv(session, survey)) == [EXPECTED_HEADER]


SWEDISH_HEADINGS = {"Round": "Omgång", "Group": "Grupp", "Channel": "Kanal", "Area": "Område"}


def test_the_swedish_csv_heads_columns_for_people_and_imports_back_unchanged(session, survey):
    data = export_responses_csv(
        session, survey, include_raw_text=True, dialect="sv", gettext=lambda m: SWEDISH_HEADINGS.get(m, m)
    )
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    header = rows[0]
    assert header[:4] == ["Omgång [round]", "Grupp [group]", "Kanal [channel]", "Område [response_area]"]
    assert header[6] == "Vad oroar dig? [concern]"
    copy = make_import_survey(session, slug="kopia")
    mapping = suggest_mapping(copy, header)
    assert mapping == {key: next(h for h in header if h.endswith(f"[{key}]")) for key in QUESTION_KEYS}
    meta = suggest_meta_columns(header, taken=list(mapping.values()))
    assert meta == {"group": "Grupp [group]", "date": "Date [date]", "language": "Language [language]"}
    report = import_responses(
        session,
        copy,
        data,
        "export.csv",
        mapping,
        group_column=meta["group"],
        date_column=meta["date"],
        language_column=meta["language"],
    )
    assert report.imported == 3
    imported = session.scalars(select(Response).where(Response.survey_id == copy.id).order_by(Response.id))
    assert [(r.area, r.language) for r in imported] == [("Söder", "sv"), ("Söder", "sv"), ("Centrum", "en")]
