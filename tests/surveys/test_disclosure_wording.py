"""Sentences built from guarded figures stay true: a hidden figure is said to be hidden."""

from __future__ import annotations

from dataclasses import replace

import pytest

from analysis.taxonomy import load_taxonomy
from surveys.disclosure.floor import guard_parts
from surveys.insights.report_data import build_report_data
from surveys.reports import wording
from surveys.reports.situation_docx import situation_docx
from surveys.reports.situation_pdf import situation_pdf
from tests.factories import make_org, make_survey
from tests.surveys.test_situation_documents import _answer, docx_text, english, normalise, pdf_text


def test_a_count_hidden_only_as_a_complement_is_not_called_fewer_than_the_floor():
    guarded = guard_parts({"resident": 28, "staff": 1}, 5)
    assert guarded["resident"].hidden and guarded["staff"].hidden
    assert wording.count(guarded["resident"], english) == "hidden"
    assert wording.count(guarded["staff"], english) == "hidden"  # not telling which one is small
    alone = guard_parts({"Norr": 2, "Centrum": 3}, 5)
    assert wording.count(alone["Norr"], english) == "fewer than 5"


def test_the_situation_picture_never_says_fewer_than_five_residents_when_28_answered(session):
    org = make_org(session)
    citizen = make_survey(session, org, series="dialog", round_label="2026")
    staff = make_survey(session, org, template="staff_dialogue", series="personal", round_label="2026")
    _answer(session, citizen, "priorities", ["Knark säljs vid skolan"] * 28)
    _answer(session, staff, "seen_in_work", ["Elever köper narkotika"])
    report = build_report_data(session, citizen, 5)
    sentence = wording.respondents_sentence(report, english)
    assert "fewer than 5 residents" not in sentence
    assert sentence.startswith("29 people answered;") and "hidden" in sentence
    name = load_taxonomy().area
    for content, read in (
        (situation_pdf(report, english, lambda c: name(c).name_en), pdf_text),
        (situation_docx(report, english, lambda c: name(c).name_en), docx_text),
    ):
        text = normalise(read(content))
        assert "fewer than 5 residents" not in text
        assert "29 people answered; how many were residents and how many staff is hidden" in text


def build_round_where_some_wrote_nothing(session):  # type: ignore[no-untyped-def]
    """48 residents answered; 2 of them wrote only "vet ej", so 46 wrote in their own words."""
    org = make_org(session)
    citizen = make_survey(session, org, series="dialog", round_label="2026")
    _answer(
        session,
        citizen,
        "priorities",
        ["Knark säljs vid skolan"] * 26 + ["Bilar kör för fort"] * 20 + ["vet ej"] * 2,
    )
    return citizen


def test_the_situation_picture_says_how_many_answered_and_how_many_of_them_wrote(session):
    citizen = build_round_where_some_wrote_nothing(session)
    report = build_report_data(session, citizen, 5)
    assert (report.answered.value, report.respondents.value) == (48, 46)
    sentence = wording.respondents_sentence(report, english)
    assert sentence == "48 people answered; 46 of them wrote in their own words."
    name = load_taxonomy().area
    for content, read in (
        (situation_pdf(report, english, lambda c: name(c).name_en), pdf_text),
        (situation_docx(report, english, lambda c: name(c).name_en), docx_text),
    ):
        text = normalise(read(content))
        assert "48 people answered; 46 of them wrote in their own words." in text
        assert "46 people answered" not in text
    # With staff, the groups are those of the writers and are said to be.
    mixed = replace(report, by_group=guard_parts({"resident": 40, "staff": 6}, 5))
    assert wording.respondents_sentence(mixed, english).endswith(
        "wrote in their own words. Of those who wrote, 40 were residents and 6 staff."
    )
    few_staff = replace(report, by_group=guard_parts({"resident": 44, "staff": 2}, 5))
    assert wording.respondents_sentence(few_staff, english).endswith(
        "How many of those who wrote were residents and how many staff is hidden to protect individuals."
    )


def test_quotes_come_only_from_groups_at_the_floor_and_never_identify(session):
    from surveys.disclosure.quotes import self_identifying

    org = make_org(session)
    citizen = make_survey(session, org, series="dialog", round_label="2026")
    staff = make_survey(session, org, template="staff_dialogue", series="personal", round_label="2026")
    resident_quote = "Knark säljs öppet vid busshållplatsen på kvällarna"
    _answer(session, citizen, "priorities", [resident_quote] * 12)
    # One staff member: a group of one, and the text names a role and a place.
    lone = "Som fritidsledare i Strandvik ser jag att unga köper narkotika"
    _answer(session, staff, "seen_in_work", [lone])

    def quotes():  # type: ignore[no-untyped-def]
        return [q for section in build_report_data(session, citizen, 5).sections for q in section.quotes]

    assert quotes() == []  # nothing is quoted before a reviewer approves it
    from surveys.review.actions import ReviewError, approve_quotable, approve_quote
    from surveys.review.runs import latest_run
    from surveys.review.state import load_state

    staff_answer = load_state(session, staff, latest_run(session, staff, finished_only=True)).answers[0]
    with pytest.raises(ReviewError, match="identify"):
        approve_quote(session, staff, staff_answer.answer_id, True, None)
    assert approve_quotable(session, citizen, 5) == 12 and approve_quotable(session, staff, 5) == 0
    assert resident_quote in quotes() and lone not in quotes()
    first = load_state(session, citizen, latest_run(session, citizen, finished_only=True)).answers[0]
    approve_quote(session, citizen, first.answer_id, False, None)  # withdrawn: the others remain
    assert resident_quote in quotes()
    assert self_identifying(lone) and self_identifying("Min son på Norrskolan blir hotad")
    assert not self_identifying(resident_quote)
    assert not self_identifying("Knark säljs vid skolan på kvällarna")
    assert self_identifying("Förskolan Solen har problem med inbrott")


@pytest.mark.parametrize(
    ("text", "identifies"),
    [
        ("Som förälder oroar jag mig: synlig polis vid Kvarnbackens skola skulle göra mig tryggare.", True),
        ("Barnen på Hedåsens förskola blir rädda av mopederna", True),
        ("Det är stökigt vid Strandvikens bibliotek på kvällarna", True),
        ("Ungdomar samlas vid skolan på kvällarna", False),
        ("Jag är rädd när jag går hem från bussens hållplats", False),
    ],
)
def test_a_named_institution_in_the_genitive_also_points_at_the_writer(text, identifies):
    from surveys.disclosure.quotes import self_identifying

    assert self_identifying(text) is identifies


def test_hidden_neighbourhoods_are_listed_last_by_name_not_by_their_hidden_size(session):
    # Drugs: 12 in Centrum, 3 in Söder, 2 in Norr. By size the hidden two would read "Söder,
    # Norr", telling that Söder's hidden figure is the larger; by name they tell nothing.
    org = make_org(session)
    citizen = make_survey(session, org, series="dialog", round_label="2026")
    areas = ["Centrum"] * 12 + ["Söder"] * 3 + ["Norr"] * 2
    _answer(session, citizen, "priorities", ["Knark säljs vid skolan"] * len(areas), areas)
    report = build_report_data(session, citizen, 5)
    [drugs] = [s for s in report.sections if s.theme == "narkotika"]
    assert [(place, n.hidden) for place, n in drugs.areas] == [
        ("Centrum", False),
        ("Norr", True),
        ("Söder", True),
    ]
