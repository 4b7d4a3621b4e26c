"""Reading an organisation's neighbourhoods from a GeoJSON FeatureCollection (standard library only)."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from analysis.geo import BBox, GeometryError, bbox_of, polygons_of

MAX_BYTES = 5 * 1024 * 1024
MAX_FEATURES = 500
MAX_NAME = 64  # the length of area names in responses and options
# Outlines are simplified on upload to at most this many points per ring: a 40,000-point
# outline took 46 s to save and made every survey page that draws it 460 KB.
MAX_RING_POINTS = 500
_FIRST_TOLERANCE = 0.00001  # degrees, about a metre
PREFERRED_NAME_PROPERTIES = ("name", "namn", "NAMN", "Name", "NAME", "omrade", "område")


class InvalidGeoJSON(ValueError):
    """The upload is not a usable FeatureCollection; `code` and `params` say why (for messages)."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code, params)
        self.code = code
        self.params = params


class NamePropertyNeeded(ValueError):
    """Several properties could hold the area names; the official picks one of `candidates`."""

    def __init__(self, candidates: Sequence[str]) -> None:
        super().__init__(", ".join(candidates))
        self.candidates = list(candidates)


@dataclass(frozen=True)
class ParsedArea:
    """One neighbourhood from the file."""

    name: str
    geometry: dict[str, Any]
    bbox: BBox


@dataclass(frozen=True)
class ParsedAreas:
    """The neighbourhoods of a file and the property their names came from."""

    areas: list[ParsedArea]
    name_property: str
    candidates: list[str] = field(default_factory=list)


def parse_areas(data: bytes, name_property: str | None = None) -> ParsedAreas:
    """Validate a GeoJSON FeatureCollection of Polygon/MultiPolygon features and read their names.

    Raises:
        InvalidGeoJSON: too large, not JSON, wrong structure, bad coordinates, missing or repeated names.
        NamePropertyNeeded: no `name_property` given and the file offers several candidates.
    """
    features = _features(data)
    candidates = name_candidates(features)
    chosen = _choose_property(candidates, name_property)
    areas, seen = [], set()
    for number, feature in enumerate(features, start=1):
        name = _name(feature, chosen, number)
        if name.casefold() in seen:
            raise InvalidGeoJSON("duplicate_name", name=name)
        seen.add(name.casefold())
        try:
            polygons = polygons_of(feature.get("geometry") or {})
        except GeometryError as exc:
            raise InvalidGeoJSON("bad_geometry", number=number, reason=str(exc)) from exc
        geometry = {"type": feature["geometry"]["type"], "coordinates": _plain(polygons, feature)}
        areas.append(ParsedArea(name, geometry, bbox_of(polygons)))
    return ParsedAreas(areas, chosen, candidates)


def _features(data: bytes) -> list[Mapping[str, Any]]:
    if len(data) > MAX_BYTES:
        raise InvalidGeoJSON("too_large", max_mb=MAX_BYTES // (1024 * 1024))
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise InvalidGeoJSON("not_json") from exc
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise InvalidGeoJSON("not_collection")
    features = document.get("features")
    if not isinstance(features, list) or not features:
        raise InvalidGeoJSON("no_features")
    if len(features) > MAX_FEATURES:
        raise InvalidGeoJSON("too_many", max=MAX_FEATURES)
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise InvalidGeoJSON("bad_feature", number=number)
        if not isinstance(feature.get("properties"), dict):
            raise InvalidGeoJSON("no_name", number=number)
    return features


def name_candidates(features: Sequence[Mapping[str, Any]]) -> list[str]:
    """Properties holding a non-empty text in every feature, preferred names first."""
    common: set[str] | None = None
    for feature in features:
        texts = {k for k, v in feature["properties"].items() if isinstance(v, str) and v.strip()}
        common = texts if common is None else common & texts
    found = sorted(common or ())
    preferred = [p for p in PREFERRED_NAME_PROPERTIES if p in found]
    return preferred + [p for p in found if p not in preferred]


def _choose_property(candidates: list[str], requested: str | None) -> str:
    if requested:
        if requested not in candidates:
            raise InvalidGeoJSON("unknown_property", name=requested)
        return requested
    if not candidates:
        raise InvalidGeoJSON("no_name", number=1)
    preferred = [c for c in candidates if c in PREFERRED_NAME_PROPERTIES]
    if len(candidates) == 1 or len(preferred) == 1:
        return preferred[0] if preferred else candidates[0]
    raise NamePropertyNeeded(candidates)


def _name(feature: Mapping[str, Any], prop: str, number: int) -> str:
    value = feature["properties"].get(prop)
    name = " ".join(value.split()) if isinstance(value, str) else ""
    if not name:
        raise InvalidGeoJSON("no_name", number=number)
    if len(name) > MAX_NAME:
        raise InvalidGeoJSON("long_name", number=number, max=MAX_NAME)
    return name


def _plain(polygons: Sequence[Any], feature: Mapping[str, Any]) -> Any:
    """Coordinates as lists of [lon, lat], altitudes dropped, simplified to MAX_RING_POINTS per
    ring, in the feature's own nesting."""
    rings = [[simplify_ring([[lon, lat] for lon, lat in ring]) for ring in polygon] for polygon in polygons]
    return rings[0] if feature["geometry"]["type"] == "Polygon" else rings


def simplify_ring(ring: list[list[float]], max_points: int = MAX_RING_POINTS) -> list[list[float]]:
    """A closed ring with at most `max_points` points (Ramer–Douglas–Peucker, growing tolerance).

    The tolerance starts at about a metre (or a 100,000th of the outline's size) and doubles
    until the ring is small enough, so an outline keeps its shape at the scale maps draw it;
    rings already small are unchanged.
    """
    if len(ring) <= max_points:
        return ring
    lons, lats = [p[0] for p in ring], [p[1] for p in ring]
    size = math.hypot(max(lons) - min(lons), max(lats) - min(lats))
    tolerance = max(_FIRST_TOLERANCE, size * 0.00001)
    simplified = ring
    while len(simplified) > max_points:
        simplified = _douglas_peucker(ring, tolerance)
        tolerance *= 2
    return simplified if len(simplified) >= 4 else ring


def _douglas_peucker(points: list[list[float]], tolerance: float) -> list[list[float]]:
    """The points of `points` that the line simplification keeps (iterative, no recursion limit)."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    # A closed ring starts and ends at one point: split it at the point farthest from there.
    far = max(range(len(points)), key=lambda i: _distance(points[i], points[0], points[0]))
    keep[far] = True
    stack = [(0, far), (far, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, -1
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > best:
                best, index = d, i
        if index >= 0 and best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def _distance(p: list[float], a: list[float], b: list[float]) -> float:
    """Distance from `p` to the segment a–b, in degrees (fine for simplifying at this scale)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    if dx == 0 and dy == 0:
        return float(((p[0] - a[0]) ** 2 + (p[1] - a[1]) ** 2) ** 0.5)
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)))
    return float(((p[0] - a[0] - t * dx) ** 2 + (p[1] - a[1] - t * dy) ** 2) ** 0.5)
