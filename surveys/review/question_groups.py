"""Which free-text answers a run analyses together: one rule, by the purpose of each question.

Answers to problem questions are analysed together, so an area's count spans every problem
question of the survey. Every other question (strengths, places, other) is analysed on its
own: its answers are about something else and would only blur the problem clusters, and
its clusters must never be counted as problems.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from analysis.reasons import NOTHING
from analysis.taxonomy import Taxonomy, load_taxonomy
from analysis.types import AnalysisConfig, AnalysisResult, AnswerResult, ClusterSummary
from analysis.types import Answer as TextAnswer
from surveys.authoring.models import QuestionPurpose

Progress = Callable[[float, str], None]
SHORT_LABEL = 60  # characters: an answer this short may name its cluster
Analyse = Callable[[Sequence[TextAnswer], AnalysisConfig, Progress], AnalysisResult]


@dataclass(frozen=True)
class QuestionGroup:
    """Answers analysed together: all problem questions, or one other question."""

    purpose: QuestionPurpose
    answers: tuple[TextAnswer, ...]


def question_groups(
    answers: Sequence[TextAnswer], purposes: dict[str, QuestionPurpose]
) -> list[QuestionGroup]:
    """`answers` split by their question's purpose (`purposes` by question id), problems first."""
    problems: list[TextAnswer] = []
    others: dict[str, list[TextAnswer]] = {}
    for answer in answers:
        purpose = purposes.get(answer.question or "", QuestionPurpose.PROBLEMS)
        if purpose.counts_as_problems:
            problems.append(answer)
        else:
            others.setdefault(answer.question or "", []).append(answer)
    groups = [QuestionGroup(QuestionPurpose.PROBLEMS, tuple(problems))] if problems else []
    groups += [QuestionGroup(purposes[q], tuple(items)) for q, items in others.items()]
    return groups


def analyse_groups(
    groups: Sequence[QuestionGroup],
    config: AnalysisConfig,
    analyse: Analyse,
    progress: Progress,
) -> AnalysisResult:
    """Analyse each group on its own and join the results into one run's result.

    Cluster numbers are made unique across groups. Area counts, k and the model used are
    those of the problem group: the other groups' areas are never counted. Reviewed examples
    and a fixed k are the problem group's too; the other groups choose their own k.
    """
    total = sum(len(g.answers) for g in groups) or 1
    done = 0
    answers: list[AnswerResult] = []
    clusters: list[ClusterSummary] = []
    problems: AnalysisResult | None = None
    offset = 0
    for group in groups:
        own = config if group.purpose.counts_as_problems else _side_config(config)
        result = analyse(group.answers, own, _scaled(progress, done / total, len(group.answers) / total))
        done += len(group.answers)
        side = not group.purpose.counts_as_problems
        taxonomy = config.taxonomy or load_taxonomy()
        clusters += [_renumbered(_side_labelled(c, taxonomy) if side else c, offset) for c in result.clusters]
        answers += [_moved(a, offset) for a in result.answers]
        offset += max((c.id for c in result.clusters), default=-1) + 1
        if group.purpose.counts_as_problems:
            problems = result
    first = problems or AnalysisResult((), (), 0, NOTHING)
    return AnalysisResult(
        answers=tuple(answers),
        clusters=tuple(clusters),
        k=first.k,
        k_reason=first.k_reason,
        theme_counts=dict(problems.theme_counts) if problems else {},
        model_used=first.model_used,
        learned_cv_macro_f1=first.learned_cv_macro_f1,
    )


def _scaled(progress: Progress, start: float, share: float) -> Progress:
    """`progress` for one group: its fraction maps onto the group's share of all answers."""
    return lambda fraction, step: progress(start + fraction * share, step)


def _side_labelled(cluster: ClusterSummary, taxonomy: Taxonomy) -> ClusterSummary:
    """A non-problem cluster never named after a problem area.

    When no phrase of its answers made a label, the analysis names a cluster after its area
    ("Skadegörelse: hedåsen"), which for "where?" or "what works?" answers reads as a
    problem. Such answers are short ("Köpcentret", "Bra grannar"): the most central short
    one names the cluster, else its most distinctive word.
    """
    from analysis.describe import fallback_label  # numpy: loaded in the job, not when the app starts

    area = taxonomy.area(cluster.suggested_theme).name_sv
    if cluster.label != fallback_label(area, cluster.top_terms):
        return cluster
    short = [text for text in cluster.representatives if len(text) <= SHORT_LABEL]
    label = short[0] if short else (cluster.top_terms[0].capitalize() if cluster.top_terms else "")
    return replace(cluster, label=label or cluster.label)


def _side_config(config: AnalysisConfig) -> AnalysisConfig:
    return AnalysisConfig(
        k=None,
        seed=config.seed,
        max_k=config.max_k,
        min_cluster_size=config.min_cluster_size,
        taxonomy=config.taxonomy,
    )


def _renumbered(cluster: ClusterSummary, offset: int) -> ClusterSummary:
    return replace(cluster, id=cluster.id + offset)


def _moved(answer: AnswerResult, offset: int) -> AnswerResult:
    return answer if answer.cluster < 0 else replace(answer, cluster=answer.cluster + offset)
