"""Forms of the incident pages: the quick mobile report, list imports and the period assessment."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateField,
    Field,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from surveys.incidents.models import DESCRIPTION_MAX, IncidentType, Severity
from surveys.incidents.periodic import ASSESSMENT_MAX
from surveys.incidents.reporting import PLACE_MAX
from surveys.localtime import NonexistentTime, from_local, is_ambiguous_here, now_local
from surveys.places.lookup import AreaLookup
from surveys.places.points import parse_point

TYPE_LABELS = {
    IncidentType.FIRE: _l("Fire"),
    IncidentType.VANDALISM: _l("Vandalism"),
    IncidentType.THREAT: _l("Threat"),
    IncidentType.DRUG_RELATED: _l("Drug-related"),
    IncidentType.YOUTH_GATHERING: _l("Gathering of young people"),
    IncidentType.DISORDER: _l("Disorder"),
    IncidentType.THEFT: _l("Theft"),
    IncidentType.OTHER: _l("Other"),
}
SEVERITY_LABELS = {
    Severity.MINOR: _l("Minor"),
    Severity.SERIOUS: _l("Serious"),
    Severity.VERY_SERIOUS: _l("Very serious"),
}


class IncidentForm(FlaskForm):
    """When, where, what and how serious: a form to fill in on a phone in a minute."""

    # Entered and shown in the installation's local time (Europe/Stockholm unless configured),
    # whatever the server's clock is set to; stored as an instant (see `instant`).
    occurred_on = DateField(_l("Date"), default=lambda: now_local().date(), validators=[InputRequired()])
    occurred_at = TimeField(_l("Time"), default=lambda: now_local().time(), validators=[InputRequired()])
    area = SelectField(_l("Area"), validators=[DataRequired()])
    place = StringField(
        _l("Place"),
        description=_l("For example a street, a school yard or a shop. Optional."),
        validators=[Optional(), Length(max=PLACE_MAX)],
    )
    category = SelectField(_l("Problem area"), validators=[DataRequired()])
    incident_type = SelectField(_l("What happened"), validators=[DataRequired()])
    severity = RadioField(_l("How serious"), coerce=int, validators=[InputRequired()])
    description = TextAreaField(
        _l("Short description"),
        description=_l("Do not write names or other details about individuals. At most 1000 characters."),
        validators=[Optional(), Length(max=DESCRIPTION_MAX)],
    )
    # "lat,lon" set by map-select.js when the reporter taps the map; empty without JavaScript.
    point = HiddenField(_l("Place on the map"))

    def __init__(
        self,
        areas: list[str],
        categories: list[tuple[str, str]],
        outlines: AreaLookup | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)
        self.outlines = outlines or AreaLookup()
        self.area.choices = [("", _l("Choose an area")), *[(a, a) for a in areas]]
        self.category.choices = [("", _l("Choose a problem area")), *categories]
        types = [(t.value, label) for t, label in TYPE_LABELS.items()]
        self.incident_type.choices = [("", _l("Choose a type")), *types]
        self.severity.choices = [(s.value, lbl) for s, lbl in SEVERITY_LABELS.items()]

    def wall_time(self) -> dt.datetime | None:
        """The local date and time entered, or None while either is missing or unreadable."""
        day, time = self.occurred_on.data, self.occurred_at.data
        return dt.datetime.combine(day, time) if day is not None and time is not None else None

    def instant(self) -> dt.datetime:
        """When it happened, as an instant (UTC); call only once the form has validated.

        A time the clocks showed twice (the night summer time ends) is its first occurrence;
        `twice_shown` tells the view so, to say so to the reporter.
        """
        wall = self.wall_time()
        assert wall is not None  # validated: both fields are required
        return from_local(wall)

    def twice_shown(self) -> bool:
        """Whether the time entered happened twice (fall back), and was taken as the first."""
        wall = self.wall_time()
        return wall is not None and is_ambiguous_here(wall)

    def validate_occurred_at(self, field: Field) -> None:
        """A time the clocks skipped (the night summer time begins) is refused, not guessed at."""
        wall = self.wall_time()
        if wall is None:
            return
        try:
            from_local(wall)
        except NonexistentTime as exc:
            raise ValidationError(
                _(
                    "The clock never showed %(time)s on %(date)s: it was put forward that night, "
                    "when summer time began. Enter the time the clock showed, for example %(suggestion)s.",
                    time=wall.strftime("%H:%M"),
                    date=format_date(wall.date(), format="long"),
                    suggestion=exc.suggestion.strftime("%H:%M"),
                )
            ) from exc

    def position(self) -> tuple[float, float] | None:
        """(latitude, longitude) of the marked place, or None when nothing (readable) is marked."""
        raw = (self.point.data or "").strip()
        return parse_point(raw) if raw else None

    def validate_point(self, field: Field) -> None:
        """A marked place must be a readable WGS 84 "lat,lon"."""
        if (field.data or "").strip() and self.position() is None:
            raise ValidationError(
                _("The marked place could not be read. Tap the map again or remove the mark.")
            )

    def validate(self, extra_validators: Any = None) -> bool:
        """The fields' own checks, then: a marked place must not lie in another area than the chosen one."""
        valid = super().validate(extra_validators)
        position = self.position()
        if position is None or not self.outlines or self.area.errors:
            return valid
        marked = self.outlines.area_at(*position)
        if marked is not None and self.area.data and marked != self.area.data:
            # Counted in one area and drawn in another would contradict itself: ask, do not guess.
            self.area.errors = [
                *self.area.errors,
                _(
                    "The place you marked on the map lies in %(marked)s, not in %(chosen)s. "
                    "Check the area, or mark the place again.",
                    marked=marked,
                    chosen=self.area.data,
                ),
            ]
            return False
        return valid


class IncidentImportForm(FlaskForm):
    """A CSV/XLSX list of incidents."""

    file = FileField(_l("Incident list (CSV or Excel)"), validators=[FileRequired()])


class AssessmentForm(FlaskForm):
    """The coordinator's assessment of one period."""

    kind = HiddenField(validators=[DataRequired()])
    period = HiddenField(validators=[DataRequired()])
    text = TextAreaField(
        _l("Assessment"),
        description=_l("What stands out this period, and what should be done. Do not name individuals."),
        validators=[Optional(), Length(max=ASSESSMENT_MAX)],
    )
