"""Why an analysis has the number of clusters it has, as messages a reader's language can translate.

The pipeline stores the English sentence with the run (the CLI and logs show it as it is);
`explain` reads a stored sentence back into its message and values and writes it with any
gettext callable, so a Swedish page says it in Swedish, old runs included.
"""

from __future__ import annotations

import re
from collections.abc import Callable


def N_(message: str) -> str:  # noqa: N802 - the conventional marker name pybabel extracts
    """Mark `message` for translation without translating it."""
    return message


FIXED = N_("fixed k=%(k)d: split over %(areas)d problem areas in proportion to their size")
PER_AREA = N_(
    "k=%(k)d: chosen per problem area (%(areas)d areas) by the best silhouette on a sample, "
    "keeping a split only when it separates answers clearly; at most %(max_k)d in total"
)
OVERALL = N_(
    "k=%(k)d: chosen over all answers by the best silhouette on a sample, keeping a split only "
    "when it separates answers clearly; at most %(max_k)d in total"
)
NOTHING = N_("no clusters: every answer is empty or a non-answer")
# Prefixed to one of the above when most answers fit no problem area.
UNFITTED = N_(
    "%(share)d%% of answers fit no problem area, so all answers were clustered together; %(reason)s"
)
_MESSAGES = (FIXED, PER_AREA, OVERALL, NOTHING, UNFITTED)


def _pattern(message: str) -> re.Pattern[str]:
    escaped = re.escape(message).replace("%%", "%")
    escaped = re.sub(r"%\\\((\w+)\\\)d", r"(?P<\1>\\d+)", escaped)
    escaped = re.sub(r"%\\\((\w+)\\\)s", r"(?P<\1>.+)", escaped)
    return re.compile(f"^{escaped}$")


_PATTERNS = [(message, _pattern(message)) for message in _MESSAGES]


def explain(stored: str, gettext: Callable[[str], str]) -> str:
    """`stored` (an English reason as the pipeline wrote it) in the language of `gettext`.

    A sentence that is none of the known messages is returned unchanged.
    """
    for message, pattern in _PATTERNS:
        found = pattern.match(stored)
        if found is None:
            continue
        values: dict[str, object] = {}
        for name, raw in found.groupdict().items():
            values[name] = explain(raw, gettext) if name == "reason" else int(raw)
        return gettext(message) % values
    return stored
