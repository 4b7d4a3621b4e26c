"""Changing a plan's text and commitments, and commenting on its sections.

Every change is saved as a new version; comments are not part of the plan's text.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from analysis.followup import FREQUENCIES
from surveys.accounts.models import User
from surveys.database.base import Translations, utcnow
from surveys.database.transactions import transactional
from surveys.plans.commitment_models import Commitment
from surveys.plans.document import CommitmentTerms
from surveys.plans.errors import PlanInvalid, PlanNotAllowed, PlanStateError
from surveys.plans.models import Plan, PlanComment, PlanSection, ResponsibleParty
from surveys.plans.versions import save_version
from surveys.plans.workflow import COMMENTABLE, COMMENTER_ROLES, require_editable
from surveys.plans.working_groups import check_group_for_plan

MAX_TEXT = 20_000


@dataclass(frozen=True)
class CommitmentInput(CommitmentTerms):
    """A commitment as officials wrote or picked it; action plans also name a working group."""

    working_group_id: int | None = None

    @classmethod
    def of(cls, commitment: Commitment) -> CommitmentInput:
        """A stored commitment's terms as input, to change a few with `dataclasses.replace`."""
        return cls(
            **CommitmentTerms.stored(commitment),
            working_group_id=commitment.working_group_id,
        )


def _clean(texts: Translations) -> Translations:
    return {lang: (value or "").strip()[:MAX_TEXT] for lang, value in texts.items() if (value or "").strip()}


def _require_part(plan: Plan, part: PlanSection | Commitment) -> None:
    """PlanInvalid unless `part` (a section or commitment) belongs to `plan`."""
    if part.plan_id != plan.id:
        raise PlanInvalid("section" if isinstance(part, PlanSection) else "commitment")


def _save(session: Session, plan: Plan, user: User, note: str) -> None:
    """Date the change, keep the plan as it now stands as its next version, and commit."""
    plan.updated_at = utcnow()
    save_version(session, plan, user, note)
    session.commit()


@transactional
def update_section(
    session: Session, plan: Plan, section: PlanSection, title: Translations, body: Translations, user: User
) -> PlanSection:
    """Replace a section's title and text (per language), save a version and commit."""
    require_editable(plan, user)
    _require_part(plan, section)
    new_title, new_body = _clean(title), _clean(body)
    if not new_title:
        raise PlanInvalid("title")
    if new_title == section.title and new_body == section.body:
        return section
    section.title, section.body = new_title, new_body
    _save(session, plan, user, "section")
    return section


@transactional
def update_title(session: Session, plan: Plan, title: Translations, user: User) -> Plan:
    """Rename the plan, save a version and commit."""
    require_editable(plan, user)
    new_title = _clean(title)
    if not new_title:
        raise PlanInvalid("title")
    plan.title = new_title
    _save(session, plan, user, "details")
    return plan


def _validate(session: Session, plan: Plan, data: CommitmentInput) -> None:
    if not _clean(data.text):
        raise PlanInvalid("text")
    if data.target_count is not None and data.target_count < 1:
        raise PlanInvalid("target_count")
    if data.frequency not in FREQUENCIES:
        raise PlanInvalid("frequency")
    if data.responsible not in {r.value for r in ResponsibleParty}:
        raise PlanInvalid("responsible")
    if data.period_end < data.period_start:
        raise PlanInvalid("period")
    if data.period_start < plan.period_start or data.period_end > plan.period_end:
        raise PlanInvalid("period")
    check_group_for_plan(session, plan, data.working_group_id)


def _apply(commitment: Commitment, data: CommitmentInput) -> None:
    commitment.text = _clean(data.text)
    commitment.target_count = data.target_count
    commitment.frequency = data.frequency
    commitment.unit = _clean(data.unit)
    commitment.unit_one = _clean(data.unit_one)
    commitment.responsible = ResponsibleParty(data.responsible)
    commitment.partners = [p.strip() for p in data.partners if p.strip()]
    commitment.period_start, commitment.period_end = data.period_start, data.period_end
    commitment.template_code = data.template_code or commitment.template_code
    commitment.working_group_id = data.working_group_id
    commitment.place = data.place.strip()[:200] or None


@transactional
def add_commitment(
    session: Session, plan: Plan, section: PlanSection, data: CommitmentInput, user: User
) -> Commitment:
    """Add a commitment to an area section, save a version and commit."""
    require_editable(plan, user)
    _require_part(plan, section)
    _validate(session, plan, data)
    position = max((c.position for c in section.commitments), default=-1) + 1
    commitment = Commitment(plan=plan, position=position, theme=data.theme or section.theme)
    session.add(commitment)
    commitment.section = section
    _apply(commitment, data)
    _save(session, plan, user, "commitment_added")
    return commitment


@transactional
def update_commitment(
    session: Session, plan: Plan, commitment: Commitment, data: CommitmentInput, user: User
) -> Commitment:
    """Change a commitment, save a version and commit."""
    require_editable(plan, user)
    _require_part(plan, commitment)
    _validate(session, plan, data)
    _apply(commitment, data)
    _save(session, plan, user, "commitment_edited")
    return commitment


@transactional
def remove_commitment(session: Session, plan: Plan, commitment: Commitment, user: User) -> None:
    """Delete a commitment (and anything logged against it), save a version and commit."""
    require_editable(plan, user)
    _require_part(plan, commitment)
    plan.commitments.remove(commitment)
    if commitment.section is not None:
        commitment.section.commitments.remove(commitment)
    _save(session, plan, user, "commitment_removed")


@transactional
def add_comment(session: Session, plan: Plan, section: PlanSection, body: str, user: User) -> PlanComment:
    """Comment on a section while the plan is a draft or in review, and commit."""
    if user.role not in COMMENTER_ROLES:
        raise PlanNotAllowed("comment")
    if plan.status not in COMMENTABLE:
        raise PlanStateError("comment")
    text = body.strip()[:MAX_TEXT]
    if not text or section.plan_id != plan.id:
        raise PlanInvalid("comment")
    comment = PlanComment(section=section, user_id=user.id, body=text, version=plan.version)
    session.add(comment)
    session.commit()
    return comment
