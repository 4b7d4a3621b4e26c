"""Which of the survey's areas and places an answer to a "where?" question names.

Residents write places as they say them: "Stationen", "vid centrumet", "ICA-parkeringen i
Norr". A name matches at the start of a word, whatever follows (Swedish adds its endings and
compounds there: "Centrum" matches "centrumet" and "Centrumgaraget"), without regard to case.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache


@lru_cache(maxsize=256)
def _pattern(name: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(name.casefold()))


def mentioned_places(text: str, names: Sequence[str]) -> tuple[str, ...]:
    """The names among `names` that `text` mentions, in the order of `names`."""
    folded = text.casefold()
    return tuple(name for name in names if name.strip() and _pattern(name.strip()).search(folded))


def place_mentions(texts: Iterable[str], names: Sequence[str]) -> Counter[str]:
    """How many of `texts` mention each name (a text counts once per name)."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(mentioned_places(text, names))
    return counts
