"""Small synthetic answers shared by the analysis tests (written for the tests)."""

import random

import pytest

TOPICS = {
    "narkotika": [
        "Knarkförsäljning vid skolan",
        "Langning av hasch i parken",
        "Folk som säljer droger på torget",
        "Pundare vid stationen",
        "Narkotikahandel i trappuppgången",
        "Ungdomar som röker gräs",
    ],
    "trafik": [
        "Bilar som kör för fort på Storgatan",
        "Buskörning med mopeder",
        "Fortkörning vid förskolan",
        "Epa-traktorer som spinner på parkeringen",
        "Farlig korsning för cyklister",
        "Fartdårar på landsvägen",
    ],
    "belysning": [
        "Trasiga gatlyktor vid gångvägen",
        "Mörkt i gångtunneln",
        "Dålig belysning vid busshållplatsen",
        "Buskarna skymmer sikten i parken",
        "Släckta lampor på cykelvägen",
        "Kolmörkt på stigen",
    ],
    "bedrageri": [
        "Telefonbedrägerier mot äldre",
        "Bluffsamtal från falska banken",
        "Bedragare lurade min pappa",
        "Falska sms med länkar",
        "Nätbedrägerier och phishing",
        "Lurad på bankid",
    ],
}


def make_answers(n_per_topic: int = 12, seed: int = 0) -> list[tuple[str, str]]:
    """Return (text, area) pairs: topic phrases with small variations."""
    rng = random.Random(seed)
    tails = ["", " på kvällarna", " hela tiden", "!", " vid centrum", " varje helg"]
    out = []
    for area, phrases in TOPICS.items():
        for i in range(n_per_topic):
            out.append((phrases[i % len(phrases)] + rng.choice(tails), area))
    rng.shuffle(out)
    return out


@pytest.fixture
def labelled() -> list[tuple[str, str]]:
    return make_answers()


@pytest.fixture
def answer_factory():  # type: ignore[no-untyped-def]
    """The make_answers function, for tests that need other sizes or seeds."""
    return make_answers
