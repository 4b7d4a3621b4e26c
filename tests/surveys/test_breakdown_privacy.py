"""The privacy floor holds for every breakdown and filter (property-based)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surveys.insights.breakdown import RESPONDENT_DIMENSIONS, FilterTooNarrow, area_table
from surveys.insights.rounds import Respondent, RoundData
from surveys.review.state import EffectiveAnswer, ReviewState

FLOOR = 5
THEMES = ["narkotika", "trafik", "belysning", "vald"]
VALUES = {
    "group": ["resident", "staff"],
    "area": ["Centrum", "Norr", "Söder"],
    "language": ["sv", "en"],
    "age_band": ["16_24", "25_44", "65_79"],
    "channel": ["web", "paper"],
}

respondent = st.fixed_dictionaries(
    {name: st.sampled_from(values) for name, values in VALUES.items()}
    | {"themes": st.lists(st.sampled_from(THEMES), min_size=1, max_size=2, unique=True)}
)


def _round(people: list[dict]) -> RoundData:
    answers, respondents = [], {}
    for rid, person in enumerate(people, start=1):
        respondents[rid] = Respondent(
            rid, 1, person["group"], person["area"], person["channel"], person["language"], person["age_band"]
        )
        answers.append(
            EffectiveAnswer(
                rid,
                rid,
                1,
                "text",
                person["language"],
                person["group"],
                person["area"],
                person["channel"],
                "c0",
                0,
                tuple(person["themes"]),
                None,
                False,
                False,
            )
        )
    state = ReviewState(run=None, answers=tuple(answers), clusters=(), respondents=len(people))  # type: ignore[arg-type]
    return RoundData(label="2026", surveys=(), states=(state,), respondents=respondents)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    people=st.lists(respondent, min_size=0, max_size=60),
    by=st.sampled_from([None, *RESPONDENT_DIMENSIONS]),
    filter_name=st.sampled_from([None, *RESPONDENT_DIMENSIONS]),
    pick=st.integers(min_value=0, max_value=2),
)
def test_no_view_reveals_a_group_smaller_than_the_floor(people, by, filter_name, pick):
    data = _round(people)
    filters = {}
    if filter_name:
        values = VALUES[filter_name]
        filters = {filter_name: values[pick % len(values)]}
    try:
        table = area_table(data, by, filters, FLOOR)
    except FilterTooNarrow:
        return
    unfiltered = area_table(data, by, {}, FLOOR)
    base = {theme: cells for theme, cells in unfiltered.rows}
    for column, total in table.totals.items():
        assert total.hidden or total.value == 0 or total.value >= FLOOR
        # Filtered minus unfiltered column totals ("n =") must not isolate 1-4 people.
        plain = unfiltered.totals.get(column)
        if plain is not None and not plain.hidden and not total.hidden:
            assert plain.value - total.value == 0 or plain.value - total.value >= FLOOR, column
    for theme, cells in table.rows:
        hidden_nonzero = 0
        for column, cell in cells.items():
            value = cell.count.value
            assert value is None or value == 0 or value >= FLOOR, (theme, column, value)
            other = base[theme][column].count.value if column in base.get(theme, {}) else None
            if value is not None and other is not None:
                assert other - value == 0 or other - value >= FLOOR
            if value is None:
                hidden_nonzero += 1
        if by is not None and 0 < hidden_nonzero:
            # A lone hidden cell could be recovered from the row's total.
            assert hidden_nonzero >= 2 or all(c.count.value is None for c in cells.values())


def test_a_filter_that_isolates_a_few_people_is_refused():
    people = [
        {
            "group": "resident",
            "area": "Centrum",
            "language": "sv",
            "age_band": "25_44",
            "channel": "web",
            "themes": ["trafik"],
        }
        for _ in range(20)
    ]
    people += [
        {
            "group": "staff",
            "area": "Norr",
            "language": "sv",
            "age_band": "25_44",
            "channel": "web",
            "themes": ["vald"],
        }
        for _ in range(2)
    ]
    data = _round(people)
    try:
        area_table(data, None, {"group": "staff"}, FLOOR)
    except FilterTooNarrow:
        pass
    else:  # pragma: no cover - the assertion below explains
        raise AssertionError("two staff members were shown")
    # Filtering to residents would leave out 2 people: their answers follow by subtraction.
    try:
        area_table(data, None, {"group": "resident"}, FLOOR)
    except FilterTooNarrow:
        pass
    else:  # pragma: no cover
        raise AssertionError("the complement of two was revealed")
    # By group, staff is too small; residents are hidden too, or total minus residents = staff.
    table = area_table(data, "group", {}, FLOOR)
    cells = dict(table.rows)
    assert cells["vald"]["staff"].count.hidden and cells["trafik"]["resident"].count.hidden
    # Without a breakdown, n = 22 beside traffic 20 would leave the two staff members' 2 by
    # subtraction: traffic is hidden with violence.
    overall = dict(area_table(data, None, {}, FLOOR).rows)
    assert overall["trafik"]["all"].count.hidden and overall["vald"]["all"].count.hidden


def test_a_language_filter_does_not_reveal_one_other_language_by_its_column_total():
    # Solgläntan n = 64 unfiltered and 63 with language = sv: one answered in English.
    people = [
        {
            "group": "resident",
            "area": "Centrum",
            "language": "sv",
            "age_band": "25_44",
            "channel": "web",
            "themes": ["trafik"],
        }
        for _ in range(63)
    ]
    people.append(dict(people[0], language="en"))
    people += [dict(people[0], area="Norr", language="en") for _ in range(10)]
    data = _round(people)
    filtered = area_table(data, "area", {"language": "sv"}, FLOOR)
    unfiltered = area_table(data, "area", {}, FLOOR)
    assert unfiltered.totals["Centrum"].value == 64
    assert filtered.totals["Centrum"].hidden
    assert dict(filtered.rows)["trafik"]["Centrum"].count.hidden
