"""The Answer rows one validated answer becomes, as plain column values.

Pure: no session, no ORM objects, so a bulk insert of 100,000 imported responses stays
cheap. Rows are shaped exactly as the web form stores them (`services.answering`):
free text raw plus a redacted copy, a scale as a number, one row per chosen option, a
point as latitude/longitude plus "area: comment" text (`places.points.point_columns`,
which the web form uses too).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from surveys.authoring.models import Question, QuestionType
from surveys.places.points import point_columns

# Every row carries every column: a bulk insert needs the same keys in each row.
EMPTY_ANSWER: dict[str, Any] = {
    "option_id": None,
    "number": None,
    "text": None,
    "text_redacted": None,
    "latitude": None,
    "longitude": None,
}


def answer_columns(question: Question, value: Any, redact: Callable[[str], str]) -> list[dict[str, Any]]:
    """Column values (without response_id/question_id) of the answer rows for `value`.

    `value` must already be valid for `question` (see `services.answering.validate_answers`);
    `redact` masks personal data in free text.
    """
    qtype = question.question_type
    if qtype is QuestionType.FREE_TEXT:
        text = str(value)
        return [EMPTY_ANSWER | {"text": text, "text_redacted": redact(text)}]
    if qtype is QuestionType.POINT:
        return [EMPTY_ANSWER | point_columns(value, redact)]
    if qtype is QuestionType.SCALE:
        return [EMPTY_ANSWER | {"number": int(value)}]
    chosen = [value] if isinstance(value, str) else list(value or [])
    ids = {o.value: o.id for o in question.options}
    return [EMPTY_ANSWER | {"option_id": ids[v]} for v in chosen]
