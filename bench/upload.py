"""Time and peak memory of reading uploaded response files, and of refusing spreadsheet bombs.

    .venv/bin/python bench/upload.py                 # 100,000 rows; bombs of 100 and 400 MB
    .venv/bin/python bench/upload.py --rows 20000

Each case runs in a subprocess of its own, so that its peak resident memory is its own.
What is measured is the job's reading step (`preview_response_file` with the default
budget), the part that used to run inside a web request.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def response_rows(n: int) -> list[list[str]]:
    header = ["Vad oroar dig?", "Trygghet", "Område", "Datum", "Grupp", "Ålder"]
    return [header] + [
        [
            f"Mörkt på gångvägen vid skolan, svar {i}",
            str(i % 5 + 1),
            "Söder",
            "2026-03-05",
            "invånare",
            "30-44",
        ]
        for i in range(n)
    ]


def csv_file(n: int) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(response_rows(n))
    return buffer.getvalue().encode("utf-8")


def xlsx_file(n: int) -> bytes:
    from surveys.transfer.cells import add_sheet, new_workbook, workbook_bytes

    workbook = new_workbook()
    add_sheet(workbook, "svar", response_rows(n))
    return workbook_bytes(workbook)


def bomb_file(unpacked_mb: int) -> bytes:
    """A valid-looking .xlsx whose sheet is `unpacked_mb` MB of identical cells (deflates ~1000:1)."""
    row = b"<row>" + b"<c><v>1</v></c>" * 50 + b"</row>"
    count = unpacked_mb * 1024 * 1024 // len(row)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(b"<worksheet><sheetData>")
            for _ in range(count // 1000):
                sheet.write(row * 1000)
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def run_case(case: str, rows: int) -> dict[str, object]:
    from surveys.transfer.errors import InvalidResponseFile
    from surveys.transfer.responses_import import preview_response_file

    if case == "csv":
        data, name = csv_file(rows), "svar.csv"
    elif case == "xlsx":
        data, name = xlsx_file(rows), "svar.xlsx"
    else:
        data, name = bomb_file(int(case.removeprefix("bomb"))), "bomba.xlsx"
    started = time.monotonic()
    try:
        preview = preview_response_file(data, name)
        outcome = f"read {preview.row_count} rows"
    except InvalidResponseFile as exc:
        outcome = f"refused: {exc}"
    seconds = time.monotonic() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"case": case, "file_mb": round(len(data) / 1e6, 2), "seconds": round(seconds, 2),
            "peak_mb": round(peak_mb), "outcome": outcome}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--case", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case, args.rows)))
        return
    print(f"{'case':<10} {'file MB':>8} {'seconds':>8} {'peak MB':>8}  outcome")
    for case in ("csv", "xlsx", "bomb100", "bomb400"):
        out = subprocess.run(
            [sys.executable, __file__, "--case", case, "--rows", str(args.rows)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(f"{r['case']:<10} {r['file_mb']:>8} {r['seconds']:>8} {r['peak_mb']:>8}  {r['outcome']}")


if __name__ == "__main__":
    main()
