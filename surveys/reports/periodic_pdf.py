"""The periodic situation picture as a tagged A4 PDF: totals, places most in need, tables, map."""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence

from markupsafe import escape

from analysis.catalog import date_span, period_name, plural
from analysis.geo import Polygon
from analysis.hotspots import HotSpot
from surveys.incidents.periodic import PeriodicPicture, Row
from surveys.reports import maps
from surveys.reports.blocks import Table
from surveys.reports.tagged_pdf import document_html, page_label_css, render_pdf, stylesheet, table_html
from surveys.reports.wording import (
    AreaName,
    Gettext,
    count,
    difference,
    language,
    period_total_sentence,
)


def _rows(rows: list[Row], name: AreaName | None, _: Gettext) -> tuple[tuple[str, ...], ...]:
    return tuple(
        (name(r.key) if name else r.key, count(r.current, _), count(r.previous, _), difference(r.diff))
        for r in rows
    )


def _map(
    picture: PeriodicPicture,
    outlines: Mapping[str, Sequence[Polygon]],
    spots: Sequence[HotSpot],
    _: Gettext,
) -> str:
    """Incidents per area this period as a map, the same figures as the table above, and hot spots."""
    floor = picture.min_group
    counts = {row.key: row.current for row in picture.by_area}
    plan = maps.plan_map(
        outlines,
        counts,
        _,
        min_group=floor,
        legend_title=_("Incidents per area"),
        spots=spots,
        spot_label=_("Hot spot: at least %(n)d incidents") % {"n": floor},
    )
    caption = _(
        "Map: incidents per area in %(period)s. Areas with fewer than %(n)d incidents are grey and "
        "hatched. The table above gives the same figures."
    ) % {"period": period_name(picture.period, _), "n": floor}
    values = "; ".join(f"{row.key} {count(row.current, _)}" for row in picture.by_area if row.key in outlines)
    alt = _("Map of the areas coloured by the number of incidents: %(values)s.") % {"values": values}
    png = base64.b64encode(maps.draw(plan, outlines)).decode("ascii")
    html = (
        f'<figure><img class="map" src="data:image/png;base64,{png}" alt="{escape(alt)}">'
        f"<figcaption>{escape(caption)}</figcaption></figure>"
    )
    if plan.spots:
        heading = _("Hot spots of incidents")
        rows = tuple(tuple(row) for row in maps.hotspot_rows(plan.spots, outlines, _))
        header = (_("Hot spot"), _("Area"), _("Incidents"), _("Radius (m)"))
        html += f"<h2>{escape(heading)}</h2>" + table_html(Table(heading, header, rows, numeric=(2, 3)))
    return html


def periodic_pdf(
    picture: PeriodicPicture,
    organisation: str,
    title: str,
    assessment: str,
    _: Gettext,
    area_name: AreaName,
    *,
    outlines: Mapping[str, Sequence[Polygon]] | None = None,
    hotspots: Sequence[HotSpot] = (),
) -> bytes:
    """The periodic picture as PDF bytes: totals, most affected places, tables, map, assessment.

    With the organisation's area `outlines`, a map of the incidents per area (and the
    incident `hotspots` of the period) follows the table by area; without, no map.
    """
    period, before = picture.period, picture.previous_period
    header = (_("Problem area"), period_name(period, _), period_name(before, _), _("Change"))
    total = period_total_sentence(picture.total, picture.previous_total, picture.diff, _)
    parts = [
        f'<p class="organisation">{escape(organisation)}</p><h1>{escape(title)}</h1>',
        f"<p>{escape(date_span(period.start, period.last_day, _))}</p>",
        f'<p class="lead">{escape(total)}</p>',
        f"<h2>{escape(_('The places most in need'))}</h2>",
    ]
    if picture.top_areas:
        items = [
            plural(
                "%(rank)d. %(area)s: %(n)s incident",
                "%(rank)d. %(area)s: %(n)s incidents",
                r.current.value or 0,
                _,
            )
            % {"rank": rank, "area": r.key, "n": count(r.current, _)}
            for rank, r in enumerate(picture.top_areas, start=1)
        ]
        parts.append('<ol class="ranked">' + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ol>")
    else:
        parts.append(f"<p>{escape(_('No area has enough incidents to be shown.'))}</p>")
    for caption, rows, first in (
        (_("Incidents by problem area"), _rows(picture.by_category, area_name, _), header[0]),
        (_("Incidents by area"), _rows(picture.by_area, None, _), _("Area")),
    ):
        table = Table(caption, (first, *header[1:]), rows, numeric=(1, 2, 3))
        parts.append(f"<h2>{escape(caption)}</h2>" + table_html(table))
    if outlines:
        parts.append(_map(picture, outlines, hotspots, _))
    parts.append(f"<h2>{escape(_('Assessment'))}</h2>")
    written = [p.strip() for p in (assessment or "").split("\n\n") if p.strip()]
    for paragraph in written or [_("No assessment has been written for this period.")]:
        parts.append(f"<p>{escape(paragraph)}</p>")
    note = _(
        "Counts below %(n)d are not shown, nor any count from which one could be worked out, to protect "
        "individuals."
    )
    parts.append(f'<p class="note">{escape(note % {"n": picture.min_group})}</p>')
    style = stylesheet(f"{organisation} · {title}", page_label_css(_("Page %(page)s of %(pages)s")))
    style += """
.organisation { font-weight: bold; margin: 0; }
h1 { font-size: 20pt; color: #0b4f8a; margin: 0 0 3mm; }
ol.ranked { list-style: none; padding-left: 0; }
img.map { max-height: 110mm; }
.note { font-style: italic; font-size: 9pt; }
"""
    html = document_html(language=language(_), title=f"{title} – {organisation}", style=style, body=parts)
    return render_pdf(html, author=organisation)
