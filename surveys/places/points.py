"""Answers to point questions: a place on the map, or an area and a description of the place."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from surveys.authoring.models import Question

MAX_COMMENT = 5000


def parse_point(raw: str) -> tuple[float, float] | None:
    """(lat, lon) from "lat,lon", or None when it is not a valid WGS 84 position."""
    parts = raw.split(",")
    if len(parts) != 2:
        return None
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except ValueError:
        return None
    if not (math.isfinite(lat) and math.isfinite(lon)) or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return round(lat, 6), round(lon, 6)


def as_point_value(value: Any) -> dict[str, str] | None:
    """A point answer as {"point", "area", "comment"}; a bare string is read as "lat,lon"."""
    if isinstance(value, str):
        value = {"point": value}
    if not isinstance(value, Mapping):
        return None
    cleaned = {k: str(value[k]).strip() for k in ("point", "area", "comment") if value.get(k) is not None}
    return {k: v for k, v in cleaned.items() if v}


def known_areas(question: Question) -> set[str]:
    """Areas a point answer may name: the question's options, else the organisation's areas."""
    if question.options:
        return {o.value for o in question.options}
    return set(question.survey.organisation.areas or [])


def point_problem(question: Question, value: Any) -> str | None:
    """Why `value` is not a valid answer to the point question, or None."""
    point = as_point_value(value)
    if point is None:
        return "invalid"
    if "point" in point and parse_point(point["point"]) is None:
        return "invalid"
    if "area" in point and point["area"] not in known_areas(question):
        return "invalid_choice"
    if len(point.get("comment", "")) > MAX_COMMENT:
        return "too_long"
    return None


def point_columns(value: Any, redact: Callable[[str], str]) -> dict[str, Any]:
    """The Answer column values of a valid point answer (shared with the bulk response import)."""
    point = as_point_value(value) or {}
    lat_lon = parse_point(point["point"]) if "point" in point else None
    text = ": ".join(p for p in (point.get("area"), point.get("comment")) if p) or None
    return {
        "latitude": lat_lon[0] if lat_lon else None,
        "longitude": lat_lon[1] if lat_lon else None,
        "text": text,
        "text_redacted": redact(text) if text else None,
    }


def split_point_text(text: str | None, areas: Iterable[str]) -> tuple[str | None, str | None]:
    """(area, comment) of a stored "area: comment" text, the inverse of `point_columns`.

    The area is recognised only when it is one of `areas`; a comment that merely starts
    with an area name and ": " splits the same way, which joins back to the same text.
    """
    if not text:
        return None, None
    for area in sorted(filter(None, areas), key=len, reverse=True):  # "Norra centrum" before "Norra"
        if text == area:
            return area, None
        if text.startswith(f"{area}: "):
            return area, text[len(area) + 2 :] or None
    return None, text


def format_point(latitude: float, longitude: float) -> str:
    """The place as "lat,lon" in plain decimal degrees (never 1e-05), as `parse_point` reads it."""
    return f"{_decimal(latitude)},{_decimal(longitude)}"


def _decimal(number: float) -> str:
    return f"{number:.6f}".rstrip("0").rstrip(".")
