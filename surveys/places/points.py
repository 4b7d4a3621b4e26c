"""Answers to point questions: a place on the map, or an area and a description of the place."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from ..models import Answer
from ..models.survey import Question

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


def point_answer(question: Question, value: Any, redact: Callable[[str], str]) -> Answer:
    """The stored answer: latitude/longitude, and "area: comment" as (redacted) text."""
    point = as_point_value(value) or {}
    lat_lon = parse_point(point["point"]) if "point" in point else None
    text = ": ".join(p for p in (point.get("area"), point.get("comment")) if p) or None
    return Answer(
        question=question,
        latitude=lat_lon[0] if lat_lon else None,
        longitude=lat_lon[1] if lat_lon else None,
        text=text,
        text_redacted=redact(text) if text else None,
    )
