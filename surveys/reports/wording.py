"""Plain-language sentences and labels of the situation picture, written once for page, PDF and DOCX.

Every function takes a `gettext`-like callable `_` (English source strings) and, where an
area is named, `area_name(code)`. Figures come from SituationReportData as they are;
the only arithmetic here is rounding and the difference between two rounded shares.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from analysis.catalog import (
    N_,
    GroupShares,
    date_span,
    group_shares_sentence,
    join_words,
    label,
    long_date,
    percent,
    plural,
    whole_percent,
)
from analysis.language import quoted_run
from surveys.disclosure.floor import Count
from surveys.insights.incident_summary import IncidentSpan, IncidentSummary
from surveys.insights.report_data import AreaSection, SituationReportData

Gettext = Callable[[str], str]
AreaName = Callable[[str], str]
PARTS = ("share", "severity", "trend", "agreement", "indicator")
_GROUP_SHARES = GroupShares(
    both=N_("Among residents %(residents)s, among staff %(staff)s."),
    residents=N_("Among residents %(residents)s."),
    staff=N_("Among staff %(staff)s."),
)
_GROUP_LABELS = {"resident": N_("Residents"), "staff": N_("Staff")}
_CHANNEL_LABELS = {
    "web": N_("Web"),
    "paper": N_("Paper"),
    "import": N_("Import"),
    "invitation": N_("Invitation link"),
}
_KIND_LABELS = {
    "citizen_dialogue": N_("Citizen dialogue"),
    "staff_dialogue": N_("Staff dialogue"),
    "questionnaire": N_("Safety questionnaire"),
}
_PART_LABELS = {
    "share": N_("How many raised the area"),
    "severity": N_("How serious it is felt to be"),
    "trend": N_("Change since the previous round"),
    "agreement": N_("Agreement between residents and staff"),
    "indicator": N_("Recorded indicators, such as reported crime"),
}
_INCIDENT_TYPE_LABELS = {
    "fire": N_("Fire"),
    "vandalism": N_("Vandalism"),
    "threat": N_("Threat"),
    "drug_related": N_("Drug-related"),
    "youth_gathering": N_("Gathering of young people"),
    "disorder": N_("Disorder"),
    "theft": N_("Theft"),
    "other": N_("Other"),
}


def language(_: Gettext) -> str:
    """The document's language code, as the catalog in use translates it."""
    # Translators: the ISO 639-1 code of your language, for example "sv".
    return _("en")


def signed_percent(change: float, _: Gettext) -> str:
    """A relative change with its sign: '+25 %', '−10 %'."""
    pct = whole_percent(abs(change))
    sign = "" if not pct else "+" if change > 0 else "−"
    return sign + _("%(pct)s%%") % {"pct": pct}


def number(value: float, _: Gettext) -> str:
    """A figure with at most one decimal, in the document's notation."""
    tenths = int(round(abs(value) * 10))
    sign = "−" if value < 0 and tenths else ""
    if tenths % 10 == 0:
        return f"{sign}{tenths // 10}"
    return sign + _("%(whole)s.%(decimals)s") % {"whole": tenths // 10, "decimals": tenths % 10}


def count(value: Count, _: Gettext) -> str:
    """A guarded count: the number, 'fewer than N' when it is known to be, else 'hidden'."""
    if value.hidden:
        if not value.small:
            return _("hidden")
        return _("fewer than %(n)d") % {"n": value.min_group}
    return str(value.value)


def hidden_legend(counts: Iterable[Count], floor: int, _: Gettext) -> str | None:
    """What a map's grey means: 'fewer than N' only when every hidden figure is known to be.

    None when nothing is hidden. A figure hidden so that another cannot be worked out may be
    large, so then grey says only that the figure is not shown.
    """
    hidden = [c for c in counts if c.hidden]
    if not hidden:
        return None
    if all(c.small for c in hidden):
        return _("fewer than %(n)d: not shown") % {"n": floor}
    return _("not shown, to protect individuals")


def quoted(text: str, _: Gettext) -> str:
    """A respondent's words in the language's quotation marks."""
    return _("“%(quote)s”") % {"quote": text}


def in_sentence(name: str) -> str:
    """An area name as it reads inside a sentence ('Narkotika' → 'narkotika'), acronyms kept."""
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def group_label(key: str, _: Gettext) -> str:
    """Residents or Staff."""
    return label(_GROUP_LABELS, key, _)


def channel_label(key: str, _: Gettext) -> str:
    """How the answers came in."""
    return label(_CHANNEL_LABELS, key, _)


def kind_label(key: str, _: Gettext) -> str:
    """The kind of survey."""
    return label(_KIND_LABELS, key, _)


def place_label(key: str, _: Gettext) -> str:
    """A part of the municipality; '–' is respondents who did not say."""
    return _("Not stated") if key in ("", "–") else key


def part_label(key: str, _: Gettext) -> str:
    """What each part of the priority score measures."""
    return label(_PART_LABELS, key, _)


def title(data: SituationReportData, _: Gettext) -> str:
    """'Situation picture 2026'."""
    return _("Situation picture %(round)s") % {"round": data.round_label}


def status(data: SituationReportData, _: Gettext) -> str:
    """Whether the ranking has been decided."""
    if data.saved:
        return _("The ranking of the areas has been decided.")
    return _("Draft: the ranking is calculated from the answers and has not yet been decided.")


def respondents_sentence(data: SituationReportData, _: Gettext) -> str:
    """How many answered, how many of them wrote in their own words, and per group.

    The figures of the report count those whose free-text answers count; when fewer
    did than answered, the sentence says both, so that neither is taken for the other.
    """
    answered = data.answered
    if answered is not None and answered.value != data.respondents.value:
        return _answered_and_wrote(data, answered, _)
    residents, staff = data.by_group.get("resident"), data.by_group.get("staff")
    if residents is not None and staff is not None and (residents.hidden or staff.hidden):
        # Never a bound that may be false ("fewer than 5 residents" when 28 answered).
        return _(
            "%(total)s people answered; how many were residents and how many staff "
            "is hidden to protect individuals."
        ) % {"total": count(data.respondents, _)}
    if residents is not None and staff is not None:
        return _("%(total)s people answered: %(residents)s residents and %(staff)s staff.") % {
            "total": count(data.respondents, _),
            "residents": count(residents, _),
            "staff": count(staff, _),
        }
    return _("%(total)s people answered.") % {"total": count(data.respondents, _)}


def _answered_and_wrote(data: SituationReportData, answered: Count, _: Gettext) -> str:
    """'48 people answered; 46 of them wrote in their own words.' and who those were."""
    opening = plural(
        "%(total)s person answered; %(wrote)s of them wrote in their own words.",
        "%(total)s people answered; %(wrote)s of them wrote in their own words.",
        answered.value or 0,
        _,
    ) % {"total": count(answered, _), "wrote": count(data.respondents, _)}
    residents, staff = data.by_group.get("resident"), data.by_group.get("staff")
    if data.respondents.hidden or residents is None or staff is None:
        return opening
    if residents.hidden or staff.hidden:
        groups = _(
            "How many of those who wrote were residents and how many staff is hidden to protect individuals."
        )
    else:
        groups = _("Of those who wrote, %(residents)s were residents and %(staff)s staff.") % {
            "residents": count(residents, _),
            "staff": count(staff, _),
        }
    return f"{opening} {groups}"


def top_areas_sentence(data: SituationReportData, _: Gettext, area_name: AreaName, top: int = 3) -> str:
    """'The most important areas are drugs, traffic and lighting.'"""
    names = [in_sentence(area_name(s.theme)) for s in data.sections[:top]]
    if not names:
        return _("No problem area has been identified in the answers yet.")
    if len(names) == 1:
        return _("The most important area is %(area)s.") % {"area": names[0]}
    return _("The most important areas are %(areas)s.") % {"areas": join_words(names, _)}


def share_sentence(section: AreaSection, _: Gettext, area_name: AreaName) -> str:
    """'46 % of the respondents (19 people) raised drugs.'"""
    area = in_sentence(area_name(section.theme))
    if section.share is None:
        return _("Fewer than %(n)d respondents raised %(area)s; to protect them, no share is shown.") % {
            "n": section.respondents.min_group,
            "area": area,
        }
    return _("%(pct)s of the respondents (%(n)s people) raised %(area)s.") % {
        "pct": percent(section.share, _),
        "n": count(section.respondents, _),
        "area": area,
    }


def groups_sentence(section: AreaSection, _: Gettext) -> str:
    """'Among residents 48 %, among staff 43 %.'"""
    return group_shares_sentence(section.share_residents, section.share_staff, _GROUP_SHARES, _)


def change_points(section: AreaSection) -> int | None:
    """Percentage points between the rounded shares of this round and the previous one."""
    if section.share is None or section.previous_share is None:
        return None
    return whole_percent(section.share) - whole_percent(section.previous_share)


def points(change: int | None) -> str:
    """A change in percentage points with its sign: '+21', '−8', '0'; '–' when unknown."""
    if change is None:
        return "–"
    return f"{change:+d}".replace("-", "−") if change else "0"


def previous_sentence(section: AreaSection, data: SituationReportData, _: Gettext) -> str:
    """'In the previous round (2025) the share was 25 %; it has since risen by 21 percentage points.'"""
    if section.previous_share is None or not data.previous_round:
        return ""
    values = {"round": data.previous_round, "pct": percent(section.previous_share, _)}
    points = change_points(section)
    if points is None:
        return _("In the previous round (%(round)s) the share was %(pct)s.") % values
    if points > 0:
        text = plural(
            "In the previous round (%(round)s) the share was %(pct)s; "
            "it has since risen by %(n)d percentage point.",
            "In the previous round (%(round)s) the share was %(pct)s; "
            "it has since risen by %(n)d percentage points.",
            abs(points),
            _,
        )
    elif points < 0:
        text = plural(
            "In the previous round (%(round)s) the share was %(pct)s; "
            "it has since fallen by %(n)d percentage point.",
            "In the previous round (%(round)s) the share was %(pct)s; "
            "it has since fallen by %(n)d percentage points.",
            abs(points),
            _,
        )
    else:
        text = _("In the previous round (%(round)s) the share was also %(pct)s.")
    return text % {**values, "n": abs(points)}


def figures_paragraph(
    section: AreaSection, data: SituationReportData, _: Gettext, area_name: AreaName
) -> str:
    """Share, groups and the previous round in one paragraph."""
    sentences = (
        share_sentence(section, _, area_name),
        groups_sentence(section, _),
        previous_sentence(section, data, _),
    )
    return " ".join(s for s in sentences if s)


def background_sentences(section: AreaSection, _: Gettext) -> list[str]:
    """Severity, indicators and a manual change of rank, when there are any."""
    found = []
    if section.severity is not None:
        found.append(
            _(
                "Severity: %(score)d of 100, based on how unsafe those who raised the area feel and how "
                "big a problem respondents rate it."
            )
            % {"score": whole_percent(section.severity)}
        )
    if section.indicator_change is not None:
        found.append(
            _("Recorded indicators for the area changed by %(change)s between the two latest periods.")
            % {"change": signed_percent(section.indicator_change, _)}
        )
    if section.override_reason:
        found.append(_("The rank was set by hand: %(reason)s") % {"reason": section.override_reason})
    return found


def places_sentence(section: AreaSection, _: Gettext) -> str:
    """Where those who raised the area live or work."""
    if not section.areas:
        return ""
    places = ", ".join(f"{place_label(place, _)} ({count(n, _)})" for place, n in section.areas)
    return _("Where those who raised the area live or work: %(places)s.") % {"places": places}


def concern_item(label: str, respondents: Count, _: Gettext) -> str:
    """'Drug dealing near schools (12 respondents)'."""
    # The label is the answers' words, in their language: set off so the page and documents can mark it.
    return _("%(concern)s (%(n)s respondents)") % {"concern": quoted_run(label), "n": count(respondents, _)}


def comparison_sentences(data: SituationReportData, _: Gettext, area_name: AreaName) -> list[str]:
    """Which areas were raised more and less often than in the previous round."""
    changes = [(s, change_points(s)) for s in data.sections]
    up = [in_sentence(area_name(s.theme)) for s, p in changes if p is not None and p > 0]
    down = [in_sentence(area_name(s.theme)) for s, p in changes if p is not None and p < 0]
    found = []
    if up:
        found.append(
            _("Raised more often than in %(round)s: %(areas)s.")
            % {"round": data.previous_round, "areas": join_words(up, _)}
        )
    if down:
        found.append(
            _("Raised less often than in %(round)s: %(areas)s.")
            % {"round": data.previous_round, "areas": join_words(down, _)}
        )
    return found


def incident_type_label(key: str, _: Gettext) -> str:
    """The kind of incident, as on the incident form."""
    return label(_INCIDENT_TYPE_LABELS, key, _)


def span_text(span: IncidentSpan, _: Gettext) -> str:
    """'1 maj 2024 – 30 april 2026'."""
    return date_span(span.start, span.last_day, _)


def difference(diff: int | None) -> str:
    """A difference in counts with its sign: '+3', '−2', '0'; a dash when it cannot be shown."""
    if diff is None:
        return "–"
    return f"{diff:+d}".replace("-", "−") if diff else "0"


def period_total_sentence(total: Count, previous: Count, diff: int | None, _: Gettext) -> str:
    """'8 incidents (previous period 3, change +5).' — or, when a total is hidden, what can be said."""
    if total.value is not None and previous.value is not None and diff is not None:
        return plural(
            "%(n)d incident (previous period %(before)d, change %(diff)s).",
            "%(n)d incidents (previous period %(before)d, change %(diff)s).",
            total.value,
            _,
        ) % {"n": total.value, "before": previous.value, "diff": difference(diff)}
    return _("Incidents: %(n)s (previous period %(before)s).") % {
        "n": _total_text(total, _),
        "before": _total_text(previous, _),
    }


def _total_text(total: Count, _: Gettext) -> str:
    if total.value is not None:
        return str(total.value)
    return _("fewer than %(n)d") % {"n": total.min_group} if total.small else _("not shown")


def incidents_total_sentence(summary: IncidentSummary, _: Gettext) -> str:
    """How many incidents were recorded in the two years, against the two years before."""
    total, before = summary.total, summary.previous_total
    values = {
        "start": long_date(summary.span.start, _),
        "end": long_date(summary.span.last_day, _),
        "n": _total_text(total, _),
        "before": _total_text(before, _),
        "since": long_date(summary.recorded_since, _) if summary.recorded_since else "",
    }
    if not summary.comparable:
        if total.value == 0:
            return _("No incidents were recorded from %(start)s to %(end)s.") % values
        return (
            _(
                "Incidents recorded from %(start)s to %(end)s: %(n)s. The first incident was recorded on "
                "%(since)s, so there is no earlier period of the same length to compare with."
            )
            % values
        )
    if total.value == 0 and before.value == 0:
        return _("No incidents were recorded from %(start)s to %(end)s or in the two years before.") % values
    if total.value == 0:
        return (
            _(
                "No incidents were recorded from %(start)s to %(end)s, against %(before)s in the two years "
                "before."
            )
            % values
        )
    if before.value == 0:
        return (
            _(
                "Incidents recorded from %(start)s to %(end)s: %(n)s. None were recorded in the two years "
                "before."
            )
            % values
        )
    if summary.relative is None:  # a hidden total: no change can be given either
        return (
            _(
                "Incidents recorded from %(start)s to %(end)s: %(n)s, against %(before)s in the two years "
                "before."
            )
            % values
        )
    return _(
        "Incidents recorded from %(start)s to %(end)s: %(n)s, against %(before)s in the two years before "
        "(%(change)s)."
    ) % {**values, "change": signed_percent(summary.relative, _)}


def incidents_sentences(summary: IncidentSummary, _: Gettext, area_name: AreaName, top: int = 3) -> list[str]:
    """The problem picture of the incidents: total and change, the largest problem areas, how serious."""
    found = [incidents_total_sentence(summary, _)]
    largest = [
        _("%(area)s (%(n)d)") % {"area": in_sentence(area_name(r.category)), "n": r.count.value}
        for r in summary.by_category[:top]
        if r.count.value
    ]
    if largest:
        found.append(_("Most concern %(areas)s.") % {"areas": join_words(largest, _)})
    if summary.serious_share is not None:
        share = percent(summary.serious_share, _)
        found.append(_("%(pct)s were rated serious or very serious.") % {"pct": share})
    return found


def theme_incidents_sentence(data: SituationReportData, _: Gettext, area_name: AreaName) -> str:
    """What residents and staff raised set beside what partners recorded, for the highest-ranked match."""
    pair = next((p for p in data.theme_incidents if p.share is not None and p.incidents.value), None)
    if pair is None:
        return ""
    return _(
        "%(pct)s of the respondents raised %(area)s; the number of incidents recorded in the same problem "
        "area was %(n)d."
    ) % {"pct": percent(pair.share, _), "area": in_sentence(area_name(pair.theme)), "n": pair.incidents.value}
