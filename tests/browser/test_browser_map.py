"""A resident picks an area and marks a place on the product's own SVG map (JavaScript on)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from surveys.answering.models import Answer, Response
from surveys.authoring.models import Question
from surveys.places.geojson import parse_areas
from surveys.places.service import save_area_shapes
from tests.factories import make_org, make_single_page_survey

pytestmark = pytest.mark.browser


def _square(lon: float, lat: float) -> list:
    return [[[lon, lat], [lon + 0.02, lat], [lon + 0.02, lat + 0.012], [lon, lat + 0.012], [lon, lat]]]


def _survey(session):
    org = make_org(session, areas=["Centrum", "Norr"])
    features = [
        {
            "type": "Feature",
            "properties": {"name": name},
            "geometry": {"type": "Polygon", "coordinates": _square(*c)},
        }
        for name, c in {"Centrum": (18.0, 59.0), "Norr": (18.0, 59.012)}.items()
    ]
    data = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    save_area_shapes(session, org, parse_areas(data))
    survey = make_single_page_survey(session, org)
    survey.questions.append(Question(key="place", type="point", position=3, page=1, text={"sv": "Var?"}))
    session.commit()
    return survey


def test_clicking_the_maps_chooses_the_area_and_marks_a_place(
    session, live_server, desktop, fresh_db, expect, screenshot
):
    survey = _survey(session)
    area_q, place_q = survey.questions[2], survey.questions[3]
    desktop.goto(f"/s/{survey.slug}")
    area_map = desktop.locator(f".map-select[data-map-for='q_{area_q.id}']")
    expect(area_map).to_be_visible()
    area_map.locator("a[data-value='Norr'] path").click()
    expect(desktop.locator(f"input[name='q_{area_q.id}'][value='Norr']")).to_be_checked()

    desktop.get_by_label("Vad oroar dig?").fill("Mörkt i tunneln")
    point_map = desktop.locator(f".map-select[data-point-for='q_{place_q.id}'] svg")
    point_map.locator("a[data-value='Centrum'] path").click()
    expect(desktop.locator(f"select[name='q_{place_q.id}-area']")).to_have_value("Centrum")
    assert desktop.locator(f"input[name='q_{place_q.id}']").input_value()
    screenshot(desktop, "marked")
    desktop.locator("button[value='send']").click()
    expect(desktop).to_have_url(f"{live_server}/s/{survey.slug}/tack?lang=sv")

    db = fresh_db()
    assert db.scalar(select(Response.area)) == "Norr"
    answer = db.scalar(select(Answer).where(Answer.question_id == place_q.id))
    assert 59.0 <= answer.latitude <= 59.012 and 18.0 <= answer.longitude <= 18.02
    assert answer.text == "Centrum"


def test_a_place_can_be_marked_with_the_keyboard_alone(session, live_server, desktop, fresh_db, expect):
    survey = _survey(session)
    area_q, place_q = survey.questions[2], survey.questions[3]
    desktop.goto(f"/s/{survey.slug}")
    desktop.get_by_label("Vad oroar dig?").fill("Mörkt i tunneln")
    desktop.locator(f"input[name='q_{area_q.id}'][value='Norr']").check()
    desktop.locator(f"select[name='q_{place_q.id}-area']").select_option("Norr")
    marker_input = desktop.locator(f"input[name='q_{place_q.id}']")
    assert marker_input.input_value() == ""

    keys = desktop.get_by_role("button", name="Markera platsen med tangentbordet")
    keys.focus()
    desktop.keyboard.press("Enter")
    status = desktop.locator(f".map-select[data-point-for='q_{place_q.id}'] [data-point-status]")
    expect(status).to_have_text("En plats är markerad i Norr.")
    first = marker_input.input_value()
    for _ in range(3):
        desktop.keyboard.press("ArrowRight")
    desktop.keyboard.press("Shift+ArrowDown")
    moved = marker_input.input_value()
    assert moved != first
    (lat_first, lon_first), (lat, lon) = (tuple(map(float, v.split(","))) for v in (first, moved))
    assert lon > lon_first and lat < lat_first  # right is east, down is south

    desktop.locator("button[value='send']").click()
    expect(desktop).to_have_url(f"{live_server}/s/{survey.slug}/tack?lang=sv")
    answer = fresh_db().scalar(select(Answer).where(Answer.question_id == place_q.id))
    assert 59.012 <= answer.latitude <= 59.024 and 18.0 <= answer.longitude <= 18.02
    assert answer.text == "Norr"
