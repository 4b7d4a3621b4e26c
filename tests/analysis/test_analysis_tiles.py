"""Optional tile backgrounds: slippy-map tile numbers, zoom choice and <image> placement on the SVG."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from analysis.geo import (
    MAX_TILES,
    TILE_PX,
    MapArea,
    Tile,
    TileLayer,
    fit_projection,
    polygons_of,
    render_svg,
    tile_corner,
    tile_url,
    tile_xy,
    tile_zoom,
    tiles_covering,
)

SVG = "{http://www.w3.org/2000/svg}"
LAYER = TileLayer("https://{s}.tiles.example.org/{z}/{x}/{y}.png", "© Kartbolaget & <partners>")


@pytest.mark.parametrize(
    ("lon", "lat", "zoom", "expected"),
    [
        (0.0, 0.0, 1, (1, 1)),  # the centre of the world is the corner of the four zoom-1 tiles
        (18.0686, 59.3293, 10, (563, 301)),  # Stockholm
        (13.0038, 55.6050, 12, (2195, 1283)),  # Malmö
        (20.2253, 67.8558, 12, (2278, 984)),  # Kiruna
        (-0.1276, 51.5072, 14, (8186, 5448)),  # London, west of Greenwich
        (-180.0, 85.0511, 3, (0, 0)),
    ],
)
def test_tile_numbers_of_known_places(lon, lat, zoom, expected):
    x, y = tile_xy(lon, lat, zoom)
    assert (math.floor(x), math.floor(y)) == expected


def test_tile_numbers_agree_with_the_other_mercator_formula():
    # y = n/2 · (1 − ln(tan(π/4 + φ/2)) / π): the same projection written differently.
    for lon, lat, zoom in [(18.0686, 59.3293, 10), (20.2253, 67.8558, 15), (-70.0, -33.4, 7)]:
        n = 2**zoom
        y = n / 2 * (1 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / math.pi)
        assert tile_xy(lon, lat, zoom) == pytest.approx(((lon + 180) / 360 * n, y), rel=1e-12)


def test_tile_corners_invert_tile_numbers_and_latitude_is_clamped():
    for x, y, zoom in [(563, 301, 10), (0, 0, 0), (8186, 5448, 14)]:
        lon, lat = tile_corner(x, y, zoom)
        assert tile_xy(lon, lat, zoom) == pytest.approx((x, y), abs=1e-6)
    assert tile_corner(0, 0, 0) == pytest.approx((-180.0, 85.0511287798))
    assert tile_xy(0.0, 89.9, 2)[1] == pytest.approx(0.0, abs=1e-6)  # beyond Mercator: the top edge


def test_tiles_covering_a_box():
    inside_one = (18.05, 59.30, 18.06, 59.31)
    assert tiles_covering(inside_one, 10) == [Tile(10, 563, 301)]
    west, north = tile_corner(563, 301, 10)
    east, south = tile_corner(564, 302, 10)
    assert tiles_covering((west, south, east, north), 10) == [Tile(10, 563, 301)]  # edges add nothing
    two_by_two = (west + 0.01, south - 0.01, east + 0.01, north - 0.01)
    assert tiles_covering(two_by_two, 10) == [
        Tile(10, 563, 301),
        Tile(10, 564, 301),
        Tile(10, 563, 302),
        Tile(10, 564, 302),
    ]


def test_zoom_gives_tiles_of_about_256_pixels_and_never_too_many():
    for bbox in [(18.0, 59.0, 18.02, 59.022), (17.8, 59.2, 18.3, 59.45), (19.5, 66.5, 23.5, 68.9)]:
        projection = fit_projection(bbox)
        zoom = tile_zoom(projection, bbox)
        west, north = projection(*tile_corner(0, 0, zoom))
        east, _ = projection(*tile_corner(1, 0, zoom))
        assert TILE_PX / math.sqrt(2) <= east - west <= TILE_PX * math.sqrt(2)
        assert len(tiles_covering(bbox, zoom)) <= MAX_TILES
    bbox = (17.8, 59.2, 18.3, 59.45)
    few = tile_zoom(fit_projection(bbox), bbox, max_tiles=2)
    assert len(tiles_covering(bbox, few)) <= 2 and few < tile_zoom(fit_projection(bbox), bbox)


def test_tile_url_fills_the_template():
    assert (
        tile_url("https://t.example/{z}/{x}/{y}.png", Tile(10, 563, 301))
        == "https://t.example/10/563/301.png"
    )
    assert (
        tile_url("https://{s}.t.example/{z}/{x}/{y}{r}.png", Tile(3, 1, 1)) == "https://c.t.example/3/1/1.png"
    )


def _square(lon: float, lat: float, size: float = 0.01) -> dict:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


AREAS = [
    MapArea("Centrum", polygons_of(_square(18.0, 59.0)), "Centrum: 9"),
    MapArea("Norr", polygons_of(_square(18.0, 59.01)), "Norr: 6"),
]


def test_tiles_are_drawn_under_the_areas_and_cover_the_map():
    svg = render_svg(AREAS, title="Karta", tiles=LAYER, legend=[])
    root = ET.fromstring(svg)
    width = float(root.get("width"))
    tiles = root.find(f"{SVG}svg")
    assert tiles is not None and tiles.get("aria-hidden") == "true"
    images = list(tiles.iter(f"{SVG}image"))
    assert 1 <= len(images) <= MAX_TILES
    assert all(i.get("preserveAspectRatio") == "none" for i in images)
    assert all(i.get("href").startswith("https://") and "{" not in i.get("href") for i in images)
    boxes = [tuple(float(i.get(k)) for k in ("x", "y", "width", "height")) for i in images]
    assert all(w > 0 and h > 0 for _, _, w, h in boxes)
    # Row by row from the north-west: x grows along a row, y grows from row to row.
    rows: dict[float, list[float]] = {}
    for x, y, _, _ in boxes:
        rows.setdefault(y, []).append(x)
    assert list(rows) == sorted(rows) and all(xs == sorted(xs) for xs in rows.values())
    # Together they cover the map's canvas, and each one touches it.
    height = float(tiles.get("height"))
    assert min(x for x, *_ in boxes) <= 0 and max(x + w for x, _, w, _ in boxes) >= width
    assert min(y for _, y, *_ in boxes) <= 0 and max(y + h for _, y, _, h in boxes) >= height
    assert all(x < width and y < height and x + w > 0 and y + h > 0 for x, y, w, h in boxes)
    # The tiles come first, then semi-transparent areas over them.
    children = list(root)
    assert children.index(tiles) < children.index(root.find(f"{SVG}g[@fill-rule='evenodd']"))
    assert root.find(f"{SVG}g[@fill-rule='evenodd']").get("fill-opacity") == "0.6"


def test_attribution_is_written_on_the_map_escaped_and_only_when_set():
    svg = render_svg(AREAS, title="Karta", tiles=LAYER)
    credit = [t for t in ET.fromstring(svg).iter(f"{SVG}text") if t.get("class") == "map-attribution"]
    assert [t.text for t in credit] == ["© Kartbolaget & <partners>"]
    assert "&lt;partners&gt;" in svg
    bare = render_svg(AREAS, title="Karta", tiles=TileLayer(LAYER.url))
    assert "map-attribution" not in bare and "<image" in bare


def test_without_a_tile_layer_nothing_changes():
    svg = render_svg(AREAS, title="Karta")
    assert "<image" not in svg and 'fill-opacity="0.6"' not in svg and "map-attribution" not in svg


def test_projection_inverse_round_trips():
    projection = fit_projection((18.0, 59.0, 18.02, 59.022))
    for lon, lat in [(18.0, 59.0), (18.013, 59.017), (17.9, 59.1)]:
        assert projection.inverse(*projection(lon, lat)) == pytest.approx((lon, lat), abs=1e-9)
