"""Incidents and maps in a real browser: a reporter taps the map on a phone; staff read the map pages.

Staff use the English interface (the source language, so the texts hold before and after translation).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import select

from surveys.accounts.models import Role
from surveys.incidents.models import Incident
from surveys.localtime import today as local_today
from surveys.places.geojson import parse_areas
from surveys.places.service import save_area_shapes
from tests.browser.test_accessibility import describe, run_axe
from tests.factories import PASSWORD, local_instant, make_org, make_single_page_survey, make_user

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def _square(lon: float, lat: float) -> list:
    return [[[lon, lat], [lon + 0.02, lat], [lon + 0.02, lat + 0.012], [lon, lat + 0.012], [lon, lat]]]


def _org(session: Any) -> Any:
    org = make_org(session, slug="lulea", name="Luleå kommun", areas=["Centrum", "Norr", "Hamnen"])
    corners = {"Centrum": (22.10, 65.58), "Norr": (22.10, 65.592), "Hamnen": (22.12, 65.58)}
    features = [
        {
            "type": "Feature",
            "properties": {"name": name},
            "geometry": {"type": "Polygon", "coordinates": [_square(*c)[0]]},
        }
        for name, c in corners.items()
    ]
    data = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    save_area_shapes(session, org, parse_areas(data))
    return org


def _sign_in(page: Page, user: Any, expect: Any) -> None:
    page.goto("/sprak/en?next=/admin/login")
    page.get_by_label("E-mail").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def _accessible(page: Page, name: str) -> None:
    fatal = run_axe(page, name)
    assert not fatal, f"axe found serious/critical problems on {name}:\n{describe(fatal)}"


def test_reporter_taps_the_map_on_a_phone_and_the_place_is_stored(
    session, live_server, phone, fresh_db, expect, screenshot
):
    org = _org(session)
    reporter = make_user(session, org, Role.REPORTER)
    _sign_in(phone, reporter, expect)
    phone.goto("/admin/incidents/new")
    box = phone.locator(".map-select[data-point-for='point']")
    expect(box).to_be_visible()
    status = box.locator("[data-point-status]")
    expect(status).to_have_attribute("aria-live", "polite")

    box.locator("a[data-value='Hamnen'] path").tap()
    expect(phone.locator("#area")).to_have_value("Hamnen")
    expect(status).to_have_text("A place is marked.")
    expect(box.locator("circle.map-marker")).to_have_count(1)
    box.get_by_role("button", name="Remove the mark").click()
    expect(status).to_have_text("The mark has been removed.")
    assert phone.locator("input[name='point']").input_value() == ""
    expect(box.locator("circle.map-marker")).to_have_count(0)

    box.locator("a[data-value='Norr'] path").tap()
    expect(phone.locator("#area")).to_have_value("Norr")
    assert phone.locator("input[name='point']").input_value()
    phone.get_by_label("What happened").select_option("vandalism")
    phone.get_by_label("Problem area").select_option(index=1)
    phone.get_by_label("Serious", exact=True).check()
    screenshot(phone, "incident-form-marked")
    _accessible(phone, "incident-form-phone")

    # Changing the list afterwards contradicts the mark: the form asks, and keeps the mark on the map.
    phone.locator("#area").select_option("Centrum")
    phone.get_by_role("button", name="Send the report").click()
    expect(phone.locator("#error-summary")).to_contain_text("lies in Norr, not in Centrum")
    expect(phone.locator(".map-select circle.map-marker")).to_have_count(1)
    expect(phone.locator("[data-point-status]")).to_have_text("A place is marked.")
    _accessible(phone, "incident-form-error-phone")
    phone.locator("#area").select_option("Norr")
    phone.get_by_label("Serious", exact=True).check()
    phone.get_by_role("button", name="Send the report").click()
    expect(phone.locator(".flash-success")).to_be_visible()

    db = fresh_db()
    incident = db.scalar(select(Incident))
    assert incident.area == "Norr"
    assert 65.592 <= incident.latitude <= 65.604 and 22.10 <= incident.longitude <= 22.12


def test_map_pages_read_well_and_pass_axe(session, live_server, desktop, phone, expect, screenshot):
    org = _org(session)
    # The periodic page opens on the last complete month: the incidents happened in it.
    today = local_today().replace(day=1) - dt.timedelta(days=5)
    for i in range(7):  # a hot spot in Centrum, marked on the map
        session.add(
            Incident(
                organisation_id=org.id,
                occurred_at=local_instant(dt.datetime.combine(today, dt.time(12))),
                area="Centrum",
                latitude=65.586 + i * 0.0002,
                longitude=22.11,
                category="skadegorelse",
                incident_type="vandalism",
                severity=2,
            )
        )
    for area, n in (("Hamnen", 6), ("Norr", 2)):
        for _ in range(n):
            session.add(
                Incident(
                    organisation_id=org.id,
                    occurred_at=local_instant(dt.datetime.combine(today, dt.time(9))),
                    area=area,
                    category="narkotika",
                    incident_type="theft",
                    severity=1,
                )
            )
    session.commit()
    survey = make_single_page_survey(session, org)
    analyst = make_user(session, org, Role.ANALYST)

    for page, device in ((desktop, "desktop"), (phone, "phone")):
        _sign_in(page, analyst, expect)
        page.goto("/admin/situation/periodic")
        figure = page.locator("#map figure img")
        expect(figure).to_be_visible()
        assert figure.evaluate("img => img.complete && img.naturalWidth > 0")
        expect(page.locator("#map-table")).to_contain_text("Centrum")
        expect(page.locator("#hotspot-table")).to_contain_text("7")
        screenshot(page, f"periodic-map-{device}")
        _accessible(page, f"periodic-map-{device}")

    desktop.goto("/admin/incidents")
    _accessible(desktop, "incident-list")
    desktop.goto(f"/admin/surveys/{survey.slug}/situation")
    desktop.get_by_label("Colour the areas by").select_option("incidents")
    desktop.get_by_role("button", name="Show", exact=True).click()
    expect(desktop.locator("#map-incidents-period")).to_contain_text("15 in all")
    screenshot(desktop, "situation-incident-map")
    _accessible(desktop, "situation-incident-map")
    desktop.goto("/admin/area-outlines")
    _accessible(desktop, "area-outlines")


def test_choosing_an_area_with_the_keyboard_marks_no_place(session, live_server, desktop, expect):
    org = _org(session)
    reporter = make_user(session, org, Role.REPORTER)
    _sign_in(desktop, reporter, expect)
    desktop.goto("/admin/incidents/new")
    link = desktop.locator(".map-select a[data-value='Hamnen']")
    link.focus()
    desktop.keyboard.press("Enter")
    expect(desktop.locator("#area")).to_have_value("Hamnen")
    assert desktop.locator("input[name='point']").input_value() == ""
    expect(desktop.locator(".map-select circle.map-marker")).to_have_count(0)
