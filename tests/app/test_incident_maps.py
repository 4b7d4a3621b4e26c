"""Incidents on maps: the map point of the incident form, the periodic map and the situation map's choice."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from app.extensions import db
from surveys.accounts.models import Role
from surveys.incidents.models import Incident
from surveys.incidents.reporting import list_incidents
from surveys.places.geojson import parse_areas
from surveys.places.service import save_area_shapes
from tests.app.helpers import (
    by_id,
    csrf_from,
    field,
    find_all,
    parse_html,
    rows_by_heading,
    sign_in,
    table_rows,
    text_of,
    texts,
    visible_text,
)
from tests.app.test_map_views import AREAS
from tests.factories import local_instant, make_org, make_single_page_survey, make_user

SVG = "{http://www.w3.org/2000/svg}"
# AREAS: Centrum (18.00–18.01, 59.00–59.01), Norr (north of it) and Hamnen (east of it).
IN_CENTRUM, IN_NORR = "59.005,18.005", "59.015,18.005"


@pytest.fixture
def org(app):
    org = make_org(db.session, slug="lulea", name="Luleå", areas=["Centrum", "Norr", "Hamnen"])
    save_area_shapes(db.session, org, parse_areas(AREAS))
    return org


def _signed_in(client, org, role):
    user = make_user(db.session, org, role)
    sign_in(client, user)
    client.get("/sprak/en?next=/")  # these tests read the English interface
    return user


def _area_counts(table):
    """Area → the figure shown for it, from a map's table of areas."""
    return {area: figure for area, [figure] in rows_by_heading(table).items()}


def _report(client, **fields):
    data = {
        "csrf_token": csrf_from(client, "/admin/incidents/new"),
        "occurred_on": "2026-03-10",
        "occurred_at": "21:30",
        "area": "Centrum",
        "category": "skadegorelse",
        "incident_type": "vandalism",
        "severity": "2",
        **fields,
    }
    return client.post("/admin/incidents/new", data=data)


def test_form_offers_the_map_only_with_outlines(client, org):
    _signed_in(client, org, Role.REPORTER)
    page = parse_html(client.get("/admin/incidents/new").get_data(as_text=True))
    picker = by_id(page, "point")
    assert (picker.get("data-point-for"), picker.get("data-area-for")) == ("point", "area")
    assert picker.get("hidden") is not None  # until map-select.js shows it
    assert find_all(picker, ".//*[@data-value='Hamnen']")
    assert any(src.endswith("/map-select.js") for src in page.xpath("//script/@src"))
    assert [s.get("aria-live") for s in find_all(picker, ".//*[@data-point-status]")] == ["polite"]
    assert texts(picker, ".//button[@data-point-clear]") == ["Remove the mark"]
    assert field(page, "area").tag == "select"  # the list stays for use without JavaScript
    plain = make_org(db.session, slug="plain")
    other = client.application.test_client()
    _signed_in(other, plain, Role.REPORTER)
    page = other.get("/admin/incidents/new").get_data(as_text=True)
    assert "map-select" not in page and 'name="point"' not in page
    assert _report(other, area="Norr").status_code == 302  # works as before without a map


def test_marked_place_is_stored_and_listed(client, org):
    _signed_in(client, org, Role.REPORTER)
    assert _report(client, point=IN_CENTRUM).status_code == 302
    assert _report(client).status_code == 302  # no mark: fine
    marked, plain = sorted(list_incidents(db.session, [org.id]), key=lambda i: i.latitude is None)
    assert (marked.latitude, marked.longitude) == (59.005, 18.005)
    assert (plain.latitude, plain.longitude) == (None, None)
    viewer = client.application.test_client()
    _signed_in(viewer, org, Role.ANALYST)
    rows = table_rows(find_all(viewer.get("/admin/incidents").get_data(as_text=True), "//table")[0])
    assert rows[0][-1] == "On the map"
    assert sorted(row[-1] for row in rows[1:]) == ["Marked", "Not marked"]


@pytest.mark.parametrize("point", ["nonsense", "59.0", "95,18", "59.0,18.0,3", "nan,18"])
def test_an_unreadable_mark_is_explained(client, org, point):
    _signed_in(client, org, Role.POLICE)
    response = _report(client, point=point)
    summary = by_id(response.get_data(as_text=True), "error-summary")
    assert response.status_code == 200 and summary.get("class") == "error-summary"
    [link] = summary.xpath(".//a[@href='#point']")
    assert "The marked place could not be read" in text_of(link)
    assert list_incidents(db.session, [org.id]) == []


def test_a_mark_in_another_area_asks_to_check_the_area(client, org):
    _signed_in(client, org, Role.REPORTER)
    response = _report(client, area="Centrum", point=IN_NORR)
    page = parse_html(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "The place you marked on the map lies in Norr, not in Centrum." in visible_text(page)
    assert field(page, "point").get("value") == IN_NORR  # the mark is kept for the second try
    assert list_incidents(db.session, [org.id]) == []
    assert _report(client, area="Norr", point=IN_NORR).status_code == 302
    assert _report(client, area="Hamnen", point="59.5,18.5").status_code == 302  # outside every outline


def _add(org, day, area, n, lat=None, lon=None, category="skadegorelse"):
    for i in range(n):
        db.session.add(
            Incident(
                organisation_id=org.id,
                occurred_at=local_instant(dt.datetime.combine(day, dt.time(20))),
                area=area,
                category=category,
                incident_type="fire",
                severity=2,
                latitude=None if lat is None else lat + i * 0.0002,
                longitude=lon,
            )
        )
    db.session.commit()


def test_periodic_page_maps_incidents_under_the_floor(client, org):
    _add(org, dt.date(2026, 3, 4), "Centrum", 7, 59.005, 18.005)  # a hot spot of 7
    _add(org, dt.date(2026, 3, 5), "Hamnen", 6)
    _add(org, dt.date(2026, 3, 6), "Norr", 2, 59.015, 18.005)  # under the floor
    _add(org, dt.date(2026, 2, 6), "Norr", 9)  # another month
    _signed_in(client, org, Role.VIEWER)
    page = client.get("/admin/situation/periodic?kind=month&period=2026-03").get_data(as_text=True)
    section = by_id(page, "map")
    [image] = section.xpath(".//img")
    assert image.get("src") == "/admin/situation/periodic/map.svg?org=lulea&kind=month&period=2026-03"
    assert image.get("alt").startswith("Map of the areas coloured by incidents")
    # Norr (2) is hidden and takes the smallest shown area (Hamnen, 6) with it. Hamnen is not
    # "fewer than 5": a cell hidden so that Norr cannot be worked out is just hidden.
    table = by_id(section, "map-table")
    assert _area_counts(table) == {"Centrum": "7", "Norr": "hidden", "Hamnen": "hidden"}
    spots = by_id(section, "hotspot-table")
    assert "fewer than 5" not in visible_text(table) and "fewer than 5" not in visible_text(spots)
    assert [row[1] for row in table_rows(spots)[1:]] == ["7"]
    assert "Upload the areas as GeoJSON" not in visible_text(section)

    response = client.get("/admin/situation/periodic/map.svg?org=lulea&kind=month&period=2026-03")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.headers["Cache-Control"] == "private, no-store"
    root = ET.fromstring(response.get_data(as_text=True))
    titles = [t.text or "" for t in root.iter(f"{SVG}title")]
    assert "Centrum: 7 (incidents)" in titles
    assert "Norr: hidden (incidents)" in titles and "Hamnen: hidden (incidents)" in titles
    legend = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "not shown, to protect individuals" in legend and "fewer than 5" not in legend
    assert [c.find(f"{SVG}title").text for c in root.iter(f"{SVG}circle")] == ["Hot spot: 7 marked incidents"]
    grey = [p for p in root.iter(f"{SVG}path") if p.get("fill") == "#d9d9d9"]
    assert len(grey) == 2  # Norr and Hamnen
    february = client.get("/admin/situation/periodic/map.svg?org=lulea&kind=month&period=2026-02")
    assert "Norr: 9 (incidents)" in february.get_data(as_text=True)


def test_the_periodic_map_shows_no_area_figure_the_tables_beside_it_hide(client, org):
    # Two incidents in Centrum in January are hidden on January's page; the quarter's figure for
    # Centrum (12) minus March's (10) would give them away, so the quarter's page hides it. The
    # map table beside it guarded only its own area counts, and showed 12.
    _add(org, dt.date(2026, 1, 14), "Centrum", 2)
    _add(org, dt.date(2026, 3, 4), "Centrum", 10)
    _add(org, dt.date(2026, 3, 5), "Hamnen", 10)
    _signed_in(client, org, Role.VIEWER)
    url = "/admin/situation/periodic?kind=quarter&period=2026-Q1"
    page = parse_html(client.get(url).get_data(as_text=True))
    on_map = _area_counts(by_id(page, "map-table"))
    [by_area] = [
        t for t in page.xpath("//table[caption]") if text_of(t.xpath("./caption")[0]) == "Incidents by area"
    ]
    in_table = {area: cells[0] for area, cells in rows_by_heading(by_area).items()}
    assert in_table["Centrum"] == "hidden"
    for area, figure in on_map.items():
        if not in_table[area][0].isdigit():
            assert not figure.isdigit(), f"{area}: the map shows {figure}, the table beside it hides it"
    svg = client.get("/admin/situation/periodic/map.svg?org=lulea&kind=quarter&period=2026-Q1").get_data(
        as_text=True
    )
    titles = [t.text or "" for t in ET.fromstring(svg).iter(f"{SVG}title")]
    for area, figure in in_table.items():
        if not figure[0].isdigit() and area in on_map:
            assert not any(t.startswith(f"{area}: ") and t.split(": ")[1][0].isdigit() for t in titles)


def test_periodic_page_without_outlines_says_so_and_links_the_upload_for_editors(client):
    org = make_org(db.session, slug="plain", name="Utan kartor")
    _signed_in(client, org, Role.ANALYST)
    section = by_id(client.get("/admin/situation/periodic").get_data(as_text=True), "map")
    assert "No area outlines have been uploaded for Utan kartor" in visible_text(section)
    assert texts(section, ".//a[@href='/admin/area-outlines']") == ["Upload the areas as GeoJSON"]
    svg = client.get("/admin/situation/periodic/map.svg?org=plain")
    assert svg.status_code == 200 and "No area outlines" in svg.get_data(as_text=True)
    viewer = client.application.test_client()
    _signed_in(viewer, org, Role.VIEWER)
    page = viewer.get("/admin/situation/periodic").get_data(as_text=True)
    assert "No area outlines have been uploaded for Utan kartor" in visible_text(by_id(page, "map"))
    assert 'href="/admin/area-outlines"' not in page and "/admin/area-outlines" not in page


def test_police_area_sees_the_map_of_the_municipality_it_chooses(client, org):
    _add(org, dt.date(2026, 3, 4), "Centrum", 5)
    police = make_org(db.session, slug="lpo", name="LPO", kind="police_area", areas=[])
    police.municipalities.append(org)
    db.session.commit()
    _signed_in(client, police, Role.POLICE)
    page = client.get("/admin/situation/periodic?org=lulea&kind=month&period=2026-03").get_data(as_text=True)
    [image] = by_id(page, "map").xpath(".//img")
    assert image.get("src").startswith("/admin/situation/periodic/map.svg?org=lulea&")
    assert "Upload the areas as GeoJSON" not in page
    svg = client.get("/admin/situation/periodic/map.svg?org=lulea&kind=quarter&period=2026-Q1")
    assert "Centrum: 5 (incidents)" in svg.get_data(as_text=True)
    make_org(db.session, slug="annan", areas=["X"])  # exists, yet not among the police area's municipalities
    assert client.get("/admin/situation/periodic/map.svg?org=annan").status_code == 404
    assert client.get("/admin/situation/periodic/map.svg?org=lulea&kind=nonsense&period=x").status_code == 200


def test_situation_map_can_show_the_incidents_of_the_survey_period(client, org):
    march = {"opens_on": dt.date(2026, 3, 1), "closes_on": dt.date(2026, 3, 31)}
    survey = make_single_page_survey(db.session, org, **march)
    _add(org, dt.date(2026, 3, 10), "Hamnen", 6, 59.005, 18.015)
    _add(org, dt.date(2026, 3, 31), "Centrum", 5)
    _add(org, dt.date(2026, 4, 1), "Centrum", 9)  # after the survey closed
    _signed_in(client, org, Role.VIEWER)
    page = client.get(f"/admin/surveys/{survey.slug}/situation?map=incidents").get_data(as_text=True)
    section = by_id(page, "map")
    assert by_id(section, "map-by").xpath("./option[@selected]/@value") == ["incidents"]
    period = text_of(by_id(section, "map-incidents-period"))
    assert "from March 1, 2026 to March 31, 2026" in period and period.endswith(": 11 in all.")
    [image] = section.xpath(".//img")
    assert image.get("src") == f"/admin/surveys/{survey.slug}/map.svg?by=incidents"
    areas, spots = section.xpath(".//table")
    assert {"Hamnen": "6", "Centrum": "5"}.items() <= _area_counts(areas).items()
    header, *rows = table_rows(spots)
    assert header[1] == "Marked incidents" and [row[1] for row in rows] == ["6"]
    svg = client.get(f"/admin/surveys/{survey.slug}/map.svg?by=incidents").get_data(as_text=True)
    titles = [t.text for t in ET.fromstring(svg).iter(f"{SVG}title")]
    assert "Hamnen: 6 (incidents)" in titles and "Centrum: 5 (incidents)" in titles
    assert "Hot spot: 6 marked incidents" in titles
    # The respondents' map is still the default.
    page = client.get(f"/admin/surveys/{survey.slug}/situation").get_data(as_text=True)
    assert by_id(page, "map-by").xpath("./option[@selected]/@value") == ["respondents"]
    assert "in all" not in page


def test_a_survey_period_with_few_incidents_gives_no_count(client, org):
    march = {"opens_on": dt.date(2026, 3, 1), "closes_on": dt.date(2026, 3, 31)}
    survey = make_single_page_survey(db.session, org, **march)
    _add(org, dt.date(2026, 3, 10), "Hamnen", 3)
    _signed_in(client, org, Role.VIEWER)
    page = client.get(f"/admin/surveys/{survey.slug}/situation?map=incidents").get_data(as_text=True)
    period = text_of(by_id(page, "map-incidents-period"))
    assert period.endswith("none): fewer than 5 in all.")
