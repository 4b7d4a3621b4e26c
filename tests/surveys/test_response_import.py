"""Importing responses from other tools' CSV/XLSX files: encodings, formats, errors, limits."""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import func, select

from surveys.answering.models import Answer, Response
from surveys.authoring.models import Survey
from surveys.transfer import response_table
from surveys.transfer.errors import ImportFailed, InvalidResponseFile, RowError
from surveys.transfer.responses_import import (
    import_responses,
    preview_response_file,
    suggest_mapping,
    suggest_meta_columns,
)
from tests.surveys.import_helpers import csv_bytes, make_import_survey, xlsx_bytes

HEADER = ["Vad oroar dig?", "safety", "Område", "places", "age", "Datum"]
MAPPING = {
    "concern": "Vad oroar dig?",
    "safety": "safety",
    "area": "Område",
    "places": "places",
    "age": "age",
}


def stored(session, survey: Survey) -> list[Response]:
    return list(
        session.scalars(select(Response).where(Response.survey_id == survey.id).order_by(Response.id))
    )


def answers_of(response: Response) -> dict[str, object]:
    found: dict[str, object] = {}
    for answer in response.answers:
        key = answer.question.key
        if answer.option is not None:
            found.setdefault(key, []).append(answer.option.value)  # type: ignore[union-attr]
        else:
            found[key] = answer.text if answer.text is not None else answer.number
    return found


ROWS = [
    HEADER,
    ["Det är mörkt på gångvägen", "2", "Söder", "park;station", "16_24", "2026-03-05"],
    ["Bilar kör för fort, särskilt på kvällen", "4", "centrum", "Skolan", "25+ år", "06.03.2026"],
]


@pytest.mark.parametrize(
    ("encoding", "data_encoding", "delimiter"),
    [
        ("utf-8", "utf-8", ","),
        ("utf-8-sig", "utf-8-sig", ";"),
        ("utf-16", "utf-16-le", "\t"),
        ("utf-16-be-bom", "utf-16-be", ";"),
        ("cp1252", "cp1252", ";"),
    ],
)
def test_encodings_and_separators_are_detected_and_imported(session, encoding, data_encoding, delimiter):
    survey = make_import_survey(session)
    if encoding == "utf-16-be-bom":
        data = "\ufeff".encode("utf-16-be") + csv_bytes(ROWS, delimiter, "utf-16-be")
    else:
        data = csv_bytes(ROWS, delimiter, encoding)
    preview = preview_response_file(data, "svar.csv")
    assert (preview.encoding, preview.delimiter, preview.row_count) == (data_encoding, delimiter, 2)
    assert preview.columns == HEADER
    assert preview.rows[0][0] == "Det är mörkt på gångvägen"
    report = import_responses(session, survey, data, "svar.csv", MAPPING, date_column="Datum")
    assert report.imported == 2
    first, second = stored(session, survey)
    assert answers_of(first) == {
        "concern": "Det är mörkt på gångvägen",
        "safety": 2,
        "area": ["Söder"],
        "places": ["park", "station"],
        "age": ["16_24"],
    }
    assert (first.area, first.channel, first.submitted_on) == ("Söder", "import", dt.date(2026, 3, 5))
    assert answers_of(second)["places"] == ["school"] and second.area == "Centrum"
    assert second.submitted_on == dt.date(2026, 3, 6)


@pytest.mark.parametrize(
    "cell",
    [
        "2026-03-05",
        "2026-03-05 14:22",
        "5/3/2026",
        "05.03.2026",
        "2026-03-05T14:22:00+01:00",
        "5/3/2026 14:22",
    ],
)
def test_dates_keep_only_the_day(session, cell):
    survey = make_import_survey(session)
    data = csv_bytes([["concern", "when"], ["Mörkt", cell]])
    import_responses(session, survey, data, "a.csv", {"concern": "concern"}, date_column="when")
    assert stored(session, survey)[0].submitted_on == dt.date(2026, 3, 5)


def test_missing_date_column_means_today_and_groups_languages_are_read(session):
    survey = make_import_survey(session)
    data = csv_bytes(
        [["concern", "grupp", "språk"], ["Mörkt", "Personal", "English"], ["Ljust", "invånare", ""]]
    )
    meta = suggest_meta_columns(["concern", "grupp", "språk"], taken=["concern"])
    assert meta == {"group": "grupp", "language": "språk"}
    import_responses(
        session,
        survey,
        data,
        "a.csv",
        {"concern": "concern"},
        group_column="grupp",
        language_column="språk",
        today=dt.date(2026, 4, 1),
    )
    staff, resident = stored(session, survey)
    assert (staff.respondent_group, staff.language) == ("staff", "en")
    assert staff.submitted_on == dt.date(2026, 4, 1)
    assert (resident.respondent_group, resident.language) == ("resident", "sv")


def test_xlsx_with_labels_in_any_language_numbers_and_dates(session):
    survey = make_import_survey(session)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["concern", "safety", "area", "places", "age", "date"])
    sheet.append(["Klotter", 3.0, "South", "The park, The station", "16–24", dt.datetime(2026, 3, 5, 14, 22)])
    sheet.append([None, None, None, None, None, None])  # Excel's empty formatted rows
    sheet.append(["Fortkörning", 5, "TOWN CENTRE", "the school", "25+", dt.date(2026, 3, 7)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    preview = preview_response_file(data, "svar.xlsx")
    assert (preview.encoding, preview.delimiter, preview.row_count) == (None, None, 2)
    columns = preview.columns
    mapping = suggest_mapping(survey, columns)
    assert mapping == {k: k for k in ["concern", "safety", "area", "places", "age"]}
    import_responses(session, survey, data, "svar.xlsx", mapping, date_column="date")
    first, second = stored(session, survey)
    assert answers_of(first) == {
        "concern": "Klotter",
        "safety": 3,
        "area": ["Söder"],
        "places": ["park", "station"],
        "age": ["16_24"],
    }
    assert first.submitted_on == dt.date(2026, 3, 5)
    assert answers_of(second)["area"] == ["Centrum"] and second.submitted_on == dt.date(2026, 3, 7)


def test_suggest_mapping_matches_keys_and_texts_loosely_using_each_column_once(session):
    survey = make_import_survey(session)
    columns = ["ID", "VAD OROAR DIG", "How safe do you feel?", "omrade", "Area", "Unsafe places:"]
    assert suggest_mapping(survey, columns) == {
        "concern": "VAD OROAR DIG",
        "safety": "How safe do you feel?",
        "area": "Area",
        "places": "Unsafe places:",
    }


def test_one_bad_row_means_nothing_is_imported_and_every_error_has_row_and_column(session):
    survey = make_import_survey(session)
    data = csv_bytes(
        [
            HEADER,
            ["Bra", "3", "Centrum", "", "", "2026-03-05"],
            ["Dåligt", "9", "Centrum", "", "", "2026-03-05"],
            ["Mörkt", "2", "Mars", "park;moon", "", "31.02.2026"],
            ["", "2", "Centrum", "", "", ""],
        ],
        delimiter=";",
    )
    with pytest.raises(ImportFailed) as caught:
        import_responses(session, survey, data, "a.csv", MAPPING, date_column="Datum")
    where = [(e.row, e.column) for e in caught.value.errors]
    assert where == [(3, "safety"), (4, "Område"), (4, "places"), (4, "Datum"), (5, "Vad oroar dig?")]
    messages = [e.message for e in caught.value.errors]
    assert "'9' is not a whole number from 1 to 5" in messages[0]
    assert "'Mars' is not one of the options" in messages[1]
    assert "'moon'" in messages[2] and "not a date" in messages[3]
    assert messages[4] == "an answer is required"
    assert "row 3, column 'safety'" in str(caught.value.errors[0])
    assert session.scalar(select(func.count(Response.id))) == 0


def test_mapping_problems_are_reported_on_the_header_row(session):
    survey = make_import_survey(session)
    data = csv_bytes([["text", "x"], ["Hej", "1"]])
    with pytest.raises(ImportFailed) as caught:
        import_responses(session, survey, data, "a.csv", {"safety": "nope", "ghost": "x"}, date_column="when")
    assert set(caught.value.errors) == {
        RowError(1, "nope", "no such column"),
        RowError(1, "when", "no such column"),
        RowError(1, None, "the survey has no question 'ghost'"),
        RowError(1, None, "required question 'concern' is not mapped to a column"),
    }


def test_free_text_is_redacted_and_rows_without_answers_are_skipped(session):
    survey = make_import_survey(session)
    data = csv_bytes([["concern", "id"], ["Ring mig på 070-123 45 67", "1"], ["", "2"]])
    report = import_responses(session, survey, data, "a.csv", {"concern": "concern"})
    assert (report.imported, report.skipped_empty) == (1, 1)
    answer = session.scalar(select(Answer))
    assert answer.text == "Ring mig på 070-123 45 67" and "[telefon]" in answer.text_redacted


def test_the_same_file_cannot_be_imported_twice(session):
    survey = make_import_survey(session)
    data = csv_bytes([["concern"], ["Mörkt"]])
    import_responses(session, survey, data, "a.csv", {"concern": "concern"})
    with pytest.raises(InvalidResponseFile, match="already been imported"):
        import_responses(session, survey, data, "a.csv", {"concern": "concern"})
    assert len(stored(session, survey)) == 1


def test_misaligned_rows_and_malformed_csv(session):
    survey = make_import_survey(session)
    data = b"concern,safety\nhej,2\nunquoted, comma,3\n"
    with pytest.raises(ImportFailed, match="row 3: the row has more cells"):
        import_responses(session, survey, data, "a.csv", {"concern": "concern"})
    with pytest.raises(InvalidResponseFile, match="malformed CSV"):
        preview_response_file(b'concern,safety\n"never closed,2\n', "a.csv")


def _xlsx_bytes() -> bytes:
    return xlsx_bytes({"svar": [["concern"], ["hej"]]})


def _zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "a.csv", "is empty"),
        (b"concern,safety\n", "a.csv", "header but no rows"),
        (bytes(range(256)) * 40, "a.csv", "looks binary"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(1, 32)) * 20, "a.csv", "looks binary"),
        (_xlsx_bytes()[:300], "a.xlsx", "damaged or truncated"),
        (_xlsx_bytes()[:-40], "a.xlsx", "damaged or truncated"),
        (_zip_without_workbook(), "a.xlsx", "not a spreadsheet workbook"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64 + "EncryptedPackage".encode("utf-16-le"),
            "a.xlsx",
            "password-protected",
        ),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "a.xls", "could not be read"),
        (b"just some text", "a.xlsx", "not a valid spreadsheet"),
        (b"\xff\xfea\x00b", "a.csv", "not valid utf-16"),
    ],
)
def test_unreadable_files_give_clear_errors(session, data, filename, message):
    survey = make_import_survey(session)
    with pytest.raises(InvalidResponseFile, match=message):
        preview_response_file(data, filename)
    with pytest.raises(InvalidResponseFile, match=message):
        import_responses(session, survey, data, filename, {"concern": "concern"})


def test_size_and_row_limits(session, monkeypatch):
    survey = make_import_survey(session)
    too_big = b"a" * (response_table.MAX_BYTES + 1)
    with pytest.raises(InvalidResponseFile, match="larger than 20 MB"):
        import_responses(session, survey, too_big, "big.csv", {})
    monkeypatch.setattr(response_table, "MAX_ROWS", 3)
    many = csv_bytes([["concern"]] + [[f"svar {i}"] for i in range(5)])
    with pytest.raises(InvalidResponseFile, match="more than 3 rows"):
        import_responses(session, survey, many, "many.csv", {"concern": "concern"})
    assert session.scalar(select(func.count(Response.id))) == 0
    # Formatted but empty rows (Excel often formats whole columns) do not count.
    workbook = Workbook()
    workbook.active.append(["concern"])
    workbook.active.append(["Mörkt"])
    for row in range(3, 50):
        workbook.active.cell(row=row, column=1).font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = import_responses(session, survey, buffer.getvalue(), "f.xlsx", {"concern": "concern"})
    assert report.imported == 1


def _damaged_workbooks() -> list[bytes]:
    """A valid workbook cut short at many points and with bytes flipped (seeded)."""
    good = xlsx_bytes({"svar": [["concern", "safety"], ["Mörkt", 3]]})
    rnd = random.Random(7)
    damaged = [good[:cut] for cut in range(0, len(good), 211)]
    for _ in range(60):
        flipped = bytearray(good)
        for _ in range(4):
            flipped[rnd.randrange(len(flipped))] = rnd.randrange(256)
        damaged.append(bytes(flipped))
    return damaged


@pytest.mark.parametrize("filename", ["svar.xlsx", "svar.csv"])
def test_damaged_workbooks_never_raise_anything_but_invalid_response_file(filename):
    for data in _damaged_workbooks():
        try:
            preview_response_file(data, filename)
        except InvalidResponseFile:
            pass


@settings(max_examples=200, database=None, deadline=None)
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_never_raise_anything_but_invalid_response_file(data):
    try:
        preview = preview_response_file(data, "svar.csv")
    except InvalidResponseFile:
        return
    assert preview.row_count >= 1
