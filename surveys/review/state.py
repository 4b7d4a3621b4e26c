"""The effective state of a survey's analysis: the latest run overlaid with human decisions.

Nothing here writes. Review actions change `AnswerReview`/`Topic` rows and the
state is recomputed, so counts change at once and a new run keeps the decisions.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import Row, Text, cast, select
from sqlalchemy.orm import Session

from surveys.answering.models import Answer, Response
from surveys.authoring.models import QuestionPurpose, Survey
from surveys.review.models import AnswerReview, Topic
from surveys.review.run_models import AnalysisRun, AnswerAnalysis, ClusterRecord

REPRESENTATIVES = 3
# Answers per cluster that describe a reshaped topic's words (enough for stable terms).
TERM_SAMPLE = 80


@dataclass(frozen=True)
class EffectiveAnswer:
    """One analysed answer as officials currently see it."""

    answer_id: int
    response_id: int
    question_id: int
    text_redacted: str
    language: str
    group: str
    area: str | None
    channel: str
    cluster_key: str
    run_cluster: int
    themes: tuple[str, ...]
    flag: str | None
    reviewed: bool
    non_answer: bool
    quote_approved: bool = False  # a reviewer approved it for quoting
    purpose: QuestionPurpose = QuestionPurpose.PROBLEMS  # what its question asks about

    @property
    def theme(self) -> str:
        """Primary problem area."""
        return self.themes[0] if self.themes else "ovrigt"

    @property
    def shown(self) -> bool:
        """Whether the answer is shown in a cluster: not flagged irrelevant/abusive, not a non-answer."""
        return not self.flag and not self.non_answer

    @property
    def counted(self) -> bool:
        """Whether the answer counts as a problem: shown, and its question asks about problems.

        The one copy of the rule: problem areas, breakdowns, priorities, the situation
        report and pledges all count `ReviewState.counted_answers`.
        """
        return self.shown and self.purpose.counts_as_problems


@dataclass
class ClusterView:
    """A cluster as shown for review: an algorithmic cluster or a named topic."""

    key: str
    label: str
    theme: str
    top_terms: tuple[str, ...] = ()
    is_topic: bool = False
    is_new_topic: bool = False
    members: list[EffectiveAnswer] = field(default_factory=list)
    representatives: tuple[str, ...] = ()
    share: float = 0.0
    purpose: QuestionPurpose = QuestionPurpose.PROBLEMS

    @property
    def question_ids(self) -> tuple[int, ...]:
        """The questions its answers reply to, most answered first."""
        return tuple(q for q, _n in Counter(m.question_id for m in self.members).most_common())

    @property
    def size(self) -> int:
        """Number of answers in the cluster."""
        return len(self.members)

    @property
    def label_language(self) -> str | None:
        """The language the label is written in, for a page's `lang`.

        A reviewer's name is written by staff: None, the installation's language. A label the
        analysis wrote comes from the answers, so it is in their most common language ("" when
        no answer's language is known).
        """
        if self.is_topic:
            return None
        languages = Counter(m.language for m in self.members if m.language not in ("other", "und", ""))
        return languages.most_common(1)[0][0] if languages else ""

    @property
    def quotes(self) -> tuple[tuple[str, str], ...]:
        """The representative answers with the language each was written in."""
        languages = {m.text_redacted: m.language for m in self.members}
        return tuple((text, languages.get(text, "")) for text in self.representatives)


@dataclass(frozen=True)
class ReviewState:
    """Answers, clusters and area counts of one run with human decisions applied.

    `clusters` are the clusters of problem answers, the ones counted in problem areas;
    `side_clusters` group the answers to strength, place and other questions, shown but
    never counted.
    """

    run: AnalysisRun
    answers: tuple[EffectiveAnswer, ...]
    clusters: tuple[ClusterView, ...]
    respondents: int
    side_clusters: tuple[ClusterView, ...] = ()

    def cluster(self, key: str) -> ClusterView | None:
        """The cluster with `key`, if any (problem or side cluster)."""
        return next((c for c in (*self.clusters, *self.side_clusters) if c.key == key), None)

    def side(self, purpose: QuestionPurpose) -> list[ClusterView]:
        """The clusters of answers to questions with `purpose` (not problems), largest first."""
        return [c for c in self.side_clusters if c.purpose is purpose]

    def theme_counts(self) -> dict[str, int]:
        """Answers per problem area (an answer counts once in each of its areas)."""
        counts: Counter[str] = Counter()
        for answer in self.counted_answers():
            counts.update(set(answer.themes))
        return dict(counts)

    def counted_answers(self) -> list[EffectiveAnswer]:
        """Answers that count as problems (`EffectiveAnswer.counted`)."""
        return [a for a in self.answers if a.counted]


def topic_key(topic_id: int) -> str:
    """Cluster key of a named topic."""
    return f"t{topic_id}"


def cluster_key(number: int) -> str:
    """Cluster key of an algorithmic cluster of a run."""
    return f"c{number}"


def load_state(session: Session, survey: Survey, run: AnalysisRun) -> ReviewState:
    """The effective review state of `run`."""
    rows = session.execute(_ROW_COLUMNS.where(AnswerAnalysis.run_id == run.id).order_by(Answer.id)).all()
    purposes = {q.id: q.question_purpose for q in survey.questions}
    records = {
        r.number: r for r in session.scalars(select(ClusterRecord).where(ClusterRecord.run_id == run.id))
    }
    topics = {t.id: t for t in session.scalars(select(Topic).where(Topic.survey_id == survey.id))}
    placement = _place_unreviewed(rows)
    answers = tuple(_effective(row, placement, purposes) for row in rows)
    clusters = _clusters(answers, records, topics)
    respondents = len({a.response_id for a in answers if a.shown}) or 1
    for view in clusters:
        view.share = len({m.response_id for m in view.members}) / respondents
    problems = tuple(c for c in clusters if c.purpose.counts_as_problems)
    side = tuple(c for c in clusters if not c.purpose.counts_as_problems)
    return ReviewState(
        run=run, answers=answers, clusters=problems, respondents=respondents, side_clusters=side
    )


# Only the columns an effective answer is made of: ORM objects for every answer, response,
# analysis and review row cost several times as much per answer, and the staff pages of a
# large survey read them all (issue #20). The lists of areas come as their JSON text, decoded
# once per distinct value (a survey has a few dozen) instead of once per answer.
_ROW_COLUMNS = (
    select(
        Answer.id,
        Answer.response_id,
        Answer.question_id,
        Answer.text_redacted,
        Response.respondent_group,
        Response.area,
        Response.channel,
        AnswerAnalysis.language,
        AnswerAnalysis.cluster,
        AnswerAnalysis.theme,
        cast(AnswerAnalysis.themes, Text).label("themes"),
        AnswerAnalysis.non_answer,
        AnswerReview.answer_id.label("reviewed"),
        AnswerReview.topic_id,
        cast(AnswerReview.themes, Text).label("review_themes"),
        AnswerReview.flag,
        AnswerReview.quote_approved,
    )
    .join(Response, Answer.response_id == Response.id)
    .join(AnswerAnalysis, AnswerAnalysis.answer_id == Answer.id)
    .outerjoin(AnswerReview, AnswerReview.answer_id == Answer.id)
)


@lru_cache(maxsize=4096)
def _theme_list(raw: str | None) -> tuple[str, ...]:
    """A stored JSON list of area codes ("null" or NULL for none) as a tuple."""
    value = json.loads(raw) if raw else None
    return tuple(value) if value else ()


def _place_unreviewed(rows: Sequence[Row[*tuple[Any, ...]]]) -> dict[int, int]:
    """Run cluster → topic, where more than half of that cluster's answers were put in the topic.

    This is how a new run "places" new answers: they follow their neighbours. A
    single moved answer does not drag its old cluster along with it.
    """
    votes: dict[int, Counter[int]] = defaultdict(Counter)
    sizes: Counter[int] = Counter()
    for row in rows:
        sizes[row.cluster] += 1
        if row.topic_id is not None:
            votes[row.cluster][row.topic_id] += 1
    placement = {}
    for number, counter in votes.items():
        topic_id, count = counter.most_common(1)[0]
        if count * 2 > sizes[number]:
            placement[number] = topic_id
    return placement


def _effective(
    row: Row[*tuple[Any, ...]], placement: dict[int, int], purposes: dict[int, QuestionPurpose]
) -> EffectiveAnswer:
    if row.topic_id is not None:
        key = topic_key(row.topic_id)
    elif row.cluster in placement:
        key = topic_key(placement[row.cluster])
    else:
        key = cluster_key(row.cluster)
    reviewed = row.reviewed is not None
    review_themes = _theme_list(row.review_themes) if reviewed else ()
    themes = review_themes or _theme_list(row.themes)
    return EffectiveAnswer(
        answer_id=row.id,
        response_id=row.response_id,
        question_id=row.question_id,
        text_redacted=row.text_redacted or "",
        language=row.language,
        group=row.respondent_group,
        area=row.area,
        channel=row.channel,
        cluster_key=key,
        run_cluster=row.cluster,
        themes=themes or (row.theme,),
        flag=row.flag if reviewed else None,
        reviewed=reviewed,
        non_answer=row.non_answer,
        quote_approved=bool(reviewed and row.quote_approved),
        purpose=purposes.get(row.question_id, QuestionPurpose.PROBLEMS),
    )


def _clusters(
    answers: Iterable[EffectiveAnswer], records: dict[int, ClusterRecord], topics: dict[int, Topic]
) -> list[ClusterView]:
    views: dict[str, ClusterView] = {}
    for answer in answers:
        if not answer.shown:
            continue
        view = views.get(answer.cluster_key)
        if view is None:
            view = views[answer.cluster_key] = _new_view(answer.cluster_key, records, topics)
        view.members.append(answer)
    for view in views.values():
        # A run cluster holds one question group; a reviewer's topic may mix: most answers decide.
        view.purpose = Counter(m.purpose for m in view.members).most_common(1)[0][0]
        _describe(view, records)
    _describe_reshaped(list(views.values()))
    return sorted(views.values(), key=lambda v: (-v.size, v.label))


def _describe_reshaped(views: list[ClusterView]) -> None:
    """Own top terms for named topics that are no longer one whole run cluster.

    A topic that renames a run cluster keeps that cluster's terms. The parts of a split, a
    merge and a topic answers were moved into are described from their own answers, weighed
    against every other cluster (class-based TF-IDF over a sample per cluster), so that two
    halves of a split do not show the same words.
    """
    homes: dict[int, set[str]] = defaultdict(set)
    for view in views:
        for member in view.members:
            homes[member.run_cluster].add(view.key)
    reshaped = {
        view.key
        for view in views
        if view.is_topic
        and (
            len(sources := {m.run_cluster for m in view.members}) > 1
            or any(len(homes[c]) > 1 for c in sources)
        )
    }
    if not reshaped:
        return
    from analysis.label import ClassTfidf  # numpy: loaded when a review reshaped clusters

    texts: list[str] = []
    labels: list[int] = []
    for index, view in enumerate(views):
        sample = sorted(view.members, key=lambda m: m.answer_id)[:TERM_SAMPLE]
        texts += [m.text_redacted for m in sample]
        labels += [index] * len(sample)
    terms = ClassTfidf(n_terms=8).fit(texts, labels).top_terms_
    for index, view in enumerate(views):
        if view.key in reshaped:
            view.top_terms = terms.get(index, ())


def _new_view(key: str, records: dict[int, ClusterRecord], topics: dict[int, Topic]) -> ClusterView:
    if key.startswith("t"):
        topic = topics.get(int(key[1:]))
        name = topic.name if topic else key
        return ClusterView(
            key=key, label=name, theme=(topic.theme if topic else None) or "ovrigt", is_topic=True
        )
    record = records.get(int(key[1:]))
    if record is None:
        return ClusterView(key=key, label=key, theme="ovrigt")
    return ClusterView(
        key=key,
        label=record.label,
        theme=record.suggested_theme,
        top_terms=tuple(record.top_terms),
        is_new_topic=record.is_new_topic,
    )


def _describe(view: ClusterView, records: dict[int, ClusterRecord]) -> None:
    member_texts = {m.text_redacted for m in view.members}
    if view.is_topic:
        themes = Counter(m.theme for m in view.members)
        view.theme = view.theme if view.theme != "ovrigt" else themes.most_common(1)[0][0]
        # A named topic borrows the distinctive terms of the run cluster most of it came from.
        source = Counter(m.run_cluster for m in view.members).most_common(1)[0][0]
        if source in records:
            view.top_terms = tuple(records[source].top_terms)
    record_reps: tuple[str, ...] = ()
    if not view.is_topic:
        record = records.get(int(view.key[1:]))
        record_reps = tuple(t for t in (record.representatives if record else []) if t in member_texts)
    extra = sorted(member_texts - set(record_reps), key=lambda t: (abs(len(t) - 80), t))
    view.representatives = (record_reps + tuple(extra))[:REPRESENTATIVES]
