"""Builders for import/export tests: a survey with every answer type, CSV and XLSX bytes."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence

from openpyxl import Workbook

from surveys.authoring.models import Option, Question, Survey
from tests.factories import make_org


def make_import_survey(session, **fields) -> Survey:
    """A closed survey with every answer type (imports ignore open/closed)."""
    org = make_org(session)
    survey = Survey(
        organisation=org,
        slug=fields.pop("slug", "import-test"),
        status="closed",
        series="s",
        languages=["sv", "en"],
        title={"sv": "Import"},
        **fields,
    )

    def options(*values: tuple[str, str, str]) -> list[Option]:
        return [
            Option(value=v, position=i, label={"sv": sv, "en": en}) for i, (v, sv, en) in enumerate(values)
        ]

    survey.questions = [
        Question(
            key="concern",
            type="free_text",
            position=0,
            required=True,
            text={"sv": "Vad oroar dig?", "en": "What worries you?"},
        ),
        Question(
            key="safety",
            type="scale",
            position=1,
            text={"sv": "Hur trygg känner du dig?", "en": "How safe do you feel?"},
        ),
        Question(
            key="area",
            type="area",
            position=2,
            text={"sv": "Område", "en": "Area"},
            options=options(("Centrum", "Centrum", "Town centre"), ("Söder", "Söder", "South")),
        ),
        Question(
            key="places",
            type="multiple_choice",
            position=3,
            text={"sv": "Otrygga platser", "en": "Unsafe places"},
            options=options(
                ("park", "Parken", "The park"),
                ("station", "Stationen", "The station"),
                ("school", "Skolan", "The school"),
            ),
        ),
        Question(
            key="age",
            type="demographic",
            position=4,
            text={"sv": "Ålder", "en": "Age"},
            options=options(("16_24", "16–24 år", "16–24"), ("25_plus", "25+ år", "25+")),
        ),
    ]
    session.add(survey)
    session.commit()
    return survey


def csv_bytes(rows: list[list[str]], delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    """CSV bytes written by hand (not the csv module) so tests control every byte."""
    lines = [delimiter.join(_quote(c, delimiter) for c in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def _quote(cell: str, delimiter: str) -> str:
    if delimiter in cell or '"' in cell:
        return '"' + cell.replace('"', '""') + '"'
    return cell


def xlsx_bytes(sheets: dict[str, Sequence[Sequence[object]]]) -> bytes:
    """An .xlsx workbook with one sheet per entry, rows as given."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ods_bytes(sheets: dict[str, Sequence[Sequence[object]]]) -> bytes:
    """An OpenDocument spreadsheet (.ods) with one table per entry; cells are text."""
    from xml.sax.saxutils import escape, quoteattr

    tables = []
    for name, rows in sheets.items():
        body = "".join(
            "<table:table-row>"
            + "".join(
                '<table:table-cell office:value-type="string"><text:p>'
                + escape(str(cell))
                + "</text:p></table:table-cell>"
                if cell not in (None, "")
                else "<table:table-cell/>"
                for cell in row
            )
            + "</table:table-row>"
            for row in rows
        )
        tables.append(f"<table:table table:name={quoteattr(name)}>{body}</table:table>")
    return ods_package("".join(tables))


def ods_package(tables: str) -> bytes:
    """An .ods file whose content.xml holds the `<table:table>` XML `tables` as it is."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def xls_bytes(sheets: dict[str, Sequence[Sequence[object]]]) -> bytes:
    """An old Excel 97-2003 (.xls) workbook, as KoBoToolbox and ODK users still have."""
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    for name, rows in sheets.items():
        sheet = workbook.add_sheet(name)
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                if cell not in (None, ""):
                    sheet.write(r, c, cell)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
