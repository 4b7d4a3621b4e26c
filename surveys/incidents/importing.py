"""Importing incident lists (date, time, area, category, type, description, severity) from CSV or XLSX.

Headers may be English or Swedish ("datum", "tid", "område", "problemområde", "typ",
"beskrivning", "allvarlighet"). Either every row imports or none does; problems
come back with spreadsheet row numbers.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from analysis.taxonomy import load_taxonomy

from ..importers.errors import ImportFailed, RowError
from ..importers.response_table import Row, cell_at, find_columns, read_response_table
from ..models import IncidentType, Organisation, User
from ..spreadsheet import Cell, cell_text, fold
from .reporting import IncidentInput, build_incident, check

COLUMN_NAMES = {
    "date": ("date", "datum", "dag"),
    "time": ("time", "tid", "klockslag", "tidpunkt"),
    "area": ("area", "omrade", "stadsdel", "neighbourhood", "plats"),
    "category": ("category", "kategori", "problemomrade", "problem area", "kod", "code"),
    "type": ("type", "typ", "incident type", "handelsetyp", "handelse"),
    "description": ("description", "beskrivning", "text", "kommentar"),
    "severity": ("severity", "allvarlighet", "allvarlighetsgrad", "grad"),
}
REQUIRED = ("date", "area", "category", "type", "severity")
TYPE_ALIASES = {
    "brand": "fire",
    "skadegorelse": "vandalism",
    "klotter": "vandalism",
    "hot": "threat",
    "narkotika": "drug_related",
    "narkotikarelaterat": "drug_related",
    "drug related": "drug_related",
    "ungdomsgruppering": "youth_gathering",
    "ungdomssamling": "youth_gathering",
    "youth gathering": "youth_gathering",
    "ordningsstorning": "disorder",
    "stold": "theft",
    "ovrigt": "other",
    "annat": "other",
}
SEVERITY_ALIASES = {
    "minor": 1, "mindre": 1, "mindre allvarlig": 1, "lindrig": 1,
    "serious": 2, "allvarlig": 2,
    "very serious": 3, "mycket allvarlig": 3,
}


def _find_columns(columns: list[str]) -> dict[str, int]:
    return find_columns(columns, COLUMN_NAMES, REQUIRED)


def _date(cell: Cell) -> dt.date:
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    return dt.date.fromisoformat(cell_text(cell)[:10])


def _time(cell: Cell, day_cell: Cell) -> dt.time:
    if isinstance(cell, dt.time):
        return cell
    if isinstance(cell, dt.datetime):
        return cell.time()
    text = cell_text(cell).replace(".", ":")
    if not text:
        return day_cell.time() if isinstance(day_cell, dt.datetime) else dt.time()
    return dt.time.fromisoformat(text if len(text) > 2 else f"{int(text):02d}:00")


def _category_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for area in load_taxonomy().areas:
        for name in (area.code, area.name_sv, area.name_en):
            if name:
                lookup[fold(name)] = area.code
    return lookup


def _row_input(
    row: Row, where: dict[str, int], areas: dict[str, str], categories: dict[str, str]
) -> tuple[IncidentInput | None, list[tuple[str, str]]]:
    raw = {key: cell_at(row, index) for key, index in where.items()}
    text = {key: cell_text(value) for key, value in raw.items()}
    problems: list[tuple[str, str]] = []
    try:
        day = _date(raw["date"])
    except ValueError:
        problems.append(("date", f"{text['date']!r} is not a date (use YYYY-MM-DD)"))
    try:
        at = _time(raw.get("time"), raw["date"])
    except ValueError:
        problems.append(("time", f"{text.get('time', '')!r} is not a time (use HH:MM)"))
    area = areas.get(fold(text["area"]))
    if area is None:
        problems.append(("area", f"unknown area {text['area']!r}"))
    category = categories.get(fold(text["category"]))
    if category is None:
        problems.append(("category", f"unknown problem area {text['category']!r}"))
    kind = fold(text["type"]).replace("_", " ")
    kind = TYPE_ALIASES.get(kind, kind.replace(" ", "_"))
    if kind not in {t.value for t in IncidentType}:
        problems.append(("type", f"unknown incident type {text['type']!r}"))
    severity = SEVERITY_ALIASES.get(fold(text["severity"])) or (
        int(text["severity"]) if text["severity"] in ("1", "2", "3") else None
    )
    if severity is None:
        problems.append(("severity", f"{text['severity']!r} is not 1, 2 or 3"))
    if problems:
        return None, problems
    data = IncidentInput(
        occurred_at=dt.datetime.combine(day, at),
        area=area or "",
        category=category or "",
        incident_type=kind,
        severity=severity or 1,
        description=text.get("description", ""),
    )
    return data, []


def import_incidents(
    session: Session, organisation: Organisation, user: User | None, data: bytes, filename: str
) -> int:
    """Store every incident of a CSV/XLSX file for `organisation`; returns how many.

    Raises:
        InvalidResponseFile: unreadable file or missing columns.
        ImportFailed: row-numbered problems; nothing is stored.
    """
    table = read_response_table(data, filename)
    where = _find_columns(table.columns)
    areas = {fold(name): name for name in organisation.areas}
    categories = _category_lookup()
    inputs: list[IncidentInput] = []
    errors: list[RowError] = []
    for row in table.rows:
        found, problems = _row_input(row, where, areas, categories)
        errors.extend(RowError(row[0], table.columns[where[key]], message) for key, message in problems)
        if found is not None:
            failing = check(organisation, found)
            errors.extend(RowError(row[0], None, f"{field}: {reason}") for field, reason in failing.items())
            inputs.append(found)
    if errors:
        raise ImportFailed(errors)
    session.add_all(build_incident(organisation, item, user, "import") for item in inputs)
    session.commit()
    return len(inputs)
