"""Recording incidents one at a time and listing them for the organisations a user sees."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.periods import shift_years
from analysis.redact import redact
from analysis.taxonomy import load_taxonomy
from surveys.accounts.models import User
from surveys.audit.log import record
from surveys.database.base import utcnow
from surveys.database.transactions import transactional
from surveys.errors import SurveyError
from surveys.incidents.models import DESCRIPTION_MAX, Incident, IncidentType, Severity
from surveys.localtime import day_start
from surveys.organisations.models import Organisation
from surveys.places.lookup import AreaLookup
from surveys.places.service import area_shapes, shape_polygons

PLACE_MAX = 200
# How long after sending a report its reporter may still correct it; later corrections go
# through an analyst, so that figures already used in a periodic picture stay as they were.
CORRECTION_WINDOW = dt.timedelta(hours=48)


class IncidentInvalid(SurveyError):
    """The incident does not fit the rules; `errors` maps field name to a short reason code."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(", ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class IncidentInput:
    """What a reporter (or one import row) says about an incident.

    `occurred_at` is an instant (aware): the web form and the import turn the local time people
    give into one with `surveys.localtime.from_local`.
    """

    occurred_at: dt.datetime
    area: str
    category: str
    incident_type: str
    severity: int
    description: str = ""
    place: str = ""
    latitude: float | None = None
    longitude: float | None = None


def load_outlines(session: Session, organisation_id: int) -> AreaLookup:
    """The organisation's outlines (empty when none were uploaded)."""
    return AreaLookup.of(shape_polygons(area_shapes(session, organisation_id)))


def valid_position(latitude: float, longitude: float) -> bool:
    """Whether (latitude, longitude) is a finite WGS 84 position."""
    return (
        math.isfinite(latitude)
        and math.isfinite(longitude)
        and -90 <= latitude <= 90
        and -180 <= longitude <= 180
    )


def visible_organisations(user: User) -> list[Organisation]:
    """The user's organisation and, for a police area, the municipalities it covers."""
    return [user.organisation, *user.organisation.municipalities]


def reporting_organisations(user: User) -> list[Organisation]:
    """Organisations the user can report incidents for: those with neighbourhoods."""
    return [org for org in visible_organisations(user) if org.areas]


def check(
    organisation: Organisation, data: IncidentInput, outlines: AreaLookup | None = None
) -> dict[str, str]:
    """Problems with `data` for `organisation`, by field (empty when it is fine).

    With `outlines`, a marked place inside another area's outline than the chosen area is
    refused ("area": "point_elsewhere"): contradictory data would be counted in one area
    and drawn in another. A place outside every outline is accepted.
    """
    errors: dict[str, str] = {}
    if data.area not in organisation.areas:
        errors["area"] = "invalid_choice"
    if data.category not in load_taxonomy().codes:
        errors["category"] = "invalid_choice"
    if data.incident_type not in {t.value for t in IncidentType}:
        errors["incident_type"] = "invalid_choice"
    if data.severity not in {s.value for s in Severity}:
        errors["severity"] = "invalid_choice"
    if len(data.description) > DESCRIPTION_MAX:
        errors["description"] = "too_long"
    if len(data.place) > PLACE_MAX:
        errors["place"] = "too_long"
    if data.occurred_at.tzinfo is None:
        raise ValueError("IncidentInput.occurred_at must be an instant (aware), not wall-clock time")
    if data.occurred_at > dt.datetime.now(dt.UTC) + dt.timedelta(days=1):
        errors["occurred_at"] = "in_future"
    if (data.latitude is None) != (data.longitude is None):
        errors["latitude"] = "incomplete"
    elif data.latitude is not None and data.longitude is not None:
        if not valid_position(data.latitude, data.longitude):
            errors["latitude"] = "out_of_range"
        elif outlines and "area" not in errors:
            marked = outlines.area_at(data.latitude, data.longitude)
            if marked is not None and marked != data.area:
                errors["area"] = "point_elsewhere"
    return errors


def build_incident(
    organisation: Organisation, data: IncidentInput, user: User | None, source: str
) -> Incident:
    """An unsaved Incident with the description stored raw and redacted."""
    text = data.description.strip()
    return Incident(
        organisation_id=organisation.id,
        reported_by_id=user.id if user is not None else None,
        occurred_at=data.occurred_at.astimezone(dt.UTC).replace(second=0, microsecond=0),
        area=data.area,
        place=redact(data.place.strip()).text,
        latitude=data.latitude,
        longitude=data.longitude,
        category=data.category,
        incident_type=data.incident_type,
        severity=data.severity,
        description_raw=text,
        description=redact(text).text,
        source=source,
    )


def report_incident(
    session: Session, organisation: Organisation, user: User, data: IncidentInput
) -> Incident:
    """Store one reported incident and commit.

    Raises:
        IncidentInvalid: with the failing fields; nothing is stored.
    """
    outlines = load_outlines(session, organisation.id) if data.latitude is not None else None
    errors = check(organisation, data, outlines)
    if errors:
        raise IncidentInvalid(errors)
    incident = build_incident(organisation, data, user, "form")
    session.add(incident)
    session.commit()
    return incident


class CorrectionClosed(SurveyError):
    """The report is not the user's own, or its correction window has passed."""


def correctable_until(incident: Incident, user: User) -> dt.datetime | None:
    """Until when (UTC) `user` may correct `incident`; None when never (another's report)."""
    if incident.reported_by_id != user.id or incident.source != "form":
        return None
    return incident.created_at + CORRECTION_WINDOW


def can_correct(incident: Incident, user: User, now: dt.datetime | None = None) -> bool:
    """Whether `user` reported `incident` through the form and its window is still open."""
    until = correctable_until(incident, user)
    return until is not None and (now or utcnow()) <= until


@transactional
def correct_incident(
    session: Session, incident: Incident, user: User, data: IncidentInput, now: dt.datetime | None = None
) -> Incident:
    """Replace what `user` reported in `incident` with `data`, audit it and commit.

    Raises:
        CorrectionClosed: not the user's own report, or reported more than CORRECTION_WINDOW ago.
        IncidentInvalid: with the failing fields; nothing is changed.
    """
    if not can_correct(incident, user, now):
        raise CorrectionClosed(f"incident {incident.id} can no longer be corrected by {user.id}")
    organisation = session.get(Organisation, incident.organisation_id)
    assert organisation is not None  # the foreign key cascades
    outlines = load_outlines(session, organisation.id) if data.latitude is not None else None
    errors = check(organisation, data, outlines)
    if errors:
        raise IncidentInvalid(errors)
    fresh = build_incident(organisation, data, user, incident.source)
    for name in (
        "occurred_at",
        "area",
        "place",
        "latitude",
        "longitude",
        "category",
        "incident_type",
        "severity",
        "description_raw",
        "description",
    ):
        setattr(incident, name, getattr(fresh, name))
    record(
        session,
        "incident_corrected",
        user=user,
        organisation_id=organisation.id,
        target=str(incident.id),
        commit=False,
    )
    session.commit()
    return incident


def survey_window(
    opens_on: dt.date | None, closes_on: dt.date | None, today: dt.date
) -> tuple[dt.date, dt.date]:
    """The days [start, end) whose incidents belong beside a survey's answers.

    The survey's own period when it has one; an open end runs to today; with no period at
    all (or only a closing day), from the same calendar day a year before the closing day
    or today (a year back, not 365 days, so a leap day does not shift it).
    """
    last = closes_on or today
    start = opens_on or shift_years(last, -1)
    end = last + dt.timedelta(days=1)
    return (start, end) if start < end else (last, end)


def list_incidents(
    session: Session,
    organisation_ids: list[int],
    start: dt.date | None = None,
    end: dt.date | None = None,
    limit: int | None = None,
) -> list[Incident]:
    """Incidents of the organisations, newest first, optionally on the local days [start, end).

    Days are the installation's local ones (`surveys.localtime`): an incident at 23:30 UTC on
    31 March belongs to 1 April in Sweden, and so to April's picture.
    """
    query = select(Incident).where(Incident.organisation_id.in_(organisation_ids))
    if start is not None:
        query = query.where(Incident.occurred_at >= day_start(start))
    if end is not None:
        query = query.where(Incident.occurred_at < day_start(end))
    query = query.order_by(Incident.occurred_at.desc(), Incident.id.desc())
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def reports_by(session: Session, user_id: int, limit: int | None = None) -> list[Incident]:
    """The incidents `user_id` reported through the form, newest report first."""
    query = (
        select(Incident)
        .where(Incident.reported_by_id == user_id)
        .order_by(Incident.created_at.desc(), Incident.id.desc())
    )
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))
