"""Recall and false positives of `analysis.redact` per kind, on sentences written for this bench.

Each positive sentence holds one piece of personal data of a known kind; it counts as
caught when the right tag appears and the raw value is gone. Each negative sentence
holds none (dates, times, amounts, bus lines, ordinary capitalised words); any tag in it
is a false positive. Run from the repository root:

    .venv/bin/python bench/redaction.py
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.redact import TAG_EMAIL, TAG_NAME, TAG_PHONE, TAG_PNR, luhn_ok, redact  # noqa: E402


def _pnr(nine: str) -> str:
    return next(nine + d for d in "0123456789" if luhn_ok(nine + d))


def _personnummer() -> list[tuple[str, str]]:
    found = []
    for nine in ("811218987", "640823323", "920101123", "750615456", "030303030"):
        ten = _pnr(nine)
        d, r = ten[:6], ten[6:]
        century = "19" if int(d[:2]) > 30 else "20"
        for fmt in (
            "{d}-{r}",
            "{d}{r}",
            "{c}{d}-{r}",
            "{c}{d}{r}",
            "{d} {r}",
            "{d}\u2013{r}",
            "{c}{d} - {r}",
            "{d}.{r}",
            "{p} {r}",
        ):
            pairs = f"{d[:2]} {d[2:4]} {d[4:]}"
            raw = fmt.format(d=d, r=r, c=century, p=pairs)
            found.append((f"Mitt nummer är {raw} om ni undrar.", raw))
        wrong = ten[:9] + str((int(ten[9]) + 1) % 10)
        found.append((f"Mitt personnummer är {wrong[:6]}-{wrong[6:]}.", f"{wrong[:6]}-{wrong[6:]}"))
    return found


PHONES = [
    "070-123 45 67",
    "0701234567",
    "+46 70 123 45 67",
    "+46701234567",
    "0046 70 123 45 67",
    "08-123 456 78",
    "0920-123 45",
    "(070) 123 45 67",
    "070.123.45.67",
    "070 123 45 67",
    "+47 912 34 567",
    "+964 750 123 4567",
    "+252 61 555 1234",
    "+358 40 123 4567",
    "+44 20 7946 0958",
    "073-987 65 43",
    "031-12 34 56",
    "(08) 123 456 78",
    "072 555 12 12",
    "+46 (0)70 123 45 67",
]
EMAILS = [
    "anna.berg@example.se",
    "kalle+test@kommun.se",
    "x_y@foo.co.uk",
    "anna(at)example.se",
    "per[at]exempel.se",
    "Mohamed.Ali@mail.com",
    "info@förening.se",
    "a.b.c@d.e.f.se",
]
NAMES = [
    "Anna Andersson",
    "Lars Lindqvist",
    "Mohammed Ali",
    "Aino Virtanen",
    "Karin Berg-Holmström",
    "Fatima Hassan",
    "Ahmed Abdi",
    "Erik Johansson",
    "Maria Nilsson",
    "Hodan Warsame",
    "anna andersson",
    "erik johansson",
    "Jussi Korhonen",
    "Leila Karimi",
    "Olle Svensson",
]
ADDRESSES = ["Storgatan 12", "Parkvägen 3B", "Skolgatan 7 lgh 1102", "Björkstigen 14", "Kungsgatan 44"]
NEGATIVES = [
    "Det hände 2023 vid 20-tiden",
    "ring 112",
    "Buss 42 går kl 17",
    "Vi ses 05-12-2023 på mötet",
    "Öppet 0700-0900 och 1600-1800",
    "kl 07.30-09.00",
    "2023-12-05 var det mörkt",
    "Det kostade 1 500 kr",
    "Vi var 120 personer och 35 barn",
    "Polisen Centrum borde synas",
    "Maria Torget är mörkt",
    "Stora Torget",
    "Systembolaget Centrum",
    "Anna sa nej",
    "Linje 4 och 15 är försenade",
    "Hastigheten är 30 km/h men många kör 50-60",
    "Vecka 12-14 var lugnare",
    "År 2021 och 2022 ökade det",
    "Mellan 22.00 och 02.00 är det stökigt",
    "Paragraf 3 kap 5 §",
    "Det är 0,5 procent fler",
    "Ring 1177 om du är sjuk",
    "Postnummer 951 31 Luleå",
    "Rum 1102 på skolan",
    "Match 2-1 i går",
]


def _caught(sentence: str, raw: str, tag: str) -> bool:
    text = redact(sentence).text
    return tag in text and raw not in text


def main() -> None:
    rows = []
    pnr = _personnummer()
    rows.append(("personnummer", sum(_caught(s, raw, TAG_PNR) for s, raw in pnr), len(pnr)))
    for kind, values, tag, frame in (
        ("phone", PHONES, TAG_PHONE, "Ring mig på {v} ikväll."),
        ("e-mail", EMAILS, TAG_EMAIL, "Skriv till {v} om det."),
        ("name", NAMES, TAG_NAME, "Prata med {v} om saken."),
        ("address", ADDRESSES, "[adress]", "Det är stökigt vid {v} varje kväll."),
    ):
        rows.append((kind, sum(_caught(frame.format(v=v), v, tag) for v in values), len(values)))
    false = Counter()
    for sentence in NEGATIVES:
        for tag in (TAG_PNR, TAG_PHONE, TAG_EMAIL, TAG_NAME):
            if tag in redact(sentence).text:
                false[tag] += 1
                print("false positive:", sentence, "->", redact(sentence).text)
    print("| kind | caught | recall |")
    print("|---|---|---|")
    for kind, hit, total in rows:
        print(f"| {kind} | {hit}/{total} | {hit / total:.0%} |")
    print(f"\nFalse positives on {len(NEGATIVES)} sentences without personal data: {sum(false.values())}")
    for tag, n in sorted(false.items()):
        print(f"- {tag}: {n}")


if __name__ == "__main__":
    main()
