"""Follow-up of a plan: logged activities, progress per commitment and the written follow-up."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.followup import (
    CommitmentStatus,
    Progress,
    Unit,
    commitment_progress,
    is_measurable,
    total_target,
)
from surveys.accounts.models import User
from surveys.audit.log import record
from surveys.authoring.models import Survey
from surveys.database.base import Translations, utcnow
from surveys.database.transactions import transactional
from surveys.insights.report_data import build_report_data
from surveys.localtime import today as local_today
from surveys.plans.commitment_models import Activity, Commitment
from surveys.plans.document import PlanDoc, plan_doc, unit_forms
from surveys.plans.errors import PlanInvalid
from surveys.plans.models import Plan
from surveys.plans.workflow import require_loggable
from surveys.review.runs import latest_run

MAX_TEXT = 5_000


@dataclass(frozen=True)
class ActivityInput:
    """One thing done towards a commitment, as logged by an official."""

    done_on: dt.date
    description: str
    count: int = 1
    place: str = ""
    notes: str = ""
    performed_by: str = ""


@dataclass(frozen=True)
class CommitmentFollowUp:
    """A commitment's target, what has been done and its status on a day."""

    id: int
    area: Translations
    text: Translations
    unit: Translations
    target: int | None
    responsible: str
    period_start: dt.date
    period_end: dt.date
    progress: Progress
    activities: tuple[ActivityInput, ...]
    # Action plans: the working group carrying the task out (None, "" for none) and where.
    working_group_id: int | None = None
    working_group: str = ""
    place: str = ""
    unit_one: Translations = field(default_factory=dict)  # the singular of `unit`
    # The written assessment per language, and when it was last written (None: not yet).
    assessment: Translations = field(default_factory=dict)
    assessed_at: dt.datetime | None = None

    def unit_in(self, language: str) -> Unit:
        """What is counted in `language`, singular and plural."""
        return unit_forms(self.unit, self.unit_one, language)

    @property
    def status(self) -> str:
        """done, on_track, behind, not_started or no_target."""
        return self.progress.status.value


@dataclass(frozen=True)
class GroupFollowUp:
    """One working group's tasks in a plan and what it has logged against them."""

    name: str
    tasks: tuple[CommitmentFollowUp, ...]

    @property
    def activities(self) -> tuple[tuple[CommitmentFollowUp, ActivityInput], ...]:
        """Every activity logged on the group's tasks with its task, oldest first."""
        pairs = [(task, activity) for task in self.tasks for activity in task.activities]
        return tuple(sorted(pairs, key=lambda pair: pair[1].done_on))


@dataclass(frozen=True)
class ComparisonRow:
    """One area's share of respondents in the plan's round and in the newer round."""

    theme: str
    before: float | None
    after: float | None


@dataclass(frozen=True)
class RoundComparison:
    """How a newer round of the same dialogue compares with the round the plan was based on."""

    base_round: str
    newer_round: str
    before_respondents: int | None
    after_respondents: int | None
    rows: tuple[ComparisonRow, ...]


@dataclass(frozen=True)
class FollowUpReport:
    """Everything the written follow-up shows."""

    plan: PlanDoc
    today: dt.date
    commitments: tuple[CommitmentFollowUp, ...]
    comparison: RoundComparison | None

    @property
    def by_status(self) -> dict[str, int]:
        """Number of commitments per status."""
        return dict(Counter(c.status for c in self.commitments))

    @property
    def by_working_group(self) -> tuple[GroupFollowUp, ...]:
        """The commitments assigned to working groups, per group by name (none for pledges)."""
        groups: dict[int, list[CommitmentFollowUp]] = {}
        for item in self.commitments:
            if item.working_group_id is not None:
                groups.setdefault(item.working_group_id, []).append(item)
        found = [GroupFollowUp(tasks[0].working_group, tuple(tasks)) for tasks in groups.values()]
        return tuple(sorted(found, key=lambda group: group.name.casefold()))


def check_activity_date(plan: Plan, done_on: dt.date, today: dt.date) -> None:
    """An activity counts only if it was done within the plan's period and not after `today`.

    Raises:
        PlanInvalid: "activity_before_period", "activity_after_period" or "activity_in_future".
    """
    if done_on > today:
        raise PlanInvalid("activity_in_future")
    if done_on < plan.period_start:
        raise PlanInvalid("activity_before_period")
    if done_on > plan.period_end:
        raise PlanInvalid("activity_after_period")


@transactional
def log_activity(
    session: Session,
    plan: Plan,
    commitment: Commitment,
    data: ActivityInput,
    user: User,
    today: dt.date | None = None,
) -> Activity:
    """Record something done towards `commitment` and commit.

    Raises:
        PlanInvalid: the commitment is not the plan's, the description is empty, the count
            negative or the date outside the plan's period or in the future (see
            `check_activity_date`).
    """
    require_loggable(plan, user)
    if commitment.plan_id != plan.id:
        raise PlanInvalid("commitment")
    description = data.description.strip()[:MAX_TEXT]
    if not description or data.count < 0:
        raise PlanInvalid("activity")
    check_activity_date(plan, data.done_on, today or local_today())
    activity = Activity(
        done_on=data.done_on,
        description=description,
        count=data.count,
        place=data.place.strip()[:200],
        notes=data.notes.strip()[:MAX_TEXT],
        performed_by=data.performed_by.strip()[:200],
        logged_by=user.id,
    )
    commitment.activities.append(activity)
    session.commit()
    return activity


@transactional
def write_assessment(
    session: Session,
    plan: Plan,
    commitment: Commitment,
    texts: Translations,
    user: User,
    now: dt.datetime | None = None,
) -> Commitment:
    """Store the follow-up's written assessment of `commitment` (per plan language) and commit.

    An empty text removes the assessment in that language. Whoever may log activities may
    assess; the change is audited, since the assessment is what a follow-up publishes.

    Raises:
        PlanInvalid: the commitment is not the plan's.
    """
    require_loggable(plan, user)
    if commitment.plan_id != plan.id:
        raise PlanInvalid("commitment")
    cleaned = {
        language: text.strip()[:MAX_TEXT]
        for language, text in texts.items()
        if language in plan.languages and text and text.strip()
    }
    commitment.assessment = cleaned
    commitment.assessed_at = (now or utcnow()) if cleaned else None
    record(
        session,
        "commitment_assessed",
        user=user,
        target=plan.slug,
        commit=False,
        commitment=commitment.id,
        languages=sorted(cleaned),
    )
    session.commit()
    return commitment


@transactional
def remove_activity(session: Session, plan: Plan, activity: Activity, user: User) -> None:
    """Delete a wrongly logged activity and commit."""
    require_loggable(plan, user)
    if activity.commitment.plan_id != plan.id:
        raise PlanInvalid("activity")
    session.delete(activity)
    session.commit()


def follow_up(commitment: Commitment, today: dt.date) -> CommitmentFollowUp:
    """Target, done and status of one commitment on `today`."""
    measurable = is_measurable(
        commitment.target_count, unit_forms(commitment.unit, commitment.unit_one, "sv")
    )
    target = total_target(
        commitment.target_count if measurable else None,
        commitment.frequency,
        commitment.period_start,
        commitment.period_end,
    )
    done = commitment.done_count
    section = commitment.section
    return CommitmentFollowUp(
        id=commitment.id,
        area=dict(section.title) if section else {},
        text=dict(commitment.text),
        unit=dict(commitment.unit),
        unit_one=dict(commitment.unit_one or {}),
        target=target,
        responsible=commitment.responsible,
        period_start=commitment.period_start,
        period_end=commitment.period_end,
        progress=commitment_progress(done, target, commitment.period_start, commitment.period_end, today),
        activities=tuple(
            ActivityInput(a.done_on, a.description, a.count, a.place, a.notes, a.performed_by)
            for a in commitment.activities
        ),
        working_group_id=commitment.working_group_id,
        working_group=commitment.working_group.name if commitment.working_group else "",
        place=commitment.place or "",
        assessment=dict(commitment.assessment or {}),
        assessed_at=commitment.assessed_at,
    )


def plan_follow_up(plan: Plan, today: dt.date) -> list[CommitmentFollowUp]:
    """Follow-up of every commitment of `plan`, in section order."""
    order: dict[int | None, int] = {s.id: s.position for s in plan.sections}
    ordered = sorted(plan.commitments, key=lambda c: (order.get(c.section_id, 0), c.position, c.id))
    return [follow_up(c, today) for c in ordered]


def behind_commitments(plans: Iterable[Plan], today: dt.date) -> list[tuple[Plan, CommitmentFollowUp]]:
    """Commitments of approved, published or closed plans that are behind on `today`."""
    found = []
    for plan in plans:
        if plan.status not in {"approved", "published", "closed"}:
            continue
        for item in plan_follow_up(plan, today):
            if item.progress.status == CommitmentStatus.BEHIND:
                found.append((plan, item))
    return found


def newer_round(session: Session, survey: Survey) -> Survey | None:
    """The latest analysed later round of `survey`'s series, if any."""
    candidates = session.scalars(
        select(Survey)
        .where(Survey.series == survey.series, Survey.round_label > survey.round_label)
        .order_by(Survey.round_label.desc(), Survey.id.desc())
    )
    return next((s for s in candidates if latest_run(session, s, finished_only=True)), None)


def round_comparison(session: Session, plan: Plan, min_group: int) -> RoundComparison | None:
    """Shares of the plan's areas in the newer round against the figures the plan was drafted from."""
    base = session.get(Survey, plan.survey_id) if plan.survey_id else None
    later = newer_round(session, base) if base is not None else None
    if later is None:
        return None
    report = build_report_data(session, later, min_group)
    after = {s.theme: s.share for s in report.sections}
    rows = []
    for section in plan.sections:
        if section.theme is None:
            continue
        before = (section.figures or {}).get("share")
        now = after.get(section.theme, 0.0 if not report.respondents.hidden else None)
        rows.append(ComparisonRow(section.theme, before, now))
    opening = plan.section("problem_picture")
    return RoundComparison(
        base_round=plan.round_label,
        newer_round=report.round_label,
        before_respondents=(opening.figures or {}).get("respondents") if opening else None,
        after_respondents=report.respondents.value,
        rows=tuple(rows),
    )


def follow_up_report(session: Session, plan: Plan, today: dt.date, min_group: int) -> FollowUpReport:
    """The written follow-up of `plan` on `today`."""
    return FollowUpReport(
        plan=plan_doc(plan),
        today=today,
        commitments=tuple(plan_follow_up(plan, today)),
        comparison=round_comparison(session, plan, min_group),
    )
