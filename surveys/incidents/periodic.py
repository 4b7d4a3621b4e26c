"""The periodic situation picture: incidents of one week, month or quarter against the one before.

Incidents are not respondents, but a small count in one neighbourhood and one
problem area can point at a person, so area and area × category figures keep the
privacy floor, with a second cell hidden wherever a shown total would give one away.
Category totals over the whole organisation are shown as they are.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.periods import Period, change
from surveys.accounts.models import User
from surveys.disclosure.floor import Count, guard, guard_parts, guard_table
from surveys.incidents.models import PeriodAssessment
from surveys.incidents.reporting import list_incidents
from surveys.organisations.models import Organisation

TOP_AREAS = 5
ASSESSMENT_MAX = 10_000


@dataclass(frozen=True)
class Row:
    """One line of a table: a count this period and the previous one, and the change."""

    key: str
    current: Count
    previous: Count
    diff: int | None
    relative: float | None
    serious: int = 0  # incidents rated serious or very serious (only when `current` shows)


@dataclass(frozen=True)
class PeriodicPicture:
    """Counts of a period and the one before, by category, by area and by area × category."""

    period: Period
    previous_period: Period
    total: int
    previous_total: int
    diff: int
    relative: float | None
    by_category: list[Row]
    by_area: list[Row]
    cells: dict[tuple[str, str], Count]
    categories: list[str]
    areas: list[str]
    top_areas: list[Row]
    min_group: int


def _row(key: str, current: Count, previous: Count, serious: int = 0) -> Row:
    diff, relative = change(current.value, previous.value)
    return Row(key, current, previous, diff, relative, serious if not current.hidden else 0)


def _plain_row(key: str, now: int, before: int, min_group: int) -> Row:
    floor = guard(0, min_group).min_group
    return Row(key, Count(now, floor), Count(before, floor), *change(now, before))


def build_picture(
    session: Session, organisations: list[Organisation], period: Period, min_group: int
) -> PeriodicPicture:
    """The periodic picture of `organisations` for `period`, with the privacy floor applied."""
    ids = [org.id for org in organisations]
    before = period.previous()
    now_items = list_incidents(session, ids, period.start, period.end)
    old_items = list_incidents(session, ids, before.start, before.end)
    categories_now = Counter(i.category for i in now_items)
    categories_old = Counter(i.category for i in old_items)
    areas_now = Counter(i.area for i in now_items)
    areas_old = Counter(i.area for i in old_items)
    serious = Counter(i.area for i in now_items if i.severity >= 2)
    cells_now = Counter((i.area, i.category) for i in now_items)
    categories = sorted(set(categories_now) | set(categories_old))
    known_areas = [a for org in organisations for a in org.areas]
    areas = list(dict.fromkeys([*known_areas, *sorted(set(areas_now) | set(areas_old))]))
    # Category totals cover the whole organisation: shown as they are, like survey totals.
    by_category = [_plain_row(c, categories_now[c], categories_old[c], min_group) for c in categories]
    # The period totals are shown, so one hidden area must not be recoverable by subtraction.
    guarded_now = guard_parts({a: areas_now[a] for a in areas}, min_group)
    guarded_old = guard_parts({a: areas_old[a] for a in areas}, min_group)
    by_area = [_row(a, guarded_now[a], guarded_old[a], serious[a]) for a in areas]
    floor = guard(0, min_group).min_group
    cells = guard_table({(a, c): cells_now[(a, c)] for a in areas for c in categories}, min_group)
    # EST: "the places most in need" — most incidents, then most serious ones; hidden counts never rank.
    ranked = sorted(
        (r for r in by_area if r.current.value),
        key=lambda r: (-(r.current.value or 0), -r.serious, r.key),
    )
    total, previous_total = len(now_items), len(old_items)
    diff, relative = change(total, previous_total)
    return PeriodicPicture(
        period=period,
        previous_period=before,
        total=total,
        previous_total=previous_total,
        diff=diff or 0,
        relative=relative,
        by_category=sorted(by_category, key=lambda r: (-(r.current.value or 0), r.key)),
        by_area=by_area,
        cells=cells,
        categories=categories,
        areas=areas,
        top_areas=ranked[:TOP_AREAS],
        min_group=floor,
    )


def load_assessment(session: Session, organisation: Organisation, period: Period) -> PeriodAssessment | None:
    """The saved assessment of `period` for `organisation`, if any."""
    return session.scalar(
        select(PeriodAssessment).where(
            PeriodAssessment.organisation_id == organisation.id,
            PeriodAssessment.period_kind == period.kind,
            PeriodAssessment.period_start == period.start,
        )
    )


def save_assessment(
    session: Session, organisation: Organisation, period: Period, text: str, user: User
) -> PeriodAssessment:
    """Create or replace the assessment of `period` and commit.

    Raises:
        ValueError: when the text is longer than ASSESSMENT_MAX characters.
    """
    text = text.strip()
    if len(text) > ASSESSMENT_MAX:
        raise ValueError(f"the assessment is longer than {ASSESSMENT_MAX} characters")
    found = load_assessment(session, organisation, period)
    if found is None:
        found = PeriodAssessment(
            organisation_id=organisation.id, period_kind=period.kind, period_start=period.start
        )
        session.add(found)
    found.text = text
    found.updated_by_id = user.id
    found.updated_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    session.commit()
    return found
