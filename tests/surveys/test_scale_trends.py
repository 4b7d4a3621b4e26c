"""Scale questions: the share answering 4 or 5, the mean and the trend over rounds, guarded."""

from __future__ import annotations

from sqlalchemy.orm import Session

from surveys.answering.models import RespondentGroup
from surveys.answering.submission import submit_response
from surveys.authoring.models import Survey
from surveys.disclosure.floor import Count, derived_from_parts, guard_parts
from surveys.insights.scales import distributions, scale_trends
from tests.factories import make_org, make_single_page_survey

MIN_GROUP = 5


def _round(session: Session, org, label: str, answers: dict[str, list[int]], staff: list[int] = ()) -> Survey:  # type: ignore[no-untyped-def]
    """A round of the series 'trygghet' in which residents of each area answered the scale `answers`."""
    survey = make_single_page_survey(session, org, round_label=label, slug=f"trygghet-{label}")
    survey.series = "trygghet"
    safety = next(q for q in survey.questions if q.key == "safety")
    area = next(q for q in survey.questions if q.key == "area")
    n = 0
    for place, values in answers.items():
        for value in values:
            n += 1
            submit_response(
                session,
                survey,
                {safety.id: value, area.id: place},
                submission_token=f"{label}-{n}",
                language="sv",
                enforce_open=False,
                require_answers=False,
            )
    for value in staff:
        n += 1
        submit_response(
            session,
            survey,
            {safety.id: value, area.id: "Centrum"},
            submission_token=f"{label}-{n}",
            language="sv",
            enforce_open=False,
            require_answers=False,
            respondent_group=RespondentGroup.STAFF,
        )
    return survey


def test_the_share_answering_4_or_5_the_mean_and_earlier_rounds_per_group(session) -> None:
    org = make_org(session, areas=["Centrum", "Norr"])
    _round(session, org, "2024", {"Centrum": [5, 5, 5, 4, 4, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1]})
    _round(session, org, "2025", {"Centrum": [5] * 5 + [4] * 5 + [3] * 5 + [2] * 5})
    current = _round(session, org, "2026", {"Centrum": [5] * 10 + [4] * 5 + [3] * 5 + [1] * 5})
    [residents] = [
        d for d in distributions(session, [current], "group", MIN_GROUP) if d.question_key == "safety"
    ]
    assert residents.is_scale and residents.total.value == 25
    assert [c.value for c in residents.counts.values()] == [5, 0, 5, 5, 10]  # every value, zeros too
    assert residents.upper_share == 15 / 25
    assert residents.mean == (1 * 5 + 3 * 5 + 4 * 5 + 5 * 10) / 25
    trend = scale_trends(session, [current], "group", MIN_GROUP)[("safety", "resident")]
    assert [r.round_label for r in trend] == ["2024", "2025"]
    # 2024 hides 4 and 5 (2 and 3 people): together they are n minus the shown values, so the
    # share of 4–5 tells nothing new, but a mean would be a second equation that splits them.
    assert trend[0].upper_share == 5 / 20 and trend[0].mean is None and trend[0].total.value == 20
    assert trend[1].upper_share == 10 / 20 and trend[1].mean == 3.5


def test_by_area_counts_residents_only_so_a_small_staff_group_cannot_be_worked_out(session) -> None:
    org = make_org(session, areas=["Centrum", "Norr"])
    current = _round(
        session, org, "2026", {"Centrum": [5] * 6 + [3] * 6, "Norr": [4] * 6 + [2] * 6}, staff=[1]
    )
    by_group = {d.group: d for d in distributions(session, [current], "group", MIN_GROUP)}
    assert by_group["staff"].total.hidden and by_group["resident"].total.value == 24
    by_area = distributions(session, [current], "area", MIN_GROUP)
    # Were the staff member counted by area, the areas' counts minus the residents' would be their answer.
    assert sum(d.total.value or 0 for d in by_area) == by_group["resident"].total.value
    for value in ("1", "2", "3", "4", "5"):
        areas = sum(d.counts[value].value or 0 for d in by_area)
        assert areas == by_group["resident"].counts[value].value


def test_derived_figures_are_shown_only_when_they_reveal_no_hidden_count() -> None:
    def rule(parts: dict[str, int]) -> tuple[bool, bool]:
        return derived_from_parts(parts, guard_parts(parts, MIN_GROUP), {"4", "5"})

    assert rule({"1": 5, "2": 5, "3": 5, "4": 5, "5": 5}) == (True, True)
    # Hidden on one side only: the share follows from what is shown anyway; the mean would not.
    assert rule({"1": 2, "2": 3, "3": 10, "4": 10, "5": 10}) == (True, False)
    # Hidden on both sides: the share would tell them apart.
    assert rule({"1": 2, "2": 10, "3": 10, "4": 10, "5": 3}) == (False, False)
    # A side under the floor is itself a small group.
    assert rule({"1": 10, "2": 10, "3": 10, "4": 0, "5": 0}) == (True, True)
    assert rule({"1": 0, "2": 0, "3": 0, "4": 0, "5": 0}) == (False, False)
    hidden = {v: Count(None, MIN_GROUP) for v in "12345"}
    assert derived_from_parts({"1": 1, "2": 1, "3": 1, "4": 0, "5": 0}, hidden, {"4", "5"}) == (False, False)
