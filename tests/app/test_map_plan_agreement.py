"""The web's SVG map and the report's PNG map give every area the same class: one plan for both."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from analysis.geo import NEUTRAL, PALETTE
from app.map_support import choropleth_svg
from surveys.disclosure.floor import Count
from surveys.places.models import AreaShape
from surveys.places.service import shape_polygons
from surveys.reports import maps

SVG = "{http://www.w3.org/2000/svg}"


def shape(name: str, lon: float) -> AreaShape:
    ring = [[lon, 59.0], [lon + 0.01, 59.0], [lon + 0.01, 59.01], [lon, 59.01], [lon, 59.0]]
    return AreaShape(name=name, geometry={"type": "Polygon", "coordinates": [ring]}, bbox=[])


SHAPES = [
    shape(name, 18.0 + 0.01 * i) for i, name in enumerate(["Centrum", "Hamnen", "Norr", "Söder", "Väster"])
]


def svg_fills(svg: str) -> dict[str, str]:
    root = ET.fromstring(svg)
    found = {}
    for path in root.iter(f"{SVG}path"):
        title = path.find(f"{SVG}title")
        if title is not None and title.text:
            found[title.text.split(":")[0]] = path.get("fill", "")
    return found


def english(text: str) -> str:
    return text


def test_the_web_map_and_the_report_map_class_every_area_alike(app):
    counts = {"Centrum": Count(0, 5), "Hamnen": Count(30, 5), "Norr": Count(None, 5), "Söder": Count(40, 5)}
    with app.test_request_context():
        web = svg_fills(choropleth_svg(SHAPES, counts, title="Karta", what="respondents"))
    report = {
        a.name: a.fill for a in maps.plan_map(shape_polygons(SHAPES), counts, english, min_group=5).areas
    }
    assert web == report
    assert web["Centrum"] == web["Väster"] == PALETTE[0]  # zero and no figure: the class of zero
    assert web["Norr"] == NEUTRAL and web["Söder"] == PALETTE[-1]
    # The classes span the counts above zero: 30 is the lightest of them, not near 40's colour
    # as it would be were zero the bottom of the range.
    assert web["Hamnen"] == PALETTE[1]


def test_the_web_legend_lists_the_report_legend_classes(app):
    counts = {"Centrum": Count(0, 5), "Hamnen": Count(7, 5), "Norr": Count(30, 5)}
    with app.test_request_context():
        svg = choropleth_svg(SHAPES, counts, title="Karta", what="respondents")
    texts = [t.text for t in ET.fromstring(svg).iter(f"{SVG}text") if t.text]
    labels = [e.label for e in maps.plan_map(shape_polygons(SHAPES), counts, english, min_group=5).legend]
    assert labels[0] == "0" and all(label in texts for label in labels)
