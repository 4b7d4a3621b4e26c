"""The demo municipality's geography: neighbourhood outlines, a few troubled places, marked points.

Norrforsa is fictional. Its neighbourhoods are drawn around a made-up centre in
Norrbotten: Centrum in the middle, four neighbourhoods as sectors around it and the
villages (Byarna) as small separate patches, so every map feature has something to show.
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass

from sqlalchemy.orm import Session

from surveys.authoring.models import Question, QuestionType, Survey
from surveys.organisations.models import Organisation
from surveys.places.geojson import parse_areas
from surveys.places.service import save_area_shapes

CENTRE = (65.948, 22.351)  # (lat, lon), fictional
KM_PER_DEGREE_LAT = 111.2
CENTRUM_RADIUS_KM = 0.8
OUTER_RADIUS_KM = 2.6
# Sector neighbourhoods: name, start and end bearing in degrees (counter-clockwise from east).
SECTORS = (
    ("Strandvik", -45.0, 45.0),
    ("Hedåsen", 45.0, 135.0),
    ("Kvarnbacken", 135.0, 225.0),
    ("Solgläntan", 225.0, 315.0),
)
VILLAGES = ((5.2, 60.0, 0.7), (5.8, 200.0, 0.9), (4.8, 290.0, 0.6))  # distance km, bearing, radius km


@dataclass(frozen=True)
class TroubledPlace:
    """A place where the demo's incidents and residents' marks gather into a hot spot."""

    area: str
    east_km: float
    north_km: float
    description: str


TROUBLED_PLACES = (
    TroubledPlace("Centrum", 0.15, -0.10, "Busstationen"),
    TroubledPlace("Hedåsen", 0.30, 1.60, "Skolgården vid Hedåsskolan"),
    TroubledPlace("Solgläntan", -0.20, -1.70, "Parkeringen vid köpcentret"),
)


def _to_lat_lon(east_km: float, north_km: float) -> tuple[float, float]:
    lat = CENTRE[0] + north_km / KM_PER_DEGREE_LAT
    lon = CENTRE[1] + east_km / (KM_PER_DEGREE_LAT * math.cos(math.radians(CENTRE[0])))
    return round(lat, 6), round(lon, 6)


def _polar(radius_km: float, bearing: float, east: float = 0.0, north: float = 0.0) -> list[float]:
    angle = math.radians(bearing)
    lat, lon = _to_lat_lon(east + radius_km * math.cos(angle), north + radius_km * math.sin(angle))
    return [lon, lat]


def _wobble(bearing: float) -> float:
    """A deterministic ragged edge, so the outer boundary does not look drawn with compasses."""
    return 1 + 0.08 * math.sin(math.radians(bearing) * 5) + 0.05 * math.cos(math.radians(bearing) * 3)


def _ring(points: list[list[float]]) -> list[list[float]]:
    return [*points, points[0]]


def demo_outlines() -> dict[str, object]:
    """The neighbourhoods as a GeoJSON FeatureCollection (WGS 84), as an organisation would upload it."""
    features = [_feature("Centrum", [_ring([_polar(CENTRUM_RADIUS_KM, b) for b in range(0, 360, 15)])])]
    for name, start, end in SECTORS:
        steps = [start + (end - start) * k / 12 for k in range(13)]
        outer = [_polar(OUTER_RADIUS_KM * _wobble(b), b) for b in steps]
        inner = [_polar(CENTRUM_RADIUS_KM, b) for b in reversed(steps)]
        features.append(_feature(name, [_ring(outer + inner)]))
    villages = []
    for distance, bearing, radius in VILLAGES:
        angle = math.radians(bearing)
        east, north = distance * math.cos(angle), distance * math.sin(angle)
        villages.append([_ring([_polar(radius * _wobble(b), b, east, north) for b in range(0, 360, 30)])])
    features.append(
        {
            "type": "Feature",
            "properties": {"namn": "Byarna"},
            "geometry": {"type": "MultiPolygon", "coordinates": villages},
        }
    )
    return {"type": "FeatureCollection", "features": features}


def _feature(name: str, rings: list[list[list[float]]]) -> dict[str, object]:
    geometry = {"type": "Polygon", "coordinates": rings}
    return {"type": "Feature", "properties": {"namn": name}, "geometry": geometry}


def add_demo_outlines(session: Session, municipality: Organisation) -> None:
    """Store the demo outlines the way an upload on the area outline page does."""
    parsed = parse_areas(json.dumps(demo_outlines()).encode("utf-8"), "namn")
    save_area_shapes(session, municipality, parsed)


def point_near(place: TroubledPlace, rng: random.Random, spread_km: float = 0.08) -> tuple[float, float]:
    """A (lat, lon) within about `spread_km` of a troubled place."""
    return _to_lat_lon(place.east_km + rng.gauss(0, spread_km), place.north_km + rng.gauss(0, spread_km))


def point_in_area(area: str, rng: random.Random) -> tuple[float, float] | None:
    """A random (lat, lon) inside a sector neighbourhood or Centrum; None for the villages."""
    if area == "Centrum":
        radius, bearing = CENTRUM_RADIUS_KM * math.sqrt(rng.random()) * 0.9, rng.uniform(0, 360)
        return _to_lat_lon(radius * math.cos(math.radians(bearing)), radius * math.sin(math.radians(bearing)))
    for name, start, end in SECTORS:
        if name == area:
            bearing = rng.uniform(start + 3, end - 3)
            radius = rng.uniform(CENTRUM_RADIUS_KM * 1.1, OUTER_RADIUS_KM * 0.85)
            angle = math.radians(bearing)
            return _to_lat_lon(radius * math.cos(angle), radius * math.sin(angle))
    return None


def add_point_question(survey: Survey) -> Question:
    """ "Mark a place where you feel unsafe", on the first page after the open questions."""
    first_page = [q for q in survey.questions if q.page == 1]
    question = Question(
        key="unsafe_point",
        type=QuestionType.POINT,
        page=1,
        position=max((q.position for q in first_page), default=0) + 1,
        required=False,
        text={
            "sv": "Markera gärna på kartan en plats där du känner dig otrygg.",
            "en": "If you like, mark a place on the map where you feel unsafe.",
            "fi": "Merkitse halutessasi kartalle paikka, jossa tunnet olosi turvattomaksi.",
        },
        help={
            "sv": "Du kan också välja område och beskriva platsen med egna ord.",
            "en": "You can also choose an area and describe the place in your own words.",
            "fi": "Voit myös valita alueen ja kuvata paikan omin sanoin.",
        },
    )
    survey.questions.append(question)
    return question


def point_value(areas: list[str], rng: random.Random) -> dict[str, str] | None:
    """A resident's answer to the point question: mostly near a troubled place, sometimes elsewhere."""
    roll = rng.random()
    if roll < 0.55:
        return None
    if roll < 0.85:
        place = rng.choice(TROUBLED_PLACES)
        lat, lon = point_near(place, rng)
        return {"point": f"{lat},{lon}", "area": place.area}
    area = rng.choice(areas)
    spot = point_in_area(area, rng)
    if spot is None:
        return {"area": area, "comment": "Vägen mellan byn och centrum, den är mörk."}
    return {"point": f"{spot[0]},{spot[1]}", "area": area}
