"""What the answers to strength, place and other questions say, for their own sections.

These answers are grouped like problem answers but never counted as problems (see
`EffectiveAnswer.counted`); place answers are also matched to the survey's areas.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from surveys.authoring.models import QuestionPurpose
from surveys.disclosure.floor import Count, guard
from surveys.places.mentions import place_mentions
from surveys.review.state import ClusterView, EffectiveAnswer, ReviewState

# The order the sections appear in, after the problem areas.
SIDE_PURPOSES = (QuestionPurpose.STRENGTHS, QuestionPurpose.PLACES, QuestionPurpose.OTHER)


@dataclass(frozen=True)
class SideSection:
    """The clusters of one purpose, the questions they answer and (for places) the areas named."""

    purpose: QuestionPurpose
    clusters: tuple[ClusterView, ...]
    question_ids: tuple[int, ...]
    places: tuple[tuple[str, Count], ...] = ()


def side_sections(state: ReviewState, place_names: Sequence[str], min_group: int) -> list[SideSection]:
    """A section per purpose other than problems that has clusters, in `SIDE_PURPOSES` order.

    A place section lists how many respondents named each of `place_names` (the survey's
    areas), each figure under the privacy floor hidden; hidden ones last, by name, so
    their order tells nothing.
    """
    sections = []
    for purpose in SIDE_PURPOSES:
        clusters = state.side(purpose)
        if not clusters:
            continue
        questions = tuple(dict.fromkeys(q for c in clusters for q in c.question_ids))
        places: tuple[tuple[str, Count], ...] = ()
        if purpose is QuestionPurpose.PLACES:
            places = _places([m for c in clusters for m in c.members], place_names, min_group)
        sections.append(SideSection(purpose, tuple(clusters), questions, places))
    return sections


def places_named(states: Sequence[ReviewState], names: Sequence[str], min_group: int) -> dict[str, Count]:
    """Respondents whose answers to place questions name each of `names`, under the privacy floor.

    A respondent counts once per name, however many answers name it; every name is listed,
    zero included, so the figures line up with a map of the same areas.
    """
    members = [m for state in states for c in state.side(QuestionPurpose.PLACES) for m in c.members]
    counts = _respondents_naming(members, names)
    return {name: guard(counts.get(name, 0), min_group) for name in names}


def _respondents_naming(members: Sequence[EffectiveAnswer], names: Sequence[str]) -> dict[str, int]:
    by_respondent: dict[int, list[str]] = {}
    for member in members:
        by_respondent.setdefault(member.response_id, []).append(member.text_redacted)
    return dict(place_mentions((" \n ".join(t) for t in by_respondent.values()), names))


def _places(
    members: Sequence[EffectiveAnswer], names: Sequence[str], min_group: int
) -> tuple[tuple[str, Count], ...]:
    counts = _respondents_naming(members, names)
    guarded = [(name, guard(n, min_group)) for name, n in counts.items()]
    return tuple(sorted(guarded, key=lambda item: (item[1].hidden, -(item[1].value or 0), item[0])))
