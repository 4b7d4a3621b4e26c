"""Area outlines upload, the situation map (SVG, privacy floor, hot spots) and maps in the resident form."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET

from sqlalchemy import select

from app.extensions import db
from app.security import CONTENT_SECURITY_POLICY, policy_for
from surveys.accounts.models import Role
from surveys.answering.models import Answer, Response
from surveys.answering.submission import submit_response
from surveys.authoring.models import Question
from surveys.places.geojson import parse_areas
from surveys.places.models import AreaShape
from surveys.places.service import save_area_shapes
from tests.app.helpers import (
    by_id,
    csrf_from,
    field,
    find_all,
    flash_messages,
    hidden_value,
    rows_by_heading,
    sign_in,
    texts,
)
from tests.factories import make_org, make_single_page_survey, make_user

SVG = "{http://www.w3.org/2000/svg}"


def square(lon: float, lat: float, size: float = 0.01) -> list:
    return [[[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]]


def geojson(**areas: tuple[float, float]) -> bytes:
    features = [
        {
            "type": "Feature",
            "properties": {"name": name},
            "geometry": {"type": "Polygon", "coordinates": square(lon, lat)},
        }
        for name, (lon, lat) in areas.items()
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


AREAS = geojson(Centrum=(18.00, 59.00), Norr=(18.00, 59.01), Hamnen=(18.01, 59.00))


def _upload(client, data: bytes, **fields: str):
    token = csrf_from(client, "/admin/area-outlines")
    return client.post(
        "/admin/area-outlines",
        data={"csrf_token": token, "file": (io.BytesIO(data), "omraden.geojson"), **fields},
        content_type="multipart/form-data",
    )


def test_upload_page_stores_outlines_and_adds_names(client):
    org = make_org(db.session, areas=["Centrum", "Söder"])
    sign_in(client, make_user(db.session, org, Role.ANALYST))
    assert client.get("/admin/area-outlines").status_code == 200
    response = _upload(client, AREAS)
    assert response.status_code == 302
    page = client.get("/admin/area-outlines").get_data(as_text=True)
    assert sorted(texts(by_id(page, "area-list"), "./li")) == ["Centrum", "Hamnen", "Norr"]
    assert find_all(page, "//*[@class='map-figure']/svg")  # the preview is drawn in the page
    db.session.refresh(org)
    assert org.areas == ["Centrum", "Söder", "Norr", "Hamnen"]
    assert db.session.query(AreaShape).count() == 3


def test_bad_uploads_are_explained_not_crashing(client, monkeypatch):
    org = make_org(db.session)
    sign_in(client, make_user(db.session, org, Role.ADMIN))
    for data in (b"\x00garbage", b'{"type": "FeatureCollection", "features": []}', b"{" * 50_000):
        response = _upload(client, data)
        assert response.status_code == 422
        assert flash_messages(response.get_data(as_text=True), "error")
    # A smaller limit: a 5 MB body would be spooled to a temporary file by the test client.
    monkeypatch.setattr("surveys.places.geojson.MAX_BYTES", 2000)
    monkeypatch.setattr("app.admin.maps.views.MAX_BYTES", 2000)
    assert _upload(client, b" " * 2100 + AREAS).status_code == 422
    assert db.session.query(AreaShape).count() == 0


def test_official_chooses_the_name_property_when_several_fit(client):
    org = make_org(db.session)
    sign_in(client, make_user(db.session, org, Role.ADMIN))
    features = [
        {
            "type": "Feature",
            "properties": {"stadsdel": s, "distrikt": d},
            "geometry": {"type": "Polygon", "coordinates": square(18 + i * 0.01, 59)},
        }
        for i, (s, d) in enumerate([("Öst", "A"), ("Väst", "B")])
    ]
    data = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    page = _upload(client, data).get_data(as_text=True)
    choice = field(page, "name_property")
    assert choice.tag == "select" and "stadsdel" in choice.xpath("./option/@value")
    assert _upload(client, data, name_property="stadsdel").status_code == 302
    assert sorted(db.session.scalars(select(AreaShape.name))) == ["Väst", "Öst"]


def test_police_and_viewers_cannot_upload(client):
    org = make_org(db.session)
    sign_in(client, make_user(db.session, org, Role.VIEWER))
    assert client.get("/admin/area-outlines").status_code == 403


def _survey_with_answers(org, per_area):
    survey = make_single_page_survey(db.session, org)
    concern, area_q = survey.questions[0].id, survey.questions[2].id
    n = 0
    for area, count in per_area.items():
        for _ in range(count):
            n += 1
            submit_response(
                db.session, survey, {concern: "Mörkt", area_q: area}, submission_token=f"t{n}", language="sv"
            )
    return survey


def test_map_svg_applies_the_privacy_floor(client):
    org = make_org(db.session, areas=["Centrum", "Norr", "Hamnen"])
    save_area_shapes(db.session, org, parse_areas(AREAS))
    survey = _survey_with_answers(org, {"Centrum": 9, "Norr": 2, "Hamnen": 6})
    sign_in(client, make_user(db.session, org, Role.VIEWER))
    response = client.get(f"/admin/surveys/{survey.slug}/map.svg?by=respondents")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    svg = response.get_data(as_text=True)
    root = ET.fromstring(svg)
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert any(t.startswith("Centrum: 9") for t in titles)
    # Norr has 2 (< 5) and, as the only hidden area, takes the smallest shown one (Hamnen) with it.
    norr = next(t for t in titles if t.startswith("Norr:"))
    hamnen = next(t for t in titles if t.startswith("Hamnen:"))
    assert ": 2" not in norr and ": 6" not in hamnen
    assert "style=" not in svg and "<script" not in svg
    page = client.get(f"/admin/surveys/{survey.slug}/situation").get_data(as_text=True)
    [image] = by_id(page, "map").xpath(".//img")
    assert image.get("src").startswith(f"/admin/surveys/{survey.slug}/map.svg") and image.get("alt")
    assert rows_by_heading(by_id(page, "map").xpath(".//table")[0])["Centrum"] == ["9"]
    # Norr's 2 is in no table of the page.
    for table in find_all(page, "//table"):
        assert "2" not in rows_by_heading(table).get("Norr", [])


def test_map_svg_without_outlines_is_a_placeholder(client):
    org = make_org(db.session)
    survey = make_single_page_survey(db.session, org)
    sign_in(client, make_user(db.session, org, Role.POLICE))
    response = client.get(f"/admin/surveys/{survey.slug}/map.svg?by=theme:narkotika")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    ET.fromstring(response.get_data(as_text=True))


def test_hot_spots_need_the_floor_of_marked_places(client):
    org = make_org(db.session, areas=["Centrum", "Norr", "Hamnen"])
    save_area_shapes(db.session, org, parse_areas(AREAS))
    survey = make_single_page_survey(db.session, org)
    place = Question(key="place", type="point", position=3, page=1, text={"sv": "Var?"})
    survey.questions.append(place)
    db.session.commit()
    concern = survey.questions[0].id
    marks = [f"59.005{i},18.005{i}" for i in range(6)] + [f"59.015{i},18.015" for i in range(3)]
    for n, point in enumerate(marks):
        submit_response(
            db.session,
            survey,
            {concern: "x", place.id: {"point": point}},
            submission_token=f"m{n}",
            language="sv",
        )
    sign_in(client, make_user(db.session, org, Role.ADMIN))
    svg = client.get(f"/admin/surveys/{survey.slug}/map.svg").get_data(as_text=True)
    circles = list(ET.fromstring(svg).iter(f"{SVG}circle"))
    assert len(circles) == 1  # the 3 places near Norr stay hidden
    page = client.get(f"/admin/surveys/{survey.slug}/situation").get_data(as_text=True)
    _, hot = by_id(page, "map").xpath(".//table")
    assert [row[0] for row in rows_by_heading(hot).values()] == ["6"]
    assert "3" not in texts(by_id(page, "map"), ".//td[@class='num']")  # nor the 3 near Norr anywhere


def _form(client, url):
    html = client.get(url).get_data(as_text=True)
    return html, {
        "csrf_token": hidden_value(html, "csrf_token"),
        "submission_token": hidden_value(html, "submission_token"),
        "page": "1",
    }


def test_area_question_works_with_and_without_the_map(client):
    plain = make_single_page_survey(db.session, make_org(db.session))
    html, _ = _form(client, f"/s/{plain.slug}")
    assert "map-select" not in html and "map-select.js" not in html

    org = make_org(db.session, areas=["Centrum", "Norr", "Hamnen"])
    save_area_shapes(db.session, org, parse_areas(AREAS))
    survey = make_single_page_survey(db.session, org)
    url = f"/s/{survey.slug}"
    html, fields = _form(client, url)
    area_q = survey.questions[2]
    [picker] = find_all(html, "//div[@class='map-select']")
    assert picker.get("data-map-for") == f"q_{area_q.id}" and not picker.xpath(".//*[@data-value]")
    svg = client.get(picker.get("data-map-src")).get_data(as_text=True)  # fetched by map-select.js
    assert ET.fromstring(svg).findall(f".//{SVG}a[@data-value='Hamnen']")
    assert any(src.endswith("/map-select.js") for src in find_all(html, "//script/@src"))
    assert field(html, f"q_{area_q.id}") is not None  # the ordinary list stays for use without JavaScript
    answers = {f"q_{survey.questions[0].id}": "Mörkt", f"q_{area_q.id}": "Hamnen"}
    response = client.post(url, data={**fields, **answers})
    assert response.status_code == 302
    assert db.session.scalar(select(Response.area)) == "Hamnen"


def test_point_question_is_stored_from_the_form_and_falls_back(client):
    org = make_org(db.session, areas=["Centrum", "Norr", "Hamnen"])
    save_area_shapes(db.session, org, parse_areas(AREAS))
    survey = make_single_page_survey(db.session, org)
    place = Question(key="place", type="point", position=3, page=1, text={"sv": "Var känner du dig otrygg?"})
    survey.questions.append(place)
    db.session.commit()
    url, name = f"/s/{survey.slug}", f"q_{place.id}"
    html, fields = _form(client, url)
    assert field(html, name).get("type") == "hidden"
    assert (field(html, f"{name}-area").tag, field(html, f"{name}-comment").tag) == ("select", "textarea")
    assert find_all(html, "//*[@data-point-for=$n]", n=name)
    concern = f"q_{survey.questions[0].id}"
    bad = client.post(url, data={**fields, concern: "x", name: "500,18"})
    assert bad.status_code == 422
    html, fields = _form(client, url)
    ok = client.post(url, data={**fields, concern: "x", name: "59.005,18.005", f"{name}-comment": "Tunneln"})
    assert ok.status_code == 302
    html, fields = _form(client, url)
    fallback = client.post(
        url, data={**fields, concern: "x", f"{name}-area": "Norr", f"{name}-comment": "Vid busshållplatsen"}
    )
    assert fallback.status_code == 302
    answers = db.session.scalars(
        select(Answer).where(Answer.question_id == place.id).order_by(Answer.id)
    ).all()
    assert [(a.latitude, a.longitude, a.text) for a in answers] == [
        (59.005, 18.005, "Tunneln"),
        (None, None, "Norr: Vid busshållplatsen"),
    ]


def test_tiles_are_off_by_default_and_widen_only_img_src_when_configured(app):
    assert app.config["MAP_TILES_URL"] == ""
    assert policy_for(app) == CONTENT_SECURITY_POLICY
    app.config["MAP_TILES_URL"] = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
    policy = policy_for(app)
    assert policy["img-src"] == "'self' data: https://*.tiles.example.org"
    assert {k: v for k, v in policy.items() if k != "img-src"} == {
        k: v for k, v in CONTENT_SECURITY_POLICY.items() if k != "img-src"
    }
    app.config["MAP_TILES_URL"] = "http://insecure.example.org/{z}/{x}/{y}.png"
    assert policy_for(app) == CONTENT_SECURITY_POLICY
