"""Recording incidents one at a time and listing them for the organisations a user sees."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.redact import redact
from analysis.taxonomy import load_taxonomy

from ..errors import SurveyError
from ..models import Incident, IncidentType, Organisation, Severity, User
from ..models.incidents import DESCRIPTION_MAX

PLACE_MAX = 200


class IncidentInvalid(SurveyError):
    """The incident does not fit the rules; `errors` maps field name to a short reason code."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(", ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class IncidentInput:
    """What a reporter (or one import row) says about an incident."""

    occurred_at: dt.datetime
    area: str
    category: str
    incident_type: str
    severity: int
    description: str = ""
    place: str = ""
    latitude: float | None = None
    longitude: float | None = None


def visible_organisations(user: User) -> list[Organisation]:
    """The user's organisation and, for a police area, the municipalities it covers."""
    return [user.organisation, *user.organisation.municipalities]


def reporting_organisations(user: User) -> list[Organisation]:
    """Organisations the user can report incidents for: those with neighbourhoods."""
    return [org for org in visible_organisations(user) if org.areas]


def check(organisation: Organisation, data: IncidentInput) -> dict[str, str]:
    """Problems with `data` for `organisation`, by field (empty when it is fine)."""
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
    if data.occurred_at > dt.datetime.now() + dt.timedelta(days=1):
        errors["occurred_at"] = "in_future"
    if (data.latitude is None) != (data.longitude is None):
        errors["latitude"] = "incomplete"
    return errors


def build_incident(
    organisation: Organisation, data: IncidentInput, user: User | None, source: str
) -> Incident:
    """An unsaved Incident with the description stored raw and redacted."""
    text = data.description.strip()
    return Incident(
        organisation_id=organisation.id,
        reported_by_id=user.id if user is not None else None,
        occurred_at=data.occurred_at.replace(second=0, microsecond=0, tzinfo=None),
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
    errors = check(organisation, data)
    if errors:
        raise IncidentInvalid(errors)
    incident = build_incident(organisation, data, user, "form")
    session.add(incident)
    session.commit()
    return incident


def list_incidents(
    session: Session,
    organisation_ids: list[int],
    start: dt.date | None = None,
    end: dt.date | None = None,
    limit: int | None = None,
) -> list[Incident]:
    """Incidents of the organisations, newest first, optionally in [start, end)."""
    query = select(Incident).where(Incident.organisation_id.in_(organisation_ids))
    if start is not None:
        query = query.where(Incident.occurred_at >= dt.datetime.combine(start, dt.time()))
    if end is not None:
        query = query.where(Incident.occurred_at < dt.datetime.combine(end, dt.time()))
    query = query.order_by(Incident.occurred_at.desc(), Incident.id.desc())
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))
