"""Importing incident lists (date, time, area, category, type, description, severity) from CSV or XLSX.

Headers may be English or Swedish ("datum", "tid", "område", "problemområde", "typ",
"beskrivning", "allvarlighet"). Optional latitude/longitude columns ("lat", "latitud",
"lon", "lng", "longitud", ...) place incidents on the map. Either every row imports or
none does; problems come back with spreadsheet row numbers.

Dates and times are the installation's local time (`surveys.localtime`), as the people who keep
the list write them, and are stored as instants. A time the clocks skipped (spring forward) is a
row error; a time they showed twice (fall back) is taken as its first occurrence, on summer time,
as the form does.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from analysis.taxonomy import load_taxonomy
from surveys.accounts.models import User
from surveys.database.transactions import transactional
from surveys.incidents.models import IncidentType
from surveys.incidents.reporting import IncidentInput, build_incident, check, load_outlines
from surveys.localtime import NonexistentTime, from_local
from surveys.organisations.models import Organisation
from surveys.places.lookup import AreaLookup
from surveys.transfer.errors import ImportFailed, RowError
from surveys.transfer.messages import N_
from surveys.transfer.response_table import Row, cell_at, find_columns, read_response_table
from surveys.transfer.spreadsheet import Cell, ReadBudget, cell_number, cell_text, fold

COLUMN_NAMES = {
    "date": ("date", "datum", "dag"),
    "time": ("time", "tid", "klockslag", "tidpunkt"),
    "area": ("area", "omrade", "stadsdel", "neighbourhood", "plats"),
    "category": ("category", "kategori", "problemomrade", "problem area", "kod", "code"),
    "type": ("type", "typ", "incident type", "handelsetyp", "handelse"),
    "description": ("description", "beskrivning", "text", "kommentar"),
    "severity": ("severity", "allvarlighet", "allvarlighetsgrad", "grad"),
    "latitude": ("latitude", "lat", "latitud"),
    "longitude": ("longitude", "lon", "lng", "long", "longitud"),
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
    "minor": 1,
    "mindre": 1,
    "mindre allvarlig": 1,
    "lindrig": 1,
    "serious": 2,
    "allvarlig": 2,
    "very serious": 3,
    "mycket allvarlig": 3,
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


def _coordinates(
    raw: dict[str, Cell], text: dict[str, str]
) -> tuple[float | None, float | None, list[tuple[str, str]]]:
    """Latitude and longitude of a row (both or neither), with problems keyed by column."""
    lat_text, lon_text = text.get("latitude", ""), text.get("longitude", "")
    if not lat_text and not lon_text:
        return None, None, []
    if not lat_text or not lon_text:
        given, missing = ("latitude", "longitude") if lat_text else ("longitude", "latitude")
        return (
            None,
            None,
            [
                (
                    given,
                    N_("%(given)s without %(missing)s: give both or neither", given=given, missing=missing),
                )
            ],
        )
    problems: list[tuple[str, str]] = []
    values: dict[str, float] = {}
    for key, low, high in (("latitude", -90, 90), ("longitude", -180, 180)):
        value = cell_number(raw[key])
        if value is None:
            problems.append((key, N_("%(text)r is not a number", text=text[key])))
        elif not low <= value <= high:
            problems.append(
                (
                    key,
                    N_(
                        "%(text)s is out of range (%(low)s to %(high)s)",
                        text=text[key],
                        low=low,
                        high=high,
                    ),
                )
            )
        else:
            values[key] = value
    if problems:
        return None, None, problems
    return values["latitude"], values["longitude"], []


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
        problems.append(("date", N_("%(text)r is not a date (use YYYY-MM-DD)", text=text["date"])))
    try:
        at = _time(raw.get("time"), raw["date"])
    except ValueError:
        problems.append(("time", N_("%(text)r is not a time (use HH:MM)", text=text.get("time", ""))))
    area = areas.get(fold(text["area"]))
    if area is None:
        problems.append(("area", N_("unknown area %(text)r", text=text["area"])))
    category = categories.get(fold(text["category"]))
    if category is None:
        problems.append(("category", N_("unknown problem area %(text)r", text=text["category"])))
    kind = fold(text["type"]).replace("_", " ")
    kind = TYPE_ALIASES.get(kind, kind.replace(" ", "_"))
    if kind not in {t.value for t in IncidentType}:
        problems.append(("type", N_("unknown incident type %(text)r", text=text["type"])))
    severity = SEVERITY_ALIASES.get(fold(text["severity"])) or (
        int(text["severity"]) if text["severity"] in ("1", "2", "3") else None
    )
    if severity is None:
        problems.append(("severity", N_("%(text)r is not 1, 2 or 3", text=text["severity"])))
    latitude, longitude, misplaced = _coordinates(raw, text)
    problems += misplaced
    if problems:
        return None, problems
    try:
        occurred_at = from_local(dt.datetime.combine(day, at))
    except NonexistentTime as exc:
        skipped = N_(
            "%(time)s on %(date)s never happened: the clocks were put forward that night. "
            "Did you mean %(suggestion)s?",
            time=exc.wall.strftime("%H:%M"),
            date=day.isoformat(),
            suggestion=exc.suggestion.strftime("%H:%M"),
        )
        return None, [("time" if "time" in where else "date", skipped)]
    data = IncidentInput(
        occurred_at=occurred_at,
        area=area or "",
        category=category or "",
        incident_type=kind,
        severity=severity or 1,
        description=text.get("description", ""),
        latitude=latitude,
        longitude=longitude,
    )
    return data, []


@transactional
def import_incidents(
    session: Session,
    organisation: Organisation,
    user: User | None,
    data: bytes,
    filename: str,
    budget: ReadBudget | None = None,
) -> int:
    """Store every incident of a CSV/XLSX file for `organisation`; returns how many.

    Raises:
        InvalidResponseFile: unreadable file or missing columns.
        ImportFailed: row-numbered problems; nothing is stored.
    """
    table = read_response_table(data, filename, budget)
    where = _find_columns(table.columns)
    areas = {fold(name): name for name in organisation.areas}
    categories = _category_lookup()
    # Only needed (and loaded) when the file places incidents on the map.
    outlines = load_outlines(session, organisation.id) if {"latitude", "longitude"} & where.keys() else None
    inputs: list[IncidentInput] = []
    errors: list[RowError] = []
    for row in table.rows:
        found, problems = _row_input(row, where, areas, categories)
        errors.extend(RowError(row[0], table.columns[where[key]], message) for key, message in problems)
        if found is not None:
            failing = check(organisation, found, outlines)
            errors.extend(_check_error(row[0], key, code, found, outlines) for key, code in failing.items())
            inputs.append(found)
    if errors:
        raise ImportFailed(errors)
    session.add_all(build_incident(organisation, item, user, "import") for item in inputs)
    session.commit()
    return len(inputs)


def _check_error(
    row: int, field: str, reason: str, found: IncidentInput, outlines: AreaLookup | None
) -> RowError:
    """A row error from `check`; a place in another area's outline names that area."""
    lat, lon = found.latitude, found.longitude
    if reason == "point_elsewhere" and outlines and lat is not None and lon is not None:
        marked = outlines.area_at(lat, lon)
        return RowError(
            row,
            None,
            N_(
                "the place (latitude, longitude) lies in %(marked)r, not %(area)r",
                marked=marked,
                area=found.area,
            ),
        )
    return RowError(row, None, f"{field}: {reason}")
