"""Priority score arithmetic."""

from __future__ import annotations

import pytest

from analysis.prioritise import AreaEvidence, normalise_weights, part_values, rank_areas


def test_parts_are_scaled_and_weighted_and_add_up():
    evidence = [
        AreaEvidence(
            "narkotika",
            share=0.4,
            share_residents=0.4,
            share_staff=0.2,
            severity=0.75,
            previous_share=0.3,
            indicator_change=0.25,
        ),
        AreaEvidence("trafik", share=0.2, share_residents=0.2, share_staff=0.2),
    ]
    values = part_values(evidence[0], max_share=0.4)
    assert values == pytest.approx(
        {"share": 1.0, "severity": 0.75, "trend": 0.75, "agreement": 0.5, "indicator": 0.75}
    )
    weights = {"share": 2, "severity": 1, "trend": 1, "agreement": 0, "indicator": 0}
    ranked = rank_areas(evidence, weights)
    top = ranked[0]
    assert top.theme == "narkotika"
    assert top.parts == pytest.approx(
        {"share": 0.5, "severity": 0.1875, "trend": 0.1875, "agreement": 0.0, "indicator": 0.0}
    )
    assert top.score == pytest.approx(sum(top.parts.values()))
    # trafik: share 0.5 → 0.25, severity unknown → 0.5 → 0.125, no earlier round → 0.5 → 0.125
    assert ranked[1].score == pytest.approx(0.5)


def test_weights_are_normalised_and_never_negative():
    assert sum(normalise_weights({"share": 3, "trend": 1}).values()) == pytest.approx(1.0)
    assert normalise_weights({"share": -5, "trend": 1})["share"] == 0.0
    assert normalise_weights({"share": 0}) == normalise_weights(None)


def test_override_moves_an_area_and_keeps_the_reason():
    evidence = [AreaEvidence(code, share=s) for code, s in [("a", 0.5), ("b", 0.4), ("c", 0.3), ("d", 0.1)]]
    ranked = rank_areas(evidence, overrides={"d": (1, "Police statistics show a sharp rise")})
    assert [p.theme for p in ranked] == ["d", "a", "b", "c"]
    assert ranked[0].override_reason and ranked[0].computed_rank == 4
    unexplained = rank_areas(evidence, overrides={"d": (1, "  ")})
    assert [p.theme for p in unexplained] == ["a", "b", "c", "d"]


def test_trend_is_centred_and_clipped():
    rising = part_values(AreaEvidence("x", share=0.5, previous_share=0.0), 0.5)
    falling = part_values(AreaEvidence("x", share=0.1, previous_share=0.5), 0.5)
    assert rising["trend"] == 1.0 and falling["trend"] == 0.0
