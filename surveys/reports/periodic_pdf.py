"""The periodic situation picture (week, month, quarter of incidents) as a short A4 PDF."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

from fpdf import FPDF, FontFace
from fpdf.enums import XPos, YPos

from analysis.catalog import date_span, period_name, plural
from analysis.geo import Polygon
from analysis.hotspots import HotSpot
from surveys.incidents.periodic import PeriodicPicture, Row
from surveys.reports import maps
from surveys.reports.fonts import FAMILY, add_fonts, show_title
from surveys.reports.wording import AreaName, Gettext, count, difference, language, period_total_sentence

MARGIN = 20.0
TEXT_WIDTH = 210.0 - 2 * MARGIN
NAVY = (11, 79, 138)
INK = (27, 31, 35)
HEAD_FILL = (225, 234, 243)
MAP_HEIGHT = 110.0  # mm: a tall municipality's map is narrowed to this height


def signed(diff: int | None) -> str:
    """A difference with its sign, or a dash when it cannot be shown."""
    return "–" if diff is None else difference(diff)


def _lines(pdf: FPDF, height: float, text: str) -> None:
    pdf.multi_cell(TEXT_WIDTH, height, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(3)
    pdf.set_font(FAMILY, "B", 13)
    pdf.set_text_color(*NAVY)
    _lines(pdf, 7, text)
    pdf.set_text_color(*INK)
    pdf.set_font(FAMILY, "", 10)


def _table(pdf: FPDF, header: list[str], rows: list[list[str]]) -> None:
    with pdf.table(
        width=TEXT_WIDTH,
        align="LEFT",
        line_height=5.2,
        text_align=("LEFT", *("RIGHT",) * (len(header) - 1)),
        headings_style=FontFace(emphasis="BOLD", fill_color=HEAD_FILL),
        borders_layout="HORIZONTAL_LINES",
    ) as table:
        for values in [header, *rows]:
            line = table.row()
            for value in values:
                line.cell(value)


def _rows(rows: list[Row], name: AreaName | None, _: Gettext) -> list[list[str]]:
    return [
        [name(r.key) if name else r.key, count(r.current, _), count(r.previous, _), signed(r.diff)]
        for r in rows
    ]


def _map(
    pdf: FPDF,
    picture: PeriodicPicture,
    outlines: Mapping[str, Sequence[Polygon]],
    spots: Sequence[HotSpot],
    _: Gettext,
) -> None:
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
    width_px, height_px = maps.size(outlines, len(plan.legend))
    width = min(TEXT_WIDTH, MAP_HEIGHT * width_px / height_px)
    height = width * height_px / width_px
    if pdf.will_page_break(height + 12):
        pdf.add_page()
    caption = _(
        "Map: incidents per area in %(period)s. Areas with fewer than %(n)d incidents are grey and "
        "hatched. The table above gives the same figures."
    ) % {"period": period_name(picture.period, _), "n": floor}
    values = "; ".join(f"{row.key} {count(row.current, _)}" for row in picture.by_area if row.key in outlines)
    alt = _("Map of the areas coloured by the number of incidents: %(values)s.") % {"values": values}
    pdf.ln(2)
    pdf.image(io.BytesIO(maps.draw(plan, outlines)), x=MARGIN, w=width, h=height, alt_text=alt, title=caption)
    pdf.set_font(FAMILY, "I", 9)
    _lines(pdf, 5, caption)
    pdf.set_font(FAMILY, "", 10)
    if plan.spots:
        _heading(pdf, _("Hot spots of incidents"))
        rows = [list(row) for row in maps.hotspot_rows(plan.spots, outlines, _)]
        _table(pdf, [_("Hot spot"), _("Area"), _("Incidents"), _("Radius (m)")], rows)


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
    pdf = FPDF(format="A4", unit="mm")
    add_fonts(pdf)
    pdf.set_lang(language(_))
    show_title(pdf)
    pdf.set_title(f"{title} – {organisation}")
    pdf.set_author(organisation)
    pdf.set_creator("Trygg Dialog")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font(FAMILY, "B", 11)
    pdf.set_text_color(*INK)
    _lines(pdf, 6, organisation)
    pdf.set_font(FAMILY, "B", 20)
    pdf.set_text_color(*NAVY)
    _lines(pdf, 10, title)
    pdf.set_text_color(*INK)
    pdf.set_font(FAMILY, "", 11)
    period, before = picture.period, picture.previous_period
    _lines(pdf, 6, date_span(period.start, period.last_day, _))
    _lines(pdf, 6, period_total_sentence(picture.total, picture.previous_total, picture.diff, _))
    header = [_("Problem area"), period_name(period, _), period_name(before, _), _("Change")]
    _heading(pdf, _("The places most in need"))
    if picture.top_areas:
        for rank, row in enumerate(picture.top_areas, start=1):
            _lines(
                pdf,
                5.5,
                plural(
                    "%(rank)d. %(area)s: %(n)s incident",
                    "%(rank)d. %(area)s: %(n)s incidents",
                    row.current.value or 0,
                    _,
                )
                % {"rank": rank, "area": row.key, "n": count(row.current, _)},
            )
    else:
        _lines(pdf, 5.5, _("No area has enough incidents to be shown."))
    _heading(pdf, _("Incidents by problem area"))
    _table(pdf, header, _rows(picture.by_category, area_name, _))
    _heading(pdf, _("Incidents by area"))
    _table(pdf, [_("Area"), *header[1:]], _rows(picture.by_area, None, _))
    if outlines:
        _map(pdf, picture, outlines, hotspots, _)
    _heading(pdf, _("Assessment"))
    _lines(pdf, 5.5, assessment or _("No assessment has been written for this period."))
    pdf.ln(2)
    pdf.set_font(FAMILY, "I", 9)
    note = _(
        "Counts below %(n)d are not shown, nor any count from which one could be worked out, to protect "
        "individuals."
    )
    _lines(pdf, 5, note % {"n": picture.min_group})
    return bytes(pdf.output())
