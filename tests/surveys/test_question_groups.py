"""A run analyses problem questions together and every other question on its own."""

from __future__ import annotations

from analysis.pipeline import analyse
from analysis.taxonomy import load_taxonomy
from analysis.types import AnalysisConfig
from analysis.types import Answer as TextAnswer
from surveys.authoring.models import QuestionPurpose
from surveys.places.mentions import mentioned_places, place_mentions
from surveys.review.question_groups import analyse_groups, question_groups

PURPOSES = {
    "1": QuestionPurpose.PROBLEMS,
    "2": QuestionPurpose.PROBLEMS,
    "3": QuestionPurpose.STRENGTHS,
    "4": QuestionPurpose.PLACES,
}


def _answers() -> list[TextAnswer]:
    problems = ["Det säljs narkotika vid skolan", "Bilarna kör för fort på Storgatan"] * 6
    strengths = ["Grannsamverkan fungerar bra.", "Bra grannar som håller koll."] * 4
    places = ["Stationen", "ICA-parkeringen"] * 3
    return (
        [TextAnswer(id=f"p{i}", text=t, question="1" if i % 2 else "2") for i, t in enumerate(problems)]
        + [TextAnswer(id=f"s{i}", text=t, question="3") for i, t in enumerate(strengths)]
        + [TextAnswer(id=f"w{i}", text=t, question="4") for i, t in enumerate(places)]
    )


def test_problem_questions_form_one_group_and_each_other_question_its_own():
    groups = question_groups(_answers(), PURPOSES)
    assert [g.purpose for g in groups] == [
        QuestionPurpose.PROBLEMS,
        QuestionPurpose.STRENGTHS,
        QuestionPurpose.PLACES,
    ]
    assert {a.question for a in groups[0].answers} == {"1", "2"}
    assert [len(g.answers) for g in groups] == [12, 8, 6]


def test_only_problem_answers_are_counted_and_cluster_numbers_stay_apart():
    steps: list[float] = []
    groups = question_groups(_answers(), PURPOSES)
    result = analyse_groups(
        groups,
        AnalysisConfig(seed=0),
        lambda answers, config, report: analyse(answers, config, progress=report),
        lambda fraction, step: steps.append(fraction),
    )
    assert len(result.answers) == 26
    assert result.theme_counts["inbrott_stold"] == 0  # "grannsamverkan" is a burglary word
    alone = analyse([a for a in _answers() if a.question == "3"])
    assert alone.theme_counts["inbrott_stold"] > 0
    numbers = [c.id for c in result.clusters]
    assert len(numbers) == len(set(numbers))
    by_question = {}
    for item, answer in zip(result.answers, [a for g in groups for a in g.answers], strict=True):
        assert item.answer_id == answer.id
        if item.cluster >= 0:
            by_question.setdefault(item.cluster, set()).add(PURPOSES[answer.question])
    assert all(len(purposes) == 1 for purposes in by_question.values())
    assert steps == sorted(steps) and steps[-1] <= 1.0
    # A place or strength cluster is never named after a problem area.
    area_names = [area.name_sv for area in load_taxonomy().areas]
    places = [
        c for c in result.clusters if any(r in ("Stationen", "ICA-parkeringen") for r in c.representatives)
    ]
    assert places and not any(c.label.startswith(name) for c in places for name in area_names)


def test_a_place_name_matches_at_the_start_of_a_word_in_any_case():
    names = ["Centrum", "Norr", "Söder"]
    assert mentioned_places("Vid centrumet och i Centrumgaraget", names) == ("Centrum",)
    assert mentioned_places("Norrut mot SÖDER", names) == ("Norr", "Söder")
    assert mentioned_places("Stationen", names) == ()
    assert mentioned_places("Snorre", names) == ()
    assert place_mentions(["Centrum", "centrum, Norr", "inget"], names) == {"Centrum": 2, "Norr": 1}
