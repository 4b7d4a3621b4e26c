"""Wording rules shared by the plan drafts and the situation picture, tested once."""

from __future__ import annotations

from analysis.catalog import GroupShares, group_shares_sentence, join_words, percent, whole_percent

WORDING = GroupShares(
    both="R %(residents)s, S %(staff)s.", residents="R %(residents)s.", staff="S %(staff)s."
)


def english(message: str) -> str:
    return message


def swedish(message: str) -> str:
    return {"%(pct)s%%": "%(pct)s\u00a0%%", "%(first)s and %(last)s": "%(first)s och %(last)s"}.get(
        message, message
    )


def test_percentages_round_halves_up_in_both_documents():
    assert [whole_percent(v) for v in (0.125, 0.135, 0.5, 0.004, 0.0, 1.0)] == [13, 14, 50, 0, 0, 100]
    assert percent(0.125, english) == "13%"
    assert percent(0.46, swedish) == "46\u00a0%"
    assert percent(None, english) == "–"


def test_names_are_joined_with_and_leaving_out_empty_ones():
    assert join_words([], english) == ""
    assert join_words(["a"], english) == "a"
    assert join_words(["a", "", "b"], english) == "a and b"
    assert join_words(["narkotika", "trafik", "belysning"], swedish) == "narkotika, trafik och belysning"


def test_group_shares_name_both_groups_or_the_one_shown():
    assert group_shares_sentence(0.48, 0.43, WORDING, english) == "R 48%, S 43%."
    assert group_shares_sentence(0.48, None, WORDING, english) == "R 48%."
    assert group_shares_sentence(None, 0.43, WORDING, english) == "S 43%."
    assert group_shares_sentence(None, None, WORDING, english) == ""
    assert group_shares_sentence(0.0, None, WORDING, swedish) == "R 0\u00a0%."
