"""Safe cell values for files opened in spreadsheet programs."""

from __future__ import annotations

import datetime as dt
import io
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
