"""Reading an XLSForm file (XLSX or stacked CSV) into header-keyed rows per sheet.

CSV convention (pyxform's): one file holds every sheet stacked. A row whose first
cell is a sheet name (``survey``, ``choices``, ``settings``) starts that sheet; the
next row is its header and the rows after it its data, all with an empty first cell::

    survey
    ,type,name,label::Svenska (sv),label::English (en)
    ,text,concern,Vad oroar dig?,What worries you?
    choices
    ,list_name,name,label::Svenska (sv),label::English (en)
    settings
    ,form_title,form_id,default_language
    ,Trygghetsenkät,trygghet-2026,Svenska (sv)

Row numbers are those of the workbook sheet, or of the CSV file as a whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from surveys.transfer.errors import SheetProblem
from surveys.transfer.messages import N_
from surveys.transfer.spreadsheet import Cell, UnreadableFile, cell_text, is_xlsx, read_csv, read_xlsx
from surveys.transfer.xlsform_spec import CHOICES, SETTINGS, SURVEY

MAX_FORM_ROWS = 10_000
SHEETS = (SURVEY, CHOICES, SETTINGS)


@dataclass
class Sheet:
    """One sheet: its header row number, headers and non-empty data rows."""

    name: str
    header_row: int = 0
    headers: list[str] = field(default_factory=list)
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)

    def add(self, number: int, cells: list[str]) -> None:
        """Add a data row, keyed by header; blank rows are dropped."""
        if any(cells):
            self.rows.append((number, {h: c for h, c in zip(self.headers, cells, strict=False) if h}))


def read_form_sheets(data: bytes, filename: str) -> tuple[dict[str, Sheet], list[SheetProblem]]:
    """The survey, choices and settings sheets of an XLSForm file (missing sheets absent).

    Raises:
        UnreadableFile: the file is not a readable spreadsheet.
    """
    if is_xlsx(data, filename):
        raw = read_xlsx(data, MAX_FORM_ROWS, sheets=SHEETS)
        sheets = {name: _sheet_from_rows(name, rows) for name, rows in raw.items()}
        return sheets, _duplicate_headers(sheets)
    return _stacked_csv(data)


def _sheet_from_rows(name: str, rows: list[tuple[int, tuple[Cell, ...]]]) -> Sheet:
    sheet = Sheet(name)
    for number, values in rows:
        cells = [cell_text(v) for v in values]
        if not sheet.headers:
            if any(cells):
                sheet.header_row, sheet.headers = number, cells
            continue
        sheet.add(number, cells)
    return sheet


def _stacked_csv(data: bytes) -> tuple[dict[str, Sheet], list[SheetProblem]]:
    table = read_csv(data, MAX_FORM_ROWS)
    sheets: dict[str, Sheet] = {}
    current: Sheet | None = None
    for number, record in table.records:
        cells = [c.strip() for c in record]
        if not any(cells):
            continue
        if cells[0]:
            name = cells[0].lower()
            if name not in SHEETS:
                raise UnreadableFile(
                    f"row {number}: {cells[0]!r} is not a sheet name; a CSV XLSForm stacks its "
                    "sheets: a row 'survey' (or 'choices', 'settings'), then the header row and "
                    "the data rows, each starting with an empty cell"
                )
            current = sheets.setdefault(name, Sheet(name))
        if current is None:
            raise UnreadableFile("a CSV XLSForm must start with a row whose first cell is 'survey'")
        content = cells[1:]
        if not any(content):
            continue
        if not current.headers:
            current.header_row, current.headers = number, content
        else:
            current.add(number, content)
    return sheets, _duplicate_headers(sheets)


def _duplicate_headers(sheets: dict[str, Sheet]) -> list[SheetProblem]:
    problems = []
    for sheet in sheets.values():
        seen: set[str] = set()
        for header in filter(None, sheet.headers):
            if header in seen:
                problems.append(
                    SheetProblem(
                        sheet.name,
                        sheet.header_row,
                        N_(
                            "column %(header)r appears twice",
                            header=header,
                        ),
                    )
                )
            seen.add(header)
    return problems
