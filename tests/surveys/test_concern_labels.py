"""Concerns in the lägesbild and pledges are named by readable labels and counts, never keyword lists."""

from __future__ import annotations

import io
import re

from docx import Document

from analysis.language import plain_text
from analysis.taxonomy import load_taxonomy
from surveys.answering.submission import submit_response
from surveys.insights.report_data import build_report_data
from surveys.plans.drafting import DraftRequest, build_draft
from surveys.reports.blocks import Bullets
from surveys.reports.outline import build_outline
from surveys.reports.situation_docx import situation_docx
from surveys.reports.tagged_pdf import block_html
from surveys.review.runs import execute_run, start_run
from tests.factories import make_org, make_survey
from tests.plan_helpers import PERIOD, gettexts

MIN_GROUP = 5
# Written for this test: residents describe two problems in their own varied words, some
# naming a place or a person only they mention.
DRUGS = [
    "Knark säljs öppet vid skolan",
    "Det säljs knark vid skolan varje kväll",
    "Knark säljs vid skolan och i Strandparken",
    "Ungdomar köper knark vid skolan",
    "Knark säljs vid skolan, alla vet om det",
    "Langning av knark vid skolan på helgerna",
    "Knark säljs vid skolan, Kalle Svensson har sett det",
    "Mina barn har blivit erbjudna knark vid skolan",
    "Knark säljs vid skolan sedan 2024",
    "Jag är orolig för att knark säljs vid skolan",
]
TRAFFIC = [
    "Bilarna kör för fort på Storgatan",
    "Bilarna kör för fort förbi förskolan",
    "Alldeles för hög hastighet, bilarna kör för fort",
    "Bilarna kör för fort på kvällarna",
    "Bilarna kör för fort och ingen stoppar dem",
    "Det är farligt när bilarna kör för fort vid torget",
    "Bilarna kör för fort i bostadsområdet",
]
POLICE_EN = [
    "More police on the streets at night",
    "We need more police on the streets at night",
    "More police on the streets at night please",
    "I want more police on the streets at night",
    "More police on the streets at night and at weekends",
    "Please put more police on the streets at night",
]
ONE_OFF_WORDS = ("Strandparken", "Storgatan", "Kalle", "Svensson", "2024")


def _analysed(session, extra=()):  # type: ignore[no-untyped-def]
    org = make_org(session, slug="labelkommun", name="Labelkommun")
    survey = make_survey(session, org, series="dialog", round_label="2026")
    question = next(q for q in survey.questions if q.key == "priorities")
    for n, text in enumerate([*DRUGS, *TRAFFIC, *extra]):
        submit_response(
            session, survey, {question.id: text}, submission_token=f"l-{n}", language="sv", enforce_open=False
        )
    execute_run(session, start_run(session, survey).id)
    return survey


def _is_keyword_list(label: str) -> bool:
    return bool(re.fullmatch(r"[\w-]+(, [\w-]+)+", label))


def test_the_report_names_each_concern_by_a_phrase_from_the_answers_with_its_count(session):
    survey = _analysed(session)
    report = build_report_data(session, survey, MIN_GROUP)
    sections = {s.theme: s for s in report.sections}
    for theme, word in (("narkotika", "knark"), ("trafik", "fort")):
        concerns = sections[theme].concerns
        assert concerns, theme
        label, count = concerns[0]
        assert word in label.lower() and " " in label and not _is_keyword_list(label), label
        assert label[0].isupper() and not any(w.lower() in label.lower() for w in ONE_OFF_WORDS), label
        assert count.value is not None and count.value >= MIN_GROUP
    docx = Document(
        io.BytesIO(situation_docx(report, lambda s: s, lambda c: load_taxonomy().area(c).name_sv))
    )
    text = "\n".join(p.text for p in docx.paragraphs)
    label, count = sections["narkotika"].concerns[0]
    assert f"{label} ({count.value} respondents)" in text
    assert "Recurring words" not in text


def test_a_pledge_draft_lists_concerns_by_label_and_count_without_the_keyword_sentence(session):
    survey = _analysed(session)
    report = build_report_data(session, survey, MIN_GROUP)
    request = DraftRequest(period_start=PERIOD[0], period_end=PERIOD[1], parties=("Labelkommun",), areas=2)
    doc = build_draft(session, survey, request, gettexts(), min_group=MIN_GROUP)
    for section in report.sections[:2]:
        body = plain_text(next(s for s in doc.sections if s.theme == section.theme).body["en"])
        label, count = section.concerns[0]
        assert f"What respondents are concerned about:\n- {label} ({count.value} respondents)" in body
        assert "Recurring words" not in body
        listed = [line[2:] for line in body.splitlines() if line.startswith("- ") and "respondents)" in line]
        assert listed and not any(_is_keyword_list(item.rsplit(" (", 1)[0]) for item in listed)


def test_an_english_label_in_a_swedish_report_is_marked_as_english(session):
    survey = _analysed(session, POLICE_EN)
    report = build_report_data(session, survey, MIN_GROUP)
    police = next(s for s in report.sections if s.theme == "polisnarvaro")
    languages = dict(zip((label for label, _ in police.concerns), police.concern_languages, strict=True))
    english = [label for label, lang in languages.items() if lang == "en"]
    assert english and "police" in english[0].lower(), languages
    swedish = {"en": "sv", "%(concern)s (%(n)s respondents)": "%(concern)s (%(n)s svarande)"}
    outline = build_outline(report, lambda s: swedish.get(s, s), lambda c: load_taxonomy().area(c).name_sv)
    lists = [b for b in outline.blocks if isinstance(b, Bullets) and any(english[0] in i for i in b.items)]
    assert lists, "the police concern is listed"
    html = block_html(lists[0], lambda s: s)
    assert f'<li><span lang="en">{english[0]}</span> (' in html and " svarande)</li>" in html
    drugs = next(
        b for b in outline.blocks if isinstance(b, Bullets) and any("nark" in i.lower() for i in b.items)
    )
    assert 'lang="' not in block_html(drugs, lambda s: s)  # Swedish labels in a Swedish report


def test_the_same_concern_in_residents_and_staff_answers_is_listed_once_with_everyone(session):
    org = make_org(session, slug="tvakommun", name="Tvåkommun")
    citizen = make_survey(session, org, series="dialog", round_label="2026")
    staff = make_survey(session, org, template="staff_dialogue", series="personal", round_label="2026")
    for survey, key, texts in (
        (citizen, "priorities", ["Gatlyktorna är trasiga vid skolan", "Gatlyktorna är trasiga"] * 3),
        (staff, "seen_in_work", ["Gatlyktorna är trasiga", "Gatlyktorna är trasiga på parkeringen"] * 3),
    ):
        question = next(q for q in survey.questions if q.key == key)
        for n, text in enumerate(texts):
            submit_response(
                session,
                survey,
                {question.id: text},
                submission_token=f"{key}-{n}",
                language="sv",
                enforce_open=False,
            )
        execute_run(session, start_run(session, survey).id)
    report = build_report_data(session, citizen, MIN_GROUP)
    lights = next(s for s in report.sections if s.theme == "belysning")
    assert [(label, count.value) for label, count in lights.concerns] == [("Gatlyktorna är trasiga", 12)]
