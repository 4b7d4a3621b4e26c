"""The figures of the analysis page, privacy floor applied.

The page shows answers per problem area and per cluster; a cluster's answers are counted in
its area too, so a cluster hidden for being small could be worked out from its area's
figure minus the other clusters shown. Both come from `guard_relations`, which hides a
second figure where that would be possible.
"""

from __future__ import annotations

from dataclasses import dataclass

from surveys.disclosure.floor import Count, guard_relations
from surveys.review.state import ReviewState


@dataclass(frozen=True)
class AnalysisFigures:
    """Guarded answers per problem area (by code) and per cluster (by key, side clusters too)."""

    areas: dict[str, Count]
    clusters: dict[str, Count]


def analysis_figures(state: ReviewState, min_group: int) -> AnalysisFigures:
    """Answers per problem area and per cluster of `state`, none standing for fewer than the floor.

    An area's figure counts every counted answer that has the area among its areas; the
    clusters suggested for it are its parts. When the parts do not add up to the area
    (answers with a second area, flagged answers), treating them as parts only hides more.
    """
    areas = state.theme_counts()
    values: dict[tuple[str, str], int] = {("area", code): n for code, n in areas.items()}
    values |= {("cluster", c.key): c.size for c in (*state.clusters, *state.side_clusters)}
    relations = [
        (("area", code), [("cluster", c.key) for c in state.clusters if c.theme == code]) for code in areas
    ]
    guarded = guard_relations(values, relations, min_group)  # type: ignore[arg-type]
    return AnalysisFigures(
        areas={code: guarded[("area", code)] for code in areas},
        clusters={c.key: guarded[("cluster", c.key)] for c in (*state.clusters, *state.side_clusters)},
    )
