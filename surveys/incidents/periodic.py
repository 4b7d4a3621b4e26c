"""The periodic situation picture: incidents of one week, month or quarter against the one before.

Incidents are not respondents, but a small count in one neighbourhood and one
problem area can point at a person, so every figure of the picture keeps the privacy
floor: the period total, the category totals, the areas, area × category cells and
the serious incidents per area are guarded together (see `guard_relations`), so that
no hidden figure can be worked out from the totals the same picture shows, nor from the
quarter it belongs to (a month is guarded with its quarter and the quarter's other months).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.periods import Period, change, period_containing
from surveys.accounts.models import User
from surveys.disclosure.floor import Count, guard, guard_relations
from surveys.incidents.models import PeriodAssessment
from surveys.incidents.reporting import list_incidents
from surveys.localtime import local_date
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
    serious: Count | None = None  # incidents rated serious or very serious, guarded


@dataclass(frozen=True)
class PeriodicPicture:
    """Counts of a period and the one before, by category, by area and by area × category."""

    period: Period
    previous_period: Period
    total: Count  # guarded with the tables it sums: hidden under the floor or where it would give
    previous_total: Count  # a hidden cell away
    diff: int | None  # None when either total is hidden
    relative: float | None
    by_category: list[Row]
    by_area: list[Row]
    cells: dict[tuple[str, str], Count]
    categories: list[str]
    areas: list[str]
    top_areas: list[Row]
    min_group: int


def _row(key: str, current: Count, previous: Count, serious: Count | None = None) -> Row:
    diff, relative = change(current.value, previous.value)
    return Row(key, current, previous, diff, relative, serious)


Relations = list[tuple[Hashable, Sequence[Hashable]]]


def _block(items: Sequence, areas: list[str], categories: list[str], tag: str) -> tuple[dict, Relations, set]:
    """The figures one period shows, keyed under `tag`, and the sums that tie them.

    Keys: (tag, "total"), (tag, "category", c), (tag, "area", a), (tag, "cell", a, c),
    (tag, "serious", a). The non-serious incidents of an area are never shown but follow
    from the area and its serious ones, so they take part as a figure that is always hidden.
    """
    values: dict[Hashable, int] = {(tag, "total"): len(items)}
    values |= {(tag, "category", c): 0 for c in categories}
    values |= {(tag, "area", a): 0 for a in areas}
    values |= {(tag, "cell", a, c): 0 for a in areas for c in categories}
    values |= {(tag, kind, a): 0 for a in areas for kind in ("serious", "mild")}
    for item in items:
        values[(tag, "category", item.category)] += 1
        values[(tag, "area", item.area)] += 1
        values[(tag, "cell", item.area, item.category)] += 1
        values[(tag, "serious" if item.severity >= 2 else "mild", item.area)] += 1
    relations: Relations = [
        ((tag, "total"), [(tag, "category", c) for c in categories]),
        ((tag, "total"), [(tag, "area", a) for a in areas]),
        *(((tag, "area", a), [(tag, "cell", a, c) for c in categories]) for a in areas),
        *(((tag, "category", c), [(tag, "cell", a, c) for a in areas]) for c in categories),
        *(((tag, "area", a), [(tag, "serious", a), (tag, "mild", a)]) for a in areas),
    ]
    return values, relations, {(tag, "mild", a) for a in areas}


def _guard_span(
    session: Session, ids: list[int], period: Period, areas: list[str], min_group: int
) -> dict[Hashable, Count]:
    """Every figure of the span `period` is guarded in, keyed by (period label, *key).

    A month is guarded together with the other months of its quarter and the quarter itself,
    and a quarter with its months: the quarter is the sum of its months, so a month hidden on
    its own page could otherwise be worked out as the quarter minus the months shown. Weeks
    do not add up to months or quarters and are guarded alone.
    """
    if period.kind == "week":
        parts = [period]
        whole: Period | None = None
    else:
        whole = _span(period)
        parts = [period_containing("month", whole.start)]
        while parts[-1].end < whole.end:
            parts.append(parts[-1].next())
    span = whole or period
    items = list_incidents(session, ids, span.start, span.end)
    categories = sorted({i.category for i in items})
    areas = list(dict.fromkeys([*areas, *sorted({i.area for i in items})]))
    values: dict[Hashable, int] = {}
    relations: Relations = []
    unshown: set = set()
    blocks = [(p.label, [i for i in items if p.contains(local_date(i.occurred_at))]) for p in parts]
    if whole is not None:
        blocks.append((whole.label, items))
    for tag, block_items in blocks:
        block_values, block_relations, block_unshown = _block(block_items, areas, categories, tag)
        values |= block_values
        relations += block_relations
        unshown |= block_unshown
    if whole is not None:  # the quarter is the sum of its months, figure by figure
        # (Not for the never-shown non-serious counts: that sum follows from the others.)
        for key in [k for k in values if isinstance(k, tuple) and k[0] == whole.label and k[1] != "mild"]:
            relations.append((key, [(p.label, *key[1:]) for p in parts]))
    # Where a month and its quarter cannot both be shown, the quarter gives way: the months are
    # the picture people read, and the current quarter is unfinished anyway.
    quarter_keys = {k for k in values if whole is not None and isinstance(k, tuple) and k[0] == whole.label}
    return guard_relations(values, relations, min_group, never_shown=unshown, sacrifice_first=quarter_keys)


def _span(period: Period) -> Period:
    """What `period` is guarded together with: its quarter, or the week itself."""
    return period if period.kind in ("week", "quarter") else period_containing("quarter", period.start)


def build_picture(
    session: Session, organisations: list[Organisation], period: Period, min_group: int
) -> PeriodicPicture:
    """The periodic picture of `organisations` for `period`, with the privacy floor applied."""
    ids = [org.id for org in organisations]
    before = period.previous()
    now_items = list_incidents(session, ids, period.start, period.end)
    old_items = list_incidents(session, ids, before.start, before.end)
    categories = sorted({i.category for i in now_items} | {i.category for i in old_items})
    known_areas = [a for org in organisations for a in org.areas]
    seen_areas = {i.area for i in now_items} | {i.area for i in old_items}
    areas = list(dict.fromkeys([*known_areas, *sorted(seen_areas)]))
    floor = guard(0, min_group).min_group
    zero = Count(0, floor)
    spans: dict[Period, dict[Hashable, Count]] = {}  # two months of one quarter: guarded once

    def figures(of: Period) -> defaultdict[Hashable, Count]:
        span = _span(of)
        if span not in spans:
            spans[span] = _guard_span(session, ids, of, areas, min_group)
        mine = {k[1:]: c for k, c in spans[span].items() if isinstance(k, tuple) and k[0] == of.label}
        return defaultdict(lambda: zero, mine)

    now, old = figures(period), figures(before)
    by_category = [_row(c, now[("category", c)], old[("category", c)]) for c in categories]
    by_area = [_row(a, now[("area", a)], old[("area", a)], now[("serious", a)]) for a in areas]
    cells = {(a, c): now[("cell", a, c)] for a in areas for c in categories}
    # EST: "the places most in need" — most incidents, then most serious ones; hidden counts never rank.
    ranked = sorted(
        (r for r in by_area if r.current.value),
        key=lambda r: (-(r.current.value or 0), -((r.serious and r.serious.value) or 0), r.key),
    )
    total, previous_total = now[("total",)], old[("total",)]
    diff, relative = change(total.value, previous_total.value)
    return PeriodicPicture(
        period=period,
        previous_period=before,
        total=total,
        previous_total=previous_total,
        diff=diff,
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
