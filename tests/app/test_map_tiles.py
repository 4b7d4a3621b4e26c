"""Optional map tiles: on staff maps when configured, on residents' maps only by opt-in, never fetched."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from app.config import Config, ConfigError
from app.extensions import db
from surveys.accounts.models import Role
from surveys.authoring.models import Question
from surveys.places.geojson import parse_areas
from surveys.places.service import save_area_shapes
from tests.app.helpers import sign_in
from tests.app.test_map_views import AREAS
from tests.conftest import make_app
from tests.factories import make_org, make_single_page_survey, make_user

TILES = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
TILE_HREF = r"https://[abc]\.tiles\.example\.org/\d+/\d+/\d+\.png"


@pytest.fixture
def world(app):
    org = make_org(db.session, areas=["Centrum", "Norr", "Hamnen"])
    save_area_shapes(db.session, org, parse_areas(AREAS))
    survey = make_single_page_survey(db.session, org)
    survey.questions.append(Question(key="place", type="point", position=3, page=1, text={"sv": "Var?"}))
    db.session.commit()
    return org, survey


def _tile_hrefs(html: str) -> list[str]:
    return re.findall(r'<image href="([^"]+)"', html)


def _staff_pages(client, org, survey) -> dict[str, str]:
    sign_in(client, make_user(db.session, org, Role.ADMIN))
    urls = {
        "situation": f"/admin/surveys/{survey.slug}/situation",
        "map.svg": f"/admin/surveys/{survey.slug}/map.svg",
        "outlines": "/admin/area-outlines",
        "incident form": "/admin/incidents/new",
        "periodic": "/admin/situation/periodic",
        "periodic map.svg": "/admin/situation/periodic/map.svg",
    }
    pages = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, name
        pages[name] = response.get_data(as_text=True)
    return pages


def test_without_a_tile_server_no_map_has_images_or_placeholders(client, world):
    org, survey = world
    for name, page in _staff_pages(client, org, survey).items():
        assert "<image" not in page and "tiles.example" not in page, name
        assert "Map tiles are configured" not in page and "Kartplattor" not in page, name
    public = client.get(f"/s/{survey.slug}").get_data(as_text=True)
    assert "data-point-for" in public and "<image" not in public


def test_staff_maps_draw_the_configured_tiles_with_attribution(client, app, world):
    org, survey = world
    app.config.update(MAP_TILES_URL=TILES, MAP_TILES_ATTRIBUTION="© Kartbolaget")
    pages = _staff_pages(client, org, survey)
    for name, page in pages.items():
        hrefs = _tile_hrefs(page)
        assert hrefs, name
        assert all(re.fullmatch(TILE_HREF, h) for h in hrefs), name
        assert "© Kartbolaget" in page, name
    # An <img> may not load what an SVG links to: the tiled situation maps sit in the page instead.
    for name in ("situation", "periodic"):
        assert "map.svg" not in pages[name].split('id="map"')[1].split("</figure>")[0], name
        svg = pages[name][pages[name].index("<svg", pages[name].index('id="map"')) :]
        assert 'aria-label="' in svg[:800] and "tabellen bredvid visar samma siffror" in svg[:800]
    ET.fromstring(pages["map.svg"])  # still one valid standalone SVG


def test_residents_maps_draw_tiles_only_with_the_public_opt_in(client, app, world):
    _, survey = world
    app.config.update(MAP_TILES_URL=TILES)
    page = client.get(f"/s/{survey.slug}").get_data(as_text=True)
    assert "data-point-for" in page and "<image" not in page and "tiles.example" not in page
    [url, *_] = re.findall(r'data-map-src="([^"]+)"', page)  # the map is fetched by map-select.js
    assert "tiles.example" not in client.get(url.replace("&amp;", "&")).get_data(as_text=True)
    app.config.update(MAP_TILES_PUBLIC=True)
    page = client.get(f"/s/{survey.slug}").get_data(as_text=True)
    [tiled, *_] = re.findall(r'data-map-src="([^"]+)"', page)
    assert tiled != url  # a new version: browsers holding the untiled map fetch the new one
    assert _tile_hrefs(client.get(tiled.replace("&amp;", "&")).get_data(as_text=True))


def test_a_tile_url_the_csp_would_refuse_draws_nothing(client, app, world):
    org, survey = world
    app.config.update(MAP_TILES_URL="http://tiles.example.org/{z}/{x}/{y}.png")
    for name, page in _staff_pages(client, org, survey).items():
        assert "<image" not in page, name


def test_csp_names_only_the_tile_host(monkeypatch, tmp_path):
    monkeypatch.setenv("TRYGG_MAP_TILES_URL", TILES)
    app = make_app(tmp_path)
    with app.app_context():
        try:
            policy = app.test_client().get("/admin/login").headers["Content-Security-Policy"]
        finally:
            db.session.remove()
            db.drop_all()
            db.engine.dispose()  # an undisposed pool leaks PostgreSQL connections into later tests
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["img-src"] == "'self' data: https://*.tiles.example.org"
    others = " ".join(v for k, v in directives.items() if k != "img-src")
    assert "tiles.example" not in others and "unsafe-inline" not in policy


@pytest.mark.parametrize(
    "url",
    ["http://tiles.example.org/{z}/{x}/{y}.png", "https://tiles.example.org/tiles.png", "tiles/{z}/{x}/{y}"],
)
def test_an_unusable_tile_url_stops_the_start(monkeypatch, url):
    monkeypatch.setenv("TRYGG_MAP_TILES_URL", url)
    with pytest.raises(ConfigError, match="TRYGG_MAP_TILES_URL"):
        Config()


def test_tile_settings_default_to_off(monkeypatch):
    for name in ("TRYGG_MAP_TILES_URL", "TRYGG_MAP_TILES_ATTRIBUTION", "TRYGG_MAP_TILES_PUBLIC"):
        monkeypatch.delenv(name, raising=False)
    config = Config()
    assert (config.MAP_TILES_URL, config.MAP_TILES_ATTRIBUTION, config.MAP_TILES_PUBLIC) == ("", "", False)
    monkeypatch.setenv("TRYGG_MAP_TILES_URL", TILES)
    monkeypatch.setenv("TRYGG_MAP_TILES_ATTRIBUTION", "© OpenStreetMap contributors")
    monkeypatch.setenv("TRYGG_MAP_TILES_PUBLIC", "1")
    config = Config()
    assert config.MAP_TILES_ATTRIBUTION == "© OpenStreetMap contributors" and config.MAP_TILES_PUBLIC
