"""Charts of the situation picture as PNG images, drawn with matplotlib's Agg canvas.

Deterministic (no dates in the file, fixed sizes and fonts), with colours from the
Okabe–Ito palette, which stays distinguishable with colour-vision deficiencies, and
hatching so that the bars can be told apart in greyscale print too. Every series colour
has at least 3:1 contrast against the white background (WCAG 1.4.11): the palette's
vermillion replaces its orange (#E69F00, only 2.25:1).
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence

from surveys.insights.report_data import AreaSection, SituationReportData
from surveys.reports.blocks import Table
from surveys.reports.wording import AreaName, Gettext, percent, whole_percent

CHARTS = ("areas", "groups", "comparison")
BLUE, VERMILLION, GREY = "#0072B2", "#D55E00", "#8C8C8C"  # 5.2, 3.9 and 3.4 to 1 on white
INK = "#1B1F23"
WIDTH_IN, DPI = 7.0, 150
Series = tuple[str, Sequence[float | None], str, str]  # legend label, values, colour, hatch


def available(data: SituationReportData) -> list[str]:
    """Names of the charts that have something to show for this round."""
    found = []
    if _shown(data):
        found.append("areas")
    if any(s.share_residents is not None and s.share_staff is not None for s in _shown(data)):
        found.append("groups")
    if data.previous_round and _compared(data):
        found.append("comparison")
    return found


def size(name: str, data: SituationReportData) -> tuple[int, int]:
    """Width and height of the chart in pixels."""
    rows = {"areas": len(_shown(data)), "groups": len(_shown(data)), "comparison": len(_compared(data))}[name]
    per_row = 0.42 if name == "areas" else 0.62
    height_in = (1.1 if name == "areas" else 1.35) + per_row * max(rows, 1)
    return int(WIDTH_IN * DPI), int(height_in * DPI)


def caption(name: str, data: SituationReportData, _: Gettext) -> str:
    """The caption printed under the chart."""
    if name == "areas":
        return _("Share of respondents who raised each area")
    if name == "groups":
        return _("Share of residents and of staff who raised each area")
    return _("Share of respondents who raised each area, %(before)s and %(now)s") % {
        "before": data.previous_round,
        "now": data.round_label,
    }


def alt_text(name: str, data: SituationReportData, _: Gettext, area_name: AreaName) -> str:
    """A text alternative giving the chart's figures."""
    if name == "areas":
        values = "; ".join(f"{area_name(s.theme)} {percent(s.share, _)}" for s in _shown(data))
        return _("Bar chart of the share of respondents who raised each area: %(values)s.") % {
            "values": values
        }
    if name == "groups":
        values = "; ".join(
            _("%(area)s: residents %(residents)s, staff %(staff)s")
            % {
                "area": area_name(s.theme),
                "residents": percent(s.share_residents, _),
                "staff": percent(s.share_staff, _),
            }
            for s in _shown(data)
        )
        return _("Bar chart comparing residents and staff: %(values)s.") % {"values": values}
    values = "; ".join(
        _("%(area)s: %(before)s in %(previous)s, %(now)s in %(round)s")
        % {
            "area": area_name(s.theme),
            "before": percent(s.previous_share, _),
            "previous": data.previous_round,
            "now": percent(s.share, _),
            "round": data.round_label,
        }
        for s in _compared(data)
    )
    return _("Bar chart comparing this round with the previous one: %(values)s.") % {"values": values}


def table(name: str, data: SituationReportData, _: Gettext, area_name: AreaName) -> Table:
    """The chart's figures as a table: one row per area, one column per series."""
    sections, series = _series(name, data, _)
    header = (_("Area"), *((label or _("Share of respondents")) for label, _v, _c, _h in series))
    rows = tuple(
        (area_name(section.theme), *(percent(values[i], _) for _l, values, _c, _h in series))
        for i, section in enumerate(sections)
    )
    return Table(
        _("Figures in the chart: %(caption)s") % {"caption": caption(name, data, _)},
        header,
        rows,
        numeric=tuple(range(1, len(header))),
    )


def chart_png(name: str, data: SituationReportData, _: Gettext, area_name: AreaName) -> bytes:
    """The chart `name` (one of CHARTS) as PNG bytes."""
    sections, series = _series(name, data, _)
    labels = [textwrap.fill(area_name(s.theme), 26) for s in sections]
    return _draw(labels, series, _("Share of respondents"), size(name, data), _)


def _series(name: str, data: SituationReportData, _: Gettext) -> tuple[list[AreaSection], list[Series]]:
    """The areas shown in chart `name` and its series of bars."""
    sections = _compared(data) if name == "comparison" else _shown(data)
    series: list[Series]
    if name == "areas":
        series = [("", [s.share for s in sections], BLUE, "")]
    elif name == "groups":
        series = [
            (_("Residents"), [s.share_residents for s in sections], BLUE, ""),
            (_("Staff"), [s.share_staff for s in sections], VERMILLION, "//"),
        ]
    elif name == "comparison":
        before = _("Previous round (%(round)s)") % {"round": data.previous_round}
        now = _("This round (%(round)s)") % {"round": data.round_label}
        series = [
            (before, [s.previous_share for s in sections], GREY, "//"),
            (now, [s.share for s in sections], BLUE, ""),
        ]
    else:
        raise ValueError(f"unknown chart {name!r}")
    return sections, series


def _shown(data: SituationReportData) -> list[AreaSection]:
    return [s for s in data.sections if s.share is not None]


def _compared(data: SituationReportData) -> list[AreaSection]:
    return [s for s in data.sections if s.share is not None and s.previous_share is not None]


def _draw(
    labels: list[str], series: list[Series], axis_label: str, pixels: tuple[int, int], _: Gettext
) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    # A bare Figure on the Agg canvas: no pyplot state, no GUI backend, nothing left to close.
    fig = Figure(figsize=(pixels[0] / DPI, pixels[1] / DPI), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    top = max((v for _n, values, _c, _h in series for v in values if v is not None), default=0.0)
    _bars(ax, series, top, _)
    ax.set_yticks(list(range(len(labels))), labels, fontsize=9, color=INK)
    ax.invert_yaxis()  # the highest-ranked area on top
    ax.set_xlim(0, max(top * 1.18, 0.05))
    ax.xaxis.set_major_formatter(lambda x, _pos: f"{whole_percent(x)}")
    ax.set_xlabel(f"{axis_label} (%)", fontsize=9, color=INK)
    ax.tick_params(axis="x", labelsize=8, colors=INK)
    ax.tick_params(axis="y", length=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    ax.set_axisbelow(True)
    if len(series) > 1:
        ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=len(series), fontsize=8, frameon=False)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _bars(ax, series: list[Series], top: float, _: Gettext) -> None:  # type: ignore[no-untyped-def]
    """Horizontal bars, one group per area, each labelled with its percentage."""
    height = 0.8 / len(series)
    for i, (name, values, colour, hatch) in enumerate(series):
        offsets = [row - 0.4 + height * (i + 0.5) for row in range(len(values))]
        widths = [v or 0.0 for v in values]
        bars = ax.barh(
            offsets,
            widths,
            height=height * 0.92,
            color=colour,
            hatch=hatch,
            edgecolor="white",
            linewidth=0.6,
            label=name or None,
        )
        for bar, value in zip(bars, values, strict=True):
            if value is not None:
                y = bar.get_y() + bar.get_height() / 2
                ax.text(
                    bar.get_width() + top * 0.01, y, percent(value, _), va="center", fontsize=8, color=INK
                )
