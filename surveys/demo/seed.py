"""`trygg demo`: a fictional municipality with two open surveys and answers."""

from __future__ import annotations

import datetime as dt
import random
import secrets
from typing import Any

from sqlalchemy.orm import Session

from surveys.accounts.models import Role
from surveys.accounts.passwords import create_user
from surveys.answering.models import Channel
from surveys.answering.submission import submit_response
from surveys.authoring.creation import create_from_template
from surveys.authoring.models import QuestionType, Survey, SurveyStatus
from surveys.demo.generator import generate_answer
from surveys.demo.incidents import add_demo_incidents
from surveys.demo.places import add_demo_outlines, add_point_question, point_value
from surveys.localtime import today as local_today
from surveys.organisations.models import Organisation, OrganisationKind

DEMO_ADMIN_EMAIL = "admin@norrforsa.example"
DEMO_PASSWORD = "demo-norrforsa-2026"
DEMO_AREAS = ["Centrum", "Strandvik", "Hedåsen", "Kvarnbacken", "Solgläntan", "Byarna"]
FINNISH_AGE = {
    "under_16": "Alle 16 vuotta",
    "16_24": "16–24 vuotta",
    "25_44": "25–44 vuotta",
    "45_64": "45–64 vuotta",
    "65_79": "65–79 vuotta",
    "80_plus": "80 vuotta tai vanhempi",
    "no_answer": "En halua vastata",
}
AGE_WEIGHTS = {
    "under_16": 4,
    "16_24": 10,
    "25_44": 30,
    "45_64": 30,
    "65_79": 18,
    "80_plus": 5,
    "no_answer": 3,
}


def create_demo(session: Session, seed: int = 2026, residents: int = 320, staff: int = 90) -> Organisation:
    """Create the demo municipality (with outlines), police area, accounts, surveys, answers, incidents."""
    rng = random.Random(seed)
    municipality = Organisation(
        slug="norrforsa",
        name="Norrforsa kommun",
        kind=OrganisationKind.MUNICIPALITY,
        areas=DEMO_AREAS,
        # What the privacy notice and accessibility statement show (fictional demo details).
        public_info={
            "controller": "Norrforsa kommun, kommunstyrelsen",
            "contact_email": "kommun@norrforsa.example",
            "contact_phone": "0123-45 00 00",
            "dpo_contact": "dataskyddsombud@norrforsa.example",
            "legal_basis": "Uppgift av allmänt intresse (artikel 6.1 e i dataskyddsförordningen): "
            "kommunens och polisens brottsförebyggande arbete.",
            "accessibility_contact": "tillganglighet@norrforsa.example",
        },
    )
    police = Organisation(
        slug="lpo-norrforsa", name="Lokalpolisområde Norrforsa", kind=OrganisationKind.POLICE_AREA
    )
    police.municipalities.append(municipality)
    session.add_all([municipality, police])
    session.commit()
    add_demo_outlines(session, municipality)
    create_user(session, DEMO_ADMIN_EMAIL, DEMO_PASSWORD, Role.ADMIN, municipality)
    create_user(session, "analytiker@norrforsa.example", DEMO_PASSWORD, Role.ANALYST, municipality)
    create_user(session, "kommunpolis@norrforsa.example", DEMO_PASSWORD, Role.POLICE, police)
    create_user(session, "styrgrupp@norrforsa.example", DEMO_PASSWORD, Role.STEERING_GROUP, municipality)

    today = local_today()
    previous = create_from_template(
        session,
        municipality,
        "citizen_dialogue",
        slug="trygghet-norrforsa-2025",
        round_label="2025",
        series="medborgardialog-norrforsa",
        status=SurveyStatus.CLOSED,
        opens_on=dt.date(today.year - 1, 3, 1),
        closes_on=dt.date(today.year - 1, 4, 30),
    )
    citizen = create_from_template(
        session,
        municipality,
        "citizen_dialogue",
        slug="trygghet-norrforsa",
        round_label=str(today.year),
        series="medborgardialog-norrforsa",
        status=SurveyStatus.OPEN,
        languages=("sv", "en", "fi"),
        opens_on=today - dt.timedelta(days=30),
        closes_on=today + dt.timedelta(days=60),
    )
    _add_finnish_texts(citizen)
    add_point_question(citizen)
    staff_survey = create_from_template(
        session,
        municipality,
        "staff_dialogue",
        slug="medarbetare-norrforsa",
        round_label=str(today.year),
        series="medarbetardialog-norrforsa",
        status=SurveyStatus.OPEN,
        opens_on=today - dt.timedelta(days=30),
        closes_on=today + dt.timedelta(days=60),
    )
    session.commit()
    _answer(session, previous, rng, residents // 2, staff=False)
    _answer(session, citizen, rng, residents, staff=False)
    _answer(session, staff_survey, rng, staff, staff=True)
    add_demo_incidents(session, municipality, rng)
    return municipality


def _answer(session: Session, survey: Survey, rng: random.Random, count: int, staff: bool) -> None:
    for _ in range(count):
        values: dict[int, Any] = {}
        for question in survey.questions:
            value = _value_for(question, rng, staff)
            if value is not None:
                values[question.id] = value
        channel = Channel.PAPER if rng.random() < 0.12 else Channel.WEB
        language = "en" if rng.random() < 0.05 else "sv"
        submit_response(
            session,
            survey,
            values,
            submission_token=secrets.token_urlsafe(16),
            language=language,
            channel=channel,
            enforce_open=False,
            today=_answer_date(survey, rng),
        )


def _value_for(question: Any, rng: random.Random, staff: bool) -> Any:
    qtype = question.question_type
    if qtype is QuestionType.FREE_TEXT:
        chance = 1.0 if question.required else (0.45 if question.key != "comments" else 0.15)
        return generate_answer(rng, staff=staff).text if rng.random() < chance else None
    if qtype is QuestionType.POINT:
        return point_value(DEMO_AREAS, rng)
    if qtype is QuestionType.SCALE:
        night = question.key.endswith("night")
        weights = [8, 18, 26, 30, 18] if night else [3, 7, 18, 37, 35]
        return rng.choices([1, 2, 3, 4, 5], weights=weights)[0] if rng.random() < 0.92 else None
    values = [o.value for o in question.options]
    if not values or rng.random() < 0.07:
        return None
    weights = [AGE_WEIGHTS.get(v, 10) for v in values]
    return rng.choices(values, weights=weights)[0]


def _answer_date(survey: Survey, rng: random.Random) -> dt.date:
    start = survey.opens_on or local_today()
    end = min(survey.closes_on or local_today(), local_today())
    span = max((end - start).days, 0)
    return start + dt.timedelta(days=rng.randint(0, span))


def _add_finnish_texts(survey: Survey) -> None:
    """A Finnish version of the survey's title and questions (Finnish is an official minority language)."""
    finnish = {
        "priorities": (
            "Mitä ongelmia poliisin ja kunnan pitäisi priorisoida, jotta asuinalueesi olisi turvallisempi?"
        ),
        "unsafe_places": "Onko paikkoja, joissa tunnet olosi turvattomaksi? Missä ja miksi?",
        "safety_day": "Kuinka turvalliseksi tunnet olosi liikkuessasi alueellasi päivällä?",
        "safety_night": "Kuinka turvalliseksi tunnet olosi liikkuessasi alueellasi illalla, kun on pimeää?",
        "area": "Millä alueella asut?",
        "age_band": "Kuinka vanha olet?",
        "comments": "Haluatko kertoa poliisille ja kunnalle vielä jotain muuta?",
    }
    survey.title = {**survey.title, "fi": "Kerro meille turvallisuudesta asuinalueellasi"}
    survey.intro = {
        **survey.intro,
        "fi": (
            "Poliisi ja kunta haluavat tietää, mikä on mielestäsi tärkeintä rikollisuuden "
            "vähentämiseksi ja turvallisuuden lisäämiseksi. Vastaat nimettömästi."
        ),
    }
    finnish_help = {
        "priorities": "Voit mainita enintään kolme asiaa. Älä kirjoita nimiä tai muita henkilötietoja.",
        "unsafe_places": "Kuvaile paikka niin, että löydämme sen, esimerkiksi katu, puisto tai pysäkki.",
        "area": "Valitse alue, joka sopii parhaiten.",
    }
    for question in survey.questions:
        if question.key in finnish:
            question.text = {**question.text, "fi": finnish[question.key]}
        if question.help and question.key in finnish_help:
            question.help = {**question.help, "fi": finnish_help[question.key]}
        if question.key == "age_band":
            for option in question.options:
                option.label = {**option.label, "fi": FINNISH_AGE.get(option.value, option.label["sv"])}
        if question.key.startswith("safety"):
            question.scale_min_label = {**question.scale_min_label, "fi": "Erittäin turvaton"}
            question.scale_max_label = {**question.scale_max_label, "fi": "Erittäin turvallinen"}
