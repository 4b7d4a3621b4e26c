"""Plan prose from figures: figures appear as given, hidden ones never, in any language."""

from __future__ import annotations

import datetime as dt

from analysis.drafting import (
    AreaFigures,
    IndicatorTrend,
    PlanFacts,
    RoundFigures,
    area_description,
    contact_text,
    join_words,
    period_label,
    plan_title,
    problem_picture,
    timetable_text,
)
from analysis.followup import Unit, is_measurable, progress_text, target_text
from analysis.language import plain_text

FACTS = PlanFacts(
    "pledge", ("Lokalpolisområde Östra", "Överkalix kommun"), dt.date(2026, 1, 1), dt.date(2027, 12, 31)
)


def english(message: str) -> str:
    return message


SWEDISH = {
    "%(pct)s%%": "%(pct)s %%",
    "%(first)s and %(last)s": "%(first)s och %(last)s",
    "%(share)s of those who answered (%(n)d people) raised %(area)s.": (
        "%(share)s av de svarande (%(n)d personer) tog upp %(area)s."
    ),
}


def swedish(message: str) -> str:
    return SWEDISH.get(message, message)


def _area(**changes) -> AreaFigures:
    values = dict(
        theme="trafik",
        name="Traffic",
        rank=1,
        respondents=18,
        min_group=5,
        share=0.45,
        share_residents=0.5,
        share_staff=0.25,
        previous_share=0.3,
        previous_round="2024",
        places=(("Centrum", 9), ("Norr", 6)),
        concerns=(("Speeding on the main road", 11), ("Mopeds racing at night", 6)),
        indicators=(IndicatorTrend("Traffic offences", "2024", 40, "2025", 50),),
        quotes=("Cars drive far too fast past the school", "Mopeds at night"),
    )
    values.update(changes)
    return AreaFigures(**values)


def test_area_description_states_every_figure_and_quote():
    text = area_description(_area(), english)
    assert "45% of those who answered (18 people) raised traffic." in text
    assert "Among residents the share was 50% and among staff 25%." in text
    assert "Centrum (9) and Norr (6)" in text
    assert "risen from 30% to 45%" in text and "(2024)" in text
    assert "- Traffic offences: 40 in 2024 and 50 in 2025 (+25%)" in text
    assert "> Cars drive far too fast past the school" in text and "> Mopeds at night" in text


def test_area_description_follows_the_gettext_callable():
    text = area_description(_area(), swedish)
    assert text.startswith("45 % av de svarande (18 personer) tog upp traffic.")
    assert "Centrum (9) och Norr (6)" in text


def test_hidden_area_shows_no_numbers_or_quotes():
    text = area_description(_area(respondents=None, share=None), english)
    assert "Fewer than 5 people" in text
    assert "18" not in text and "Cars" not in text


def test_trend_wording_for_falls_and_small_changes():
    assert "fallen from 60% to 45%" in area_description(_area(previous_share=0.6), english)
    assert "about the same" in area_description(_area(previous_share=0.44), english)
    assert "previous round" not in area_description(_area(previous_share=None), english)


def test_problem_picture_lists_areas_and_who_answered():
    figures = RoundFigures("Överkalix", "2026", 120, 100, 20, ("citizen_dialogue", "staff_dialogue"), 5)
    text = problem_picture(figures, [_area(), _area(theme="narkotika", name="Drugs")], english)
    assert "120 people answered in the 2026 round of citizen dialogues and staff dialogues." in text
    assert "100 residents and 20 staff members" in text
    assert "the 2 most important areas to work on in Överkalix are:\n- Traffic\n- Drugs" in text
    hidden = problem_picture(RoundFigures("X", "2026", None, None, None, (), 5), [_area()], english)
    assert "Fewer than 5 people answered" in hidden


def test_problem_picture_says_how_many_answered_and_how_many_of_them_wrote():
    # 48 answered, 46 of them with usable free text: "46 people answered" would be untrue.
    figures = RoundFigures("X", "2026", 46, 40, 6, ("citizen_dialogue",), 5, answered=48)
    text = problem_picture(figures, [_area()], english)
    assert (
        "48 people answered in the 2026 round of citizen dialogues; 46 of them wrote in their own words."
        in text
    )
    assert "Among those who wrote were 40 residents and 6 staff members." in text
    assert "46 people answered" not in text
    few = problem_picture(RoundFigures("X", "2026", None, None, None, (), 5, answered=30), [_area()], english)
    assert "30 people answered" in few and "fewer than 5 of them wrote in their own words" in few
    assert "Fewer than 5 people answered" not in few
    same = RoundFigures("X", "2026", 48, 40, 8, ("citizen_dialogue",), 5, answered=48)
    assert "48 people answered in the 2026 round of citizen dialogues." in problem_picture(
        same, [_area()], english
    )


def test_problem_picture_does_not_credit_the_answers_with_a_rank_set_by_hand():
    figures = RoundFigures("Överkalix", "2026", 120, 100, 20, ("citizen_dialogue",), 5)
    moved = _area(theme="bedragerier", name="Fraud", respondents=None, override_reason="Police figures rise")
    text = problem_picture(figures, [moved, _area()], english)
    assert "The answers show" not in text
    assert (
        "The 2 areas chosen to work on in Överkalix, from the answers and the officials' assessment" in text
    )
    assert "Fraud was placed at its rank by hand: Police figures rise." in text
    assert "The answers show" in problem_picture(figures, [_area()], english)


def test_titles_periods_and_parties():
    assert period_label(dt.date(2026, 1, 1), dt.date(2027, 12, 31)) == "2026–2027"
    assert period_label(dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == "2026"
    assert period_label(dt.date(2026, 3, 1), dt.date(2026, 8, 31)) == "2026-03-01 – 2026-08-31"
    assert plan_title(FACTS, english) == "Citizen pledges 2026–2027"
    assert join_words(["a", "b", "c"], english) == "a, b and c"
    assert "January 1, 2026 to December 31, 2027" in timetable_text(FACTS, english)
    assert "- Överkalix kommun: [name" in contact_text(FACTS, english)


def test_targets_and_progress_are_measurable_only_with_a_count_and_unit():
    operations = Unit("traffic operations", "traffic operation")
    assert target_text(3, "year", operations, english) == "at least 3 traffic operations per year"
    assert target_text(1, "year", operations, english) == "at least 1 traffic operation per year"
    assert (
        target_text(1, "period", Unit("safety walks"), english) == "at least 1 safety walks during the period"
    )
    assert target_text(None, "year", Unit("visits"), english) == "No measurable target yet"
    assert not is_measurable(2, Unit(" ")) and not is_measurable(0, Unit("visits"))
    assert is_measurable(1, Unit("", "visit"))
    assert progress_text(2, 3, operations, english) == "2 of 3 traffic operations done"
    assert progress_text(0, 1, operations, english) == "0 of 1 traffic operation done"
    assert progress_text(3, 1, operations, english) == "3 traffic operations done (target 1)"
    assert progress_text(1, None, operations, english) == "1 traffic operation done"


def test_swedish_targets_agree_with_their_number():
    from analysis.catalog import Catalog

    swedish = {
        "at least %(n)d %(unit)s %(per)s": "minst %(n)d %(unit)s %(per)s",
        "per year": "per år",
        "%(done)d of %(target)d %(unit)s done": "Genomfört: %(done)d av %(target)d %(unit)s",
    }
    sv = Catalog(lambda m: swedish.get(m, m), locale="sv")
    inspections = Unit("gemensamma tillsyner", "gemensam tillsyn")
    assert target_text(1, "year", inspections, sv) == "minst 1 gemensam tillsyn per år"
    assert target_text(2, "year", inspections, sv) == "minst 2 gemensamma tillsyner per år"
    assert progress_text(0, 1, inspections, sv) == "Genomfört: 0 av 1 gemensam tillsyn"


def test_area_description_lists_concerns_by_label_and_count_not_recurring_words():
    text = area_description(_area(), english)
    assert (
        "- \u2068Speeding on the main road\u2069 (11 respondents)" in text
    )  # set off: its language is marked
    text = plain_text(text)
    assert (
        "What respondents are concerned about:\n"
        "- Speeding on the main road (11 respondents)\n"
        "- Mopeds racing at night (6 respondents)"
    ) in text
    assert "Recurring words" not in text
    assert "concerned about" not in area_description(_area(concerns=()), english)


def test_the_parties_of_a_between_are_joined_with_och_not_the_lists_samt():
    from pathlib import Path

    from babel.support import Translations

    from analysis.drafting import implementation_text

    catalogue = Translations.load(str(Path(__file__).resolve().parents[2] / "translations"), ["sv"])
    facts = PlanFacts(
        "pledge",
        ("Norrforsa kommun", "Lokalpolisområde Norrforsa"),
        dt.date(2026, 1, 1),
        dt.date(2027, 12, 31),
    )
    first = implementation_text(facts, catalogue.gettext).split("\n\n")[0]
    assert first == (
        "Medborgarlöftena är en del av den befintliga samverkansöverenskommelsen mellan "
        "Norrforsa kommun och Lokalpolisområde Norrforsa."
    )
    three = PlanFacts(
        "action_plan", ("A kommun", "B kommun", "Lokalpolisområde C"), facts.period_start, facts.period_end
    )
    assert implementation_text(three, catalogue.gettext).startswith(
        "Åtgärderna genomförs inom samverkan mellan A kommun, B kommun och Lokalpolisområde C."
    )
