"""Two years of partner incident reports for the demo, so the periodic pictures have data."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy.orm import Session

from surveys.accounts.models import Role, User
from surveys.accounts.passwords import create_user
from surveys.demo.places import TROUBLED_PLACES, point_in_area, point_near
from surveys.incidents.models import Incident, IncidentType
from surveys.incidents.reporting import IncidentInput, build_incident
from surveys.localtime import NonexistentTime, from_local
from surveys.localtime import today as local_today
from surveys.organisations.models import Organisation

REPORTERS = ("bostadsbolaget@norrforsa.example", "skolan@norrforsa.example", "vaktbolaget@norrforsa.example")
WEEKS = 110
# What partners see, with the problem area it belongs to and a few ways of putting it.
KINDS = (
    (
        IncidentType.VANDALISM,
        "skadegorelse",
        9,
        ("Klotter på fasaden.", "Krossad ruta i trapphuset.", "Sönderslagen busskur."),
    ),
    (
        IncidentType.YOUTH_GATHERING,
        "ordning",
        7,
        ("Större grupp ungdomar samlades sent på kvällen.", "Ungdomar samlades med mopeder, hög ljudnivå."),
    ),
    (IncidentType.DISORDER, "ordning", 5, ("Bråk utanför entrén.", "Störande beteende vid busstationen.")),
    (IncidentType.FIRE, "skadegorelse", 3, ("Brand i soptunna.", "Anlagd brand i containern.")),
    (
        IncidentType.DRUG_RELATED,
        "narkotika",
        4,
        ("Misstänkt narkotikaförsäljning vid parkeringen.", "Hittade sprutor i buskaget."),
    ),
    (IncidentType.THEFT, "inbrott_stold", 4, ("Inbrott i förråd.", "Cykelstöld vid stationen.")),
    (
        IncidentType.THREAT,
        "vald",
        2,
        ("Personal hotades av en besökare.", "Hot mot personal, ring 070-123 45 67 för mer info."),
    ),
    (IncidentType.OTHER, "belysning", 2, ("Trasig belysning gör gångtunneln mörk.",)),
)
AREA_WEIGHTS = {"Centrum": 9, "Hedåsen": 5, "Solgläntan": 6, "Strandvik": 3, "Kvarnbacken": 3, "Byarna": 1}


def add_demo_incidents(session: Session, municipality: Organisation, rng: random.Random) -> int:
    """Create partner reporter accounts and about two years of incidents; returns how many."""
    from surveys.demo.seed import DEMO_PASSWORD

    reporters = [
        create_user(session, email, DEMO_PASSWORD, Role.REPORTER, municipality) for email in REPORTERS
    ]
    today = local_today()
    areas = [a for a in AREA_WEIGHTS if a in municipality.areas]
    incidents = []
    for week in range(WEEKS):
        monday = today - dt.timedelta(days=today.weekday() + 7 * week)
        # More in the dark half of the year and a slow rise towards now, as partners often see.
        dark = 1.4 if monday.month in (10, 11, 12, 1, 2) else 1.0
        for _ in range(round(rng.gauss(6, 2) * dark * (1.2 - week / WEEKS * 0.4))):
            day = monday + dt.timedelta(days=rng.randrange(7))
            when = dt.datetime.combine(day, dt.time(rng.randrange(24)))
            if when.date() >= today:
                continue
            incidents.append(_incident(municipality, rng.choice(reporters), when, areas, rng))
    session.add_all(incidents)
    session.commit()
    return len(incidents)


def _incident(
    municipality: Organisation, reporter: User, when: dt.datetime, areas: list[str], rng: random.Random
) -> Incident:
    kind, category, _weight, texts = rng.choices(KINDS, weights=[k[2] for k in KINDS])[0]
    area = rng.choices(areas, weights=[AREA_WEIGHTS[a] for a in areas])[0]
    place_name, point = "", None
    troubled = [p for p in TROUBLED_PLACES if p.area == area]
    if troubled and rng.random() < 0.5:
        place = rng.choice(troubled)
        place_name, point = place.description, point_near(place, rng)
    elif rng.random() < 0.4:
        point = point_in_area(area, rng)
    try:
        instant = from_local(when)
    except NonexistentTime as skipped:  # 02:00 on the night summer time starts
        instant = from_local(skipped.suggestion)
    data = IncidentInput(
        occurred_at=instant,
        area=area,
        category=category,
        incident_type=kind,
        severity=rng.choices([1, 2, 3], weights=[6, 3, 1])[0],
        description=rng.choice(texts),
        place=place_name,
        latitude=point[0] if point else None,
        longitude=point[1] if point else None,
    )
    return build_incident(municipality, data, reporter, "form")
