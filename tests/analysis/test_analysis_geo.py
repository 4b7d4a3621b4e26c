"""The product's own maps: geometry checks, projection, SVG paths, choropleth classes."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from analysis.geo import (
    NEUTRAL,
    PALETTE,
    GeometryError,
    LegendEntry,
    MapArea,
    MapCircle,
    bbox_of,
    class_breaks,
    fill_for,
    fit_projection,
    label_point,
    message_svg,
    path_data,
    point_in_polygons,
    polygons_of,
    render_svg,
)

SVG = "{http://www.w3.org/2000/svg}"


def square(lon: float, lat: float, size: float = 0.01) -> dict:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def test_polygons_of_reads_polygon_and_multipolygon():
    one = polygons_of(square(18.0, 59.0))
    assert len(one) == 1 and one[0][0][0] == (18.0, 59.0)
    parts = [square(18, 59)["coordinates"], square(18.1, 59)["coordinates"]]
    multi = {"type": "MultiPolygon", "coordinates": parts}
    assert len(polygons_of(multi)) == 2


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Point", "coordinates": [18, 59]},
        {"type": "Polygon", "coordinates": [[[18, 59], [18.1, 59], [18, 59]]]},  # too few positions
        {"type": "Polygon", "coordinates": [[[18, 99], [18.1, 59], [18.1, 59.1], [18, 99]]]},  # latitude
        {"type": "Polygon", "coordinates": [[[200, 59], [18.1, 59], [18.1, 59.1], [200, 59]]]},
        {"type": "Polygon", "coordinates": [[["18", 59], [18.1, 59], [18.1, 59.1], ["18", 59]]]},
        {"type": "Polygon", "coordinates": [[[True, 59], [18.1, 59], [18.1, 59.1], [True, 59]]]},
        {"type": "Polygon", "coordinates": "nope"},
        {"type": "MultiPolygon", "coordinates": []},
        {},
    ],
)
def test_bad_geometries_are_refused(geometry):
    with pytest.raises(GeometryError):
        polygons_of(geometry)


def test_bbox_and_point_in_polygon_respect_holes():
    outer = [[18.0, 59.0], [18.1, 59.0], [18.1, 59.1], [18.0, 59.1], [18.0, 59.0]]
    hole = [[18.04, 59.04], [18.06, 59.04], [18.06, 59.06], [18.04, 59.06], [18.04, 59.04]]
    polygons = polygons_of({"type": "Polygon", "coordinates": [outer, hole]})
    assert bbox_of(polygons) == (18.0, 59.0, 18.1, 59.1)
    assert point_in_polygons((18.02, 59.02), polygons)
    assert not point_in_polygons((18.05, 59.05), polygons)
    assert not point_in_polygons((18.2, 59.05), polygons)


def test_projection_scales_longitude_by_cos_latitude_and_flips_y():
    projection = fit_projection((18.0, 59.0, 18.2, 59.1), width=400, padding=0)
    x0, y0 = projection(18.0, 59.1)
    x1, y1 = projection(18.2, 59.0)
    assert (x0, y0) == pytest.approx((0, 0))
    assert x1 == pytest.approx(400)
    expected_height = 400 * 0.1 / (0.2 * math.cos(math.radians(59.05)))
    assert y1 == pytest.approx(expected_height)
    assert projection.height == pytest.approx(expected_height, abs=0.1)


def test_path_data_closes_every_ring():
    projection = fit_projection((18.0, 59.0, 18.01, 59.01), width=100, padding=0)
    data = path_data(polygons_of(square(18.0, 59.0)), projection)
    assert data.startswith("M") and data.endswith("Z") and data.count("M") == 1


def test_label_point_is_the_centroid():
    lon, lat = label_point(polygons_of(square(18.0, 59.0, 0.02)))
    assert (lon, lat) == pytest.approx((18.01, 59.01))


def test_class_breaks_and_fills():
    assert class_breaks([]) == (0,)
    assert class_breaks([7, 7]) == (7,)
    breaks = class_breaks([0, 10, 50, 100])
    assert breaks[-1] == 100 and list(breaks) == sorted(breaks) and len(breaks) <= len(PALETTE)
    assert fill_for(None, breaks) == NEUTRAL
    assert fill_for(0, breaks) == PALETTE[0]
    assert fill_for(100, breaks) == PALETTE[-1]


def test_render_svg_is_valid_xml_with_titles_links_legend_and_escaping():
    areas = [
        MapArea(
            "Centrum",
            polygons_of(square(18.0, 59.0)),
            "Centrum: 12",
            href="#q_1",
            attributes={"data-value": "Centrum"},
        ),
        MapArea("<Norr>", polygons_of(square(18.01, 59.0)), "Norr & co: fewer than 5", fill=NEUTRAL),
    ]
    svg = render_svg(
        areas,
        title="Karta",
        circles=[MapCircle(18.005, 59.005, 150, "Hot spot: 5")],
        legend=[LegendEntry(NEUTRAL, "fewer than 5")],
    )
    root = ET.fromstring(svg)
    # Areas that are links keep their role for assistive technology: the map is a group, not a picture.
    assert root.tag == f"{SVG}svg" and root.get("role") == "group" and root.get("aria-label") == "Karta"
    assert root.find(f"{SVG}title").text == "Karta"
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert "Centrum: 12" in titles and "Norr & co: fewer than 5" in titles and "Hot spot: 5" in titles
    links = list(root.iter(f"{SVG}a"))
    assert len(links) == 1 and links[0].get("href") == "#q_1" and links[0].get("data-value") == "Centrum"
    assert len(list(root.iter(f"{SVG}circle"))) == 1
    assert "<Norr>" not in svg and "&lt;Norr&gt;" in svg
    assert "style=" not in svg and "<script" not in svg
    assert len(root.get("data-projection").split()) == 5


def test_a_map_without_links_is_one_picture():
    svg = render_svg([MapArea("A", polygons_of(square(18.0, 59.0)), "A: 3")], title="Karta", labels=False)
    assert ET.fromstring(svg).get("role") == "img" and "<text" not in svg


def test_render_svg_needs_areas_and_placeholder_is_valid():
    with pytest.raises(GeometryError):
        render_svg([], title="x")
    assert ET.fromstring(message_svg("Inga <områden>")).find(f"{SVG}title").text == "Inga <områden>"
