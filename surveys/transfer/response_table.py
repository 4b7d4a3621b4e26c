"""A response file (CSV or the first sheet of an XLSX workbook) as named columns and rows.

The first non-empty row is the header. Blank headers become "column N" (1-based)
and repeated ones get " (2)", " (3)" … so every column has a unique name; wholly
empty unnamed columns (Excel's formatting leftovers) are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from surveys.transfer.errors import InvalidResponseFile
from surveys.transfer.messages import N_, exception_text
from surveys.transfer.spreadsheet import (
    Cell,
    Progress,
    ReadBudget,
    UnreadableFile,
    cell_text,
    fold,
    is_workbook,
    read_csv,
    read_workbook,
)

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
Row = tuple[int, tuple[Cell, ...]]


@dataclass(frozen=True)
class ResponseTable:
    """Columns and data rows (with spreadsheet row numbers) of a response file."""

    columns: list[str]
    header_row: int
    rows: list[Row]
    encoding: str | None
    delimiter: str | None
    # Columns after this many have no header: values there mean a misaligned row.
    named_width: int


def cell_at(row: Row, index: int) -> Cell:
    """The value at column `index` of `row` (None when the row is shorter)."""
    values = row[1]
    return values[index] if index < len(values) else None


_BRACKETED = re.compile(r"\[([A-Za-z0-9_]+)\]\s*$")


def machine_name(column: str) -> str:
    """``area`` for a heading written for people, "Vilket område bor du i? [area]"; the column otherwise."""
    found = _BRACKETED.search(column)
    return found.group(1) if found else column


def loose_name(text: str) -> str:
    """A column or question name for loose matching: no case, diacritics or punctuation."""
    return " ".join(re.sub(r"[\W_]+", " ", fold(text)).split())


def overflows(table: ResponseTable, row: Row) -> bool:
    """Whether `row` has values beyond the named columns (e.g. an unquoted separator)."""
    return any(cell_text(c) for c in row[1][table.named_width :])


def read_response_table(
    data: bytes, filename: str, budget: ReadBudget | None = None, progress: Progress | None = None
) -> ResponseTable:
    """Read a CSV/XLSX response file within `budget` (rows: `MAX_ROWS` unless it says).

    `progress` is called with the number of rows read so far while the file is read.

    Raises:
        InvalidResponseFile: empty, too large, over a budget (rows, cells, unpacked
            size, time), binary, damaged, password-protected or otherwise unreadable,
            with a message naming the file and saying which.
    """
    max_rows = (budget or ReadBudget()).rows(MAX_ROWS)
    if len(data) > MAX_BYTES:
        raise InvalidResponseFile(
            N_(
                "%(name)s is larger than %(mb)d MB; split it into smaller files",
                name=filename,
                mb=MAX_BYTES // (1024 * 1024),
            )
        )
    if not data.strip():
        raise InvalidResponseFile(N_("%(name)s is empty", name=filename))
    try:
        rows, encoding, delimiter = _raw_rows(data, filename, max_rows, budget, progress)
    except UnreadableFile as exc:
        raise InvalidResponseFile(
            N_(
                "%(name)s: %(reason)s",
                name=filename,
                reason=exception_text(exc),
            )
        ) from None
    filled = [(n, cells) for n, cells in rows if any(cell_text(c) for c in cells)]
    if not filled:
        raise InvalidResponseFile(N_("%(name)s has no header row", name=filename))
    (header_row, header), body = filled[0], filled[1:]
    if not body:
        raise InvalidResponseFile(N_("%(name)s has a header but no rows", name=filename))
    if len(body) > max_rows:
        raise InvalidResponseFile(
            N_(
                "%(name)s has more than %(n)s rows; split it",
                name=filename,
                n=max_rows,
            )
        )
    width = _used_width(header, body)
    named = max((i + 1 for i, c in enumerate(header) if cell_text(c)), default=0)
    columns = _column_names(header, width)
    return ResponseTable(columns, header_row, body, encoding, delimiter, named)


def _raw_rows(
    data: bytes, filename: str, max_rows: int, budget: ReadBudget | None, progress: Progress | None
) -> tuple[list[Row], str | None, str | None]:
    if is_workbook(data, filename):
        sheets = read_workbook(data, max_rows, budget=budget, progress=progress)
        return next(iter(sheets.values()), []), None, None
    table = read_csv(data, max_rows, budget, progress)
    return [(n, tuple(r)) for n, r in table.records], table.encoding, table.delimiter


def _used_width(header: tuple[Cell, ...], body: list[Row]) -> int:
    """Columns up to the last one with a name or any value."""
    width = max((i + 1 for i, c in enumerate(header) if cell_text(c)), default=0)
    for _, cells in body:
        width = max(width, max((i + 1 for i, c in enumerate(cells) if cell_text(c)), default=0))
    return width


def _column_names(header: tuple[Cell, ...], width: int) -> list[str]:
    names: list[str] = []
    for index in range(width):
        name = cell_text(header[index]) if index < len(header) else ""
        name = name or f"column {index + 1}"
        unique, n = name, 2
        while unique in names:
            unique, n = f"{name} ({n})", n + 1
        names.append(unique)
    return names


def find_columns(
    columns: list[str], aliases: dict[str, tuple[str, ...]], required: tuple[str, ...]
) -> dict[str, int]:
    """Index of each known column, matched by case- and accent-insensitive aliases.

    Raises:
        InvalidResponseFile: a required column is missing (the message lists what was found).
    """
    found: dict[str, int] = {}
    for index, name in enumerate(columns):
        for key, names in aliases.items():
            if key not in found and fold(name) in names:
                found[key] = index
    if any(k not in found for k in required):
        raise InvalidResponseFile(
            N_(
                "the file needs the columns %(required)s (found: %(found)s)",
                required=", ".join(required),
                found=", ".join(columns),
            )
        )
    return found
