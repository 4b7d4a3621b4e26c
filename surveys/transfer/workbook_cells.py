"""Counting the cells of .ods and .xls workbooks before calamine parses them.

calamine builds every sheet of a workbook as one dense block of cells in memory, and a
small file can ask for a huge one: an .ods cell or row with a huge repeat count
(`table:number-columns-repeated`, `table:number-rows-repeated`), or an .xls sheet with two
cells far apart or a DIMENSIONS record that reserves millions of cells. The counters here
compute, from the file itself and without building any cell, how many cells a sheet would
become once padded from A1 (what the reader hands over) and stop as soon as that exceeds
the cell budget:

* .ods: the tags of `content.xml` are read as it is inflated, chunk by chunk, following
  calamine's rules: empty cells at the end of a row and empty rows
  after the last filled one (the formatting LibreOffice writes down to row 1,048,576) cost
  nothing; every other cell, repeated or not, counts.
* .xls: the compound file is opened (`_CompoundFile`), the Workbook stream's BOUNDSHEET
  records give where each sheet starts (as calamine reads them), and each sheet's cell
  records give the block it spans; its DIMENSIONS record counts too, since calamine
  reserves that much memory up front. Unlike a file-size heuristic this is exact: a
  2 KB file with cells in A1 and IV65536 is refused, a 10 MB list of answers is not.

Both raise `TooManyCells` (or `Damaged`); `surveys.transfer.spreadsheet` turns them into
the user's error.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable, Iterator

# The .ods tags looked at; quoted attribute values may hold ">".
_ATTRIBUTES = rb"((?:[^>\"']+|\"[^\"]*\"|'[^']*')*)>"
_ROW_START = re.compile(rb"<table:table-row(?=[\s/>])")
_ROW_TAG = re.compile(rb"<table:table-row" + _ATTRIBUTES)
_ROW_END = b"</table:table-row>"
_CELL_STARTS = (b"<table:table-cell", b"<table:covered-table-cell")
_CELL_TAG = re.compile(rb"<table:(?:table-cell|covered-table-cell)(?=[\s/>])" + _ATTRIBUTES)
_NESTED = re.compile(rb"<table:table(?:-row)?(?=[\s/>])")
_COLUMNS_REPEATED = re.compile(rb"table:number-columns-repeated\s*=\s*[\"']([^\"']*)")
_ROWS_REPEATED = re.compile(rb"table:number-rows-repeated\s*=\s*[\"']([^\"']*)")
# What makes calamine read a cell as filled: a value, a value type or a formula. The
# markers find them (and perhaps text that reads the same, which only counts more).
_FILLED = re.compile(rb"\s(?:office:value-type|office:value|office:[a-z]+-value|table:formula)\s*=")
_FILLED_MARKERS = (b"office:value", b"-value", b"table:formula")
_MAX_ROW_BYTES = 16 * 1024 * 1024
# BIFF record types (MS-XLS 2.3) read here.
_BOF, _EOF, _BOUNDSHEET, _DIMENSIONS, _MULRK = 0x0809, 0x000A, 0x0085, 0x0200, 0x00BD
# Cell records calamine keeps; each starts with its row and column (u16 each).
_CELL_RECORDS = {0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x0006}


class TooManyCells(Exception):  # noqa: N818 - reads as the reason it is
    """A sheet would hold more cells than the budget allows."""


class Damaged(Exception):  # noqa: N818
    """The workbook's structure cannot be followed."""


class OdsCellCounter:
    """The cells of every table of an .ods `content.xml`, counted as it streams in.

    Per table, `height` is the row after the last row with a filled cell and `width` the
    column after the last filled cell of any row (repeat counts included); the sheet
    becomes `height × width` cells. Whether a cell is filled is told by its start tag, as
    in calamine (a value, a value type or a formula).

    The XML is not parsed element by element (that took longer than calamine itself):
    rows are found with `bytes.find`, and a row's cells are counted with `bytes.count` up
    to its last filled cell; only a row whose filled part repeats a cell is read tag by tag.
    Whatever could make this count less than calamine's is refused as damage: comments,
    CDATA or processing instructions (text that looks like tags), and tables or rows
    inside a row (which calamine reads as part of a cell). Anything else odd inside a row
    can only make the count larger.
    """

    def __init__(self, max_cells: int) -> None:
        self.max_cells = max_cells
        self.tail = b""
        self.first = True
        self.height = self.width = self.pending_rows = 0

    def feed(self, chunk: bytes) -> None:
        if self.first and (chunk.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in chunk[:1024]):
            raise Damaged("content.xml is not UTF-8")  # the tags would go unseen
        text = self.tail + chunk
        if b"<!" in text or b"<?" in text[100 if self.first else 0 :]:
            raise Damaged("comments, CDATA or a document type in content.xml")
        self.first = False
        position = 0
        while True:
            row = _ROW_START.search(text, position)
            if row is None:
                self._gap(text[position:])
                self.tail = text[max(position, len(text) - 64) :]
                return
            self._gap(text[position : row.start()])
            tag = _ROW_TAG.match(text, row.start())
            end = -1 if tag is None else text.find(_ROW_END, tag.end())
            if tag is not None and tag.group(1).endswith(b"/"):
                self.pending_rows += _repeats(_ROWS_REPEATED, tag.group(1))
                position = tag.end()
                continue
            if tag is None or end == -1:  # the row goes on in the next chunk
                self.tail = text[row.start() :]
                if len(self.tail) > _MAX_ROW_BYTES:
                    raise Damaged("a table row that does not end")
                return
            self._row(_repeats(_ROWS_REPEATED, tag.group(1)), text[tag.end() : end])
            position = end + len(_ROW_END)

    def close(self) -> None:
        if _ROW_START.search(self.tail):
            raise Damaged("content.xml ends inside a table row")

    def _gap(self, text: bytes) -> None:
        """Between rows: a table's end starts the count of the next table afresh."""
        if b"</table:table>" in text:
            self.height = self.width = self.pending_rows = 0

    def _row(self, repeats: int, body: bytes) -> None:
        if _NESTED.search(body):
            raise Damaged("a table or row inside a table row")
        last = max(body.rfind(marker) for marker in _FILLED_MARKERS)
        if last == -1:
            self.pending_rows += repeats
            return
        following = [i for i in (body.find(c, last) for c in _CELL_STARTS) if i != -1]
        filled_part = body[: min(following, default=len(body))]
        if b"-repeated" in filled_part:
            width = _repeated_width(filled_part)
        else:
            width = sum(filled_part.count(c) for c in _CELL_STARTS)
        self.height += self.pending_rows + repeats
        self.pending_rows = 0
        self.width = max(self.width, width)
        if self.height * self.width > self.max_cells:
            raise TooManyCells()


def _repeated_width(cells: bytes) -> int:
    """The column after the last filled cell of `cells`, reading each cell's start tag."""
    column = width = 0
    for tag in _CELL_TAG.finditer(cells):
        column += _repeats(_COLUMNS_REPEATED, tag.group(1))
        if _FILLED.search(tag.group(1)):
            width = column
    return width


def _repeats(pattern: re.Pattern[bytes], attributes: bytes) -> int:
    """A repeat count attribute (1 when absent); anything but a positive integer is damage.

    The largest of several is taken: one may hide in another attribute's quoted value.
    """
    counts = [_count(value) for value in pattern.findall(attributes)]
    return max(counts, default=1)


def _count(value: bytes) -> int:
    try:
        number = int(value)
    except ValueError:
        raise Damaged(f"repeat count {value[:20]!r}") from None
    if number < 1:
        raise Damaged(f"repeat count {number}")
    return number


def check_xls_cells(data: bytes, max_cells: int, check_time: Callable[[], None]) -> None:
    """Refuse an .xls workbook with a sheet of more than `max_cells` cells (padded from A1).

    Raises:
        TooManyCells: a sheet over the budget (by its cells or its DIMENSIONS record).
        Damaged: no readable compound file or Workbook stream.
    """
    stream = _CompoundFile(data).stream(("workbook", "book"))
    sheets = sorted(_sheet_offsets(stream))
    for start in sheets:
        _check_sheet(stream, start, max_cells, check_time)


def _records(stream: bytes, start: int) -> Iterator[tuple[int, bytes]]:
    """(type, body) of the BIFF records from `start` to the end of the stream."""
    position = start
    while position + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, position)
        yield kind, stream[position + 4 : position + 4 + size]
        position += 4 + size


def _sheet_offsets(stream: bytes) -> set[int]:
    """Where each sheet's BOF is, from the BOUNDSHEET records of the workbook globals."""
    offsets = set()
    for kind, body in _records(stream, 0):
        if kind == _EOF:
            break
        if kind == _BOUNDSHEET and len(body) >= 4:
            offsets.add(struct.unpack_from("<I", body)[0])
    return offsets


def _check_sheet(stream: bytes, start: int, max_cells: int, check_time: Callable[[], None]) -> None:
    """Walk one sheet's records as calamine does (nested substreams skipped), counting."""
    rows = columns = 0  # one past the last row and column holding a cell
    depth, seen_bof = 0, False
    for number, (kind, body) in enumerate(_records(stream, start)):
        if number % 10_000 == 0:
            check_time()
        if depth:
            depth += {_BOF: 1, _EOF: -1}.get(kind, 0)
            continue
        if kind == _BOF:
            depth, seen_bof = (1, seen_bof) if seen_bof else (0, True)
        elif kind == _EOF:
            return
        elif kind == _DIMENSIONS:
            if _dimensions_cells(body) > max_cells:  # calamine reserves this many at once
                raise TooManyCells()
        elif (kind in _CELL_RECORDS or kind == _MULRK) and len(body) >= 6:
            row, column = struct.unpack_from("<HH", body)
            if kind == _MULRK:
                column = max(column, struct.unpack_from("<H", body, len(body) - 2)[0])
            rows, columns = max(rows, row + 1), max(columns, column + 1)
            if rows * columns > max_cells:
                raise TooManyCells()


def _dimensions_cells(body: bytes) -> int:
    """The cells a DIMENSIONS record reserves, computed as calamine does."""
    if len(body) == 14:
        first_row, last_row = struct.unpack_from("<II", body)
        first_col, last_col = struct.unpack_from("<HH", body, 8)
    elif len(body) == 10:
        first_row, last_row, first_col, last_col = struct.unpack_from("<HHHH", body)
    else:
        return 0  # calamine refuses the file itself
    if first_col > 0xFF or last_col < first_col:
        first_col = 0
    return max(0, last_row - first_row + 1) * max(0, last_col - first_col + 1)


class _CompoundFile:
    """Just enough of an OLE2 compound file (MS-CFB) to read one stream of it."""

    _FREE_OR_END = 0xFFFFFFFA  # sector numbers at or above this end a chain

    def __init__(self, data: bytes) -> None:
        if len(data) < 512:
            raise Damaged("shorter than a compound file header")
        self.data = data
        shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
        if shift not in (9, 12) or mini_shift != 6:
            raise Damaged("sector size")
        self.sector_size, self.mini_size = 1 << shift, 1 << mini_shift
        fat_sectors, self.directory_start = struct.unpack_from("<II", data, 0x2C)
        self.cutoff, self.mini_fat_start, _mini_fat_count, difat_start, difat_count = struct.unpack_from(
            "<IIIII", data, 0x38
        )
        self.max_sectors = len(data) // self.sector_size + 1
        difat = list(struct.unpack_from("<109I", data, 0x4C))
        sector = difat_start
        for _ in range(min(difat_count, self.max_sectors)):
            if sector >= self._FREE_OR_END:
                break
            entries = struct.unpack_from(f"<{self.sector_size // 4}I", self._sector(sector))
            difat.extend(entries[:-1])
            sector = entries[-1]
        fat_bytes = b"".join(self._sector(s) for s in difat[:fat_sectors] if s < self._FREE_OR_END)
        self.fat = struct.unpack(f"<{len(fat_bytes) // 4}I", fat_bytes)

    def _sector(self, number: int) -> bytes:
        offset = (number + 1) * self.sector_size
        if offset >= len(self.data):
            raise Damaged(f"sector {number} beyond the end")
        return self.data[offset : offset + self.sector_size]

    def _chain(self, start: int, table: tuple[int, ...]) -> list[int]:
        chain: list[int] = []
        sector = start
        while sector < self._FREE_OR_END:
            if len(chain) > len(table) or sector >= len(table):
                raise Damaged("a sector chain loops or leaves the file")
            chain.append(sector)
            sector = table[sector]
        return chain

    def stream(self, names: tuple[str, ...]) -> bytes:
        """The first stream whose (case-folded) name is one of `names`."""
        directory = b"".join(self._sector(s) for s in self._chain(self.directory_start, self.fat))
        entries = [directory[i : i + 128] for i in range(0, len(directory) - 127, 128)]
        if not entries:
            raise Damaged("no directory")
        root_start, root_size = struct.unpack_from("<IQ", entries[0], 116)
        for entry in entries:
            length = min(struct.unpack_from("<H", entry, 64)[0], 64)
            name = entry[: max(0, length - 2)].decode("utf-16-le", "replace").casefold()
            if entry[66] != 2 or name not in names:
                continue
            start, size = struct.unpack_from("<IQ", entry, 116)
            if self.sector_size == 512:  # version 3 files: the high half may be garbage
                size &= 0xFFFFFFFF
            if size >= self.cutoff:
                data = b"".join(self._sector(s) for s in self._chain(start, self.fat))
            else:
                data = self._mini_stream(start, root_start, root_size)
            return data[:size]
        raise Damaged("no Workbook stream")

    def _mini_stream(self, start: int, root_start: int, root_size: int) -> bytes:
        container = b"".join(self._sector(s) for s in self._chain(root_start, self.fat))[:root_size]
        mini_fat_bytes = b"".join(self._sector(s) for s in self._chain(self.mini_fat_start, self.fat))
        mini_fat = struct.unpack(f"<{len(mini_fat_bytes) // 4}I", mini_fat_bytes)
        return b"".join(
            container[s * self.mini_size : (s + 1) * self.mini_size] for s in self._chain(start, mini_fat)
        )
