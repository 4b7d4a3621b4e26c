"""The reason for the number of clusters is stored in English and read back in any language."""

from __future__ import annotations

from analysis.reasons import FIXED, NOTHING, OVERALL, PER_AREA, UNFITTED, explain

SWEDISH = {
    PER_AREA: "%(k)d grupper inom %(areas)d områden; högst %(max_k)d",
    UNFITTED: "%(share)d %% utanför; %(reason)s",
    NOTHING: "inga grupper",
}


def _swedish(message: str) -> str:
    return SWEDISH.get(message, message)


def test_each_stored_reason_is_written_again_in_the_readers_language() -> None:
    stored = PER_AREA % {"k": 38, "areas": 12, "max_k": 40}
    assert explain(stored, _swedish) == "38 grupper inom 12 områden; högst 40"
    assert explain(NOTHING, _swedish) == "inga grupper"
    assert explain(FIXED % {"k": 5, "areas": 2}, _swedish) == FIXED % {"k": 5, "areas": 2}


def test_a_prefixed_reason_translates_both_parts() -> None:
    inner = OVERALL % {"k": 7, "max_k": 40}
    stored = UNFITTED % {"share": 64, "reason": PER_AREA % {"k": 7, "areas": 3, "max_k": 40}}
    assert stored.startswith("64% of answers fit no problem area")
    assert explain(stored, _swedish) == "64 % utanför; 7 grupper inom 3 områden; högst 40"
    assert explain(UNFITTED % {"share": 64, "reason": inner}, _swedish) == f"64 % utanför; {inner}"


def test_an_unknown_sentence_is_shown_as_it_was_stored() -> None:
    assert explain("k=3 chosen by hand", _swedish) == "k=3 chosen by hand"
    assert explain("", _swedish) == ""
