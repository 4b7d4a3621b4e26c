"""Review actions: rename, merge, split, move, set areas, flag, and undo.

Each action stores what it replaced in a `ReviewAction`, so it can be undone and
so there is a record of who changed what, and when.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis import AnalysisConfig
from analysis import Answer as TextAnswer
from surveys.accounts.models import User
from surveys.answering.models import Answer, Response
from surveys.authoring.models import Question, QuestionPurpose, Survey
from surveys.database.transactions import transactional
from surveys.disclosure.quotes import self_identifying
from surveys.errors import SurveyError
from surveys.review.models import AnswerReview, ReviewAction, Topic
from surveys.review.run_models import AnalysisRun
from surveys.review.state import ClusterView, ReviewState, load_state, topic_key
from surveys.transfer.messages import N_

FLAGS = ("irrelevant", "abusive")
MAX_SPLIT = 8


class ReviewError(SurveyError):
    """A review action cannot be carried out as asked."""


class _Recorder:
    """Collects the before-state of everything an action touches."""

    def __init__(self, session: Session, survey: Survey) -> None:
        self.session, self.survey = session, survey
        self.answers: dict[str, Any] = {}
        self.topics: dict[str, Any] = {}

    def review(self, answer_id: int) -> AnswerReview:
        review = self.session.get(AnswerReview, answer_id)
        if str(answer_id) not in self.answers:
            self.answers[str(answer_id)] = (
                None
                if review is None
                else {
                    "topic_id": review.topic_id,
                    "themes": review.themes,
                    "flag": review.flag,
                    "quote": review.quote_approved,
                }
            )
        if review is None:
            review = AnswerReview(answer_id=answer_id, survey_id=self.survey.id)
            self.session.add(review)
        return review

    def new_topic(self, name: str, theme: str | None) -> Topic:
        topic = Topic(survey_id=self.survey.id, name=name[:200], theme=theme)
        self.session.add(topic)
        self.session.flush()
        self.topics[str(topic.id)] = None
        return topic

    def rename(self, topic: Topic, name: str) -> None:
        self.topics.setdefault(str(topic.id), {"name": topic.name})
        topic.name = name[:200]

    def commit(self, kind: str, summary: str, user: User | None) -> ReviewAction:
        action = ReviewAction(
            survey_id=self.survey.id,
            user_id=user.id if user else None,
            kind=kind,
            summary=summary[:300],
            before={"answers": self.answers, "topics": self.topics},
        )
        self.session.add(action)
        self.session.commit()
        return action


def _cluster(state: ReviewState, key: str) -> ClusterView:
    view = state.cluster(key)
    if view is None:
        raise ReviewError(N_("there is no cluster %(key)r in the current analysis", key=key))
    return view


def _topic_for(recorder: _Recorder, view: ClusterView) -> Topic:
    """The topic behind `view`, creating one named after the cluster when needed."""
    if view.is_topic:
        topic = recorder.session.get(Topic, int(view.key[1:]))
        if topic is not None:
            return topic
    return recorder.new_topic(view.label, view.theme)


def _assign(recorder: _Recorder, answer_ids: Iterable[int], topic: Topic) -> int:
    count = 0
    for answer_id in answer_ids:
        recorder.review(answer_id).topic_id = topic.id
        count += 1
    return count


@transactional
def rename_cluster(
    session: Session, survey: Survey, run: AnalysisRun, key: str, name: str, user: User | None
) -> ReviewAction:
    """Give a cluster a name; its answers keep that name across re-runs."""
    name = " ".join(name.split())
    if not name:
        raise ReviewError(N_("a name cannot be empty"))
    view = _cluster(load_state(session, survey, run), key)
    recorder = _Recorder(session, survey)
    topic = _topic_for(recorder, view)
    recorder.rename(topic, name)
    _assign(recorder, (m.answer_id for m in view.members), topic)
    return recorder.commit("rename", f"{view.label} → {name}", user)


@transactional
def merge_clusters(
    session: Session, survey: Survey, run: AnalysisRun, keys: Sequence[str], target: str, user: User | None
) -> ReviewAction:
    """Move every answer of the clusters `keys` into the cluster `target`."""
    state = load_state(session, survey, run)
    target_view = _cluster(state, target)
    sources = [_cluster(state, k) for k in keys if k != target]
    if not sources:
        raise ReviewError(N_("choose at least one other cluster to merge"))
    recorder = _Recorder(session, survey)
    topic = _topic_for(recorder, target_view)
    _assign(recorder, (m.answer_id for m in target_view.members), topic)
    for view in sources:
        _assign(recorder, (m.answer_id for m in view.members), topic)
    names = ", ".join(v.label for v in sources)
    return recorder.commit("merge", f"{names} → {topic.name}", user)


@transactional
def split_cluster(
    session: Session, survey: Survey, run: AnalysisRun, key: str, parts: int, user: User | None, seed: int = 0
) -> ReviewAction:
    """Re-cluster one cluster's answers into `parts` named topics."""
    view = _cluster(load_state(session, survey, run), key)
    if not 2 <= parts <= min(MAX_SPLIT, view.size):
        raise ReviewError(N_("split into 2–%(n)d parts", n=min(MAX_SPLIT, view.size)))
    texts = [TextAnswer(id=str(m.answer_id), text=m.text_redacted) for m in view.members]
    from analysis.pipeline import analyse  # scikit-learn: loaded by the split, not at start-up

    result = analyse(texts, AnalysisConfig(k=parts, seed=seed, min_cluster_size=1))
    labels = {c.id: c for c in result.clusters}
    recorder = _Recorder(session, survey)
    topics: dict[int, Topic] = {}
    for item in result.answers:
        summary = labels.get(item.cluster)
        if item.cluster not in topics:
            name = f"{view.label}: {summary.label}" if summary else view.label
            topics[item.cluster] = recorder.new_topic(
                name, summary.suggested_theme if summary else view.theme
            )
        recorder.review(int(item.answer_id)).topic_id = topics[item.cluster].id
    return recorder.commit("split", f"{view.label} → {len(topics)}", user)


@transactional
def move_answers(
    session: Session,
    survey: Survey,
    run: AnalysisRun,
    answer_ids: Sequence[int],
    target: str,
    user: User | None,
) -> ReviewAction:
    """Move answers into the cluster `target`."""
    state = load_state(session, survey, run)
    known = {a.answer_id for a in state.answers}
    if not answer_ids or not set(answer_ids) <= known:
        raise ReviewError(N_("choose answers of this analysis to move"))
    recorder = _Recorder(session, survey)
    topic = _topic_for(recorder, _cluster(state, target))
    if not _cluster(state, target).is_topic:
        _assign(recorder, (m.answer_id for m in _cluster(state, target).members), topic)
    _assign(recorder, answer_ids, topic)
    return recorder.commit("move", f"{len(answer_ids)} → {topic.name}", user)


def _require_own_answer(session: Session, survey: Survey, answer_id: int) -> None:
    owner = session.scalar(
        select(Response.survey_id)
        .join(Answer, Answer.response_id == Response.id)
        .where(Answer.id == answer_id)
    )
    if owner != survey.id:
        raise ReviewError(N_("that answer does not belong to this survey"))


@transactional
def set_themes(
    session: Session, survey: Survey, answer_id: int, themes: Sequence[str], user: User | None
) -> ReviewAction:
    """Set an answer's problem areas (first is primary); a second area is simply a second entry."""
    _require_own_answer(session, survey, answer_id)
    answer = session.get(Answer, answer_id)
    if answer is not None and not answer.question.question_purpose.counts_as_problems:
        # It would be counted nowhere, yet the learned model would train on it as a problem.
        raise ReviewError(N_("this answer is not about problems: it has no problem areas"))
    cleaned = list(dict.fromkeys(t for t in themes if t))
    if not cleaned:
        raise ReviewError(N_("choose at least one problem area"))
    recorder = _Recorder(session, survey)
    recorder.review(answer_id).themes = cleaned
    return recorder.commit("themes", f"#{answer_id}: {', '.join(cleaned)}", user)


@transactional
def flag_answer(
    session: Session, survey: Survey, answer_id: int, flag: str | None, user: User | None
) -> ReviewAction:
    """Mark an answer irrelevant or abusive (or clear the mark); flagged answers are not counted."""
    if flag is not None and flag not in FLAGS:
        raise ReviewError(N_("unknown mark %(flag)r", flag=flag))
    _require_own_answer(session, survey, answer_id)
    recorder = _Recorder(session, survey)
    recorder.review(answer_id).flag = flag
    # The kind says what happened; the summary holds only names and numbers, so that pages can
    # show the change log in any language.
    return recorder.commit(f"flag_{flag or 'cleared'}", f"#{answer_id}", user)


@transactional
def approve_quote(
    session: Session, survey: Survey, answer_id: int, approved: bool, user: User | None
) -> ReviewAction:
    """Approve an answer for quoting (or withdraw the approval); only approved answers are quoted.

    An answer whose words may point at its writer (see `self_identifying`) cannot be approved:
    the reviewer leaves it unquoted.
    """
    _require_own_answer(session, survey, answer_id)
    text = session.scalar(select(Answer.text_redacted).where(Answer.id == answer_id)) or ""
    if approved and self_identifying(text):
        raise ReviewError(N_("this answer may identify its writer, so it cannot be quoted"))
    recorder = _Recorder(session, survey)
    recorder.review(answer_id).quote_approved = approved or None
    return recorder.commit("quote_approved" if approved else "quote_withdrawn", f"#{answer_id}", user)


@transactional
def approve_quotable(session: Session, survey: Survey, min_group: int, user: User | None = None) -> int:
    """Approve every answer the quote rules allow (the demo's and tests' stand-in for a reviewer)."""
    from surveys.disclosure.quotes import quotable
    from surveys.review.runs import latest_run

    run = latest_run(session, survey, finished_only=True)
    if run is None:
        return 0
    answers = load_state(session, survey, run).counted_answers()
    ids = [a.answer_id for a in quotable(answers, answers, min_group)]
    recorder = _Recorder(session, survey)
    for answer_id in ids:
        recorder.review(answer_id).quote_approved = True
    recorder.commit("quote_approved", str(len(ids)), user)
    return len(ids)


@transactional
def undo_last(session: Session, survey: Survey, user: User | None) -> ReviewAction | None:
    """Undo the newest action not yet undone; returns it, or None when there is nothing to undo."""
    action = session.scalar(
        select(ReviewAction)
        .where(ReviewAction.survey_id == survey.id, ReviewAction.undone == 0, ReviewAction.kind != "undo")
        .order_by(ReviewAction.id.desc())
        .limit(1)
    )
    if action is None:
        return None
    for answer_id, before in action.before.get("answers", {}).items():
        review = session.get(AnswerReview, int(answer_id))
        if before is None:
            if review is not None:
                session.delete(review)
            continue
        review = review or AnswerReview(answer_id=int(answer_id), survey_id=survey.id)
        review.topic_id, review.themes, review.flag = before["topic_id"], before["themes"], before["flag"]
        review.quote_approved = before.get("quote")
        session.add(review)
    session.flush()
    for topic_id, before in action.before.get("topics", {}).items():
        topic = session.get(Topic, int(topic_id))
        if topic is None:
            continue
        if before is None:
            session.delete(topic)
        else:
            topic.name = before["name"]
    action.undone = 1
    session.add(
        ReviewAction(
            survey_id=survey.id, user_id=user.id if user else None, kind="undo", summary=action.summary
        )
    )
    session.commit()
    return action


def reviewed_examples(session: Session, survey: Survey) -> list[tuple[str, str]]:
    """(text, primary area) of every problem answer whose areas an official has set, for learning.

    Answers to other questions are left out even when areas were set on them before their
    question's purpose changed: a strength is no example of a problem area.
    """
    rows = session.execute(
        select(Answer.text_redacted, AnswerReview.themes)
        .join(AnswerReview, AnswerReview.answer_id == Answer.id)
        .join(Question, Question.id == Answer.question_id)
        .where(
            AnswerReview.survey_id == survey.id,
            AnswerReview.flag.is_(None),
            Question.purpose == QuestionPurpose.PROBLEMS,
        )
    ).all()
    return [(text or "", themes[0]) for text, themes in rows if themes]


def topic_key_of(topic: Topic) -> str:
    """Cluster key of `topic` (for redirects after an action)."""
    return topic_key(topic.id)
