"""Breakdown and priority pages: figures, the privacy floor, weights, overrides and saving."""

from __future__ import annotations

import re

import pytest
from lxml import html as lxml_html
from sqlalchemy import select

from app.extensions import db
from surveys.accounts.models import Role
from surveys.answering.submission import submit_response
from surveys.insights.models import IndicatorValue, PriorityList
from surveys.review.runs import execute_run, start_run
from tests.app.helpers import csrf_from, parse_html, sign_in, text_of
from tests.factories import make_org, make_survey, make_user


def _answer(survey, key, texts, area="Centrum"):
    question = next(q for q in survey.questions if q.key == key)
    area_q = next(q for q in survey.questions if q.key == "area")
    for n, text in enumerate(texts):
        values = {question.id: text, area_q.id: area}
        submit_response(
            db.session,
            survey,
            values,
            submission_token=f"{survey.slug}{n}{area}",
            language="sv",
            enforce_open=False,
        )
    execute_run(db.session, start_run(db.session, survey).id)


@pytest.fixture
def analysed_round():
    org = make_org(db.session, areas=["Centrum", "Norr"])
    citizen = make_survey(db.session, org, series="dialog", round_label="2026")
    staff = make_survey(db.session, org, template="staff_dialogue", series="personal", round_label="2026")
    question = next(q for q in citizen.questions if q.key == "priorities")
    area_q = next(q for q in citizen.questions if q.key == "area")
    texts = ["Knark säljs vid skolan"] * 10 + ["Bilar kör för fort"] * 8
    for n, text in enumerate(texts):
        submit_response(
            db.session,
            citizen,
            {question.id: text, area_q.id: "Centrum"},
            submission_token=f"c{n}",
            language="sv",
        )
    # Three residents of Norr raise something unusual: a group below the floor.
    for n in range(3):
        submit_response(
            db.session,
            citizen,
            {question.id: "Bedragare ringer och lurar pensionärer", area_q.id: "Norr"},
            submission_token=f"n{n}",
            language="sv",
        )
    execute_run(db.session, start_run(db.session, citizen).id)
    seen = next(q for q in staff.questions if q.key == "seen_in_work")
    for n in range(8):
        submit_response(
            db.session, staff, {seen.id: "Elever köper narkotika"}, submission_token=f"s{n}", language="sv"
        )
    execute_run(db.session, start_run(db.session, staff).id)
    return org, citizen, staff


def test_breakdown_by_group_and_area_hides_small_groups(client, analysed_round):
    org, citizen, staff = analysed_round
    sign_in(client, make_user(db.session, org, Role.VIEWER))
    html = client.get(f"/admin/surveys/{citizen.slug}/situation?by=group").get_data(as_text=True)
    assert "Invånare" in html and "Medarbetare" in html
    by_area = client.get(f"/admin/surveys/{citizen.slug}/situation?by=area").get_data(as_text=True)
    assert "färre än 5" in by_area
    # Nowhere on the page may a count of 1–4 appear for Norr's three respondents.
    assert not re.search(r"\((?:1|2|3|4)\)", by_area)
    narrowed = client.get(f"/admin/surveys/{citizen.slug}/situation?filter=area&value=Norr").get_data(
        as_text=True
    )
    assert "inte" in narrowed and "tillämpas" in narrowed  # the filter is refused, not applied


def test_priorities_page_shows_parts_and_saves_with_overrides(client, analysed_round):
    org, citizen, staff = analysed_round
    db.session.add(
        IndicatorValue(
            organisation_id=org.id,
            period="2025",
            area="",
            indicator="Narkotikabrott",
            theme="narkotika",
            value=10,
        )
    )
    db.session.commit()
    sign_in(client, make_user(db.session, org, Role.ANALYST))
    page = client.get(f"/admin/surveys/{citizen.slug}/priorities").get_data(as_text=True)
    assert "Narkotika" in page and "Trafik" in page and "Andel" in page
    reweighted = client.get(
        f"/admin/surveys/{citizen.slug}/priorities?w_share=0&w_severity=0&w_trend=0"
        "&w_agreement=1&w_indicator=0"
    ).get_data(as_text=True)
    assert reweighted.index("Narkotika") < reweighted.index("Trafik")  # both groups raise drugs
    token = csrf_from(client, f"/admin/surveys/{citizen.slug}/priorities")
    refused = client.post(
        f"/admin/surveys/{citizen.slug}/priorities",
        data={"csrf_token": token, "rank_trafik": "1", "reason_trafik": ""},
    )
    assert refused.status_code == 302 and db.session.scalar(select(PriorityList)) is None
    client.post(
        f"/admin/surveys/{citizen.slug}/priorities",
        data={"csrf_token": token, "rank_trafik": "1", "reason_trafik": "Olyckor vid skolan"},
    )
    saved = db.session.scalar(select(PriorityList))
    assert saved.items[0].theme == "trafik" and saved.items[0].override_reason == "Olyckor vid skolan"


def test_viewers_cannot_save_priorities_and_others_cannot_see(client, analysed_round):
    org, citizen, staff = analysed_round
    sign_in(client, make_user(db.session, org, Role.VIEWER))
    token = csrf_from(client, f"/admin/surveys/{citizen.slug}/priorities")
    assert (
        client.post(f"/admin/surveys/{citizen.slug}/priorities", data={"csrf_token": token}).status_code
        == 403
    )
    stranger = client.application.test_client()
    sign_in(stranger, make_user(db.session, make_org(db.session), Role.ADMIN))
    assert stranger.get(f"/admin/surveys/{citizen.slug}/situation").status_code == 404
    assert stranger.get(f"/admin/surveys/{citizen.slug}/priorities").status_code == 404


def test_indicator_upload_from_the_page(client, analysed_round):
    org, citizen, staff = analysed_round
    sign_in(client, make_user(db.session, org, Role.ANALYST))
    token = csrf_from(client, f"/admin/surveys/{citizen.slug}/situation")
    from io import BytesIO

    data = "period;indikator;värde\n2025;Anmälda narkotikabrott;30\n".encode("utf-8-sig")
    response = client.post(
        f"/admin/surveys/{citizen.slug}/indicators",
        data={"csrf_token": token, "file": (BytesIO(data), "bra.csv")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "Anmälda narkotikabrott" in response.get_data(as_text=True)
    bad = client.post(
        f"/admin/surveys/{citizen.slug}/indicators",
        data={"csrf_token": token, "file": (BytesIO(b"\x00\x01\x02garbage"), "x.csv")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert bad.status_code == 200 and "kunde inte läsas" in bad.get_data(as_text=True)


def _form_with_button(html: str, label: str):  # type: ignore[no-untyped-def]
    """The form holding the button labelled `label`, its fields as a browser sends them, and the button."""
    tree = lxml_html.fromstring(html)
    button = next(b for b in tree.iter("button") if b.text_content().strip() == label)
    form = next(a for a in button.iterancestors() if a.tag == "form")
    fields = {i.get("name"): i.get("value") or "" for i in form.iter("input") if i.get("name")}
    if button.get("name"):
        fields[button.get("name")] = button.get("value") or ""
    return form, fields


def test_an_override_and_weights_typed_in_are_saved_with_one_press_and_shown_afterwards(
    client, analysed_round
):
    org, citizen, staff = analysed_round
    sign_in(client, make_user(db.session, org, Role.ANALYST))
    url = f"/admin/surveys/{citizen.slug}/priorities"
    form, fields = _form_with_button(
        client.get(url).get_data(as_text=True), "Spara som omgångens prioriterade områden"
    )
    assert "rank_trafik" in fields and "w_share" in fields  # the inputs the user types into are sent along
    fields.update({"rank_trafik": "1", "reason_trafik": "Olyckor vid skolan", "w_agreement": "3"})
    response = client.post(form.get("action") or url, data=fields)
    assert response.status_code == 302
    saved = db.session.scalar(select(PriorityList))
    first = saved.items[0]
    assert (first.theme, first.rank, first.override_reason) == ("trafik", 1, "Olyckor vid skolan")
    assert saved.weights["agreement"] > saved.weights["share"]
    page = lxml_html.fromstring(client.get(url).get_data(as_text=True))
    assert page.get_element_by_id("reason_trafik").get("value") == "Olyckor vid skolan"
    shown = {n: float(page.get_element_by_id(f"w_{n}").get("value")) for n in saved.weights}
    assert shown == pytest.approx(saved.weights)


def test_recalculate_keeps_the_typed_values_without_saving(client, analysed_round):
    org, citizen, staff = analysed_round
    sign_in(client, make_user(db.session, org, Role.ANALYST))
    url = f"/admin/surveys/{citizen.slug}/priorities"
    form, fields = _form_with_button(client.get(url).get_data(as_text=True), "Räkna om")
    fields.update({"rank_trafik": "1", "reason_trafik": "Olyckor"})
    method = (form.get("method") or "get").lower()
    send = client.post if method == "post" else client.get
    response = send(
        form.get("action") or url, **({"data": fields} if method == "post" else {"query_string": fields})
    )
    if response.status_code == 302:
        assert "csrf_token" not in response.headers["Location"]
        response = client.get(response.headers["Location"])
    page = lxml_html.fromstring(response.get_data(as_text=True))
    assert page.get_element_by_id("reason_trafik").get("value") == "Olyckor"
    assert db.session.scalar(select(PriorityList)) is None


def test_a_typed_weight_that_is_no_finite_number_falls_back_to_its_default():
    from analysis.prioritise import DEFAULT_WEIGHTS
    from app.admin.insights.priorities import _weights

    weights = _weights({"w_share": "inf", "w_severity": "nan", "w_trend": "0,5", "w_agreement": "-2"})
    assert weights["share"] == DEFAULT_WEIGHTS["share"]
    assert weights["severity"] == DEFAULT_WEIGHTS["severity"]
    assert weights["trend"] == 0.5
    assert weights["agreement"] == 0.0
    assert weights["indicator"] == DEFAULT_WEIGHTS["indicator"]


def _column_headings(page: str) -> list[str]:
    table = parse_html(page).xpath("//table")[0]
    return [th.xpath("normalize-space(text())") for th in table.xpath(".//thead//th")][1:]


def _filter_options(page: str) -> dict[str, list[tuple[str, str]]]:
    groups: dict[str, list[tuple[str, str]]] = {}
    for option in parse_html(page).xpath("//select[@id='only']/optgroup/option"):
        groups.setdefault(option.getparent().get("label"), []).append((option.get("value"), text_of(option)))
    return groups


def test_breakdowns_name_their_columns_in_the_natural_order_and_filter_from_labelled_lists(client):
    """Age bands in the question's order with their labels, questions by their text, no codes."""
    org = make_org(db.session, areas=["Centrum", "Norr"])
    survey = make_survey(db.session, org)
    priorities = next(q for q in survey.questions if q.key == "priorities")
    places = next(q for q in survey.questions if q.key == "unsafe_places")
    age = next(q for q in survey.questions if q.key == "age_band")
    # Entered in the reverse of the question's order: 65–79, 25–44, under 16.
    for n, band in enumerate(["65_79"] * 6 + ["25_44"] * 6 + ["under_16"] * 6):
        values = {priorities.id: "Knark säljs vid skolan", age.id: band}
        if n % 2:
            values[places.id] = "Otryggt vid stationen på kvällen"
        submit_response(db.session, survey, values, submission_token=f"a{n}", language="sv")
    execute_run(db.session, start_run(db.session, survey).id)
    sign_in(client, make_user(db.session, org, Role.ANALYST))

    by_age = client.get(f"/admin/surveys/{survey.slug}/situation?by=age_band").get_data(as_text=True)
    assert _column_headings(by_age) == ["Under 16 år", "25–44 år", "65–79 år"]
    by_question = client.get(f"/admin/surveys/{survey.slug}/situation?by=question").get_data(as_text=True)
    assert _column_headings(by_question) == [priorities.text_in("sv"), places.text_in("sv")]

    options = _filter_options(by_age)
    assert options["Svarsgrupp"] == [("group:resident", "Invånare")]
    assert [label for _, label in options["Åldersgrupp"]] == ["Under 16 år", "25–44 år", "65–79 år"]
    assert ("language:sv", "svenska") in options["Språk"]
    assert [label for _, label in options["Fråga"]] == [priorities.text_in("sv"), places.text_in("sv")]
    assert "Område" not in options  # nobody named an area: no filter that would be refused

    narrowed = client.get(f"/admin/surveys/{survey.slug}/situation?by=age_band&only=age_band:25_44")
    page = narrowed.get_data(as_text=True)
    assert _column_headings(page) == ["25–44 år"]
    selected = parse_html(page).xpath("//select[@id='only']/optgroup/option[@selected]/@value")
    assert selected == ["age_band:25_44"]


def test_scale_questions_show_the_share_answering_4_or_5_the_mean_and_the_earlier_rounds(client):
    from tests.surveys.test_scale_trends import _round

    org = make_org(db.session, areas=["Centrum", "Norr"])
    _round(db.session, org, "2025", {"Centrum": [5] * 5 + [4] * 5 + [3] * 5 + [2] * 5})
    current = _round(db.session, org, "2026", {"Centrum": [5] * 10 + [4] * 5 + [3] * 5 + [1] * 5})
    concern = next(q for q in current.questions if q.key == "concern")
    for n in range(3):
        submit_response(
            db.session,
            current,
            {concern.id: "Det är mörkt vid busshållplatsen"},
            submission_token=f"text-{n}",
            language="sv",
            enforce_open=False,
        )
    execute_run(db.session, start_run(db.session, current).id)
    sign_in(client, make_user(db.session, org, Role.ANALYST))
    page = parse_html(client.get(f"/admin/surveys/{current.slug}/situation").get_data(as_text=True))
    [card] = page.xpath("//article[contains(@class,'scale-card')]")
    headline = text_of(card.xpath(".//p[contains(@class,'scale-headline')]")[0])
    assert headline.startswith("60 % svarade 4 eller 5") and "medelvärde 3,6" in headline  # 15 of 25
    bars = card.xpath(".//svg[@role='img']/title")[0].text_content()
    assert "1: 5, 2: 0, 3: 5, 4: 5, 5: 10" in bars
    rows = [[text_of(c) for c in row.xpath("./*")] for row in card.xpath(".//tbody/tr")]
    assert rows[0][:4] == ["2025", "20", "50 %", "3,5"]
    assert rows[1][:4] == ["2026 (denna omgång)", "25", "60 %", "3,6"]


def test_the_change_since_the_previous_round_is_the_difference_of_the_shares_shown(client):
    """27 % now and 25 % before reads "ökade med 2", although the unrounded change is 2.8 points."""
    org = make_org(db.session, areas=["Centrum"])
    old = make_survey(db.session, org, series="dialog", round_label="2025", status="closed")
    citizen = make_survey(db.session, org, series="dialog", round_label="2026")
    drugs, lights = "Knark säljs vid skolan", "Trasiga gatlampor överallt"
    _answer(old, "priorities", [drugs] * 16 + [lights] * 49)  # 24.6 %
    _answer(citizen, "priorities", [drugs] * 17 + [lights] * 45)  # 27.4 %
    sign_in(client, make_user(db.session, org, role=Role.ANALYST))
    page = parse_html(client.get(f"/admin/surveys/{citizen.slug}/situation").get_data(as_text=True))
    [table] = page.xpath("//table[caption[normalize-space()='Jämfört med föregående omgång']]")
    rows = {
        text_of(row.xpath("./th")[0]): [text_of(cell) for cell in row.xpath("./td")]
        for row in table.xpath(".//tbody/tr")
    }
    assert rows["Narkotika"] == ["27 %", "25 %", "ökade med 2 procentenheter"]
    for now, before, change in rows.values():
        difference = int(now.rstrip(" %")) - int(before.rstrip(" %"))
        expected = (
            "oförändrat"
            if difference == 0
            else f"{'ökade' if difference > 0 else 'minskade'} med {abs(difference)} procentenhet"
        )
        assert change.startswith(expected), (now, before, change)


def test_the_round_comparison_hides_a_previous_share_that_stands_for_fewer_than_the_floor(client):
    # In 2025 three of twenty residents raised drugs: 15 % of 20 is a group of three.
    org = make_org(db.session, areas=["Centrum"])
    old = make_survey(db.session, org, series="dialog", round_label="2025", status="closed")
    _answer(old, "priorities", ["Bilar kör för fort"] * 17 + ["Knark säljs vid skolan"] * 3)
    now = make_survey(db.session, org, series="dialog", round_label="2026")
    _answer(now, "priorities", ["Knark säljs vid skolan"] * 10 + ["Bilar kör för fort"] * 8)
    sign_in(client, make_user(db.session, org, role=Role.VIEWER))
    page = parse_html(client.get(f"/admin/surveys/{now.slug}/situation").get_data(as_text=True))
    [table] = page.xpath("//section[@aria-labelledby='rounds-heading']//table")
    rows = {
        text_of(r.xpath("./th")[0]): [text_of(td) for td in r.xpath("./td")]
        for r in table.xpath(".//tbody/tr")
    }
    drugs = next(cells for name, cells in rows.items() if name.startswith("Narkotika"))
    traffic = next(cells for name, cells in rows.items() if name.startswith("Trafik"))
    assert drugs[0] == "56 %"  # 10 of 18 now: shown
    assert (
        "15 %" not in drugs and drugs[1] == "dold" and drugs[2] == "–"
    )  # and no change from which it follows
    assert traffic[1] == "85 %"  # 17 of 20: shown
