"""Incidents on maps: the map point of the incident form, the periodic map and the situation map's choice."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import lxml.html
import pytest

from app.extensions import db
from surveys.accounts.models import Role
from surveys.incidents.models import Incident
from surveys.incidents.reporting import list_incidents
from surveys.places.geojson import parse_areas
from surveys.places.service import save_area_shapes
from tests.app.helpers import csrf_from, sign_in
from tests.app.test_map_views import AREAS
from tests.factories import make_org, make_single_page_survey, make_user

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
    page = client.get("/admin/incidents/new").get_data(as_text=True)
    assert 'data-point-for="point"' in page and 'data-area-for="area"' in page and " hidden>" in page
    assert 'data-value="Hamnen"' in page and "map-select.js" in page
    assert 'aria-live="polite"' in page and "Remove the mark" in page
    assert 'name="area"' in page  # the list stays for use without JavaScript
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
    listing = viewer.get("/admin/incidents").get_data(as_text=True)
    assert "On the map" in listing and listing.count("<td>Marked</td>") == 1
    assert listing.count("<td>Not marked</td>") == 1


@pytest.mark.parametrize("point", ["nonsense", "59.0", "95,18", "59.0,18.0,3", "nan,18"])
def test_an_unreadable_mark_is_explained(client, org, point):
    _signed_in(client, org, Role.POLICE)
    response = _report(client, point=point)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'class="error-summary"' in page
    assert "The marked place could not be read" in page and 'href="#point"' in page
    assert list_incidents(db.session, [org.id]) == []


def test_a_mark_in_another_area_asks_to_check_the_area(client, org):
    _signed_in(client, org, Role.REPORTER)
    response = _report(client, area="Centrum", point=IN_NORR)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The place you marked on the map lies in Norr, not in Centrum." in page
    assert f'value="{IN_NORR}"' in page  # the mark is kept for the second try
    assert list_incidents(db.session, [org.id]) == []
    assert _report(client, area="Norr", point=IN_NORR).status_code == 302
    assert _report(client, area="Hamnen", point="59.5,18.5").status_code == 302  # outside every outline


def _add(org, day, area, n, lat=None, lon=None):
    for i in range(n):
        db.session.add(
            Incident(
                organisation_id=org.id,
                occurred_at=dt.datetime.combine(day, dt.time(20)),
                area=area,
                category="skadegorelse",
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
    section = page[page.index('id="map"') : page.index("</section>", page.index('id="map"'))]
    assert "/admin/situation/periodic/map.svg?org=lulea&amp;kind=month&amp;period=2026-03" in section
    assert 'alt="Map of the areas coloured by incidents' in section
    table = section[section.index('id="map-table"') :]
    assert re.search(r"Centrum</th><td class=\"num\">7<", table)
    # Norr (2) is hidden and takes the smallest shown area (Hamnen, 6) with it.
    assert not re.search(r"Norr</th><td class=\"num\">\d", table)
    assert not re.search(r"Hamnen</th><td class=\"num\">\d", table)
    # Hamnen is not "fewer than 5": a cell hidden so that Norr cannot be worked out is just hidden.
    assert table.count(">hidden</span>") == 2 and "fewer than 5" not in table
    assert 'id="hotspot-table"' in section and '<td class="num">7</td>' in section
    assert "Upload the areas as GeoJSON" not in section

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


def test_periodic_page_without_outlines_says_so_and_links_the_upload_for_editors(client):
    org = make_org(db.session, slug="plain", name="Utan kartor")
    _signed_in(client, org, Role.ANALYST)
    page = client.get("/admin/situation/periodic").get_data(as_text=True)
    assert "No area outlines have been uploaded for Utan kartor" in page
    assert 'href="/admin/area-outlines"' in page
    svg = client.get("/admin/situation/periodic/map.svg?org=plain")
    assert svg.status_code == 200 and "No area outlines" in svg.get_data(as_text=True)
    viewer = client.application.test_client()
    _signed_in(viewer, org, Role.VIEWER)
    page = viewer.get("/admin/situation/periodic").get_data(as_text=True)
    assert "No area outlines have been uploaded for Utan kartor" in page
    assert 'href="/admin/area-outlines"' not in page


def test_police_area_sees_the_map_of_the_municipality_it_chooses(client, org):
    _add(org, dt.date(2026, 3, 4), "Centrum", 5)
    police = make_org(db.session, slug="lpo", name="LPO", kind="police_area", areas=[])
    police.municipalities.append(org)
    db.session.commit()
    _signed_in(client, police, Role.POLICE)
    page = client.get("/admin/situation/periodic?org=lulea&kind=month&period=2026-03").get_data(as_text=True)
    assert "map.svg?org=lulea" in page and "Upload the areas as GeoJSON" not in page
    svg = client.get("/admin/situation/periodic/map.svg?org=lulea&kind=month&period=2026-03")
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
    section = page[page.index('id="map"') :]
    assert '<option value="incidents" selected>' in section
    assert "from March 1, 2026 to March 31, 2026" in section and "11 in all" in section
    assert f"/admin/surveys/{survey.slug}/map.svg?by=incidents" in section
    assert re.search(r"Hamnen</th><td class=\"num\">6<", section)
    assert re.search(r"Centrum</th><td class=\"num\">5<", section)
    assert "Marked incidents" in section and '<td class="num">6</td>' in section
    svg = client.get(f"/admin/surveys/{survey.slug}/map.svg?by=incidents").get_data(as_text=True)
    titles = [t.text for t in ET.fromstring(svg).iter(f"{SVG}title")]
    assert "Hamnen: 6 (incidents)" in titles and "Centrum: 5 (incidents)" in titles
    assert "Hot spot: 6 marked incidents" in titles
    # The respondents' map is still the default.
    page = client.get(f"/admin/surveys/{survey.slug}/situation").get_data(as_text=True)
    assert '<option value="respondents" selected>' in page and "in all" not in page


def test_a_survey_period_with_few_incidents_gives_no_count(client, org):
    march = {"opens_on": dt.date(2026, 3, 1), "closes_on": dt.date(2026, 3, 31)}
    survey = make_single_page_survey(db.session, org, **march)
    _add(org, dt.date(2026, 3, 10), "Hamnen", 3)
    _signed_in(client, org, Role.VIEWER)
    page = client.get(f"/admin/surveys/{survey.slug}/situation?map=incidents").get_data(as_text=True)
    period = lxml.html.fromstring(page).get_element_by_id("map-incidents-period").text_content()
    assert period.endswith("none): fewer than 5 in all.")
