"""Sentences built from guarded figures stay true: a hidden figure is said to be hidden."""

from __future__ import annotations

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
    report = build_report_data(session, citizen, 5)
    quotes = [q for section in report.sections for q in section.quotes]
    assert resident_quote in quotes
    assert lone not in quotes
    assert self_identifying(lone) and self_identifying("Min son på Norrskolan blir hotad")
    assert not self_identifying(resident_quote)
    assert not self_identifying("Knark säljs vid skolan på kvällarna")
    assert self_identifying("Förskolan Solen har problem med inbrott")
