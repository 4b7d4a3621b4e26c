"""The situation picture as an ordered list of blocks that the page, PDF and DOCX each lay out.

Building the outline once keeps the three formats saying exactly the same thing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from analysis.catalog import long_date, plural
from analysis.hotspots import HotSpot
from analysis.language import quoted_run
from surveys.disclosure.floor import Count
from surveys.insights.incident_summary import IncidentSummary
from surveys.insights.report_data import AreaSection, SituationReportData
from surveys.reports import charts, maps
from surveys.reports import wording as w
from surveys.reports.blocks import (
    Block,
    Bullets,
    Chart,
    Heading,
    MapImage,
    Outline,
    PageBreak,
    Paragraph,
    Quote,
    Table,
)
from surveys.reports.wording import AreaName, Gettext


def build_outline(data: SituationReportData, _: Gettext, area_name: AreaName) -> Outline:
    """Everything the situation picture says, in reading order."""
    blocks: list[Block] = []
    blocks += _summary(data, _, area_name)
    blocks += _method(data, _)
    blocks += [PageBreak(), *_priorities(data, _, area_name)]
    blocks += _marked_places(data, _)
    blocks += _indicators(data, _, area_name)
    blocks += _incidents(data, _, area_name)
    blocks += _comparison(data, _, area_name)
    if data.sections:
        blocks += [PageBreak(), Heading(_("Appendix: figures per area"), 1)]
        for section in data.sections:
            blocks += _appendix(section, data, _, area_name)
    return Outline(
        language=w.language(_),
        organisation=data.organisation,
        title=w.title(data, _),
        subtitle=_("Crime prevention and safety: what residents and staff told us"),
        status=w.status(data, _),
        blocks=tuple(blocks),
    )


def _chart(name: str, data: SituationReportData, _: Gettext, area_name: AreaName) -> list[Block]:
    if name not in charts.available(data):
        return []
    width, height = charts.size(name, data)
    return [
        Chart(
            name,
            charts.caption(name, data, _),
            charts.alt_text(name, data, _, area_name),
            width,
            height,
            table=charts.table(name, data, _, area_name),
        )
    ]


def _map(name: str, data: SituationReportData, _: Gettext) -> list[Block]:
    if name not in maps.available(data):
        return []
    width, height = maps.report_size(name, data, _)
    return [MapImage(name, maps.caption(name, data, _), maps.alt_text(name, data, _), width, height)]


def _summary(data: SituationReportData, _: Gettext, area_name: AreaName) -> list[Block]:
    blocks: list[Block] = [
        Heading(_("Summary"), 1),
        Paragraph(w.top_areas_sentence(data, _, area_name), lead=True),
    ]
    if data.sections:
        blocks.append(Bullets(tuple(w.figures_paragraph(s, data, _, area_name) for s in data.sections[:3])))
    blocks.append(Paragraph(f"{w.respondents_sentence(data, _)} {w.status(data, _)}"))
    if data.incidents is not None and data.incidents.recorded:
        blocks.append(Paragraph(w.incidents_total_sentence(data.incidents, _)))
    blocks += [
        Paragraph(
            _(
                "The situation picture is the basis for the joint priorities of the municipality and the "
                "police and for the citizen pledges that follow from them."
            )
        ),
    ]
    return blocks + _chart("areas", data, _, area_name)


def _tally_table(
    caption: str, column: str, tallies: Mapping[str, Count], label: Callable[[str, Gettext], str], _: Gettext
) -> Table:
    rows = tuple((label(key, _), w.count(n, _)) for key, n in tallies.items())
    return Table(caption, (column, _("Respondents")), rows, numeric=(1,))


def _method(data: SituationReportData, _: Gettext) -> list[Block]:
    # Survey titles are given in Swedish whatever the report's language: set off to be marked as such.
    surveys = tuple(
        (quoted_run(title), w.kind_label(kind, _), period or _("Not stated"))
        for title, kind, period in data.surveys
    )
    weights = tuple((w.part_label(p, _), w.percent(data.weights.get(p, 0.0), _)) for p in w.PARTS)
    return [
        Heading(_("Method"), 1),
        Paragraph(
            _(
                "Residents and staff answered in their own words which problems the police and the "
                "municipality should work on. The free-text answers were grouped by topic with text "
                "analysis and checked by staff before the figures were counted."
            )
        ),
        Table(
            _("Surveys in the round %(round)s") % {"round": data.round_label},
            (_("Survey"), _("Type"), _("Period")),
            surveys,
        ),
        Paragraph(w.respondents_sentence(data, _)),
        _tally_table(_("Respondents by group"), _("Group"), data.by_group, w.group_label, _),
        _tally_table(_("Respondents by channel"), _("Channel"), data.by_channel, w.channel_label, _),
        _tally_table(
            _("Respondents by part of the municipality"),
            _("Part of the municipality"),
            data.by_area,
            w.place_label,
            _,
        ),
        *_map("respondents", data, _),
        *_privacy_paragraphs(data.respondents.min_group, _),
        Paragraph(
            _("A respondent can raise several areas, so the shares add up to more than a hundred per cent.")
        ),
        Paragraph(_("Each area has a priority score from 0 to 100 that weighs together the parts below.")),
        Table(_("How the priority score is weighted"), (_("Part"), _("Weight")), weights, numeric=(1,)),
    ]


def _privacy_paragraphs(floor: int, _: Gettext) -> list[Block]:
    """What the disclosure layer (surveys/disclosure) does to the report's figures and quotes, for `floor`."""
    n = {"n": floor}
    return [
        Paragraph(
            plural(
                "To protect the respondents, no figure is shown for fewer than %(n)d person; it reads "
                "“fewer than %(n)d” instead.",
                "To protect the respondents, no figure is shown for fewer than %(n)d people; it reads "
                "“fewer than %(n)d” instead.",
                floor,
                _,
            )
            % n
        ),
        Paragraph(
            _(
                "Where a hidden figure could be worked out from a total or from the other figures, "
                "further figures are hidden until none can be. In such a table every hidden figure reads "
                "“hidden”, so that it does not tell which one is the small one. Hidden figures are listed "
                "last, in alphabetical order, so that their place does not show their size."
            )
        ),
        Paragraph(
            plural(
                "A share from the previous round is hidden too when it stands for fewer than %(n)d person. "
                "A hot spot on a map stands for at least %(n)d places or incidents close together.",
                "A share from the previous round is hidden too when it stands for fewer than %(n)d people. "
                "A hot spot on a map stands for at least %(n)d places or incidents close together.",
                floor,
                _,
            )
            % n
        ),
        Paragraph(
            plural(
                "Answers are quoted only when a reviewer has approved them and when they come from a group "
                "of at least %(n)d person: residents or staff of the same part of the municipality in "
                "the round. Words that could point at the person who wrote them, such as a job title "
                "together with a place or the name of a school, are never quoted.",
                "Answers are quoted only when a reviewer has approved them and when they come from a group "
                "of at least %(n)d people: residents or staff of the same part of the municipality in "
                "the round. Words that could point at the person who wrote them, such as a job title "
                "together with a place or the name of a school, are never quoted.",
                floor,
                _,
            )
            % n
        ),
        Paragraph(
            _(
                "Names, phone numbers, e-mail addresses, street addresses and personal identity numbers "
                "in the answers were replaced automatically when the answers were stored; the reviewers "
                "saw only the replaced text."
            )
        ),
        Paragraph(
            _(
                "Staff answered on paper or through personal links that work only once. Where a staff "
                "survey was opened to everyone, its answers on the web are counted as residents’ answers."
            )
        ),
    ]


def _priorities(data: SituationReportData, _: Gettext, area_name: AreaName) -> list[Block]:
    blocks: list[Block] = [Heading(_("Priority areas"), 1)]
    if not data.sections:
        return [*blocks, Paragraph(_("No problem area has been identified in the answers yet."))]
    blocks.append(
        Paragraph(
            _(
                "The areas are listed in order of priority, with what respondents were "
                "concerned about, where, and quotes from the answers."
            )
        )
    )
    blocks += _chart("groups", data, _, area_name)
    for section in data.sections:
        blocks += [
            Heading(f"{section.rank}. {area_name(section.theme)}", 2),
            Paragraph(w.figures_paragraph(section, data, _, area_name)),
        ]
        background = " ".join(w.background_sentences(section, _))
        if background:
            blocks.append(Paragraph(background))
        if section.concerns:
            blocks += [
                Heading(_("What respondents are concerned about"), 3),
                _concern_list(section, _),
            ]
        if section.areas:
            blocks.append(Paragraph(w.places_sentence(section, _)))
        if section.quotes:
            blocks += [Heading(_("In the respondents’ own words"), 3), *(Quote(q) for q in section.quotes)]
    return blocks


def _indicators(data: SituationReportData, _: Gettext, area_name: AreaName) -> list[Block]:
    blocks: list[Block] = [Heading(_("Indicators"), 1)]
    if not data.indicators:
        return [*blocks, Paragraph(_("No indicators have been imported for the organisation."))]
    rows = tuple(
        (
            r.indicator,
            w.place_label(r.area, _) if r.area else _("Whole municipality"),
            area_name(r.theme) if r.theme else "–",
            r.period,
            w.number(r.value, _),
        )
        for r in data.indicators
    )
    return [
        *blocks,
        Paragraph(
            _(
                "Indicators are figures from other sources, for example reported crime, shown as they "
                "were imported."
            )
        ),
        Table(
            _("Indicators"),
            (_("Indicator"), _("Part of the municipality"), _("Problem area"), _("Period"), _("Value")),
            rows,
            numeric=(4,),
        ),
    ]


def _marked_places(data: SituationReportData, _: Gettext) -> list[Block]:
    """Hot spots of the places respondents marked, when the round asked them to mark places."""
    places = data.places
    if places is None or not places.point_questions:
        return []
    floor = data.respondents.min_group
    blocks: list[Block] = [
        Heading(_("Places marked by respondents"), 1),
        Paragraph(
            _(
                "Respondents could mark places on a map. Where at least %(n)d marked places lie close "
                "together they form a hot spot; single places are never shown."
            )
            % {"n": floor}
        ),
    ]
    if not places.marked_hotspots:
        return [*blocks, Paragraph(_("No hot spots."))]
    return [
        *blocks,
        _hotspot_table(
            _("Hot spots of places marked by respondents"),
            _("Marked places"),
            places.marked_hotspots,
            data,
            _,
        ),
        *_map("marked", data, _),
    ]


def _hotspot_table(
    caption: str, column: str, spots: Sequence[HotSpot], data: SituationReportData, _: Gettext
) -> Table:
    """The hot spots, numbered as on the map, with the area they lie in."""
    outlines = data.places.outlines if data.places is not None else {}
    return Table(
        caption,
        (_("Hot spot"), _("Area"), column, _("Radius (m)")),
        maps.hotspot_rows(spots, outlines, _),
        numeric=(2, 3),
    )


def _incidents(data: SituationReportData, _: Gettext, area_name: AreaName) -> list[Block]:
    """Two years of recorded incidents beside the survey: problem areas, types, areas and map."""
    summary = data.incidents
    if summary is None:
        return []
    what = _(
        "Incidents are events that the municipality, the police and their partners record between "
        "the surveys, such as vandalism, threats or drug-related events."
    )
    if summary.comparable:
        cover = _(
            "The figures cover the two years up to %(end)s and are compared with the two years before "
            "(%(before)s)."
        ) % {"end": long_date(summary.span.last_day, _), "before": w.span_text(summary.previous_span, _)}
    else:
        cover = _(
            "The figures cover %(span)s. They are not compared with an earlier period, because incidents "
            "were not yet recorded throughout the two years before."
        ) % {"span": w.span_text(summary.span, _)}
    blocks: list[Block] = [Heading(_("Recorded incidents"), 1), Paragraph(f"{what} {cover}")]
    if summary.none_now:
        return [*blocks, Paragraph(w.incidents_total_sentence(summary, _))]
    blocks += [
        Paragraph(" ".join(w.incidents_sentences(summary, _, area_name)), lead=True),
        _incident_figures(summary, _),
        *_theme_incidents(data, _, area_name),
        *_incident_tables(summary, _, area_name),
        *_map("incidents", data, _),
    ]
    if data.places is not None:  # hot spots are only looked for when maps are drawn
        if summary.hotspots:
            blocks.append(
                _hotspot_table(_("Hot spots of incidents"), _("Incidents"), summary.hotspots, data, _)
            )
        else:
            blocks.append(
                Paragraph(
                    _("No hot spots: nowhere do at least %(n)d incidents marked on a map lie close together.")
                    % {"n": summary.min_group}
                )
            )
    blocks.append(
        Paragraph(
            _(
                "Counts below %(n)d are not shown, nor any count from which one could be worked out, to "
                "protect individuals."
            )
            % {"n": summary.min_group}
        )
    )
    return blocks


def _incident_figures(summary: IncidentSummary, _: Gettext) -> Table:
    change = "–" if summary.relative is None else w.signed_percent(summary.relative, _)
    label = _("Incidents, %(span)s")
    now = (label % {"span": w.span_text(summary.span, _)}, w.count(summary.total, _))
    serious = (_("Share rated serious or very serious"), w.percent(summary.serious_share, _))
    compared = (
        (label % {"span": w.span_text(summary.previous_span, _)}, w.count(summary.previous_total, _)),
        (_("Change"), w.difference(summary.diff)),
        (_("Change in per cent"), change),
    )
    rows = (now, *compared, serious) if summary.comparable else (now, serious)
    return Table(_("Incidents in figures"), (_("Figure"), _("Value")), rows, numeric=(1,))


def _theme_incidents(data: SituationReportData, _: Gettext, area_name: AreaName) -> list[Block]:
    """The survey's areas beside the incidents of the same problem area, in one table."""
    if not data.theme_incidents:
        return []
    pairing = w.theme_incidents_sentence(data, _, area_name)
    return [
        *([Paragraph(pairing)] if pairing else []),
        Table(
            _("What respondents raised and what partners recorded, per problem area"),
            (_("Problem area"), _("Respondents who raised it"), _("Share of respondents"), _("Incidents")),
            tuple(
                (
                    area_name(p.theme),
                    w.count(p.respondents, _),
                    w.percent(p.share, _),
                    w.count(p.incidents, _),
                )
                for p in data.theme_incidents
            ),
            numeric=(1, 2, 3),
        ),
    ]


def _incidents_by_problem_area(summary: IncidentSummary, _: Gettext, area_name: AreaName) -> Table:
    """Per problem area; the two years before and the change only when the spans are comparable."""
    if not summary.comparable:
        return Table(
            _("Incidents by problem area"),
            (_("Problem area"), _("Incidents, %(span)s") % {"span": w.span_text(summary.span, _)}),
            tuple((area_name(r.category), w.count(r.count, _)) for r in summary.by_category),
            numeric=(1,),
        )
    return Table(
        _("Incidents by problem area"),
        (_("Problem area"), _("Last two years"), _("Two years before"), _("Change")),
        tuple(
            (area_name(r.category), w.count(r.count, _), w.count(r.previous, _), w.difference(r.diff))
            for r in summary.by_category
        ),
        numeric=(1, 2, 3),
    )


def _incident_tables(summary: IncidentSummary, _: Gettext, area_name: AreaName) -> list[Block]:
    tables: list[Block] = [
        _incidents_by_problem_area(summary, _, area_name),
        Table(
            _("Incidents by type, last two years"),
            (_("Type"), _("Incidents")),
            tuple((w.incident_type_label(kind, _), w.count(n, _)) for kind, n in summary.by_type),
            numeric=(1,),
        ),
    ]
    if summary.by_area:
        tables.append(
            Table(
                _("Incidents by area, last two years"),
                (_("Area"), _("Incidents")),
                tuple((w.place_label(area, _), w.count(n, _)) for area, n in summary.by_area),
                numeric=(1,),
            )
        )
    return tables


def _comparison(data: SituationReportData, _: Gettext, area_name: AreaName) -> list[Block]:
    blocks: list[Block] = [Heading(_("Comparison with the previous round"), 1)]
    if not data.previous_round:
        return [
            *blocks,
            Paragraph(_("This is the first analysed round, so there is nothing to compare with yet.")),
        ]
    rows = tuple(
        (
            area_name(s.theme),
            w.percent(s.previous_share, _),
            w.percent(s.share, _),
            w.points(w.change_points(s)),
        )
        for s in data.sections
    )
    changes = " ".join(w.comparison_sentences(data, _, area_name))
    return [
        *blocks,
        Paragraph(
            _("The round is compared with %(round)s, the latest earlier round of the same surveys.")
            % {"round": data.previous_round}
            + (f" {changes}" if changes else "")
        ),
        Table(
            _("Share of respondents per round"),
            (_("Area"), data.previous_round, data.round_label, _("Change (percentage points)")),
            rows,
            numeric=(1, 2, 3),
        ),
        *_chart("comparison", data, _, area_name),
    ]


def _appendix(
    section: AreaSection, data: SituationReportData, _: Gettext, area_name: AreaName
) -> list[Block]:
    name = area_name(section.theme)
    figures = [
        (_("Place in the ranking"), str(section.rank)),
        (_("Respondents who raised the area"), w.count(section.respondents, _)),
        (_("Share of all respondents"), w.percent(section.share, _)),
        (_("Share among residents"), w.percent(section.share_residents, _)),
        (_("Share among staff"), w.percent(section.share_staff, _)),
    ]
    if data.previous_round:
        figures.append(
            (
                _("Share in the previous round (%(round)s)") % {"round": data.previous_round},
                w.percent(section.previous_share, _),
            )
        )
    figures += [
        (_("Severity (0–100)"), "–" if section.severity is None else str(w.whole_percent(section.severity))),
        (
            _("Change in indicators"),
            "–" if section.indicator_change is None else w.signed_percent(section.indicator_change, _),
        ),
        (_("Priority score (0–100)"), "–" if section.score is None else str(w.whole_percent(section.score))),
    ]
    figures += [
        (
            _("of which: %(part)s") % {"part": w.part_label(p, _).lower()},
            str(w.whole_percent(section.parts[p])),
        )
        for p in w.PARTS
        if p in section.parts
    ]
    blocks: list[Block] = [
        Heading(_("Appendix %(n)d: %(area)s") % {"n": section.rank, "area": name}, 2),
        Table(
            _("Figures for %(area)s") % {"area": w.in_sentence(name)},
            (_("Figure"), _("Value")),
            tuple(figures),
            numeric=(1,),
        ),
    ]
    if section.areas:
        blocks.append(
            Table(
                _("Respondents who raised %(area)s, by part of the municipality")
                % {"area": w.in_sentence(name)},
                (_("Part of the municipality"), _("Respondents")),
                tuple((w.place_label(p, _), w.count(n, _)) for p, n in section.areas),
                numeric=(1,),
            )
        )
    if section.concerns:
        blocks.append(
            Table(
                _("Topics within %(area)s") % {"area": w.in_sentence(name)},
                (_("Topic"), _("Respondents")),
                # The answers' words, in their language: set off so the page and documents can mark it.
                tuple((quoted_run(label), w.count(n, _)) for label, n in section.concerns),
                numeric=(1,),
            )
        )
    return blocks


def _concern_list(section: AreaSection, _: Gettext) -> Bullets:
    """'Mörkt i parken (12 svarande)', a label from answers in another language marked as such."""
    document = w.language(_)
    items, foreign = [], []
    for i, (label, n) in enumerate(section.concerns):
        language = section.concern_languages[i] if i < len(section.concern_languages) else ""
        items.append(w.concern_item(label, n, _))
        # The item starts with the label (see concern_item's wording in every language).
        marked = language and language != document and items[-1].startswith(label)
        foreign.append((language, len(label)) if marked else ("", 0))
    return Bullets(tuple(items), foreign=tuple(foreign))
