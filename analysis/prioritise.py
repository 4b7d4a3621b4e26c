"""Priority scores of problem areas: transparent parts, adjustable weights, human overrides.

Pure arithmetic on plain numbers, so it can be checked by hand and shown part by
part to the officials who set the weights.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

PART_NAMES = ("share", "severity", "trend", "agreement", "indicator")
DEFAULT_WEIGHTS: Mapping[str, float] = {
    "share": 0.45,
    "severity": 0.2,
    "trend": 0.15,
    "agreement": 0.1,
    "indicator": 0.1,
}


@dataclass(frozen=True)
class AreaEvidence:
    """What the data says about one problem area in one round.

    Shares are fractions of respondents (0–1). `severity` is 0–1 (None when no
    scale question speaks to the area). `previous_share` is None without an
    earlier round; `indicator_change` is a relative change (0.2 = +20 %) or None.
    """

    theme: str
    share: float
    share_residents: float | None = None
    share_staff: float | None = None
    severity: float | None = None
    previous_share: float | None = None
    indicator_change: float | None = None
    respondents: int = 0


@dataclass(frozen=True)
class Priority:
    """A ranked area with each weighted part of its score."""

    theme: str
    rank: int
    score: float
    parts: Mapping[str, float] = field(default_factory=dict)
    computed_rank: int = 0
    override_reason: str = ""


def part_values(evidence: AreaEvidence, max_share: float) -> dict[str, float]:
    """Each part scaled to 0–1 before weighting.

    Args:
        evidence: the area's figures.
        max_share: the largest share of any area, so the most raised area scores 1.

    Returns:
        share, severity, trend, agreement and indicator parts, each 0–1.
    """
    share = evidence.share / max_share if max_share > 0 else 0.0
    trend = 0.5
    if evidence.previous_share is not None:
        # ±20 percentage points spans the whole 0–1 range; unchanged is the middle.
        trend = _clip(0.5 + (evidence.share - evidence.previous_share) / 0.4)
    agreement = 0.0
    residents, staff = evidence.share_residents, evidence.share_staff
    if residents is not None and staff is not None and max(residents, staff) > 0:
        agreement = min(residents, staff) / max(residents, staff)
    indicator = 0.5 if evidence.indicator_change is None else _clip(0.5 + evidence.indicator_change)
    severity = 0.5 if evidence.severity is None else _clip(evidence.severity)
    return {
        "share": share,
        "severity": severity,
        "trend": trend,
        "agreement": agreement,
        "indicator": indicator,
    }


def normalise_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    """Weights for every part, non-negative and summing to 1 (defaults when all are zero)."""
    merged = {name: max(0.0, float((weights or DEFAULT_WEIGHTS).get(name, 0.0))) for name in PART_NAMES}
    total = sum(merged.values())
    if total <= 0:
        return dict(DEFAULT_WEIGHTS)
    return {name: value / total for name, value in merged.items()}


def rank_areas(
    evidence: Sequence[AreaEvidence],
    weights: Mapping[str, float] | None = None,
    overrides: Mapping[str, tuple[int, str]] | None = None,
) -> list[Priority]:
    """Score and rank problem areas.

    Args:
        evidence: one entry per area.
        weights: weight per part name; normalised to sum to 1.
        overrides: theme → (rank, written reason) set by officials; the area is placed
            at that rank and the others keep their computed order around it.

    Returns:
        Priorities by final rank; `parts` hold the weighted contributions, which add up
        to `score`.
    """
    w = normalise_weights(weights)
    max_share = max((e.share for e in evidence), default=0.0)
    scored = []
    for item in evidence:
        values = part_values(item, max_share)
        parts = {name: round(w[name] * values[name], 4) for name in PART_NAMES}
        scored.append((item.theme, round(sum(parts.values()), 4), parts))
    scored.sort(key=lambda row: (-row[1], row[0]))
    ranked = [
        Priority(theme, i + 1, score, parts, computed_rank=i + 1)
        for i, (theme, score, parts) in enumerate(scored)
    ]
    return _apply_overrides(ranked, overrides or {})


def _apply_overrides(ranked: list[Priority], overrides: Mapping[str, tuple[int, str]]) -> list[Priority]:
    fixed = {theme: (rank, reason) for theme, (rank, reason) in overrides.items() if reason.strip()}
    moving = [p for p in ranked if p.theme in fixed]
    order = [p for p in ranked if p.theme not in fixed]
    for priority in sorted(moving, key=lambda p: fixed[p.theme][0]):
        position = min(max(fixed[priority.theme][0], 1), len(order) + 1) - 1
        order.insert(position, replace(priority, override_reason=fixed[priority.theme][1].strip()))
    return [replace(p, rank=i + 1) for i, p in enumerate(order)]


def _clip(value: float) -> float:
    return min(1.0, max(0.0, value))
