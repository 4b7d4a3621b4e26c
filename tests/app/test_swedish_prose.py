"""Generated prose a municipality publishes: Swedish plurals, dates and decimals from the real catalogue."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from flask_babel import force_locale

from analysis.drafting import (
    AreaFigures,
    IndicatorTrend,
    PlanFacts,
    RoundFigures,
    area_description,
    follow_up_text,
    problem_picture,
    timetable_text,
)
from analysis.language import plain_text
from app.plan_support import gettext_in
from surveys.disclosure.floor import Count
from surveys.insights.report_data import AreaSection
from surveys.reports.wording import previous_sentence

FACTS = PlanFacts("pledge", ("Polisen", "Överkalix kommun"), dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def _area(**changes) -> AreaFigures:  # type: ignore[no-untyped-def]
    values = dict(theme="trafik", name="Trafik", rank=1, respondents=18, min_group=5, share=0.45)
    values.update(changes)
    return AreaFigures(**values)  # type: ignore[arg-type]


def test_counts_take_the_swedish_singular_and_plural(app):
    sv = gettext_in("sv")
    one = problem_picture(RoundFigures("Överkalix", "2026", 1, 1, 0, ("citizen_dialogue",), 1), [_area()], sv)
    assert "1 person svarade i omgång 2026 (medborgardialoger)." in one
    assert "det viktigaste området att arbeta med i Överkalix är:" in one
    many = problem_picture(
        RoundFigures("Överkalix", "2026", 29, 20, 9, ("citizen_dialogue",), 5), [_area(), _area()], sv
    )
    assert "29 personer svarade i omgång 2026 (medborgardialoger)." in many
    assert "de 2 viktigaste områdena" in many
    assert "1 personer" not in area_description(_area(respondents=1, min_group=1), sv)
    assert "(1 person) tog upp trafik" in area_description(_area(respondents=1, min_group=1), sv)


def test_concerns_are_listed_in_swedish_by_label_and_count(app):
    # The labels are set off (isolate marks) so that pages and documents can mark their language.
    text = plain_text(
        area_description(_area(concerns=(("Mörkt i parken", 12), ("Trasiga gatlampor", 6))), gettext_in("sv"))
    )
    assert (
        "Vad de svarande oroar sig för:\n- Mörkt i parken (12 svarande)\n- Trasiga gatlampor (6 svarande)"
        in text
    )
    assert "Ord och ämnen" not in text


def test_dates_and_decimals_are_written_the_swedish_way(app):
    sv = gettext_in("sv")
    assert "från 1 januari 2026 till 31 december 2026" in timetable_text(FACTS, sv)
    assert "senast 15 mars 2027" in follow_up_text(FACTS, sv, dt.date(2027, 3, 15))
    trend = IndicatorTrend("Anmälda brott per 1000 invånare", "2024", 26.5, "2025", 0.46)
    text = area_description(_area(indicators=(trend,)), sv)
    assert "26,5" in text and "0,5" in text and "26.5" not in text
    assert "1 January 2026" not in timetable_text(FACTS, gettext_in("en"))
    assert "January 1, 2026" in timetable_text(FACTS, gettext_in("en"))


def _section(share: float, previous: float) -> AreaSection:
    return AreaSection(
        theme="trafik",
        rank=1,
        score=None,
        parts={},
        respondents=Count(20, 5),
        share=share,
        share_residents=None,
        share_staff=None,
        previous_share=previous,
        severity=None,
        indicator_change=None,
        override_reason="",
        quotes=(),
        concerns=(),
        areas=(),
    )


def test_one_percentage_point_is_singular(app):
    sv = gettext_in("sv")
    data = SimpleNamespace(previous_round="2025")
    assert previous_sentence(_section(0.26, 0.25), data, sv).endswith("ökat med 1 procentenhet.")
    assert previous_sentence(_section(0.22, 0.25), data, sv).endswith("minskat med 3 procentenheter.")


def test_share_changes_are_written_as_words(app):
    macro = app.jinja_env.get_template("admin/_counts.html").module.points_change
    with app.test_request_context(), force_locale("sv"):
        assert str(macro(3)) == "ökade med 3 procentenheter"
        assert str(macro(1)) == "ökade med 1 procentenhet"
        assert str(macro(-1)) == "minskade med 1 procentenhet"
        assert str(macro(0)) == "oförändrat"
    with app.test_request_context(), force_locale("en"):
        assert str(macro(-2)) == "down 2 percentage points"
