"""Figures on staff pages cannot be worked out by subtraction from what the same page shows."""

from __future__ import annotations

from lxml import html as lxml_html

from app.extensions import db
from surveys.accounts.models import Role
from surveys.answering.submission import submit_response
from surveys.review.runs import execute_run, start_run
from tests.app.helpers import sign_in
from tests.factories import make_org, make_survey, make_user


def _submit_scales(survey, area, day_values):
    scale = next(q for q in survey.questions if q.key == "safety_day")
    area_q = next(q for q in survey.questions if q.key == "area")
    text_q = next(q for q in survey.questions if q.key == "priorities")
    for n, value in enumerate(day_values):
        submit_response(
            db.session,
            survey,
            {scale.id: value, area_q.id: area, text_q.id: "Mer belysning"},
            submission_token=f"{area}-{n}",
            language="sv",
        )


def _scale_rows(page: str) -> list[tuple[str, dict[str, str]]]:
    """(n, {value: shown count}) per row of the scale table."""
    tree = lxml_html.fromstring(page)
    section = tree.get_element_by_id("scales-heading").getparent()
    rows = []
    for tr in section.iter("tr"):
        cells = tr.findall("td")
        if len(cells) != 4:
            continue
        parts = {}
        for tag in cells[3].find_class("tag"):
            value, _, shown = tag.text_content().partition(":")
            parts[value.strip()] = shown.strip()
        rows.append((cells[2].text_content().strip(), parts))
    return rows


def test_scale_values_by_area_cannot_be_worked_out_from_n(client):
    # Byarna: n = 47 with 1: 3, 2: 7, 3: 11, 4: 11, 5: 15; the 3 used to be 47 - 44.
    org = make_org(db.session, areas=["Byarna", "Centrum"])
    survey = make_survey(db.session, org)
    _submit_scales(survey, "Byarna", [1] * 3 + [2] * 7 + [3] * 11 + [4] * 11 + [5] * 15)
    execute_run(db.session, start_run(db.session, survey).id)
    sign_in(client, make_user(db.session, org, Role.VIEWER))
    page = client.get(f"/admin/surveys/{survey.slug}/situation?scales=area").get_data(as_text=True)
    rows = _scale_rows(page)
    assert rows
    for n, parts in rows:
        shown = [int(v) for v in parts.values() if v.isdigit()]
        hidden = [v for v in parts.values() if not v.isdigit()]
        if n.isdigit() and hidden:
            assert len(hidden) >= 2, (n, parts)
            assert int(n) - sum(shown) >= 5, (n, parts)


def test_themes_csv_leaves_hidden_figures_blank_and_names_them(runner):
    import csv
    import io

    org = make_org(db.session, areas=["Centrum", "Norr"])
    survey = make_survey(db.session, org)
    question = next(q for q in survey.questions if q.key == "priorities")
    texts = ["Knark säljs vid skolan"] * 10 + ["Bilar kör för fort"] * 8
    texts += ["Bedragare ringer och lurar pensionärer"] * 3  # an area raised by fewer than 5
    for n, text in enumerate(texts):
        submit_response(db.session, survey, {question.id: text}, submission_token=f"t{n}", language="sv")
    execute_run(db.session, start_run(db.session, survey).id)
    result = runner.invoke(args=["themes", survey.slug, "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    small = [r for r in rows if "respondents" in r["hidden"].split()]
    assert small, rows
    for row in small:
        hidden = row["hidden"].split()
        parts = [name for name in row if name.startswith("part_")]
        assert set(parts) <= set(hidden)
        for name in hidden:
            assert row[name] == "", (name, row[name])
    shown = [r for r in rows if not r["hidden"]]
    assert shown and all(r["respondents"].isdigit() for r in shown)


def _priority_rows(page: str) -> list[list[str]]:
    tree = lxml_html.fromstring(page)
    table = tree.xpath("//form[@id='ranking']//table")[0]
    return [[c.text_content().strip() for c in tr.xpath("./td|./th")] for tr in table.xpath(".//tbody/tr")]


def test_priorities_page_shows_no_share_for_a_staff_group_of_one(client):
    org = make_org(db.session, areas=["Centrum", "Norr"])
    citizen = make_survey(db.session, org, series="dialog", round_label="2026")
    staff = make_survey(db.session, org, template="staff_dialogue", series="personal", round_label="2026")
    question = next(q for q in citizen.questions if q.key == "priorities")
    texts = ["Knark säljs vid skolan"] * 12 + ["Bilar kör för fort"] * 9 + ["Bedragare lurar pensionärer"] * 2
    for n, text in enumerate(texts):
        submit_response(db.session, citizen, {question.id: text}, submission_token=f"c{n}", language="sv")
    execute_run(db.session, start_run(db.session, citizen).id)
    seen = next(q for q in staff.questions if q.key == "seen_in_work")
    submit_response(
        db.session, staff, {seen.id: "Elever köper narkotika"}, submission_token="s0", language="sv"
    )
    execute_run(db.session, start_run(db.session, staff).id)
    sign_in(client, make_user(db.session, org, Role.VIEWER))
    page = client.get(f"/admin/surveys/{citizen.slug}/priorities", headers={"Accept-Language": "sv"})
    rows = _priority_rows(page.get_data(as_text=True))
    assert rows
    for cells in rows:
        # rank, area, respondents, share, residents, staff, five parts, score, ...
        assert cells[5] == "–", cells  # one staff member: never "100 %" or "0 %"
        if "färre än" in cells[2]:
            assert cells[3] == "–" and all(c == "–" for c in cells[6:12]), cells


def test_answer_lists_show_group_area_language_only_for_combinations_at_the_floor(client):
    from surveys.review.run_models import AnalysisRun
    from surveys.review.state import load_state

    org = make_org(db.session, areas=["Centrum", "Norr"])
    survey = make_survey(db.session, org)
    question = next(q for q in survey.questions if q.key == "priorities")
    area_q = next(q for q in survey.questions if q.key == "area")
    rows = [("Centrum", "sv")] * 12 + [("Norr", "sv")]
    for n, (area, language) in enumerate(rows):
        submit_response(
            db.session,
            survey,
            {question.id: "Knark säljs vid skolan varje kväll", area_q.id: area},
            submission_token=f"q{n}",
            language=language,
        )
    run = start_run(db.session, survey)
    execute_run(db.session, run.id)
    state = load_state(db.session, survey, db.session.get(AnalysisRun, run.id))
    cluster = max(state.clusters, key=lambda c: c.size)
    sign_in(client, make_user(db.session, org, Role.VIEWER))
    page = client.get(f"/admin/surveys/{survey.slug}/analysis/clusters/{cluster.key}").get_data(as_text=True)
    metas = [p.text_content() for p in lxml_html.fromstring(page).find_class("meta")]
    assert any("Centrum" in m for m in metas)
    assert not any("Norr" in m for m in metas)  # a combination of one is never described
