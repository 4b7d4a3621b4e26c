"""The one spreadsheet reader: workbook formats and the decompression budget."""

from __future__ import annotations

import io
import struct
import time
import zipfile

import pytest

from surveys.transfer import spreadsheet
from surveys.transfer.errors import InvalidResponseFile, InvalidSurveyFile
from surveys.transfer.response_table import read_response_table
from surveys.transfer.spreadsheet import UnreadableFile, read_workbook
from surveys.transfer.xlsform_import import import_xlsform
from tests.factories import make_org
from tests.surveys.import_helpers import ods_bytes, xls_bytes, xlsx_bytes


def test_an_ods_xlsform_with_blank_rows_imports(session):
    org = make_org(session)
    form = {
        "survey": [
            ["type", "name", "label::Svenska (sv)", "label::English (en)"],
            ["select_one yn", "ok", "Känner du dig trygg?", "Do you feel safe?"],
        ],
        "choices": [
            ["list_name", "name", "label::Svenska (sv)", "label::English (en)"],
            ["yn", "ja", "Ja", "Yes"],
            [],
            ["yn", "nej", "Nej", "No"],
        ],
    }
    survey = import_xlsform(session, ods_bytes(form), org, filename="trygg.ods")
    assert survey.questions[0].text == {"sv": "Känner du dig trygg?", "en": "Do you feel safe?"}
    assert [o.value for o in survey.questions[0].options] == ["ja", "nej"]


def test_response_tables_read_ods_like_xlsx():
    rows = [["Vad oroar dig?", "Område"], ["Mörkret", "Centrum"]]
    from_ods = read_response_table(ods_bytes({"svar": rows}), "svar.ods")
    from_xlsx = read_response_table(xlsx_bytes({"svar": rows}), "svar.xlsx")
    assert from_ods.columns == from_xlsx.columns == ["Vad oroar dig?", "Område"]
    assert [r[1] for r in from_ods.rows] == [r[1] for r in from_xlsx.rows] == [("Mörkret", "Centrum")]


def _bomb(real_bytes: int, *, lying: bool = False) -> bytes:
    """An .xlsx-looking zip whose sheet inflates to `real_bytes` (claiming 100 if `lying`)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * real_bytes)
    data = bytearray(buffer.getvalue())
    if not lying:
        return bytes(data)
    size = struct.pack("<I", real_bytes)
    # Patch the uncompressed size in the local and the central directory header.
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (found := data.find(signature, start)) != -1:
            if data[found + offset : found + offset + 4] == size:
                data[found + offset : found + offset + 4] = struct.pack("<I", 100)
            start = found + 4
    return bytes(data)


def test_a_decompression_bomb_is_refused_quickly_even_when_its_header_lies(monkeypatch):
    monkeypatch.setattr(spreadsheet, "MAX_UNZIPPED_BYTES", 2 * 1024 * 1024)
    bomb = _bomb(8 * 1024 * 1024)
    assert len(bomb) < 50_000
    started = time.monotonic()
    with pytest.raises(UnreadableFile, match="expands to more data than we accept"):
        read_workbook(bomb, 1000)
    # A header that understates the size only gets as far as the checksum.
    with pytest.raises(UnreadableFile, match="expands to more data|damaged"):
        read_workbook(_bomb(8 * 1024 * 1024, lying=True), 1000)
    assert time.monotonic() - started < 2
    with pytest.raises(InvalidResponseFile, match="expands to more data"):
        read_response_table(bomb, "svar.xlsx")


def test_the_budget_is_one_for_every_upload(session, monkeypatch):
    monkeypatch.setattr(spreadsheet, "MAX_UNZIPPED_BYTES", 2 * 1024 * 1024)
    with pytest.raises(InvalidSurveyFile, match="expands to more data"):
        import_xlsform(session, _bomb(8 * 1024 * 1024), make_org(session), filename="f.xlsx")


def test_an_old_excel_file_is_read_not_refused_for_its_format():
    fake_xls = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    with pytest.raises(UnreadableFile) as caught:
        read_workbook(fake_xls, 10)
    # Damaged, not "save it as .xlsx": .xls files are read (by calamine) like any workbook.
    assert "97-2003" not in str(caught.value)
    assert "could not be read" in str(caught.value)


def test_too_many_cells_are_refused_before_rows_are_converted(monkeypatch):
    monkeypatch.setattr(spreadsheet, "MAX_CELLS", 50)
    data = xlsx_bytes({"svar": [[f"r{r}c{c}" for c in range(10)] for r in range(10)]})
    with pytest.raises(UnreadableFile, match="more than 50 cells"):
        read_workbook(data, 1000)


def test_an_xls_xlsform_with_groups_or_other_and_translations_imports(session):
    form = {
        "survey": [
            ["type", "name", "label::English (en)", "label::Deutsch (de)"],
            ["begin group", "needs", "Needs", "Bedarf"],
            ["select_multiple services or_other", "services", "Which services?", "Welche Angebote?"],
            ["end group"],
            ["integer", "age", "Age", "Alter"],
        ],
        "choices": [
            ["list_name", "name", "label::English (en)", "label::Deutsch (de)"],
            ["services", "library", "Library", "Bibliothek"],
            [],
            ["services", "youth_club", "Youth club", "Jugendtreff"],
        ],
        "settings": [["form_title", "form_id", "default_language"], ["Needs", "needs", "English (en)"]],
    }
    data = xls_bytes(form)
    assert data.startswith(b"\xd0\xcf\x11\xe0")
    survey = import_xlsform(session, data, make_org(session), filename="needs.xls")
    questions = {q.key: q for q in survey.questions}
    assert list(questions) == ["services", "services_other", "age"]
    assert questions["services"].text == {"en": "Which services?", "de": "Welche Angebote?"}
    assert [o.value for o in questions["services"].options] == ["library", "youth_club", "other"]
    assert questions["age"].page == 2 and questions["age"].type == "scale"
    assert survey.languages[:2] == ["en", "de"]


def test_response_tables_read_xls():
    rows = [["Vad oroar dig?", "Område"], ["Mörkret", "Centrum"]]
    table = read_response_table(xls_bytes({"svar": rows}), "svar.xls")
    assert table.columns == ["Vad oroar dig?", "Område"]
    assert [r[1] for r in table.rows] == [("Mörkret", "Centrum")]


def test_a_small_xlsx_that_unpacks_to_390_mb_is_refused_at_once_with_the_default_budget():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 1_000_000)
    data = bytearray(buffer.getvalue())
    # The sizes a 1.2 MB bomb declares for a 390 MB sheet (what zipfile and calamine believe).
    claimed = struct.pack("<I", 390 * 1024 * 1024)
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (found := data.find(signature, start)) != -1:
            if data[found + offset : found + offset + 4] == struct.pack("<I", 1_000_000):
                data[found + offset : found + offset + 4] = claimed
            start = found + 4
    started = time.monotonic()
    with pytest.raises(InvalidResponseFile, match="expands to more data than we accept"):
        read_response_table(bytes(data), "svar.xlsx")
    assert time.monotonic() - started < 0.5


def test_reading_stops_when_the_time_budget_is_spent(monkeypatch):
    monkeypatch.setattr(spreadsheet, "MAX_READ_SECONDS", -1.0)
    with pytest.raises(UnreadableFile, match="takes too long to read"):
        read_workbook(xlsx_bytes({"svar": [["a"], ["b"]]}), 10)
