"""Generate varied, realistic demo answers from the phrase material."""

from __future__ import annotations

import random
from dataclasses import dataclass

from surveys.demo import phrases


@dataclass(frozen=True)
class DemoAnswer:
    """A generated free-text answer with the concern it was generated from."""

    text: str
    concern: str
    language: str = "sv"


# Relative weights: what residents raise most in a typical northern town.
RESIDENT_WEIGHTS = {
    "narkotika": 16,
    "trafik": 16,
    "polisnarvaro": 14,
    "ordning": 9,
    "skadegorelse": 8,
    "belysning": 9,
    "alkohol": 6,
    "inbrott_stold": 7,
    "bedrageri": 5,
    "vald": 6,
    "nedskrapning": 4,
}


def _fill(template: str, rng: random.Random) -> str:
    text = template.format(place=rng.choice(phrases.PLACES), time=rng.choice(phrases.TIMES))
    return " ".join(text.split())


def _frame(concern_text: str, rng: random.Random) -> str:
    frame = rng.choice(phrases.FRAMES)
    lower = concern_text[0].lower() + concern_text[1:]
    return frame.format(c=concern_text, c_lower=lower)


def _roughen(text: str, rng: random.Random) -> str:
    """Casual writing: sometimes all lower case, sometimes a dropped letter."""
    roll = rng.random()
    if roll < 0.15:
        text = text.lower()
    elif roll < 0.22 and len(text) > 12:
        cut = rng.randrange(3, len(text) - 3)
        if text[cut].isalpha():
            text = text[:cut] + text[cut + 1 :]
    return text


def generate_answer(rng: random.Random, staff: bool = False) -> DemoAnswer:
    """One answer to a priorities or unsafe-places question."""
    roll = rng.random()
    if roll < 0.04:
        return DemoAnswer(rng.choice(phrases.NON_ANSWERS), "non_answer")
    if roll < 0.07:
        return DemoAnswer(rng.choice(phrases.ENGLISH_ANSWERS), "other_language", "en")
    if roll < 0.09:
        return DemoAnswer(rng.choice(phrases.FINNISH_ANSWERS), "other_language", "fi")
    if roll < 0.1:
        return DemoAnswer(rng.choice(phrases.WITH_PERSONAL_DATA), "personal_data")
    if roll < 0.14:
        return DemoAnswer(rng.choice(phrases.NEW_TOPICS), "new_topic")
    pool = phrases.STAFF_CONCERNS if staff and rng.random() < 0.6 else phrases.CONCERNS
    concerns = list(pool)
    weights = [RESIDENT_WEIGHTS.get(c, 5) for c in concerns]
    concern = rng.choices(concerns, weights=weights)[0]
    text = _frame(_fill(rng.choice(pool[concern]), rng), rng)
    if rng.random() < 0.18:
        other = rng.choice(list(phrases.CONCERNS))
        text = f"{text} Och {_fill(rng.choice(phrases.CONCERNS[other]), rng).lower()}."
    return DemoAnswer(_roughen(text, rng), concern)
