"""Safe cell values for files opened in spreadsheet programs."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from surveys.transfer.spreadsheet import FORMULA_STARTS

CellValue = str | int | float | dt.date | None


def neutralise(value: CellValue) -> CellValue:
    """Prefix text that could be read as a formula with an apostrophe; other values as is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


# A formula start right after a character some spreadsheet splits cells on: Excel with
# Swedish settings splits a .csv on ";", others on "," or tab, and a line break starts a row.
_FORMULA_AFTER_DELIMITER = re.compile(r"([,;\t\r\n])(?=[=+\-@])")


def neutralise_csv_text(text: str) -> str:
    """Text for a CSV cell that no spreadsheet can run, whichever delimiter it splits on.

    The start is guarded as in `neutralise`; every formula start that follows a delimiter
    inside the text gets an apostrophe too ("Bra;=1+1" → "Bra;'=1+1"). Writers quote every
    field as well, so a reader that honours quotes keeps the text in one cell.
    """
    guarded = neutralise(text)
    assert isinstance(guarded, str)
    return _FORMULA_AFTER_DELIMITER.sub(r"\1'", guarded)


def new_workbook() -> Workbook:
    """A write-only workbook: rows stream to the file, so large exports stay small in memory."""
    return Workbook(write_only=True)


def add_sheet(workbook: Workbook, title: str, rows: Iterable[Sequence[CellValue]]) -> None:
    """Append `rows` to a new sheet of a write-only workbook; text is always stored as text.

    Text is typed as a string explicitly so that nothing, not even text starting with
    "=", is ever stored as a formula; characters XLSX cannot hold are removed.
    """
    sheet = workbook.create_sheet(title)
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])


def _cell(sheet: Any, value: CellValue) -> WriteOnlyCell:
    if value == "":
        return WriteOnlyCell(sheet, value=None)
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"
        return cell
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, dt.date):
        cell.number_format = "yyyy-mm-dd"
    return cell


def workbook_bytes(workbook: Workbook) -> bytes:
    """The workbook saved as .xlsx bytes."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
