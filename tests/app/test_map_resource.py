"""The survey page's map is a cached resource of its own, so a large outline no longer weighs down every page.

Issue #19, finding 11: with the SVG inlined, a 40 000-point outline made each survey page 462 KB.
"""

from __future__ import annotations

import json
import math
import xml.etree.ElementTree as ET

from app.extensions import db
from surveys.accounts.models import Role
from surveys.authoring.models import Question, SurveyKind
from surveys.places.geojson import parse_areas
from surveys.places.service import save_area_shapes
from tests.app.helpers import find_all, sign_in
from tests.factories import make_org, make_single_page_survey, make_user

SVG = "{http://www.w3.org/2000/svg}"


def ring(lon: float, lat: float, points: int) -> list[list[float]]:
    """A wiggly closed outline of `points` points around (lon, lat), too detailed for simplification."""
    coords = []
    for i in range(points):
        angle = 2 * math.pi * i / points
        radius = 0.01 * (1 + 0.3 * math.sin(angle * 37))
        coords.append(
            [round(lon + radius * math.cos(angle), 6), round(lat + radius * math.sin(angle) * 0.6, 6)]
        )
    return [*coords, coords[0]]


def large_outline(areas: int, points: int) -> bytes:
    features = [
        {
            "type": "Feature",
            "properties": {"name": f"Område {n}"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [ring(18 + 0.025 * (n % 4), 59 + 0.02 * (n // 4), points)],
            },
        }
        for n in range(areas)
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def _survey(areas: int = 8, points: int = 5000, **fields):
    names = [f"Område {n}" for n in range(areas)]
    org = make_org(db.session, areas=names)
    save_area_shapes(db.session, org, parse_areas(large_outline(areas, points)))
    survey = make_single_page_survey(db.session, org, **fields)
    survey.questions.append(Question(key="place", type="point", position=3, page=1, text={"sv": "Var?"}))
    db.session.commit()
    return survey


def _map_urls(html: str) -> list[str]:
    return find_all(html, "//div[contains(@class, 'map-select')]/@data-map-src")


def test_a_40k_point_outline_leaves_the_survey_page_small_and_the_map_cached(client):
    survey = _survey()  # 8 areas × 5 000 points = 40 000 points, simplified to ≤ 500 per ring on upload
    page = client.get(f"/s/{survey.slug}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and len(page.data) < 30_000, len(page.data)
    assert "<svg" not in html
    urls = _map_urls(html)
    assert len(urls) == 2  # the area question and the point question

    response = client.get(urls[0])
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    etag = response.headers["ETag"]
    areas = ET.fromstring(response.get_data(as_text=True)).findall(f".//{SVG}a[@data-value]")
    assert len(areas) == 8
    again = client.get(urls[0], headers={"If-None-Match": etag})
    assert again.status_code == 304 and not again.data
    assert again.headers["Cache-Control"].startswith("public")

    # The same map on the next visit has the same URL; a changed outline gets a new one.
    assert _map_urls(client.get(f"/s/{survey.slug}").get_data(as_text=True)) == urls
    save_area_shapes(db.session, survey.organisation, parse_areas(large_outline(8, 400)))
    db.session.commit()
    assert _map_urls(client.get(f"/s/{survey.slug}").get_data(as_text=True))[0] != urls[0]
    stale = client.get(urls[0])
    assert stale.status_code == 200 and stale.headers["Cache-Control"] == "no-cache"


def test_the_map_shows_only_the_areas_the_question_offers(client):
    survey = _survey(areas=3, points=50)
    area_q = survey.questions[2]
    area_q.options = [o for o in area_q.options if o.value == "Område 1"] or area_q.options[:1]
    db.session.commit()
    offered = {o.value for o in area_q.options}
    html = client.get(f"/s/{survey.slug}").get_data(as_text=True)
    url = next(u for u in _map_urls(html) if f"/karta/{area_q.id}.svg" in u)
    svg = ET.fromstring(client.get(url).get_data(as_text=True))
    assert {a.get("data-value") for a in svg.iter(f"{SVG}a")} == offered


def test_draft_closed_and_foreign_questions_are_not_served(client):
    survey = _survey(areas=2, points=50)
    url = _map_urls(client.get(f"/s/{survey.slug}").get_data(as_text=True))[0]
    concern = survey.questions[0]
    assert client.get(f"/s/{survey.slug}/karta/{concern.id}.svg").status_code == 404  # not a map question
    other = make_single_page_survey(db.session, survey.organisation)
    assert client.get(f"/s/{other.slug}/karta/{survey.questions[2].id}.svg").status_code == 404
    for status in ("draft", "closed"):
        survey.status = status
        db.session.commit()
        assert client.get(url).status_code == 404, status


def test_invitation_only_maps_need_the_invitation_and_stay_private(client):
    survey = _survey(areas=2, points=50)
    question = survey.questions[2]
    url = f"/s/{survey.slug}/karta/{question.id}.svg"
    survey.kind = SurveyKind.STAFF_DIALOGUE  # answered through single-use invitations only
    survey.open_to_everyone = False
    db.session.commit()
    assert client.get(url).status_code == 403
    with client.session_transaction() as session:
        session["survey_invitations"] = {str(survey.id): "token"}
    response = client.get(url)
    assert response.status_code == 200 and "public" not in response.headers["Cache-Control"]


def test_staff_preview_of_a_draft_still_shows_its_map(client):
    survey = _survey(areas=2, points=50, status="draft")
    sign_in(client, make_user(db.session, survey.organisation, Role.ADMIN))
    html = client.get(f"/admin/surveys/{survey.slug}/preview").get_data(as_text=True)
    boxes = find_all(html, "//div[contains(@class, 'map-select')]")
    assert len(boxes) == 2 and all(box.xpath(".//*[@data-value]") for box in boxes)
    assert not _map_urls(html)
