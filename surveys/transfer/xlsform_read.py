"""Reading an XLSForm with pyxform, the XLSForm reference converter.

The file is read by the product's one spreadsheet reader (`surveys.transfer.spreadsheet`:
.xlsx, .xls, .ods and CSV in any encoding, with its size limits), or as pyxform's
Markdown form; the sheets are handed to pyxform's workbook-to-JSON step and the form
must then build as an XForm. What pyxform refuses is refused with pyxform's reason
and the spreadsheet row; what it accepts is returned as pyxform's JSON for
`surveys.transfer.xlsform_map` to turn into questions.

CSV convention (pyxform's): one file holds every sheet stacked. A row whose first cell
is a sheet name (``survey``, ``choices``, ``settings``) starts that sheet; the next row
is its header and the rows after it its data, all with an empty first cell.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from typing import Any

from pyxform import constants
from pyxform.builder import create_survey_element_from_dict
from pyxform.errors import PyXFormError
from pyxform.xls2json import workbook_to_json
from pyxform.xls2json_backends import DefinitionData, is_markdown_table, md_to_dict

from surveys.transfer.errors import SheetProblem
from surveys.transfer.messages import N_
from surveys.transfer.spreadsheet import (
    ReadBudget,
    UnreadableFile,
    cell_text,
    decode_text,
    is_workbook,
    read_csv,
    read_workbook,
)
from surveys.transfer.xlsform_spec import CHOICES, SETTINGS, SURVEY, TITLE_COLUMN

log = logging.getLogger(__name__)

MAX_FORM_ROWS = 10_000
_SHEETS = tuple(constants.SUPPORTED_SHEET_NAMES)
_ROW = re.compile(r"^\s*\[row\s*:\s*(\d+)\]\s*")


@dataclass
class Sheet:
    """One sheet as pyxform sees it: data rows keyed by header, and their row numbers."""

    name: str
    headers: list[str] = field(default_factory=list)
    rows: list[dict[str, str]] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)

    def add(self, number: int, cells: list[str]) -> None:
        """Add a data row (blank rows too, so pyxform's row numbers stay right)."""
        self.rows.append({h: c for h, c in zip(self.headers, cells, strict=False) if h and c})
        self.numbers.append(number)

    def row_number(self, pyxform_row: int) -> int | None:
        """The spreadsheet row of pyxform's ``[row : N]`` (pyxform counts the header as 1)."""
        index = pyxform_row - 2
        return self.numbers[index] if 0 <= index < len(self.numbers) else None


@dataclass
class FormReading:
    """pyxform's JSON of the form, its warnings and the sheets it was made from."""

    json: dict[str, Any]
    sheets: dict[str, Sheet]
    warnings: list[str]


def read_xlsform(data: bytes, filename: str, budget: ReadBudget | None = None) -> FormReading:
    """Read and check an XLSForm file with pyxform, within `budget`'s cells, unpacked size and
    seconds (its rows are the form's own limit, `MAX_FORM_ROWS`).

    Raises:
        UnreadableFile: the file is not a readable spreadsheet.
        XLSFormRefused: pyxform refuses the form; `problem` says why and where.
    """
    sheets = _sheets(data, filename, None if budget is None else replace(budget, max_rows=None))
    if settings := sheets.get(SETTINGS):
        # pyxform fails on a translated form_title; our own title column says the same.
        settings.headers = [_title_column(h) for h in settings.headers]
        settings.rows = [{_title_column(k): v for k, v in row.items()} for row in settings.rows]
    definition = DefinitionData(sheet_names=[s.name for s in sheets.values()], fallback_form_name="data")
    for name, sheet in sheets.items():
        setattr(definition, name, sheet.rows)
        setattr(definition, f"{name}_header", [dict.fromkeys(h for h in sheet.headers if h)])
    warnings: list[str] = []
    try:
        result = workbook_to_json(definition, form_name="data", warnings=warnings)
        create_survey_element_from_dict(result).to_xml(validate=False, warnings=warnings)
    except PyXFormError as exc:
        raise XLSFormRefused(_refusal(str(exc), sheets)) from None
    except Exception as exc:  # noqa: BLE001 - pyxform bugs must not reach the user as a traceback
        log.warning("pyxform failed on %s", filename, exc_info=True)
        raise XLSFormRefused(
            SheetProblem(
                None, None, N_("pyxform could not convert the form (%(error)s)", error=type(exc).__name__)
            )
        ) from None
    return FormReading(result, sheets, warnings)


def _title_column(header: str) -> str:
    base, sep, language = header.partition("::")
    return f"{TITLE_COLUMN}::{language}" if sep and base.strip().lower() == "form_title" else header


class XLSFormRefused(Exception):  # noqa: N818 - it is a verdict, not a programming error
    """pyxform refused the form."""

    def __init__(self, problem: SheetProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _sheets(data: bytes, filename: str, budget: ReadBudget | None) -> dict[str, Sheet]:
    if is_workbook(data, filename):
        raw = read_workbook(data, MAX_FORM_ROWS, sheets=_SHEETS, budget=budget)
        return {name: _sheet(name, rows) for name, rows in raw.items()}
    text, _ = decode_text(data)
    if filename.lower().endswith(".md") or is_markdown_table(text):
        return _markdown(text)
    return _stacked_csv(data, budget)


def _sheet(name: str, rows: list[tuple[int, tuple[Any, ...]]]) -> Sheet:
    sheet = Sheet(name)
    previous = 0
    for number, values in rows:
        cells = [cell_text(v) for v in values]
        if not sheet.headers:
            sheet.headers, previous = cells, number
            continue
        for blank in range(previous + 1, number):
            sheet.add(blank, [])
        sheet.add(number, cells)
        previous = number
    _check_headers(sheet)
    return sheet


def _markdown(text: str) -> dict[str, Sheet]:
    try:
        book = md_to_dict(text.encode("utf-8"))
    except PyXFormError as exc:
        raise UnreadableFile(f"the Markdown form could not be read ({exc})") from None
    sheets: dict[str, Sheet] = {}
    for name in book.get("sheet_names", []):
        key = name.lower()
        if key in book and key in _SHEETS:
            sheet = Sheet(key, headers=list(book[f"{key}_header"][0]) if book[f"{key}_header"] else [])
            sheet.rows = [{k: str(v).strip() for k, v in row.items()} for row in book[key]]
            sheet.numbers = list(range(2, len(sheet.rows) + 2))
            sheets[key] = sheet
    return sheets


def _stacked_csv(data: bytes, budget: ReadBudget | None) -> dict[str, Sheet]:
    table = read_csv(data, MAX_FORM_ROWS, budget)
    sheets: dict[str, Sheet] = {}
    current: Sheet | None = None
    for number, record in table.records:
        cells = [c.strip() for c in record]
        if cells[0]:
            name = cells[0].lower()
            if name not in _SHEETS:
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
            current.headers = content
        else:
            current.add(number, content)
    for sheet in sheets.values():
        _check_headers(sheet)
    return sheets


def _check_headers(sheet: Sheet) -> None:
    seen: set[str] = set()
    for header in filter(None, sheet.headers):
        if header in seen:
            raise XLSFormRefused(
                SheetProblem(sheet.name, None, N_("column %(header)r appears twice", header=header))
            )
        seen.add(header)


def _refusal(message: str, sheets: dict[str, Sheet]) -> SheetProblem:
    """pyxform's message as a problem with the spreadsheet row, translated where we can."""
    match = _ROW.match(message)
    reason = message[match.end() :] if match else message
    reason = " ".join(reason.split())
    sheet_name = (
        CHOICES if "choices sheet" in reason.lower() and "list name not in" not in reason.lower() else SURVEY
    )
    if reason.lower().startswith("you must have a sheet named"):
        return SheetProblem(None, None, N_("the file has no (or an empty) 'survey' sheet"))
    sheet = sheets.get(sheet_name)
    row = sheet.row_number(int(match.group(1))) if match and sheet else None
    if "settings" in reason.lower() and not match:
        sheet_name = SETTINGS
    if found := re.search(r"List name not in choices sheet: (\S+)", reason):
        text = N_("choice list %(list)r is not in the choices sheet", list=found.group(1))
    elif found := re.search(r"Unknown question type '([^']*)'", reason):
        text = N_("type %(type)r is not an XLSForm question type", type=found.group(1))
    elif "unmatched" in reason.lower() and "end" in reason.lower():
        text = N_("a 'begin group' or 'end group' has no partner (pyxform: %(reason)s)", reason=reason)
    else:
        text = N_("pyxform refuses the form: %(reason)s", reason=reason)
    return SheetProblem(sheet_name if (match or sheet_name == SETTINGS) else None, row, text)
