"""Incidents placed on the map: the position rules, the check against the outlines, and imports."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from openpyxl import Workbook

from surveys.incidents.importing import import_incidents
from surveys.incidents.reporting import (
    IncidentInput,
    IncidentInvalid,
    check,
    list_incidents,
    load_outlines,
    report_incident,
    survey_window,
)
from surveys.places.geojson import parse_areas
from surveys.places.lookup import AreaLookup
from surveys.places.service import save_area_shapes
from surveys.transfer.errors import ImportFailed
from tests.factories import local_instant, make_org, make_user


def _square(lon: float, lat: float) -> list:
    return [[[lon, lat], [lon + 0.01, lat], [lon + 0.01, lat + 0.01], [lon, lat + 0.01], [lon, lat]]]


def _outlines_file(**areas: tuple[float, float]) -> bytes:
    features = [
        {
            "type": "Feature",
            "properties": {"name": name},
            "geometry": {"type": "Polygon", "coordinates": _square(*c)},
        }
        for name, c in areas.items()
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


OUTLINES = _outlines_file(Centrum=(18.00, 59.00), Norr=(18.00, 59.01), Hamnen=(18.01, 59.00))


@pytest.fixture
def org(session):
    org = make_org(session, slug="lulea", areas=["Centrum", "Norr", "Hamnen"])
    save_area_shapes(session, org, parse_areas(OUTLINES))
    return org


def _input(**fields):
    values = dict(
        occurred_at=local_instant(dt.datetime(2026, 3, 10, 21, 30)),
        area="Centrum",
        category="skadegorelse",
        incident_type="vandalism",
        severity=2,
    )
    values.update(fields)
    return IncidentInput(**values)


def test_outlines_find_the_area_of_a_point(session, org):
    outlines = load_outlines(session, org.id)
    assert outlines.area_at(59.005, 18.005) == "Centrum"
    assert outlines.area_at(59.015, 18.005) == "Norr"
    assert outlines.area_at(59.005, 18.015) == "Hamnen"
    assert outlines.area_at(59.5, 18.5) is None
    assert not AreaLookup() and not load_outlines(session, make_org(session).id)


@pytest.mark.parametrize(
    ("lat", "lon", "expected"),
    [
        (59.005, 18.005, {}),  # inside the chosen area
        (59.5, 18.5, {}),  # outside every outline: kept, the outlines need not cover everything
        (59.015, 18.005, {"area": "point_elsewhere"}),  # inside Norr, reported as Centrum
        (91.0, 18.0, {"latitude": "out_of_range"}),
        (59.0, -181.0, {"latitude": "out_of_range"}),
        (float("nan"), 18.0, {"latitude": "out_of_range"}),
        (59.0, None, {"latitude": "incomplete"}),
    ],
)
def test_check_of_a_marked_place(session, org, lat, lon, expected):
    assert check(org, _input(latitude=lat, longitude=lon), load_outlines(session, org.id)) == expected


def test_report_stores_the_place_or_refuses_a_contradiction(session, org):
    user = make_user(session, org)
    stored = report_incident(session, org, user, _input(latitude=59.005, longitude=18.005))
    assert (stored.latitude, stored.longitude) == (59.005, 18.005)
    with pytest.raises(IncidentInvalid) as caught:
        report_incident(session, org, user, _input(area="Hamnen", latitude=59.005, longitude=18.005))
    assert caught.value.errors == {"area": "point_elsewhere"}
    assert len(list_incidents(session, [org.id])) == 1


def test_survey_window():
    today = dt.date(2026, 6, 15)
    assert survey_window(dt.date(2026, 3, 1), dt.date(2026, 3, 31), today) == (
        dt.date(2026, 3, 1),
        dt.date(2026, 4, 1),
    )
    assert survey_window(dt.date(2026, 3, 1), None, today) == (dt.date(2026, 3, 1), dt.date(2026, 6, 16))
    assert survey_window(None, None, today) == (dt.date(2025, 6, 15), dt.date(2026, 6, 16))
    assert survey_window(None, dt.date(2026, 1, 31), today) == (dt.date(2025, 1, 31), dt.date(2026, 2, 1))
    # a calendar year back, not 365 days: the leap day 2024 does not move the start to 2 March
    assert survey_window(None, dt.date(2024, 3, 1), today) == (dt.date(2023, 3, 1), dt.date(2024, 3, 2))
    assert survey_window(dt.date(2026, 9, 1), None, today) == (today, dt.date(2026, 6, 16))  # not open yet


HEADER = "datum,tid,område,problemområde,typ,allvarlighet,{lat},{lon}\n"


@pytest.mark.parametrize(
    ("lat", "lon"),
    [("latitude", "longitude"), ("Lat", "Lng"), ("latitud", "longitud"), ("lat", "lon"), ("LAT", "long")],
)
def test_import_reads_coordinates_under_any_usual_heading(session, org, lat, lon):
    data = HEADER.format(lat=lat, lon=lon) + (
        "2026-03-01,10:00,Centrum,skadegorelse,vandalism,1,59.005,18.005\n"
        '2026-03-02,10:00,Norr,skadegorelse,vandalism,1,"59,015","18,005"\n'  # decimal commas
        "2026-03-03,10:00,Hamnen,skadegorelse,vandalism,1,,\n"  # not placed
    )
    assert import_incidents(session, org, None, data.encode(), "lista.csv") == 3
    found = sorted((i.area, i.latitude, i.longitude) for i in list_incidents(session, [org.id]))
    assert found == [("Centrum", 59.005, 18.005), ("Hamnen", None, None), ("Norr", 59.015, 18.005)]


def test_import_reports_bad_coordinates_by_row(session, org):
    data = HEADER.format(lat="lat", lon="lon") + (
        "2026-03-01,10:00,Centrum,skadegorelse,vandalism,1,59.005,18.005\n"
        "2026-03-01,10:00,Centrum,skadegorelse,vandalism,1,norr om torget,18.005\n"
        "2026-03-01,10:00,Centrum,skadegorelse,vandalism,1,95,18.005\n"
        "2026-03-01,10:00,Centrum,skadegorelse,vandalism,1,59.005,\n"
        "2026-03-01,10:00,Centrum,skadegorelse,vandalism,1,,200\n"
        "2026-03-01,10:00,Centrum,skadegorelse,vandalism,1,59.015,18.005\n"
    )
    with pytest.raises(ImportFailed) as caught:
        import_incidents(session, org, None, data.encode(), "lista.csv")
    messages = [str(e) for e in caught.value.errors]
    assert messages == [
        "row 3, column 'lat': 'norr om torget' is not a number",
        "row 4, column 'lat': 95 is out of range (-90 to 90)",
        "row 5, column 'lat': latitude without longitude: give both or neither",
        "row 6, column 'lon': longitude without latitude: give both or neither",
        "row 7: the place (latitude, longitude) lies in 'Norr', not 'Centrum'",
    ]
    assert list_incidents(session, [org.id]) == []


def test_import_of_a_spreadsheet_with_numeric_coordinates(session, org):
    book = Workbook()
    sheet = book.active
    sheet.append(["Datum", "Område", "Problemområde", "Typ", "Allvarlighet", "Latitud", "Longitud"])
    sheet.append([dt.datetime(2026, 3, 1, 10, 0), "Hamnen", "skadegorelse", "brand", 2, 59.0051, 18.0152])
    sheet.append([dt.datetime(2026, 3, 2, 10, 0), "Hamnen", "skadegorelse", "brand", 2, 59.0052, "vid kajen"])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(ImportFailed) as caught:
        import_incidents(session, org, None, buffer.getvalue(), "lista.xlsx")
    assert [str(e) for e in caught.value.errors] == ["row 3, column 'Longitud': 'vid kajen' is not a number"]
    sheet.delete_rows(3)
    buffer = io.BytesIO()
    book.save(buffer)
    assert import_incidents(session, org, None, buffer.getvalue(), "lista.xlsx") == 1
    [incident] = list_incidents(session, [org.id])
    assert (incident.latitude, incident.longitude) == (59.0051, 18.0152)
