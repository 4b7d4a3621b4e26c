"""Which answers may be quoted in a report, a pledge or on the public pledge page.

A quote is a figure of one: it may only come from a group (respondent group × area of
the round) of at least the floor, and never when the text itself points at its writer
(a role or job title with a place, a named school or institution, "min son på
X-skolan"). Such answers are left for a reviewer, never quoted automatically.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

from surveys.disclosure.floor import effective_min_group

_ROLES = (
    "fritidsledare|lärare|rektor|polis|polisen|kurator|sjuksköterska|undersköterska|socialsekreterare|"
    "fältassistent|fältare|väktare|ordningsvakt|busschaufför|chaufför|vaktmästare|förskollärare|"
    "elevassistent|skolsköterska|bibliotekarie|butiksägare|butikschef|ägare|anställd|"
    "teacher|principal|youth worker|police officer|nurse|guard"
)
# "Som fritidsledare i Strandvik", "jag jobbar som lärare på Norrskolan".
_ROLE_WITH_PLACE = re.compile(
    rf"(?i)\b(?:som|jag är|arbetar som|jobbar som|as an?|i am an?)\s+(?:{_ROLES})\b"
    rf"[^.!?]{{0,40}}?\b(?:i|på|vid|in|at)\s+\w"
)
# "min son på Norrskolan", "vår dotter på förskolan Solen".
_FAMILY_AT = re.compile(
    r"(?i)\b(?:min|mitt|mina|vår|vårt|våra|my|our)\s+(?:son|dotter|barn|flicka|pojke|man|fru|mamma|pappa|"
    r"son's|daughter|child|kids?)\s+(?:på|i|vid|at|in)\s+\w"
)
# A named institution: "Norrskolan", "X-skolan", "förskolan Solen", "fritidsgården Tegel",
# "Kvarnbackens skola".
_INSTITUTION = re.compile(
    r"\b[A-ZÅÄÖ][\wåäö]*-?(?:skolan|gymnasiet|förskolan|fritidsgården|gården|kyrkan|moskén|vårdcentralen)\b"
    r"|\b(?i:förskolan|skolan|fritidsgården|vårdcentralen)\s+[A-ZÅÄÖ]\w+"
    r"|\b[A-ZÅÄÖ][\wåäö]+s\s+(?i:skola|förskola|fritidsgård|gymnasium|vårdcentral|kyrka|moské|bibliotek)\b"
)


def self_identifying(text: str) -> bool:
    """Whether the text may point at its writer: flag it for a reviewer, never quote it as it is."""
    return bool(_ROLE_WITH_PLACE.search(text) or _FAMILY_AT.search(text) or _INSTITUTION.search(text))


class Quotable(Protocol):
    """An answer as the quote choice needs it."""

    @property
    def response_id(self) -> int: ...

    @property
    def text_redacted(self) -> str: ...

    @property
    def group(self) -> str: ...

    @property
    def area(self) -> str | None: ...


Q = TypeVar("Q", bound=Quotable)


def quotable(candidates: Iterable[Q], everyone: Sequence[Quotable], min_group: int) -> list[Q]:
    """The candidates that may be quoted.

    `everyone` is every counted answer of the round: a quote's respondent group × area
    must hold at least the floor of respondents, and its text must not identify.
    """
    floor = effective_min_group(min_group)
    sizes = Counter((a.group, a.area or "–") for a in {a.response_id: a for a in everyone}.values())
    return [
        a
        for a in candidates
        if sizes[(a.group, a.area or "–")] >= floor and not self_identifying(a.text_redacted)
    ]


def describable(shown: Iterable[Quotable], everyone: Sequence[Quotable], min_group: int) -> set[int]:
    """Response ids of shown answers whose group · area · language may be printed beside them.

    Only when that combination holds at least the floor of the round's respondents;
    otherwise the line under an answer would point at a group of one to four people.
    """
    floor = effective_min_group(min_group)
    people = {a.response_id: a for a in everyone}.values()
    sizes = Counter((a.group, a.area or "–", getattr(a, "language", "")) for a in people)
    return {
        a.response_id for a in shown if sizes[(a.group, a.area or "–", getattr(a, "language", ""))] >= floor
    }


def answer_list_shown(matching: int, in_cluster: int, filtered: bool, min_group: int) -> bool:
    """Whether a filtered answer list (and its count) may be shown to a staff member who is no reviewer.

    `matching` and `in_cluster` are respondents: those the filter keeps and all of the
    cluster's. The list is withheld when fewer than the floor match, and, under a filter,
    when fewer than the floor are left out: the unfiltered count minus the filtered one
    would isolate them.
    """
    floor = effective_min_group(min_group)
    left_out = in_cluster - matching
    return matching >= floor and not (filtered and 0 < left_out < floor)
