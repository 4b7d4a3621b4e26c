"""The form field of a point question: a place on the map, or an area and a description."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wtforms import Field
from wtforms.validators import StopValidation, ValidationError

from surveys.authoring.models import Question
from surveys.places.points import MAX_COMMENT, as_point_value, known_areas, parse_point

PARTS = ("point", "area", "comment")


class PointField(Field):
    """Three inputs under one name: `<name>` (hidden "lat,lon", set by map-select.js),
    `<name>-area` (a list of areas) and `<name>-comment` (free text); works without JavaScript."""

    def __init__(
        self, label: str, *, question: Question, required: bool, texts: Callable[..., str], **kwargs: Any
    ) -> None:
        super().__init__(label, **kwargs)
        self.texts = texts  # the survey's texts in the resident's language (errors)
        self.areas = sorted(known_areas(question))
        self.required = required
        self.flags.required = required

    def process(self, formdata: Any, data: Any = None, extra_filters: Any = None) -> None:
        """Read the three inputs (or a stored draft value)."""
        self.process_errors: list[Any] = []
        if formdata is not None and any(self.part_name(p) in formdata for p in PARTS):
            raw = {p: formdata.get(self.part_name(p), "") for p in PARTS}
            self.raw_data = [v for v in raw.values() if v]
            self.data = as_point_value(raw) or None
        else:
            self.raw_data = []
            self.data = as_point_value(data) if data not in (None, "") else None
        self.object_data = self.data

    def part_name(self, part: str) -> str:
        """The input name of one part."""
        return self.name if part == "point" else f"{self.name}-{part}"

    def value_of(self, part: str) -> str:
        """The current value of one part, for re-rendering."""
        return (self.data or {}).get(part, "")

    def pre_validate(self, form: Any) -> None:
        """Required-ness, a well-formed point, a known area, a comment of allowed length."""
        value = self.data or {}
        if not value:
            if self.required:
                raise StopValidation(self.texts("please_answer"))
            return
        if "point" in value and parse_point(value["point"]) is None:
            raise ValidationError(self.texts("point_unreadable"))
        if "area" in value and value["area"] not in self.areas:
            raise ValidationError(self.texts("choose_area"))
        if len(value.get("comment", "")) > MAX_COMMENT:
            raise ValidationError(self.texts("keep_under", max=MAX_COMMENT))
