"""Reading uploaded spreadsheets (CSV text or XLSX) safely into plain rows.

Shared by the XLSForm and response importers. Everything that can go wrong with a
file a user picked (wrong format, encoding, damage, password, size) becomes an
`UnreadableFile` with a message a person can act on, never a traceback.

Row numbers are those a spreadsheet program shows: the first line is row 1.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from charset_normalizer import from_bytes
from openpyxl import load_workbook

from surveys.errors import SurveyError

Cell = str | int | float | bool | dt.datetime | dt.date | dt.time | None

# A spreadsheet program may run a cell starting with one of these as a formula
# (CSV/formula injection, OWASP); tab and carriage return can hide such a start.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Decompressed size cap: a tiny zip can expand to gigabytes ("zip bomb").
MAX_UNZIPPED_BYTES = 400 * 1024 * 1024
_SNIFF_CHARS = 64_000
# Non-ASCII characters expected in Swedish (and most Western) office files; when a
# Windows-1252 reading yields only these, it is almost certainly the right one.
_WESTERN = set("åäöÅÄÖéÉèÈëüÜæÆøØáÁàâêíîïóôõúùûçñßÿ€–—‘’‚“”„´§½¼¾°×÷«»…•·±²³µ¢£¥©®™\u00a0")
_CP1252_ALIASES = {"cp1252", "windows-1252", "latin_1", "iso8859_1", "iso8859_15"}


class UnreadableFile(SurveyError):
    """The file is not a spreadsheet we can read; the message says why."""


@dataclass(frozen=True)
class TextTable:
    """A decoded CSV file: records with their row numbers, encoding and delimiter."""

    records: list[tuple[int, list[str]]]
    encoding: str
    delimiter: str


def is_xlsx(data: bytes, filename: str) -> bool:
    """Whether `data` should be read as a workbook (else as CSV text).

    Raises:
        UnreadableFile: for old/encrypted Excel files and non-Excel zip archives.
    """
    if data.startswith(_OLE2_MAGIC):
        # Password-protected .xlsx files are wrapped in an OLE2 container too.
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise UnreadableFile(
                f"{filename} is password-protected; remove the password in Excel and try again"
            )
        raise UnreadableFile(f"{filename} is an old Excel 97-2003 (.xls) file; save it as .xlsx or CSV")
    if data.startswith(_ZIP_MAGIC):
        return True
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise UnreadableFile(f"{filename} is not a valid .xlsx file (it may be damaged)")
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
    sample = text[:_SNIFF_CHARS]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        # The sniffer gives up on irregular samples; the header line rarely lies.
        first = sample.splitlines()[0] if sample else ""
        return max(",;\t", key=lambda d: (first.count(d), d == ","))


def read_csv(data: bytes, max_rows: int) -> TextTable:
    """Decode and parse CSV bytes into numbered records (blank records left out).

    Raises:
        UnreadableFile: undecodable, malformed, or more than `max_rows` data rows.
    """
    text, encoding = decode_text(data)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    try:
        for number, record in enumerate(reader, start=1):
            if not any(cell.strip() for cell in record):
                continue
            if len(records) > max_rows:
                raise UnreadableFile(f"the file has more than {max_rows:,} rows")
            records.append((number, record))
    except csv.Error as exc:
        raise UnreadableFile(f"line {reader.line_num} is malformed CSV: {exc}") from None
    return TextTable(records, encoding, delimiter)


def read_xlsx(
    data: bytes, max_rows: int, sheets: tuple[str, ...] | None = None
) -> dict[str, list[tuple[int, tuple[Cell, ...]]]]:
    """Rows of an XLSX workbook's sheets, by lower-cased sheet name.

    Args:
        data: the workbook bytes.
        max_rows: refuse sheets with more rows than this.
        sheets: lower-cased names of the sheets to read; None reads only the first sheet.

    Raises:
        UnreadableFile: damaged, truncated, oversized or not an Excel workbook.
    """
    _check_zip(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any parser failure means a bad file for the user
        raise UnreadableFile(f"the Excel file could not be read ({type(exc).__name__})") from None
    try:
        chosen = (
            workbook.worksheets[:1]
            if sheets is None
            else [ws for ws in workbook.worksheets if ws.title.strip().lower() in sheets]
        )
        return {ws.title.strip().lower(): list(_rows(ws, max_rows)) for ws in chosen}
    except UnreadableFile:
        raise
    except Exception as exc:  # noqa: BLE001 - damaged sheet XML surfaces while streaming rows
        raise UnreadableFile(f"the Excel file is damaged ({type(exc).__name__})") from None
    finally:
        workbook.close()


def _check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        # NotImplementedError: a damaged header claiming an unknown zip version.
        raise UnreadableFile("the Excel file is damaged or truncated") from None
    if "xl/workbook.xml" not in names:
        raise UnreadableFile("the file is a zip archive but not an Excel .xlsx workbook")
    if unzipped > MAX_UNZIPPED_BYTES:
        raise UnreadableFile("the Excel file expands to more data than we accept")


def _rows(worksheet: Any, max_rows: int) -> Iterator[tuple[int, tuple[Cell, ...]]]:
    """Non-empty rows only: sheets formatted down to row 1,048,576 are common and harmless."""
    count = 0
    for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
        if all(v is None or v == "" for v in values):
            continue
        count += 1
        if count > max_rows + 1:
            raise UnreadableFile(f"the sheet {worksheet.title!r} has more than {max_rows:,} rows")
        yield number, tuple(values)


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


def fold(text: str) -> str:
    """Text for loose matching: case-folded, without diacritics, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.split())
