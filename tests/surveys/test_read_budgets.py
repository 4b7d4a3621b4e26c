"""Reading an upload stops at its row, cell, unpacked-size and time budget, while it reads."""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from surveys.transfer import spreadsheet
from surveys.transfer.errors import InvalidResponseFile
from surveys.transfer.response_table import read_response_table
from surveys.transfer.spreadsheet import ReadBudget, UnreadableFile, read_csv, read_workbook
from tests.surveys.import_helpers import csv_bytes, xlsx_bytes


def cell_bomb(rows: int, columns: int = 10) -> bytes:
    """A valid .xlsx whose one sheet holds rows × columns ones: tiny packed, large unpacked.

    Cells and rows without their (optional) references repeat byte for byte, so the sheet
    deflates about a thousandfold, like the bombs people send.
    """
    template = xlsx_bytes({"svar": [["a"]]})
    row_xml = [b"<row>" + b"<c><v>1</v></c>" * columns + b"</row>"] * rows
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + b"".join(row_xml)
        + b"</sheetData></worksheet>"
    )
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(template)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest,
    ):
        for info in source.infolist():
            body = sheet if info.filename == "xl/worksheets/sheet1.xml" else source.read(info)
            dest.writestr(info.filename, body, compresslevel=9)
    return out.getvalue()


def test_the_cell_bomb_is_a_real_workbook_that_calamine_reads():
    rows = read_workbook(cell_bomb(20, 3), 1000)["svar"]
    assert len(rows) == 20 and rows[0] == (1, (1, 1, 1))


def test_a_highly_compressed_workbook_is_refused_by_its_unpacked_size_quickly():
    bomb = cell_bomb(200_000)  # 2 million cells, over 50 MB of XML
    unpacked = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(bomb)).infolist())
    assert unpacked > 100 * len(bomb)
    started = time.monotonic()
    with pytest.raises(InvalidResponseFile) as caught:
        read_response_table(bomb, "bomb.xlsx", ReadBudget(max_unzipped_bytes=8 * 1024 * 1024))
    assert time.monotonic() - started < 0.5  # refused on the declared sizes, never inflated
    assert str(caught.value) == (
        "bomb.xlsx: the spreadsheet file expands to more data than we accept (more than 8 MB unpacked)"
    )


def test_cells_are_counted_while_the_sheet_is_inflated_before_calamine_parses_it(monkeypatch):
    bomb = cell_bomb(20_000)  # 200,000 cells
    monkeypatch.setattr(spreadsheet, "MAX_CELLS", 50_000)

    def not_reached(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("calamine parsed a sheet over the cell budget")

    monkeypatch.setattr(spreadsheet.CalamineWorkbook, "from_filelike", not_reached)
    started = time.monotonic()
    with pytest.raises(UnreadableFile, match="the file has more than 50000 cells"):
        read_workbook(bomb, 1_000_000)
    assert time.monotonic() - started < 1


@pytest.mark.parametrize("size", [1, 2, 3, 7, 1000])
def test_cells_are_counted_exactly_wherever_the_chunks_split_them(size):
    plain = b'<row r="1"><c r="A1"><v>1</v></c><c/><c>x</c><col min="1"/><cfRule/></row>' * 3
    prefixed = b'<x:worksheet xmlns:x="ns"><x:sheetData><x:row><x:c r="A1"/><x:c>1</x:c><x:col/>' * 2
    root = len(b'<x:worksheet xmlns:x="ns">')  # the prefix is read at the start of the first chunk
    for xml, cells, first in ((plain, 9, 0), (prefixed, 4, root)):
        counter = spreadsheet._CellCounter(max_cells=100)
        counter.feed(xml[:first])
        for start in range(first, len(xml), size):
            counter.feed(xml[start : start + size])
        assert counter.count == cells


def test_the_row_budget_names_the_file_and_the_limit():
    data = csv_bytes([["concern"]] + [[f"svar {i}"] for i in range(10)])
    with pytest.raises(InvalidResponseFile) as caught:
        read_response_table(data, "svar.csv", ReadBudget(max_rows=5))
    assert str(caught.value) == "svar.csv: the file has more than 5 rows; split it into smaller files"
    workbook = xlsx_bytes({"svar": [["concern"]] + [[f"svar {i}"] for i in range(10)]})
    with pytest.raises(InvalidResponseFile, match="svar.xlsx: the file has more than 5 rows"):
        read_response_table(workbook, "svar.xlsx", ReadBudget(max_rows=5))
    assert len(read_response_table(data, "svar.csv", ReadBudget(max_rows=10)).rows) == 10


def test_the_cell_budget_holds_for_csv_and_workbooks():
    rows = [[f"k{c}" for c in range(10)]] + [[str(r)] * 10 for r in range(20)]
    with pytest.raises(InvalidResponseFile, match=r"svar.csv: the file has more than 100 cells"):
        read_response_table(csv_bytes(rows), "svar.csv", ReadBudget(max_cells=100))
    with pytest.raises(InvalidResponseFile, match=r"svar.xlsx: the file has more than 100 cells"):
        read_response_table(xlsx_bytes({"svar": rows}), "svar.xlsx", ReadBudget(max_cells=100))
    assert len(read_response_table(csv_bytes(rows), "svar.csv", ReadBudget(max_cells=210)).rows) == 20


def test_the_time_budget_is_checked_while_reading_not_after():
    many = csv_bytes([["concern"]] + [[f"svar {i}"] for i in range(3000)])
    seen: list[int] = []
    with pytest.raises(UnreadableFile, match=r"takes too long to read \(more than 0 seconds\)"):
        read_csv(many, 10_000, ReadBudget(max_seconds=0), progress=seen.append)
    assert seen == []  # stopped at the first check, row 1000, before any progress report
    with pytest.raises(InvalidResponseFile, match=r"bomb.xlsx: the file takes too long to read"):
        read_response_table(cell_bomb(2_000), "bomb.xlsx", ReadBudget(max_seconds=0))


def test_progress_is_reported_while_rows_are_read():
    rows = [["concern"]] + [[f"svar {i}"] for i in range(12_000)]
    for data, name in ((csv_bytes(rows), "svar.csv"), (xlsx_bytes({"svar": rows}), "svar.xlsx")):
        seen: list[int] = []
        table = read_response_table(data, name, progress=seen.append)
        assert len(table.rows) == 12_000
        assert seen and seen == sorted(seen) and seen[-1] <= 12_001


def test_the_time_budget_of_a_csv_file_is_checked_by_cells_too_not_only_every_thousand_rows():
    wide = csv_bytes([[f"k{c}" for c in range(100)]] + [[f"svar {r}"] * 100 for r in range(400)])
    with pytest.raises(UnreadableFile, match=r"takes too long to read \(more than 0 seconds\)"):
        read_csv(wide, 10_000, ReadBudget(max_seconds=0))
    assert len(read_csv(wide, 10_000).records) == 401


def test_sniffing_the_separator_cannot_outlast_the_time_budget():
    # csv.Sniffer took over 30 seconds on 64,000 characters of this.
    data = b"concern;area\n" + b'x;"' * 21_000
    started = time.monotonic()
    with pytest.raises(UnreadableFile):
        read_csv(data, 10_000, ReadBudget(max_seconds=5))
    assert time.monotonic() - started < 5
    # Ordinary files are sniffed as before, however long.
    rows = [["Vad oroar dig?", "Område"]] + [[f"Mörkt, blött {i}", "Centrum"] for i in range(3000)]
    table = read_csv(csv_bytes(rows, delimiter=";"), 10_000)
    assert table.delimiter == ";" and len(table.records) == 3001
