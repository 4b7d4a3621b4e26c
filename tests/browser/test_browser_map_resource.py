"""The survey page fetches its map once and the map still chooses areas, on a phone and a desktop.

Issue #19, finding 11: the picker SVG is no longer in the page but a cached resource of its own.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from surveys.authoring.models import Question
from surveys.places.geojson import parse_areas
from surveys.places.service import save_area_shapes
from tests.app.test_map_resource import large_outline
from tests.browser.conftest import PHONE, _new_context
from tests.browser.test_accessibility import describe, run_axe
from tests.factories import make_org, make_single_page_survey

pytestmark = pytest.mark.browser

NARROW_PHONE = {**PHONE, "viewport": {"width": 360, "height": 740}}


@pytest.fixture
def narrow_phone(browser: Browser, live_server: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A small phone (360 px wide), the narrowest width the product is checked at."""
    for context in _new_context(browser, live_server, request, NARROW_PHONE):
        yield context.new_page()


def _survey(session):
    org = make_org(session, areas=[f"Område {n}" for n in range(8)])
    save_area_shapes(session, org, parse_areas(large_outline(8, 5000)))  # 40 000 points
    survey = make_single_page_survey(session, org)
    survey.questions.append(Question(key="place", type="point", position=3, page=1, text={"sv": "Var?"}))
    session.commit()
    return survey


@pytest.mark.parametrize("device", ["narrow_phone", "desktop"])
def test_the_fetched_map_appears_and_a_click_chooses_the_area(session, live_server, device, request, expect):
    page: Page = request.getfixturevalue(device)
    survey = _survey(session)
    area_q, place_q = survey.questions[2], survey.questions[3]
    maps = []
    page.on("response", lambda r: maps.append(r) if "/karta/" in r.url else None)
    document = page.goto(f"/s/{survey.slug}")
    assert document is not None and len(document.body()) < 30_000

    area_map = page.locator(f".map-select[data-map-for='q_{area_q.id}']")
    expect(area_map.locator("svg a[data-value='Område 5']")).to_be_visible()
    area_map.locator("a[data-value='Område 5'] path").click()
    expect(page.locator(f"input[name='q_{area_q.id}'][value='Område 5']")).to_be_checked()
    expect(area_map.locator("a[data-value='Område 5']")).to_have_attribute("aria-current", "true")

    point_map = page.locator(f".map-select[data-point-for='q_{place_q.id}']")
    point_map.locator("svg a[data-value='Område 2'] path").click()
    expect(page.locator(f"select[name='q_{place_q.id}-area']")).to_have_value("Område 2")
    assert page.locator(f"input[name='q_{place_q.id}']").input_value()
    # The map sits between the hint and the keyboard button, as it did when it was inlined.
    order = point_map.evaluate("box => [...box.children].map(c => c.tagName.toLowerCase())")
    assert order[:3] == ["p", "svg", "button"]

    # The fetched SVG keeps its accessible name and its links' names for screen readers.
    assert area_map.locator("svg").get_attribute("aria-label")
    assert (
        area_map.locator("a[data-value='Område 5']").get_attribute("aria-label")
        or area_map.locator("a[data-value='Område 5'] title").count()
    )
    fatal = run_axe(page, device)
    assert not fatal, describe(fatal)

    assert {r.status for r in maps} == {200} and len(maps) == 2
    assert all("immutable" in r.headers["cache-control"] for r in maps)
    area_map.scroll_into_view_if_needed()
    page.screenshot(path=f"/tmp/s6-maps-{device}.png", full_page=True)
