"""Priorities of a round: gather the evidence per area, rank it, save the decided list."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import asdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.prioritise import AreaEvidence, Priority, normalise_weights, rank_areas
from surveys.accounts.models import User
from surveys.authoring.models import Survey
from surveys.insights.breakdown import answering, group_shares, raisers, theme_shares
from surveys.insights.models import IndicatorValue, PriorityItem, PriorityList
from surveys.insights.rounds import RoundData, load_round, previous_round_surveys, round_surveys
from surveys.insights.scales import severity_by_area

NOT_PRIORITISED = {"ovrigt", "non_answer"}


def gather_evidence(session: Session, survey: Survey) -> tuple[RoundData, list[AreaEvidence]]:
    """The round of `survey` and the evidence for each problem area raised in it."""
    surveys = round_surveys(session, survey)
    data = load_round(session, surveys)
    previous = load_round(session, previous_round_surveys(session, surveys))
    shares = theme_shares(data)
    earlier = theme_shares(previous) if previous.analysed else None
    residents, n_residents = group_shares(data, "resident")
    staff, n_staff = group_shares(data, "staff")
    raised = {theme: set(ids) for theme, ids in raisers(data).items()}
    severity = severity_by_area(session, surveys, raised)
    indicators = indicator_changes(session, survey.organisation_id)
    evidence = [
        AreaEvidence(
            theme=theme,
            share=share,
            share_residents=residents.get(theme, 0.0) if n_residents else None,
            share_staff=staff.get(theme, 0.0) if n_staff else None,
            severity=severity.get(theme),
            previous_share=earlier.get(theme, 0.0) if earlier is not None else None,
            indicator_change=indicators.get(theme),
            respondents=len(raised.get(theme, ())),
        )
        for theme, share in shares.items()
        if theme not in NOT_PRIORITISED
    ]
    return data, evidence


def compute_priorities(
    session: Session,
    survey: Survey,
    weights: Mapping[str, float] | None = None,
    overrides: Mapping[str, tuple[int, str]] | None = None,
) -> tuple[list[Priority], dict[str, AreaEvidence], RoundData]:
    """Ranked areas of `survey`'s round with their evidence."""
    data, evidence = gather_evidence(session, survey)
    ranked = rank_areas(evidence, weights, overrides)
    return ranked, {e.theme: e for e in evidence}, data


def indicator_changes(session: Session, organisation_id: int) -> dict[str, float]:
    """Relative change per area between the two latest periods of its indicators."""
    totals: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for row in session.scalars(
        select(IndicatorValue).where(
            IndicatorValue.organisation_id == organisation_id, IndicatorValue.theme.is_not(None)
        )
    ):
        totals[row.theme or ""][row.period] += row.value
    changes = {}
    for theme, by_period in totals.items():
        periods = sorted(by_period)
        if len(periods) >= 2 and by_period[periods[-2]] > 0:
            changes[theme] = by_period[periods[-1]] / by_period[periods[-2]] - 1
    return changes


def save_priorities(
    session: Session,
    survey: Survey,
    ranked: list[Priority],
    evidence: Mapping[str, AreaEvidence],
    weights: Mapping[str, float] | None,
    user: User | None,
) -> PriorityList:
    """Store the decided ranking for the round and commit."""
    saved = PriorityList(
        survey_id=survey.id,
        round_label=survey.round_label,
        weights=normalise_weights(weights),
        created_by=user.id if user else None,
    )
    for priority in ranked:
        saved.items.append(
            PriorityItem(
                theme=priority.theme,
                rank=priority.rank,
                computed_rank=priority.computed_rank,
                score=priority.score,
                parts=dict(priority.parts),
                evidence=asdict(evidence[priority.theme]),
                override_reason=priority.override_reason,
            )
        )
    session.add(saved)
    session.commit()
    return saved


def saved_priorities(session: Session, survey: Survey) -> PriorityList | None:
    """The newest saved priority list of `survey`'s round."""
    ids = [s.id for s in round_surveys(session, survey)]
    return session.scalar(
        select(PriorityList).where(PriorityList.survey_id.in_(ids)).order_by(PriorityList.id.desc()).limit(1)
    )


def respondents_in_round(data: RoundData) -> int:
    """Respondents with at least one counted free-text answer."""
    return len(answering(data))
