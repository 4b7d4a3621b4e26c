"""Synthetic Swedish survey answers for speed benchmarks (templates × fragments × places).

Written from scratch for the project — not derived from any evaluation file.
"""

from __future__ import annotations

import random

PLACES = [
    "torget",
    "stationen",
    "centrum",
    "hamnen",
    "skolan",
    "parken",
    "badplatsen",
    "idrottsplatsen",
    "köpcentret",
    "busshållplatsen",
    "gångtunneln",
    "lekplatsen",
    "Östra kvarteren",
    "Västerbacken",
    "Norra industriområdet",
    "Sjöviken",
    "Granbacken",
    "Tallåsen",
    "Kyrkbyn",
    "Bruksgatan",
    "Storgatan",
    "Järnvägsgatan",
    "Åvägen",
    "resecentrum",
    "vårdcentralen",
    "biblioteket",
    "fritidsgården",
    "gymnasiet",
]
TIMES = [
    "på kvällarna",
    "på helgerna",
    "på nätterna",
    "efter skolan",
    "hela tiden",
    "på fredagar",
    "på sommaren",
    "när det är mörkt",
    "",
    "varje dag",
]
FRAGMENTS = {
    "narkotika": [
        "knarkförsäljning",
        "langning av narkotika",
        "folk som säljer droger",
        "ungdomar som röker hasch",
        "tjack och gräs",
        "pundare med sprutor",
    ],
    "trafik": [
        "bilar som kör för fort",
        "buskörning med mopeder",
        "epa-traktorer som väsnas",
        "fortkörning",
        "farlig korsning",
        "felparkerade bilar",
        "raggare som spinner",
    ],
    "polisnarvaro": [
        "för lite poliser",
        "polisen syns aldrig",
        "vi vill ha fler poliser",
        "ingen polis på plats",
        "mer synlig polis",
        "poliskontoret är stängt",
    ],
    "ordning": [
        "stökiga ungdomar",
        "bråk och skrik",
        "högljudda fester",
        "gäng som hänger",
        "fyrverkerier mot folk",
        "oväsen",
    ],
    "skadegorelse": [
        "klotter på väggarna",
        "krossade rutor",
        "skadegörelse",
        "tags överallt",
        "sönderslagna busskurar",
        "anlagda bränder",
    ],
    "nedskrapning": ["skräp överallt", "fimpar och burkar", "nedskräpning", "fulla soptunnor"],
    "belysning": [
        "dålig belysning",
        "trasiga gatlyktor",
        "mörkt och otäckt",
        "buskage som skymmer",
        "släckta lampor",
        "ingen belysning",
    ],
    "alkohol": ["fylla", "berusade personer", "folk som dricker", "langning av sprit", "fulla ungdomar"],
    "inbrott_stold": ["inbrott", "cykelstölder", "stölder ur bilar", "inbrott i förråden", "snatteri"],
    "bedrageri": ["telefonbedrägerier", "bluffsamtal till äldre", "bedragare som ringer", "falska sms"],
    "vald": ["misshandel", "knivar", "skottlossning", "gängkriminalitet", "hot och våld", "rån"],
    "ovrigt": ["bra jobb", "inget särskilt problem", "tack för enkäten", "fler aktiviteter"],
}
TEMPLATES = [
    "{f} vid {p} {t}",
    "Det är {f} vid {p} {t}.",
    "{F}!",
    "Jag är orolig för {f} {t}",
    "{F} i {p}, gör något!",
    "Mest {f} och {g} {t}",
    "{F}",
    "Vid {p}: {f}.",
    "Jag känner mig otrygg vid {p} {t} på grund av {f}",
    "vet ej",
    "{F} och {g} vid {p}",
]


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 6 or rng.random() > 0.2:
        return text
    i = rng.randrange(1, len(text) - 1)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def generate(n: int, seed: int = 0) -> list[tuple[str, str]]:
    """Generate ``n`` (text, area) pairs deterministically.

    Args:
        n: number of answers.
        seed: random seed.

    Returns:
        List of (answer text, intended area code).
    """
    rng = random.Random(seed)
    areas = list(FRAGMENTS)
    out = []
    for _ in range(n):
        area = rng.choice(areas)
        f = rng.choice(FRAGMENTS[area])
        g = rng.choice(FRAGMENTS[rng.choice(areas)])
        text = rng.choice(TEMPLATES).format(
            f=f, F=f.capitalize(), g=g, p=rng.choice(PLACES), t=rng.choice(TIMES)
        )
        out.append((_typo(rng, " ".join(text.split())), area))
    return out
