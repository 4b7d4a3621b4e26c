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
from tests.surveys.import_helpers import ods_bytes, ods_package, xls_bytes, xlsx_bytes


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


_FILLED = '<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>'


def _ods_sheet(rows: str) -> bytes:
    return ods_package(f'<table:table table:name="svar">{rows}</table:table>')


def _refused_quickly_for_cells(data: bytes) -> None:
    started = time.monotonic()
    with pytest.raises(UnreadableFile, match="the file has more than 5000000 cells"):
        read_workbook(data, 100_000)
    assert time.monotonic() - started < 1.0


def test_an_ods_cell_repeated_across_millions_of_columns_is_refused_before_calamine_reads_it():
    bomb = _ods_sheet(
        "<table:table-row>"
        '<table:table-cell table:number-columns-repeated="2000000000" office:value-type="string">'
        "<text:p>x</text:p></table:table-cell></table:table-row>"
    )
    assert len(bomb) < 2_000
    _refused_quickly_for_cells(bomb)


def test_an_ods_filled_row_repeated_millions_of_times_is_refused():
    row = f'<table:table-row table:number-rows-repeated="1000000">{_FILLED.format("a") * 6}</table:table-row>'
    _refused_quickly_for_cells(_ods_sheet(row))
    # Empty rows between filled ones count too: calamine builds them.
    gap = (
        f"<table:table-row>{_FILLED.format('a')}</table:table-row>"
        '<table:table-row table:number-rows-repeated="900000"><table:table-cell/></table:table-row>'
        f"<table:table-row>{_FILLED.format('b') * 6}</table:table-row>"
    )
    _refused_quickly_for_cells(_ods_sheet(gap))


def test_the_formatting_libreoffice_writes_down_to_the_last_row_costs_nothing():
    # An ordinary LibreOffice sheet: trailing empty cells and rows with huge repeat counts.
    rows = (
        f"<table:table-row>{_FILLED.format('concern')}{_FILLED.format('area')}"
        '<table:table-cell table:number-columns-repeated="16382"/></table:table-row>'
        f"<table:table-row>{_FILLED.format('Mörkt')}{_FILLED.format('Centrum')}"
        '<table:table-cell table:style-name="ce1" table:number-columns-repeated="16382"/></table:table-row>'
        '<table:table-row table:number-rows-repeated="1048574">'
        '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
    )
    # Every sheet is counted on its own: the first one's empty rows do not add to the second's.
    second = f'<table:table table:name="andra">{rows}</table:table>'
    data = ods_package(f'<table:table table:name="svar">{rows}</table:table>{second}')
    table = read_response_table(data, "svar.ods")
    assert table.columns == ["concern", "area"]
    assert [r[1] for r in table.rows] == [("Mörkt", "Centrum")]


@pytest.mark.parametrize(
    "rows",
    [
        '<table:table-row table:number-rows-repeated="-4">' + _FILLED.format("a") + "</table:table-row>",
        # Text that would hide a row's cells from the count, or a row inside a cell.
        "<table:table-row><!-- </table:table-row> -->"
        '<table:table-cell table:number-columns-repeated="9000000" office:value-type="string"/>'
        "</table:table-row>",
        '<table:table-row table:number-rows-repeated="9000000"><table:table-cell>'
        "<table:table-row/></table:table-cell>" + _FILLED.format("a") + "</table:table-row>",
    ],
)
def test_what_the_ods_count_cannot_follow_is_a_damaged_file(rows):
    with pytest.raises(UnreadableFile, match="damaged"):
        read_workbook(_ods_sheet(rows), 10)


def test_an_xls_sheet_with_two_cells_far_apart_is_refused_before_calamine_reads_it():
    import xlwt

    workbook = xlwt.Workbook()
    sheet = workbook.add_sheet("svar")
    sheet.write(0, 0, "a")
    sheet.write(65535, 255, "b")  # IV65536: 16.7 million cells once padded
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert len(buffer.getvalue()) < 10_000
    started = time.monotonic()
    with pytest.raises(UnreadableFile, match="the file has more than 1000000 cells"):
        read_workbook(buffer.getvalue(), 100, budget=spreadsheet.ReadBudget(max_cells=1_000_000))
    assert time.monotonic() - started < 0.5  # calamine would have built all 16.7 million first


def test_an_xls_dimensions_record_that_reserves_millions_of_cells_is_refused():
    data = bytearray(xls_bytes({"svar": [["a", "b"], ["c", "d"]]}))
    # DIMENSIONS (0x0200, 14 bytes): first row, last row + 1 (u32), first and last column + 1.
    at = data.find(struct.pack("<HH", 0x0200, 14))
    assert at != -1
    data[at + 4 : at + 18] = struct.pack("<IIHHH", 0, 4_000_000_000, 0, 256, 0)
    _refused_quickly_for_cells(bytes(data))


def test_a_larger_xls_outside_the_mini_stream_is_counted_and_read():
    rows = [["concern", "area"]] + [[f"svar {i}", "Centrum"] for i in range(3000)]
    data = xls_bytes({"svar": rows})
    assert len(data) > 20_000  # its Workbook stream lies in ordinary sectors
    table = read_response_table(data, "svar.xls")
    assert len(table.rows) == 3000
    with pytest.raises(UnreadableFile, match="more than 5000 cells"):
        read_workbook(data, 10_000, budget=spreadsheet.ReadBudget(max_cells=5000))
