"""Builders for import/export tests: a survey with every answer type, CSV and XLSX bytes."""

from __future__ import annotations

import io
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
