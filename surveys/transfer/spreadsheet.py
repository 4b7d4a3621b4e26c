"""Reading uploaded spreadsheets (CSV text, .xlsx, .xls, .ods) safely into plain rows.

The one reader of the product: the XLSForm, response, incident and indicator imports
and `trygg cluster` all read files here, with the size and decompression limits
below. Everything that can go wrong with a
file a user picked (wrong format, encoding, damage, password, size) becomes an
`UnreadableFile` with a message a person can act on, never a traceback.

Row numbers are those a spreadsheet program shows: the first line is row 1.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import struct
import time
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from charset_normalizer import from_bytes
from python_calamine import CalamineWorkbook

from analysis.written_numbers import parse_number
from surveys.errors import SurveyError
from surveys.transfer.messages import N_
from surveys.transfer.workbook_cells import Damaged, OdsCellCounter, TooManyCells, check_xls_cells

Cell = str | int | float | bool | dt.datetime | dt.date | dt.time | None

# A spreadsheet program may run a cell starting with one of these as a formula
# (CSV/formula injection, OWASP); tab and carriage return can hide such a start.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Default budgets for every uploaded spreadsheet, in one place (the web app takes its own
# from the environment: see `ReadBudget`). A tiny zip can expand to gigabytes ("zip bomb");
# the largest legitimate uploads (100,000 response rows) stay well below these.
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_CELLS = 5_000_000
# Wall-clock budget for reading one file, checked while it is inflated, while its cells
# are counted and every `_CHECK_EVERY` rows: a file that slips past the size budgets
# still cannot hold a worker.
MAX_READ_SECONDS = 30.0
_CHECK_EVERY = 1_000
# Rows between two calls of a reader's progress callback.
PROGRESS_EVERY = 5_000
# The cells of an .xlsx sheet (<c …>, <c/>, a prefixed <x:c …>) are counted in the inflated
# XML before calamine parses the sheet (calamine holds a whole sheet in memory at once).
_XLSX_PREFIX = re.compile(rb"<([A-Za-z_][\w.-]*):worksheet[\s>]")
_XLSX_SHEET = re.compile(r"^xl/(?:worksheets|dialogsheets|macrosheets)/[^/]+\.xml$")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
_SNIFF_CHARS = 64_000
# csv.Sniffer's regular expressions take time quadratic in the sample on some inputs
# (64,000 characters of `x;"` took over 30 seconds, beyond any time budget's reach); the
# separator is sniffed from this many characters, ending at a line end where there is one.
_DELIMITER_SNIFF_CHARS = 8_000
# Cells between two checks of the time budget in a CSV file (besides every `_CHECK_EVERY`
# records), so that a few very wide records are checked as often as many narrow ones.
_CHECK_CELLS = 20_000
# Non-ASCII characters expected in Swedish (and most Western) office files; when a
# Windows-1252 reading yields only these, it is almost certainly the right one.
_WESTERN = set("åäöÅÄÖéÉèÈëüÜæÆøØáÁàâêíîïóôõúùûçñßÿ€–—‘’‚“”„´§½¼¾°×÷«»…•·±²³µ¢£¥©®™\u00a0")
_CP1252_ALIASES = {"cp1252", "windows-1252", "latin_1", "iso8859_1", "iso8859_15"}


class UnreadableFile(SurveyError):
    """The file is not a spreadsheet we can read; the message says why."""


@dataclass(frozen=True)
class ReadBudget:
    """How much one uploaded file may cost to read; exceeding any part stops the reading.

    `max_rows` is None where the caller passes its own row limit (XLSForms, `trygg
    cluster`); the other parts default to the module's budgets.
    """

    max_rows: int | None = None
    max_cells: int = MAX_CELLS
    max_unzipped_bytes: int = MAX_UNZIPPED_BYTES
    max_seconds: float = MAX_READ_SECONDS

    def rows(self, default: int) -> int:
        """The row budget: this budget's own, else the caller's `default`."""
        return default if self.max_rows is None else self.max_rows


def default_budget() -> ReadBudget:
    """The module's budgets as they are now (tests lower them one at a time)."""
    return ReadBudget(None, MAX_CELLS, MAX_UNZIPPED_BYTES, MAX_READ_SECONDS)


Progress = Callable[[int], None]


class _Clock:
    """The wall-clock budget of one read: `check()` raises once it is spent."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise UnreadableFile(
                N_(
                    "the file takes too long to read (more than %(seconds)s seconds); split it",
                    seconds=_whole(self.seconds),
                )
            )


def _whole(number: float) -> int | float:
    return int(number) if float(number).is_integer() else number


def _too_many_rows(max_rows: int) -> UnreadableFile:
    return UnreadableFile(N_("the file has more than %(n)s rows; split it into smaller files", n=max_rows))


def _too_many_cells(max_cells: int) -> UnreadableFile:
    return UnreadableFile(N_("the file has more than %(n)s cells; split it into smaller files", n=max_cells))


def _too_large_unpacked(max_bytes: int) -> UnreadableFile:
    return UnreadableFile(
        N_(
            "the spreadsheet file expands to more data than we accept (more than %(mb)s MB unpacked)",
            mb=max(1, max_bytes // (1024 * 1024)),
        )
    )


@dataclass(frozen=True)
class TextTable:
    """A decoded CSV file: records with their row numbers, encoding and delimiter."""

    records: list[tuple[int, list[str]]]
    encoding: str
    delimiter: str


def is_workbook(data: bytes, filename: str) -> bool:
    """Whether `data` should be read as a workbook (.xlsx, .xls, .ods), else as CSV text.

    Raises:
        UnreadableFile: for encrypted Excel files and zip archives that are no workbook.
    """
    if data.startswith(_OLE2_MAGIC):
        # Password-protected .xlsx files are wrapped in an OLE2 container too.
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise UnreadableFile(
                f"{filename} is password-protected; remove the password in Excel and try again"
            )
        return True  # an Excel 97-2003 (.xls) workbook
    if data.startswith(_ZIP_MAGIC):
        return True
    if filename.lower().endswith(WORKBOOK_SUFFIXES):
        raise UnreadableFile(f"{filename} is not a valid spreadsheet file (it may be damaged)")
    return False


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes: BOMs first, then strict UTF-8, then Windows-1252 or a detected one.

    Returns:
        (text, encoding name).

    Raises:
        UnreadableFile: binary data or an encoding that cannot be determined.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data, "utf-8-sig"), "utf-8-sig"
    if data.startswith(_UTF16_BOMS):
        name = "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be"
        return _strict(data, "utf-16"), name
    if _looks_binary(data[:_SNIFF_CHARS]):
        raise UnreadableFile("the file looks binary, not like CSV text")
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        encoding = _legacy_encoding(data)
        text = _strict(data, encoding)
    return text, encoding


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise UnreadableFile(f"the file is not valid {encoding} text (is it damaged?)") from None


def _legacy_encoding(data: bytes) -> str:
    """Windows-1252 when plausible (Swedish offices), else charset-normalizer's guess."""
    try:
        as_cp1252 = data.decode("cp1252")
    except UnicodeDecodeError:
        as_cp1252 = None
    if as_cp1252 is not None and all(c in _WESTERN for c in as_cp1252 if ord(c) > 127):
        return "cp1252"
    results = from_bytes(data[: 4 * _SNIFF_CHARS])
    best = results.best()
    if best is None:
        raise UnreadableFile("the text encoding could not be determined; save the file as UTF-8")
    plausible = [r for r in results if r.chaos <= best.chaos + 0.05]
    if as_cp1252 is not None and any(_CP1252_ALIASES & set(r.could_be_from_charset) for r in plausible):
        return "cp1252"
    return str(best.encoding)


def _looks_binary(sample: bytes) -> bool:
    """NUL bytes or more than a few control characters: no CSV text looks like that."""
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 32 and byte not in b"\t\r\n")
    return controls > max(2, len(sample) // 1000)


def sniff_delimiter(text: str) -> str:
    """The separator of a CSV text: comma, semicolon or tab."""
    sample = text[:_DELIMITER_SNIFF_CHARS]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rindex("\n") + 1]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        # The sniffer gives up on irregular samples; the header line rarely lies.
        first = sample.splitlines()[0] if sample else ""
        return max(",;\t", key=lambda d: (first.count(d), d == ","))


def read_csv(
    data: bytes, max_rows: int, budget: ReadBudget | None = None, progress: Progress | None = None
) -> TextTable:
    """Decode and parse CSV bytes into numbered records (blank records left out).

    The row, cell and time budgets are checked while the records are read: the time
    after decoding and sniffing, then every `_CHECK_EVERY` records and `_CHECK_CELLS` cells.

    Raises:
        UnreadableFile: undecodable, malformed, or over `max_rows` data rows or the
            budget's cells or seconds.
    """
    budget = budget or default_budget()
    clock = _Clock(budget.max_seconds)
    text, encoding = decode_text(data)
    clock.check()
    delimiter = sniff_delimiter(text)
    clock.check()
    # The csv module refuses fields over 128 KB by default; a long answer is no error.
    # The file's own size (already within its upload limit) bounds any field.
    if csv.field_size_limit() < len(text) + 1:
        csv.field_size_limit(len(text) + 1)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    cells = checked_at = 0
    try:
        for number, record in enumerate(reader, start=1):
            if number % _CHECK_EVERY == 0:
                clock.check()
                if progress is not None and number % PROGRESS_EVERY == 0:
                    progress(len(records))
            cells += len(record)
            if cells > budget.max_cells:
                raise _too_many_cells(budget.max_cells)
            if cells - checked_at >= _CHECK_CELLS:
                clock.check()
                checked_at = cells
            if not any(cell.strip() for cell in record):
                continue
            if len(records) > max_rows:
                raise _too_many_rows(max_rows)
            records.append((number, record))
    except csv.Error as exc:
        raise UnreadableFile(f"line {reader.line_num} is malformed CSV: {exc}") from None
    return TextTable(records, encoding, delimiter)


def read_workbook(
    data: bytes,
    max_rows: int,
    sheets: tuple[str, ...] | None = None,
    budget: ReadBudget | None = None,
    progress: Progress | None = None,
) -> dict[str, list[tuple[int, tuple[Cell, ...]]]]:
    """Rows of a workbook's sheets (.xlsx, .xls or .ods), by lower-cased sheet name.

    The budgets are checked before any sheet is parsed: a zip-based workbook whose
    declared sizes exceed the unpacked budget is refused at once; otherwise it is
    inflated once, counting the bytes that actually come out (so a lying header cannot
    smuggle a bomb in) and the cells of every .xlsx sheet or .ods table, stopping as soon
    as either budget or the time budget is spent. The cells of an .xls workbook's sheets
    are counted from its records (`surveys.transfer.workbook_cells`). The cell count of
    every sheet is checked again before its rows are converted, and the time every
    `_CHECK_EVERY` rows.

    Args:
        data: the workbook bytes.
        max_rows: refuse sheets with more non-empty rows than this.
        sheets: lower-cased names of the sheets to read; None reads only the first sheet.
        budget: cells, unpacked bytes and seconds (the module's defaults when None).
        progress: called with the number of rows read so far, now and then.

    Raises:
        UnreadableFile: damaged, truncated, over budget or not a spreadsheet workbook.
    """
    budget = budget or default_budget()
    clock = _Clock(budget.max_seconds)
    if data.startswith(_ZIP_MAGIC):
        _check_zip(data, budget, clock)
    elif data.startswith(_OLE2_MAGIC):
        _check_xls(data, budget, clock)
    clock.check()
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - any parser failure means a bad file for the user
        raise UnreadableFile(f"the spreadsheet file could not be read ({_reason(exc)})") from None
    try:
        names = workbook.sheet_names
        chosen = names[:1] if sheets is None else [n for n in names if n.strip().lower() in sheets]
        return {
            name.strip().lower(): _sheet_rows(workbook, name, max_rows, budget, clock, progress)
            for name in chosen
        }
    except UnreadableFile:
        raise
    except Exception as exc:  # noqa: BLE001 - damaged sheet XML surfaces while reading rows
        raise UnreadableFile(f"the spreadsheet file is damaged ({_reason(exc)})") from None
    finally:
        workbook.close()


def _reason(exc: BaseException) -> str:
    return type(exc).__name__


def _check_zip(data: bytes, budget: ReadBudget, clock: _Clock) -> None:
    """Refuse zip archives that are no workbook, inflate beyond the unpacked budget, hold
    more cells in one .xlsx sheet than the cell budget or take too long to inflate."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" not in names and "content.xml" not in names:
                raise UnreadableFile("the file is a zip archive but not a spreadsheet workbook")
            declared = sum(info.file_size for info in archive.infolist())
            if declared > budget.max_unzipped_bytes:
                raise _too_large_unpacked(budget.max_unzipped_bytes)
            # Headers can lie: count what actually comes out, stopping at the limit.
            left = budget.max_unzipped_bytes
            ods = "xl/workbook.xml" not in names
            for info in archive.infolist():
                cells: _CellCounter | OdsCellCounter | None = None
                if _XLSX_SHEET.match(info.filename) and not ods:
                    cells = _CellCounter(budget.max_cells)
                elif info.filename == "content.xml" and ods:
                    cells = OdsCellCounter(budget.max_cells)
                with archive.open(info) as member:
                    while chunk := member.read(1024 * 1024):
                        left -= len(chunk)
                        if left < 0:
                            raise _too_large_unpacked(budget.max_unzipped_bytes)
                        if cells is not None:
                            cells.feed(chunk)
                        clock.check()
                if isinstance(cells, OdsCellCounter):
                    cells.close()
    except TooManyCells:
        raise _too_many_cells(budget.max_cells) from None
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError, zlib.error, Damaged):
        # NotImplementedError: a damaged header claiming an unknown zip version.
        raise UnreadableFile("the spreadsheet file is damaged or truncated") from None


def _check_xls(data: bytes, budget: ReadBudget, clock: _Clock) -> None:
    """Refuse an .xls workbook with a sheet over the cell budget before calamine reads it
    (calamine reads every sheet of an .xls file when it opens it)."""
    try:
        check_xls_cells(data, budget.max_cells, clock.check)
    except TooManyCells:
        raise _too_many_cells(budget.max_cells) from None
    except (Damaged, struct.error):
        # What calamine says of a file it cannot open; a structure we cannot follow is not
        # handed to it either.
        raise UnreadableFile("the spreadsheet file could not be read (damaged compound file)") from None


class _CellCounter:
    """Counts the cells of one .xlsx sheet's XML as it is inflated, chunk by chunk.

    `bytes.count` of the few ways a cell tag starts (<c followed by a space, ">", "/" or a
    line break; <x:c … when the sheet uses a prefix) runs at memory speed, where a regular
    expression took seconds for a 100 MB sheet.
    """

    _ENDS = (b" ", b">", b"/", b"\t", b"\n", b"\r")

    def __init__(self, max_cells: int) -> None:
        self.max_cells = max_cells
        self.count = 0
        self.tail = b""
        self.patterns = [b"<c" + end for end in self._ENDS]
        self.started = False

    def feed(self, chunk: bytes) -> None:
        if not self.started:
            # The root element opens the first chunk (zipfile hands over a megabyte at a time).
            self.started = True
            prefixed = _XLSX_PREFIX.search(chunk[:4096])
            if prefixed:
                self.patterns += [b"<" + prefixed.group(1) + b":c" + end for end in self._ENDS]
        text = self.tail + chunk
        # A tag that starts in the previous chunk's tail and ends in this one is counted now;
        # those wholly inside the tail were counted with the previous chunk.
        self.count += sum(text.count(p) - self.tail.count(p) for p in self.patterns)
        self.tail = text[-(max(len(p) for p in self.patterns) - 1) :]
        if self.count > self.max_cells:
            raise _too_many_cells(self.max_cells)


def _sheet_rows(
    workbook: CalamineWorkbook,
    name: str,
    max_rows: int,
    budget: ReadBudget,
    clock: _Clock,
    progress: Progress | None,
) -> list[tuple[int, tuple[Cell, ...]]]:
    """Non-empty rows only: sheets formatted down to row 1,048,576 are common and harmless."""
    sheet = workbook.get_sheet_by_name(name)
    clock.check()
    if sheet.total_height * max(sheet.total_width, 1) > budget.max_cells:
        raise _too_many_cells(budget.max_cells)
    rows: list[tuple[int, tuple[Cell, ...]]] = []
    # Padded from A1 so that row numbers and column positions are what Excel shows.
    for number, values in enumerate(sheet.to_python(skip_empty_area=False), start=1):
        if number % _CHECK_EVERY == 0:
            clock.check()
            if progress is not None and number % PROGRESS_EVERY == 0:
                progress(len(rows))
        if all(v is None or v == "" for v in values):
            continue
        if len(rows) > max_rows:
            raise _too_many_rows(max_rows)
        rows.append((number, tuple(_cell(v) for v in values)))
    return rows


def _cell(value: object) -> Cell:
    """A calamine value as a Cell: blanks are None, durations (rare) their text."""
    if value == "":
        return None
    if isinstance(value, dt.timedelta):
        return str(value)
    return value  # type: ignore[return-value]


def read_table_file(data: bytes, filename: str, max_rows: int) -> tuple[list[str], list[list[str]]]:
    """A rectangular table of text (first sheet of a workbook, or CSV): header and rows.

    Nothing is shifted or lost: a row with more or fewer cells than the header (an
    unquoted separator, a broken line) is an error with its row number.

    Raises:
        UnreadableFile: unreadable, empty, ragged or more than `max_rows` rows.
    """
    if not data.strip():
        raise UnreadableFile(f"{filename} is empty")
    if is_workbook(data, filename):
        raw = next(iter(read_workbook(data, max_rows).values()), [])
        records = [(n, [cell_text(c) for c in cells]) for n, cells in raw]
        ragged_cells = False
    else:
        records = read_csv(data, max_rows).records
        ragged_cells = True
    if not records:
        raise UnreadableFile(f"{filename} has no header row")
    (_, header), body = records[0], records[1:]
    while header and not header[-1].strip() and not ragged_cells:
        header = header[:-1]
    width = len(header)
    rows: list[list[str]] = []
    for number, cells in body:
        if ragged_cells and len(cells) != width:
            raise UnreadableFile(
                f"row {number} has {len(cells)} fields but the header has {width}; "
                "check the quotes and separators on that row"
            )
        if any(cell_text(c) for c in cells[width:]):
            raise UnreadableFile(f"row {number} has values to the right of the last named column")
        rows.append([cell_text(c) for c in cells[:width]] + [""] * (width - len(cells)))
    if not rows:
        raise UnreadableFile(f"{filename} has a header but no rows")
    return [h.strip() for h in header], rows


def cell_text(value: Cell) -> str:
    """A cell as trimmed text: integral floats lose ``.0``, booleans become true/false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return str(value).replace("\u00a0", " ").strip()


def cell_number(value: Cell) -> float | None:
    """A finite number from a cell: the spreadsheet's own number, or text as
    `analysis.written_numbers.parse_number` reads it ("59,33", "1 234,5"); None otherwise."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
        return number if math.isfinite(number) else None
    return parse_number(cell_text(value))


def fold(text: str) -> str:
    """Text for loose matching: case-folded, without diacritics, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.split())
