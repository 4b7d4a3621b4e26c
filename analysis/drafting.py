"""Plain-language prose for plan drafts (citizen pledges, action plans) from figures passed in.

Pure: dataclasses in, text out. Every sentence goes through the `gettext` callable given,
so the same figures give Swedish or English text; placeholders are filled with `%`.
The text uses a small block syntax the documents understand: paragraphs separated by a
blank line, "- " for a list item and "> " for a quotation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from analysis.catalog import (
    N_,
    GroupShares,
    decimal,
    group_shares_sentence,
    join_words,
    label,
    long_date,
    percent,
    plural,
)
from analysis.language import quoted_run

Gettext = Callable[[str], str]
# Shares closer than this (in percentage points) count as unchanged between rounds.
UNCHANGED_POINTS = 3
MAX_PLACES = 3
MAX_CONCERNS = 3
_GROUP_SHARES = GroupShares(
    both=N_("Among residents the share was %(residents)s and among staff %(staff)s."),
    residents=N_("Among residents the share was %(residents)s."),
    staff=N_("Among staff the share was %(staff)s."),
)
_SECTION_TITLES = {
    "problem_picture": N_("Problem picture"),
    "implementation": N_("Implementation"),
    "communication": N_("Communication"),
    "follow_up": N_("Follow-up"),
    "timetable": N_("Timetable"),
    "contact": N_("Contact"),
}
_SOURCE_NAMES = {
    "citizen_dialogue": N_("citizen dialogues"),
    "staff_dialogue": N_("staff dialogues"),
    "questionnaire": N_("safety questionnaires"),
}


@dataclass(frozen=True)
class IndicatorTrend:
    """An outside statistic matching an area, in its two latest periods."""

    name: str
    earlier_period: str
    earlier_value: float
    latest_period: str
    latest_value: float


@dataclass(frozen=True)
class AreaFigures:
    """What the data says about one priority area, privacy floor already applied.

    `respondents` is None when fewer than `min_group` people raised the area; shares are
    fractions 0–1 or None when not shown.
    """

    theme: str
    name: str
    rank: int
    respondents: int | None
    min_group: int
    share: float | None = None
    share_residents: float | None = None
    share_staff: float | None = None
    previous_share: float | None = None
    previous_round: str = ""
    places: tuple[tuple[str, int], ...] = ()
    # What the area's respondents are concerned about: cluster labels (phrases from the
    # answers, never keyword lists) with how many respondents each stands for.
    concerns: tuple[tuple[str, int | None], ...] = ()
    indicators: tuple[IndicatorTrend, ...] = ()
    quotes: tuple[str, ...] = ()
    # Why officials placed the area at its rank by hand; empty when the answers' ranking stands.
    override_reason: str = ""


@dataclass(frozen=True)
class RoundFigures:
    """Who answered in the round a plan is based on (None: under the privacy floor)."""

    organisation: str
    round_label: str
    respondents: int | None
    residents: int | None
    staff: int | None
    kinds: tuple[str, ...]
    min_group: int
    # Everyone who answered, free text or not; `respondents` and the groups count those whose
    # free-text answers count. None: not known, or under the privacy floor.
    answered: int | None = None


@dataclass(frozen=True)
class PlanFacts:
    """The plan being drafted: its kind, parties and period."""

    kind: str
    parties: tuple[str, ...]
    period_start: dt.date
    period_end: dt.date


def period_label(start: dt.date, end: dt.date) -> str:
    """'2026–2027' for whole calendar years, else the two dates."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    return f"{start.isoformat()} – {end.isoformat()}"


def kind_name(kind: str, gettext: Gettext) -> str:
    """'Citizen pledges' or 'Action plan'."""
    return gettext("Action plan") if kind == "action_plan" else gettext("Citizen pledges")


def plan_title(facts: PlanFacts, gettext: Gettext) -> str:
    """The document title, e.g. 'Citizen pledges 2026–2027'."""
    return f"{kind_name(facts.kind, gettext)} {period_label(facts.period_start, facts.period_end)}"


def section_title(key: str, gettext: Gettext) -> str:
    """Heading of a fixed section of a plan."""
    return label(_SECTION_TITLES, key, gettext)


def source_names(kinds: Sequence[str], gettext: Gettext) -> str:
    """The kinds of survey in a round, as words."""
    known = [k for k in dict.fromkeys(kinds) if k in _SOURCE_NAMES]
    return join_words([label(_SOURCE_NAMES, k, gettext) for k in known], gettext)


def problem_picture(round_figures: RoundFigures, areas: Sequence[AreaFigures], gettext: Gettext) -> str:
    """The opening of the plan: who answered and which areas came out as most important."""
    _ = gettext
    r = round_figures
    wrote_fewer = r.answered is not None and r.answered != r.respondents
    if r.respondents is None and wrote_fewer:
        who = plural(
            "%(n)d person answered in the %(round)s round of %(sources)s; fewer than %(floor)d of them "
            "wrote in their own words, so no numbers are shown.",
            "%(n)d people answered in the %(round)s round of %(sources)s; fewer than %(floor)d of them "
            "wrote in their own words, so no numbers are shown.",
            r.answered or 0,
            _,
        ) % {
            "n": r.answered,
            "round": r.round_label or "–",
            "sources": source_names(r.kinds, _) or _("the survey"),
            "floor": r.min_group,
        }
    elif r.respondents is None:
        who = plural(
            "Fewer than %(n)d person answered, so no numbers are shown.",
            "Fewer than %(n)d people answered, so no numbers are shown.",
            r.min_group,
            _,
        ) % {"n": r.min_group}
    else:
        if wrote_fewer:
            answered = plural(
                "%(n)d person answered in the %(round)s round of %(sources)s; %(wrote)d of them wrote in "
                "their own words.",
                "%(n)d people answered in the %(round)s round of %(sources)s; %(wrote)d of them wrote in "
                "their own words.",
                r.answered or 0,
                _,
            )
        else:
            answered = plural(
                "%(n)d person answered in the %(round)s round of %(sources)s.",
                "%(n)d people answered in the %(round)s round of %(sources)s.",
                r.respondents,
                _,
            )
        who = answered % {
            "n": r.answered if wrote_fewer else r.respondents,
            "wrote": r.respondents,
            "round": r.round_label or "–",
            "sources": source_names(r.kinds, _) or _("the survey"),
        }
        groups = [
            plural("%(n)d resident", "%(n)d residents", r.residents, _) % {"n": r.residents}
            if r.residents
            else "",
            plural("%(n)d staff member", "%(n)d staff members", r.staff, _) % {"n": r.staff}
            if r.staff
            else "",
        ]
        if r.residents and r.staff and wrote_fewer:
            who += " " + _("Among those who wrote were %(groups)s.") % {"groups": join_words(groups, _)}
        elif r.residents and r.staff:
            who += " " + _("Among them were %(groups)s.") % {"groups": join_words(groups, _)}
    placed_by_hand = [a for a in areas if a.override_reason]
    if placed_by_hand:
        # Saying "the answers show" would be untrue when officials moved an area up or down.
        lead = plural(
            "The area chosen to work on in %(place)s, from the answers and the officials' assessment, is:",
            "The %(n)d areas chosen to work on in %(place)s, from the answers and the officials' "
            "assessment, are:",
            len(areas),
            _,
        )
    else:
        lead = plural(
            "The answers show that the most important area to work on in %(place)s is:",
            "The answers show that the %(n)d most important areas to work on in %(place)s are:",
            len(areas),
            _,
        )
    lead = lead % {"n": len(areas), "place": r.organisation}
    items = "\n".join(f"- {a.name}" for a in areas)
    reasons = [
        _("%(area)s was placed at its rank by hand: %(reason)s")
        % {"area": a.name, "reason": a.override_reason.strip().rstrip(".") + "."}
        for a in placed_by_hand
    ]
    if reasons:
        items += "\n\n" + " ".join(reasons)
    return f"{who}\n\n{lead}\n{items}"


def area_description(area: AreaFigures, gettext: Gettext) -> str:
    """The problem description of one area: figures, places, trend, statistics, quotes."""
    _ = gettext
    if area.respondents is None or area.share is None:
        hidden = plural(
            "Fewer than %(n)d person raised this area, so no numbers or quotes are shown.",
            "Fewer than %(n)d people raised this area, so no numbers or quotes are shown.",
            area.min_group,
            _,
        )
        return hidden % {"n": area.min_group}
    blocks = [
        " ".join(
            s
            for s in (
                _share_sentence(area, _),
                group_shares_sentence(area.share_residents, area.share_staff, _GROUP_SHARES, _),
            )
            if s
        )
    ]
    for sentence in (_places_sentence(area, _), _trend_sentence(area, _), _concerns_list(area, _)):
        if sentence:
            blocks.append(sentence)
    if area.indicators:
        lines = [_("Other statistics:")] + [f"- {_indicator_line(i, _)}" for i in area.indicators]
        blocks.append("\n".join(lines))
    if area.quotes:
        blocks.append("\n".join([_("In their own words:")] + [f"> {q}" for q in area.quotes]))
    return "\n\n".join(blocks)


def _share_sentence(area: AreaFigures, _: Gettext) -> str:
    sentence = plural(
        "%(share)s of those who answered (%(n)d person) raised %(area)s.",
        "%(share)s of those who answered (%(n)d people) raised %(area)s.",
        area.respondents or 0,
        _,
    )
    return sentence % {
        "share": percent(area.share or 0.0, _),
        "n": area.respondents,
        "area": area.name.lower(),
    }


def _places_sentence(area: AreaFigures, _: Gettext) -> str:
    places = [f"{name} ({n})" for name, n in area.places[:MAX_PLACES] if name and name != "–"]
    if not places:
        return ""
    return _("It was raised most by people in %(places)s.") % {"places": join_words(places, _)}


def _trend_sentence(area: AreaFigures, _: Gettext) -> str:
    if area.previous_share is None or area.share is None:
        return ""
    before, now = area.previous_share, area.share
    values = {"round": area.previous_round or "–", "before": percent(before, _), "now": percent(now, _)}
    if abs(now - before) * 100 < UNCHANGED_POINTS:
        return _("The share is about the same as in the previous round (%(round)s, %(before)s).") % values
    if now > before:
        rose = _("Since the previous round (%(round)s) the share has risen from %(before)s to %(now)s.")
        return rose % values
    fell = _("Since the previous round (%(round)s) the share has fallen from %(before)s to %(now)s.")
    return fell % values


def _concerns_list(area: AreaFigures, _: Gettext) -> str:
    """The area's largest concerns by name and count: "- Mörkt i parken (12 svarande)"."""
    concerns = [(name, n) for name, n in area.concerns[:MAX_CONCERNS] if name]
    if not concerns:
        return ""
    # The concerns are the answers' words, in their language: set off so pages and documents can mark it.
    items = [
        _("%(concern)s (%(n)s respondents)") % {"concern": quoted_run(name), "n": n}
        if n is not None
        else quoted_run(name)
        for name, n in concerns
    ]
    return "\n".join([_("What respondents are concerned about:")] + [f"- {item}" for item in items])


def _indicator_line(trend: IndicatorTrend, _: Gettext) -> str:
    change = ""
    if trend.earlier_value:
        relative = trend.latest_value / trend.earlier_value - 1
        change = f" ({'+' if relative >= 0 else '−'}{percent(abs(relative), _)})"
    return (
        _("%(name)s: %(before)s in %(earlier)s and %(after)s in %(latest)s")
        % {
            "name": trend.name,
            "before": decimal(trend.earlier_value, _),
            "earlier": trend.earlier_period,
            "after": decimal(trend.latest_value, _),
            "latest": trend.latest_period,
        }
        + change
    )


def commitments_lead(gettext: Gettext) -> str:
    """The sentence introducing an area's commitments."""
    return gettext("To do this, we commit to:")


def implementation_text(facts: PlanFacts, gettext: Gettext) -> str:
    """How the plan is carried out."""
    _ = gettext
    named = [party for party in facts.parties if party]
    if len(named) >= 2:
        # "mellan A och B", never the list's "A samt B": the parties of a "between".
        values = {"first": ", ".join(named[:-1]), "last": named[-1]}
        if facts.kind == "action_plan":
            first = _("The measures are carried out within the cooperation between %(first)s and %(last)s.")
        else:
            first = _(
                "The pledges are part of the existing cooperation agreement between %(first)s and %(last)s."
            )
    else:
        values = {"parties": join_words(named, _)}
        if facts.kind == "action_plan":
            first = _("The measures are carried out within the cooperation between %(parties)s.")
        else:
            first = _("The pledges are part of the existing cooperation agreement between %(parties)s.")
    return "\n\n".join(
        [
            first % values,
            _(
                "Each commitment has a responsible party. Based on the commitments, the parties draw up "
                "implementation plans together or each on their own."
            ),
            _("Everything that is done is logged, so that progress can be followed during the whole period."),
        ]
    )


def communication_text(facts: PlanFacts, gettext: Gettext) -> str:
    """How residents are told about the plan and its progress."""
    _ = gettext
    return "\n\n".join(
        [
            _(
                "The police and the municipality tell residents together about the commitments and how "
                "the work is going, for example in newsletters, on the municipality's website and in social "
                "media."
            ),
            _("Progress on each commitment is shown on a public web page that is updated during the period."),
        ]
    )


def follow_up_text(facts: PlanFacts, gettext: Gettext, report_due: dt.date) -> str:
    """How and when the plan is followed up."""
    _ = gettext
    return "\n\n".join(
        [
            _(
                "The work is followed up continuously and reported to the head of the local police area and "
                "to the municipal executive board."
            ),
            _("A written follow-up is made no later than %(date)s.") % {"date": long_date(report_due, _)},
            _("The next citizen dialogue shows whether residents notice a difference."),
        ]
    )


def timetable_text(facts: PlanFacts, gettext: Gettext) -> str:
    """The period the plan applies for."""
    _ = gettext
    values = {"start": long_date(facts.period_start, _), "end": long_date(facts.period_end, _)}
    if facts.kind == "action_plan":
        return _("The action plan applies from %(start)s to %(end)s.") % values
    return _("The pledges apply from %(start)s to %(end)s.") % values


def contact_text(facts: PlanFacts, gettext: Gettext) -> str:
    """Contact lines per party, with a placeholder for the officials to fill in."""
    _ = gettext
    lead = _("Questions about the commitments can be sent to:")
    placeholder = _("[name, role, telephone, e-mail]")
    return "\n".join([lead] + [f"- {party}: {placeholder}" for party in facts.parties])
