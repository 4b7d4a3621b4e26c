"""Realistic synthetic survey answers for speed benchmarks: nearly all distinct.

`bench/synthetic.py` draws from a small set of templates and fragments, so 100k answers
hold only ~52k distinct texts and the pipeline, which represents each distinct text once,
does half the work. Real answers are nearly all distinct: they vary in length (one word to
several sentences), wording, spelling, places, numbers and language. This module builds
answers from its own small grammar (clauses about a problem, a place, a time, a feeling,
a wish, an aside) with generated street and area names, numbers, typos and a share of
answers in other languages.

Written from scratch for the project: no sentence is taken from any evaluation file.
"""

from __future__ import annotations

import random

_PREFIXES = (
    "Björk Ek Gran Tall Lind Rönn Al Asp Hassel Sjö Å Berg Dal Äng Hag Mo Ljung Sol Vinter Sommar "
    "Kvarn Kyrk Skol Bruks Stations Hamn Torg Park Skogs Mosse Lill Stor Norr Söder Öster Väster "
    "Ny Gamla Hög Lång Kors Back Ros Lilje Klöver Tran Örn Falk Hjort Räv Ekorr"
).split()
_SUFFIXES = (
    "vägen gatan stigen backen torget parken gården dalen åsen hagen lunden plan vik ängen "
    "kulle berget skogen "
).split()
_LANDMARKS = (
    "stationen|busshållplatsen|pendeltågsstationen|tunnelbanan|centrum|torget|köpcentret|ICA|Coop|"
    "Willys|Lidl|Hemköp|pizzerian|gatuköket|skolan|skolgården|förskolan|gymnasiet|fritidsgården|"
    "biblioteket|vårdcentralen|simhallen|ishallen|idrottsplatsen|konstgräsplanen|lekplatsen|"
    "badplatsen|hamnen|gästhamnen|parkeringshuset|parkeringen|gångtunneln|gång- och cykelbanan|"
    "cykelbanan|elljusspåret|motionsspåret|skogsdungen|kyrkogården|återvinningsstationen|"
    "macken|bensinstationen|tågstationen|resecentrum|kommunhuset|systembolaget|apoteket|"
    "trappan vid järnvägen|bron över ån|viadukten|rondellen|övergångsstället|innergården|"
    "soprummet|tvättstugan|källaren|trapphuset|portarna|cykelrummet"
).split("|")
_AREA_NAMES = (
    "Östra kvarteren|Västerbacken|Norra industriområdet|Sjöviken|Granbacken|Tallåsen|Kyrkbyn|"
    "Centrum|Söderstaden|Gamla stan|Hamnområdet|Stationsområdet|Bruksorten|Nyby|Ängsbacka|"
    "Lillskogen|Stenhagen|Solberga|Rosendal|Brandbergen|Skogsbo|Åsbo|Heden|Mon|Strand"
).split("|")
_TIMES = (
    "på kvällarna|på kvällen|sent på kvällen|på helgerna|varje helg|på nätterna|mitt i natten|"
    "efter skolan|efter jobbet|hela tiden|på fredagar|fredag och lördag|på lördagskvällar|"
    "på sommaren|på vintern när det är mörkt|när det är mörkt|i skymningen|på morgonen|"
    "varje dag|nästan varje dag|ibland|då och då|sedan i våras|sedan förra sommaren|"
    "under sportlovet|på lunchen|när skolan slutar"
).split("|")
_PROBLEMS = {
    "narkotika": (
        "knarkförsäljning|langning av narkotika|folk som säljer droger|ungdomar som röker hasch|"
        "droghandel|narkotikahandel|kokain på fester|cannabis|hasch och gräs bland unga|"
        "pundare|sprutor på marken|langare på mopeder|knarklangare|öppen drogförsäljning"
    ),
    "trafik": (
        "bilar som kör för fort|buskörning med mopeder|epa-traktorer|fortkörning|en farlig korsning|"
        "felparkerade bilar|bilar som spinner|tung trafik genom bostadsområdet|"
        "cyklister på trottoaren|elsparkcyklar överallt|rattfylla|bussar som kör fort|"
        "inga farthinder|dålig sikt i korsningen|motorcyklar som väsnas"
    ),
    "polisnarvaro": (
        "för lite poliser|polisen syns aldrig|inga poliser på kvällarna|"
        "poliskontoret som lagts ned|lång väntan när man ringer polisen|att ingen ingriper|"
        "ingen polis som patrullerar|att polisen inte kommer när man ringer|"
        "brist på ordningsvakter|inga nattvandrare längre"
    ),
    "ordning": (
        "stökiga ungdomar|bråk och skrik|högljudda fester|gäng som hänger|fyrverkerier mot folk|"
        "oväsen på nätterna|ungdomsgäng som trakasserar|folk som kastar saker från balkongen|"
        "hundar utan koppel|tiggare vid entrén|smällare i trapphuset|raggare på parkeringen"
    ),
    "skadegorelse": (
        "klotter på väggarna|krossade rutor|skadegörelse|tags på busskuren|sönderslagna busskurar|"
        "anlagda bränder|bilbränder|förstörda lekredskap|vandalisering|sprayade väggar|"
        "uppbrutna förråd|sönderslagna gatlampor"
    ),
    "nedskrapning": (
        "skräp överallt|fimpar och burkar|nedskräpning|fulla soptunnor|pizzakartonger i parken|"
        "glassplitter på lekplatsen|hundbajs|dumpade möbler|överfulla containrar"
    ),
    "belysning": (
        "dålig belysning|trasiga gatlyktor|mörka gångvägar|buskage som skymmer|släckta lampor|"
        "ingen belysning alls|en mörk gångtunnel|en lampa som varit trasig i månader|"
        "höga häckar som ingen klipper"
    ),
    "alkohol": (
        "fylla|berusade personer|folk som dricker på bänkarna|langning av sprit|"
        "fulla ungdomar|alkoholpåverkade vuxna|hembränt|folk som super i parken|"
        "fulla människor utanför krogen"
    ),
    "inbrott_stold": (
        "inbrott|cykelstölder|stölder ur bilar|inbrott i förråden|snatteri|bostadsinbrott|"
        "stulna katalysatorer|båtmotorer som stjäls|paket som försvinner från trappan|"
        "inbrott i källarförråd|bilinbrott"
    ),
    "bedrageri": (
        "telefonbedrägerier|bluffsamtal till äldre|bedragare som ringer|falska sms|"
        "folk som utger sig för att vara från banken|bedrägerier mot pensionärer|"
        "falska hantverkare som knackar på"
    ),
    "vald": (
        "misshandel|knivar|skottlossning|gängkriminalitet|hot och våld|rån|personrån|"
        "våld i hemmet|mäns våld mot kvinnor|sprängningar|att någon blev knivhuggen|"
        "hot mot butikspersonal|slagsmål utanför krogen"
    ),
}
_FEELINGS = (
    "Jag känner mig otrygg|Jag är rädd|Jag undviker att gå där|Mina barn vågar inte gå ut|"
    "Min dotter tar omvägar|Min mamma går inte ut längre|Vi är många som är oroliga|"
    "Det känns obehagligt|Jag går alltid med nycklarna i handen|Jag har slutat cykla dit|"
    "Grannarna pratar om det hela tiden|Det har blivit sämre|Det har blivit bättre men"
).split("|")
_WISHES = (
    "Mer belysning|Fler poliser|Kameraövervakning|Fler vuxna ute|Nattvandrare|"
    "Fler aktiviteter för ungdomar|Bättre städning|Farthinder|Ordningsvakter|"
    "En fritidsgård som har öppet på kvällarna|Att kommunen klipper buskarna|"
    "Att polisen kommer när man ringer|Mer samarbete med skolan|Grannsamverkan"
).split("|")
_POSITIVE = (
    "Grannsamverkan fungerar bra|Jag känner mig trygg här|Det är lugnt och fint|"
    "Bra att ni frågar|Tack för enkäten|Fritidsgården gör ett bra jobb|"
    "Nattvandrarna gör skillnad|Det är ett bra område att bo i|Polisen har blivit bättre"
).split("|")
_ONE_WORD = (
    "Narkotika|Knark|Belysning|Trafiken|Klotter|Inbrott|Fylla|Gängen|Mörkret|Ungdomarna|"
    "Skräp|Bilarna|Mopederna|Polisen|Inget|Vet ej|Nej|Stationen|Centrum|Parken"
).split("|")
# Other languages, written for the bench: per language a few frames, problems and places.
_OTHER_LANGUAGES = {
    "en": (
        "{p} near the {place} {t}|I do not feel safe because of {p} {t}|{p} on {street}, please do something|"
        "My kids are scared of {p} near the {place}|{p}. It happened {n} times this month",
        "drug dealing|cars driving too fast|broken street lights|drunk people|gangs of teenagers|"
        "burglaries|graffiti|no police around|bike theft|loud parties",
        "at night|in the evenings|on weekends|after school|every day|",
    ),
    "fi": (
        "{p} {place} lähellä {t}|En uskalla kävellä kotiin {t}, koska {p}|{p} kadulla {street}|"
        "Liikaa {p} {t}",
        "humalaisia|huumekauppaa|ylinopeutta|rikkinäisiä katuvaloja|murtoja|nuorisojengejä|roskia",
        "illalla|yöllä|viikonloppuisin|koulun jälkeen|aina|",
    ),
    "pl": (
        "{p} koło {place} {t}|Nie czuję się bezpiecznie {t}, bo {p}|{p} na ulicy {street}|Za dużo {p} {t}",
        "pijanych ludzi|narkotyków|szybkich samochodów|zepsutych latarni|włamań|graffiti|policji za mało",
        "w nocy|wieczorem|w weekendy|po szkole|codziennie|",
    ),
    "so": (
        "Waxaa jira {p} {place} agtiisa {t}|Ma dareemo nabad {t} sababtoo ah {p}|{p} waddada {street}",
        "daroogo|baabuur si dhakhso ah u socda|dad sakhraansan|tuugo|iftiin la'aan",
        "habeenkii|fiidkii|maalin kasta|",
    ),
    "ar": (
        "{p} قرب {place} {t}|أشعر بعدم الأمان {t} بسبب {p}|{p} في شارع {street}",
        "المخدرات|السيارات السريعة|الإضاءة السيئة|السرقة|الشباب المزعجين|السكارى",
        "في الليل|في المساء|كل يوم|في عطلة نهاية الأسبوع|",
    ),
    "fa": (
        "{p} نزدیک {place} {t}|به خاطر {p} {t} احساس امنیت نمی‌کنم|{p} در خیابان {street}",
        "مواد مخدر|ماشین‌های پرسرعت|نور کم|دزدی|دعوا",
        "شب‌ها|عصرها|هر روز|آخر هفته‌ها|",
    ),
}
_OPENERS = ("", "", "", "Hej! ", "Ja, ", "Tja, ", "Ärligt talat ", "Som förälder: ", "Svar: ", "Hmm. ")
_ENDINGS = ("", "", "", "", ".", "!", "!!", "...", " :(", " 😡", " Tack.", " Gör något!", "?")
_CONNECTORS = (" och ", " samt ", ", ", " men också ", " plus ", " och även ")
_KEYBOARD = "qwertyuiopåasdfghjklöäzxcvbnm"


def _street(rng: random.Random) -> str:
    name = rng.choice(_PREFIXES) + rng.choice(_SUFFIXES)
    return f"{name} {rng.randint(1, 140)}" if rng.random() < 0.4 else name


def _place(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.45:
        return rng.choice(_LANDMARKS)
    if r < 0.8:
        return _street(rng)
    return rng.choice(_AREA_NAMES)


def _problem(rng: random.Random, area: str) -> str:
    return rng.choice(_PROBLEMS[area].split("|"))


def _number_clause(rng: random.Random) -> str:
    forms = (
        f"Det har hänt {rng.randint(2, 30)} gånger i år",
        f"Senast i {rng.choice(('januari', 'mars', 'maj', 'augusti', 'oktober', 'december'))}"
        f" {rng.choice(('2023', '2024', '2025', '2026', ''))}".rstrip(),
        f"runt kl {rng.randint(18, 23)}:{rng.choice(('00', '15', '30', '45'))}",
        f"mellan {rng.randint(20, 23)} och {rng.randint(0, 4)} på natten",
        f"Jag har bott här i {rng.randint(1, 45)} år",
        f"buss {rng.randint(1, 799)} går förbi",
        f"minst {rng.randint(3, 60)} ungdomar",
        f"hastigheten är {rng.choice((30, 40, 50, 60))} men de kör i {rng.randint(60, 120)}",
    )
    return rng.choice(forms)


def _sentence(rng: random.Random, area: str) -> str:
    p, place, time = _problem(rng, area), _place(rng), rng.choice(_TIMES)
    other = _problem(rng, rng.choice(list(_PROBLEMS)))
    forms = (
        f"{p} vid {place} {time}",
        f"Det är {p} vid {place} {time}",
        f"{rng.choice(_FEELINGS)} vid {place} {time} på grund av {p}",
        f"{rng.choice(_FEELINGS)} eftersom det är {p}",
        f"Största problemet är {p}{rng.choice(_CONNECTORS)}{other}",
        f"På {place} är det {p}",
        f"Vid {place}: {p}",
        f"Jag är orolig för {p} {time}",
        f"{p} i {rng.choice(_AREA_NAMES)}, särskilt vid {place}",
        f"{rng.choice(_WISHES)} vid {place}, det är {p} {time}",
        f"{_number_clause(rng)} och det är {p}",
        f"{p}. {_number_clause(rng)}",
        f"Mest {p}{rng.choice(_CONNECTORS)}{other} {time}",
    )
    return rng.choice(forms)


def _typos(rng: random.Random, text: str, rate: float) -> str:
    chars = list(text)
    for _ in range(len(chars) // 25 + 1):
        if rng.random() > rate or len(chars) < 6:
            continue
        i = rng.randrange(1, len(chars) - 1)
        kind = rng.random()
        if kind < 0.4:
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
        elif kind < 0.6:
            del chars[i]
        elif kind < 0.8:
            chars.insert(i, rng.choice(_KEYBOARD))
        else:
            chars[i] = {"å": "a", "ä": "a", "ö": "o"}.get(chars[i], chars[i])
    return "".join(chars)


def _other_language(rng: random.Random) -> str:
    frames, problems, times = _OTHER_LANGUAGES[rng.choice(list(_OTHER_LANGUAGES))]
    text = rng.choice(frames.split("|")).format(
        p=rng.choice(problems.split("|")),
        place=rng.choice(_LANDMARKS),
        street=_street(rng),
        t=rng.choice(times.split("|")),
        n=rng.randint(2, 30),
    )
    return _typos(rng, _capitalise(" ".join(text.split())), rate=0.2)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _answer(rng: random.Random, area: str) -> str:
    r = rng.random()
    if r < 0.02:
        word = rng.choice(_ONE_WORD)
        return rng.choice((word, word.lower(), word.upper())) + rng.choice(("", "", "!", ".", "??", "!!!"))
    if r < 0.07:
        return _other_language(rng)
    if r < 0.12:
        return (
            f"{rng.choice(_POSITIVE)}{rng.choice(_ENDINGS)} {rng.choice(_WISHES).lower()} vid {_place(rng)}"
        )
    n_sentences = rng.choice((1, 1, 1, 1, 1, 2, 2, 3, 4, 6))
    parts = []
    for i in range(n_sentences):
        s = _sentence(rng, area if i == 0 or rng.random() < 0.6 else rng.choice(list(_PROBLEMS)))
        if i and rng.random() < 0.3:
            s = rng.choice((_number_clause(rng), rng.choice(_WISHES), rng.choice(_FEELINGS)))
        parts.append(_capitalise(s) if rng.random() < 0.85 else s)
    text = rng.choice(_OPENERS) + ". ".join(parts) + rng.choice(_ENDINGS)
    if rng.random() < 0.05:
        text = text.upper() if rng.random() < 0.5 else text.lower()
    return _typos(rng, " ".join(text.split()), rate=0.35)


def generate_realistic(n: int, seed: int = 0) -> list[tuple[str, str]]:
    """Generate ``n`` (text, intended area) pairs, nearly all distinct, deterministically.

    Args:
        n: number of answers.
        seed: random seed.

    Returns:
        List of (answer text, area code of its first sentence).
    """
    rng = random.Random(seed)
    areas = list(_PROBLEMS)
    out = []
    for _ in range(n):
        area = rng.choice(areas)
        out.append((_answer(rng, area), area))
    return out


if __name__ == "__main__":
    import sys

    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rows = generate_realistic(size, seed=1)
    texts = [t for t, _ in rows]
    lengths = sorted(len(t.split()) for t in texts)
    print(
        f"{size} answers, {len(set(texts))} distinct ({len(set(texts)) / size:.1%}), "
        f"words per answer median {lengths[size // 2]}, 90th percentile {lengths[int(size * 0.9)]}, "
        f"max {lengths[-1]}, distinct words {len({w for t in texts for w in t.lower().split()})}"
    )
    for t in texts[:15]:
        print(" ", t)
