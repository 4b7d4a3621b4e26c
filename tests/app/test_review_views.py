"""Reviewing clusters through the web pages."""

from __future__ import annotations

import random

from lxml import html as lxml_html
from sqlalchemy import select

from app.extensions import db
from surveys.accounts.models import Role
from surveys.answering.submission import submit_response
from surveys.demo.generator import generate_answer
from surveys.review.models import AnswerReview, ReviewAction
from surveys.review.run_models import AnalysisRun
from surveys.review.runs import execute_run, start_run
from surveys.review.state import load_state
from tests.app.helpers import by_id, csrf_from, parse_html, sign_in, text_of
from tests.factories import make_org, make_single_page_survey, make_survey, make_user


def _analysed_survey(count=50):
    survey = make_single_page_survey(db.session)
    concern = survey.questions[0]
    rng = random.Random(11)
    for n in range(count):
        submit_response(
            db.session,
            survey,
            {concern.id: generate_answer(rng).text},
            submission_token=f"w{n}",
            language="sv",
        )
    run = start_run(db.session, survey, seed=2)
    execute_run(db.session, run.id)
    return survey, db.session.get(AnalysisRun, run.id)


def test_rename_merge_move_and_undo_from_the_pages(client):
    survey, run = _analysed_survey()
    sign_in(client, make_user(db.session, survey.organisation, Role.ANALYST))
    url = f"/admin/surveys/{survey.slug}/analysis"
    token = csrf_from(client, url)
    state = load_state(db.session, survey, run)
    first, second = state.clusters[:2]
    post = f"/admin/surveys/{survey.slug}/analysis/review"
    client.post(
        post, data={"csrf_token": token, "action": "rename", "key": first.key, "name": "Knark vid torget"}
    )
    page = client.get(url).get_data(as_text=True)
    assert "Knark vid torget" in page
    renamed = next(c for c in load_state(db.session, survey, run).clusters if c.label == "Knark vid torget")
    client.post(
        post, data={"csrf_token": token, "action": "merge", "keys": second.key, "target": renamed.key}
    )
    merged = next(c for c in load_state(db.session, survey, run).clusters if c.label == "Knark vid torget")
    assert merged.size == first.size + second.size
    third = load_state(db.session, survey, run).clusters[1]
    moving = third.members[0].answer_id
    detail = client.get(f"/admin/surveys/{survey.slug}/analysis/clusters/{third.key}").get_data(as_text=True)
    assert f'value="{moving}"' in detail
    client.post(
        post, data={"csrf_token": token, "action": "move", "answer_ids": str(moving), "target": merged.key}
    )
    assert load_state(db.session, survey, run).cluster(merged.key).size == merged.size + 1
    client.post(post, data={"csrf_token": token, "action": "undo"})
    assert load_state(db.session, survey, run).cluster(merged.key).size == merged.size
    kinds = [a.kind for a in db.session.scalars(select(ReviewAction).order_by(ReviewAction.id))]
    assert kinds == ["rename", "merge", "move", "undo"]


def test_cluster_page_search_and_filters(client):
    survey, run = _analysed_survey()
    sign_in(client, make_user(db.session, survey.organisation, Role.ANALYST))
    cluster = load_state(db.session, survey, run).clusters[0]
    word = cluster.members[0].text_redacted.split()[0]
    html = client.get(f"/admin/surveys/{survey.slug}/analysis/clusters/{cluster.key}?q={word}").get_data(
        as_text=True
    )
    assert cluster.members[0].text_redacted in html
    none = client.get(f"/admin/surveys/{survey.slug}/analysis/clusters/{cluster.key}?group=staff").get_data(
        as_text=True
    )
    assert "<blockquote" not in none
    assert client.get(f"/admin/surveys/{survey.slug}/analysis/clusters/c9999").status_code == 404


def test_viewers_cannot_change_anything(client):
    survey, run = _analysed_survey(20)
    sign_in(client, make_user(db.session, survey.organisation, Role.VIEWER))
    token = csrf_from(client, f"/admin/surveys/{survey.slug}/analysis")
    answer = load_state(db.session, survey, run).answers[0]
    response = client.post(
        f"/admin/surveys/{survey.slug}/analysis/review",
        data={"csrf_token": token, "action": "flag", "answer_id": str(answer.answer_id), "flag": "abusive"},
    )
    assert response.status_code == 403
    assert db.session.scalar(select(AnswerReview)) is None


def test_areas_for_an_answer_of_another_survey_are_refused(client):
    survey, run = _analysed_survey(10)
    other, other_run = _analysed_survey(10)
    sign_in(client, make_user(db.session, survey.organisation, Role.ANALYST))
    token = csrf_from(client, f"/admin/surveys/{survey.slug}/analysis")
    foreign = load_state(db.session, other, other_run).answers[0]
    client.post(
        f"/admin/surveys/{survey.slug}/analysis/review",
        data={
            "csrf_token": token,
            "action": "themes",
            "answer_id": str(foreign.answer_id),
            "primary": "vald",
        },
    )
    assert db.session.scalar(select(AnswerReview)) is None


def test_viewers_get_no_quote_list_for_a_small_group(client):
    survey, run = _analysed_survey(30)
    small = min(load_state(db.session, survey, run).clusters, key=lambda c: c.size)
    sign_in(client, make_user(db.session, survey.organisation, Role.VIEWER))
    everyone = client.get(f"/admin/surveys/{survey.slug}/analysis/clusters/{small.key}").get_data(
        as_text=True
    )
    if small.size < 5:
        assert "<blockquote" not in everyone and "färre än 5" in everyone.lower()
    narrowed = client.get(
        f"/admin/surveys/{survey.slug}/analysis/clusters/{small.key}?q={small.members[0].text_redacted[:12]}"
    ).get_data(as_text=True)
    matching = [
        m for m in small.members if small.members[0].text_redacted[:12].lower() in m.text_redacted.lower()
    ]
    if len(matching) < 5:
        assert "<blockquote" not in narrowed


def test_undo_says_the_change_was_undone_not_saved(client):
    survey, run = _analysed_survey()
    sign_in(client, make_user(db.session, survey.organisation, Role.ANALYST))
    url = f"/admin/surveys/{survey.slug}/analysis"
    token = csrf_from(client, url)
    first = load_state(db.session, survey, run).clusters[0]
    post = f"/admin/surveys/{survey.slug}/analysis/review"
    client.post(post, data={"csrf_token": token, "action": "rename", "key": first.key, "name": "Nytt namn"})
    client.get(url)  # the rename's message is shown once
    client.post(post, data={"csrf_token": token, "action": "undo"})
    page = client.get(url).get_data(as_text=True)
    assert "Den senaste ändringen har ångrats." in page
    assert "Du kan ångra ändringen" not in page


def test_a_merged_cluster_keeps_its_keyword_label_and_is_tagged_reviewed_not_named(client):
    survey, run = _analysed_survey()
    sign_in(client, make_user(db.session, survey.organisation, Role.ANALYST))
    url = f"/admin/surveys/{survey.slug}/analysis"
    token = csrf_from(client, url)
    first, second = load_state(db.session, survey, run).clusters[:2]
    post = f"/admin/surveys/{survey.slug}/analysis/review"
    client.post(post, data={"csrf_token": token, "action": "merge", "keys": second.key, "target": first.key})
    merged = next(c for c in load_state(db.session, survey, run).clusters if c.is_topic)
    assert merged.label == first.label  # nobody named it
    heading = lxml_html.fromstring(client.get(url).get_data(as_text=True)).get_element_by_id(
        f"cluster-{merged.key}"
    )
    tags = [t.text_content() for t in heading.find_class("tag")]
    assert "Namngiven" not in tags and "Granskad" in tags


def test_a_large_cluster_is_listed_fifty_answers_a_page_keeping_the_filters(client):
    survey = make_single_page_survey(db.session)
    concern = survey.questions[0]
    for n in range(120):
        submit_response(
            db.session,
            survey,
            {concern.id: f"Knark säljs vid skolan, vecka {n}"},
            submission_token=f"k{n}",
            language="sv",
        )
    run = start_run(db.session, survey, k=2, seed=2)
    execute_run(db.session, run.id)
    biggest = max(
        load_state(db.session, survey, db.session.get(AnalysisRun, run.id)).clusters, key=lambda c: c.size
    )
    assert biggest.size > 50
    sign_in(client, make_user(db.session, survey.organisation, Role.ANALYST))
    url = f"/admin/surveys/{survey.slug}/analysis/clusters/{biggest.key}"

    def answers(page):  # type: ignore[no-untyped-def]
        return lxml_html.fromstring(client.get(page).get_data(as_text=True))

    first = answers(f"{url}?q=knark")
    assert len(first.xpath('//ul[@class="answer-list"]/li')) == 50
    following = first.xpath('//nav[@class="pagination"]//a[@rel="next"]/@href')[0]
    assert "q=knark" in following and "page=2" in following
    last_page = -(-biggest.size // 50)
    last = answers(f"{url}?q=knark&page={last_page + 5}")  # past the end: the last page
    assert len(last.xpath('//ul[@class="answer-list"]/li')) == biggest.size - 50 * (last_page - 1)
    assert not last.xpath('//a[@rel="next"]') and last.xpath('//a[@rel="prev"]')


def test_a_reviewer_approves_a_quote_on_the_cluster_page_and_can_undo_it(client):
    survey, run = _analysed_survey()
    sign_in(client, make_user(db.session, survey.organisation, Role.ANALYST))
    cluster = load_state(db.session, survey, run).clusters[0]
    url = f"/admin/surveys/{survey.slug}/analysis/clusters/{cluster.key}"
    page = lxml_html.fromstring(client.get(url).get_data(as_text=True))
    answer = cluster.members[0]
    card = page.get_element_by_id(f"answer-{answer.answer_id}")
    assert card.xpath('.//button[@name="approve" and @value="1"]')
    post = f"/admin/surveys/{survey.slug}/analysis/review"
    token = csrf_from(client, url)
    data = {
        "csrf_token": token,
        "action": "quote",
        "answer_id": answer.answer_id,
        "approve": "1",
        "back": url,
    }
    assert client.post(post, data=data).status_code == 302
    approved = next(a for a in load_state(db.session, survey, run).answers if a.answer_id == answer.answer_id)
    assert approved.quote_approved
    card = lxml_html.fromstring(client.get(url).get_data(as_text=True)).get_element_by_id(
        f"answer-{answer.answer_id}"
    )
    assert card.xpath('.//button[@name="approve" and @value="0"]')
    client.post(post, data={"csrf_token": token, "action": "undo", "back": url})
    undone = next(a for a in load_state(db.session, survey, run).answers if a.answer_id == answer.answer_id)
    assert not undone.quote_approved


def test_a_refused_review_action_is_explained_in_swedish(client):
    survey, run = _analysed_survey(20)
    sign_in(client, make_user(db.session, survey.organisation, Role.ANALYST))
    client.get("/sprak/sv?next=/")
    url = f"/admin/surveys/{survey.slug}/analysis"
    first = load_state(db.session, survey, run).clusters[0]
    post = f"/admin/surveys/{survey.slug}/analysis/review"
    data = {
        "csrf_token": csrf_from(client, url),
        "action": "rename",
        "key": first.key,
        "name": "  ",
        "back": url,
    }
    page = client.post(post, data=data, follow_redirects=True).get_data(as_text=True)
    banner = " ".join(lxml_html.fromstring(page).find_class("flash-error")[0].text_content().split())
    assert banner == "ett namn kan inte vara tomt"


def test_languages_are_named_in_the_interface_language_on_the_cluster_page(client):
    survey, run = _analysed_survey(20)
    sign_in(client, make_user(db.session, survey.organisation, Role.ANALYST))
    client.get("/sprak/sv?next=/")
    cluster = load_state(db.session, survey, run).clusters[0]
    page = lxml_html.fromstring(
        client.get(f"/admin/surveys/{survey.slug}/analysis/clusters/{cluster.key}").get_data(as_text=True)
    )
    options = [o.text_content() for o in page.xpath('//select[@id="language"]/option')][1:]
    assert options == ["svenska", "engelska", "finska", "annat språk"]


def test_each_answer_on_the_cluster_page_is_marked_with_the_language_it_was_written_in(client):
    survey, run = _analysed_survey(20)
    sign_in(client, make_user(db.session, survey.organisation, Role.ANALYST))
    state = load_state(db.session, survey, run)
    cluster = max(state.clusters, key=lambda c: len(c.members))
    page = lxml_html.fromstring(
        client.get(f"/admin/surveys/{survey.slug}/analysis/clusters/{cluster.key}").get_data(as_text=True)
    )
    quotes = page.xpath('//blockquote[contains(@class, "quote")]')
    assert quotes
    by_text = {m.text_redacted: m.language for m in cluster.members}
    for quote in quotes:
        written_in = by_text[quote.text_content()]
        assert quote.get("lang") == ("" if written_in in ("other", "und") else written_in)


def test_analysts_start_on_what_awaits_review(client):
    """Surveys with answers but no analysis, and analyses nobody has reviewed, come first."""
    org = make_org(db.session)
    waiting = make_survey(db.session, org, slug="inte-analyserad")
    analysed = make_survey(db.session, org, slug="analyserad")
    make_survey(db.session, org, slug="tom")  # no answers: nothing to do
    for survey in (waiting, analysed):
        question = next(q for q in survey.questions if q.key == "priorities")
        submit_response(
            db.session,
            survey,
            {question.id: "Knark säljs vid skolan"},
            submission_token=survey.slug,
            language="sv",
        )
    execute_run(db.session, start_run(db.session, analysed).id)
    sign_in(client, make_user(db.session, org, Role.ANALYST))

    def listed() -> list[str]:
        box = by_id(parse_html(client.get("/admin/").get_data(as_text=True)), "review-heading").getparent()
        return [a.get("href") for a in box.xpath(".//a")]

    assert sorted(listed()) == [
        "/admin/surveys/analyserad/analysis",
        "/admin/surveys/inte-analyserad/analysis",
    ]
    db.session.add(ReviewAction(survey_id=analysed.id, kind="rename", summary="namngav ett ämne"))
    db.session.commit()
    assert listed() == ["/admin/surveys/inte-analyserad/analysis"]


def test_the_clusters_of_one_problem_area_can_be_shown_alone(client):
    survey, run = _analysed_survey(80)
    sign_in(client, make_user(db.session, survey.organisation, Role.VIEWER))
    clusters = load_state(db.session, survey, run).clusters
    url = f"/admin/surveys/{survey.slug}/analysis"
    page = parse_html(client.get(url).get_data(as_text=True))
    offered = page.xpath("//select[@id='cluster-area']/option/@value")[1:]
    assert sorted(offered) == sorted({c.theme for c in clusters})
    area = offered[-1]
    narrowed = parse_html(client.get(f"{url}?area={area}").get_data(as_text=True))
    headings = narrowed.xpath("//section[starts-with(@aria-labelledby, 'cluster-')]/@aria-labelledby")
    assert headings == [f"cluster-{c.key}" for c in clusters if c.theme == area]
    assert narrowed.xpath("//select[@id='cluster-area']/option[@selected]/@value") == [area]
    everything = parse_html(client.get(f"{url}?area=unknown").get_data(as_text=True))
    assert len(everything.xpath("//section[starts-with(@aria-labelledby, 'cluster-')]")) == len(clusters)


def test_each_answer_in_review_shows_the_question_it_answers(client):
    survey, run = _analysed_survey(30)
    sign_in(client, make_user(db.session, survey.organisation, Role.ANALYST))
    cluster = load_state(db.session, survey, run).clusters[0]
    page = parse_html(
        client.get(f"/admin/surveys/{survey.slug}/analysis/clusters/{cluster.key}").get_data(as_text=True)
    )
    shown = [text_of(p) for p in page.xpath("//p[contains(@class, 'answer-question')]")]
    assert shown and set(shown) == {f"Svar på: {survey.questions[0].text_in('sv')}"}
    # On an English page a question with only a Swedish text is marked as Swedish, not read as English.
    survey.questions[0].text = {"sv": survey.questions[0].text["sv"]}
    db.session.commit()
    client.get("/sprak/en?next=/admin/")
    english = parse_html(
        client.get(f"/admin/surveys/{survey.slug}/analysis/clusters/{cluster.key}").get_data(as_text=True)
    )
    marked = english.xpath("//p[contains(@class, 'answer-question')]/span[@lang='sv']")
    assert marked and {text_of(m) for m in marked} == {survey.questions[0].text["sv"]}


def test_the_change_log_names_each_change_in_the_interface_language(client):
    from surveys.review.actions import approve_quote, flag_answer

    survey, run = _analysed_survey(20)
    analyst = make_user(db.session, survey.organisation, Role.ANALYST)
    first, second = load_state(db.session, survey, run).answers[:2]
    flag_answer(db.session, survey, first.answer_id, "irrelevant", analyst)
    flag_answer(db.session, survey, first.answer_id, None, analyst)
    approve_quote(db.session, survey, second.answer_id, False, analyst)
    sign_in(client, analyst)
    client.get("/sprak/sv")
    page = parse_html(client.get(f"/admin/surveys/{survey.slug}/analysis").data)
    kinds = [
        row.xpath("td")[1].text_content().strip()
        for row in page.xpath("//table[caption='Ändringar']/tbody/tr")
    ]
    assert sorted(kinds) == [
        "godkännande för citat återkallat",
        "markerat som ej relevant",
        "markering borttagen",
    ]
    summaries = " ".join(page.xpath("//table[caption='Ändringar']//td[3]//text()"))
    assert not {"cleared", "approved", "withdrawn", "irrelevant"} & set(summaries.replace(":", " ").split())


def test_the_analysis_page_hides_a_second_cluster_when_a_small_one_follows_from_its_area(client):
    from surveys.review.actions import split_cluster

    survey = make_single_page_survey(db.session)
    concern = survey.questions[0]
    texts = ["Knark säljs vid skolan"] * 12 + ["Narkotikahandel med tabletter i trapphuset"] * 3
    for n, text in enumerate(texts):
        submit_response(db.session, survey, {concern.id: text}, submission_token=f"d{n}", language="sv")
    run = start_run(db.session, survey, seed=2)
    execute_run(db.session, run.id)
    run = db.session.get(AnalysisRun, run.id)
    [drugs] = load_state(db.session, survey, run).clusters
    split_cluster(db.session, survey, run, drugs.key, 2, None)
    clusters = load_state(db.session, survey, run).clusters
    assert sorted(c.size for c in clusters) == [3, 12] and {c.theme for c in clusters} == {drugs.theme}
    sign_in(client, make_user(db.session, survey.organisation, Role.VIEWER))
    page = parse_html(client.get(f"/admin/surveys/{survey.slug}/analysis").get_data(as_text=True))
    text = " ".join(text_of(p) for p in page.xpath("//section[starts-with(@aria-labelledby, 'cluster-')]/p"))
    # The area shows 15 answers: the cluster of 12 would give away the hidden 3.
    assert "15" in " ".join(text_of(td) for td in page.xpath("//table//td"))
    assert "12 svar" not in text and "3 svar" not in text


def test_hidden_problem_areas_are_listed_last_by_name_not_by_their_hidden_counts(client):
    survey = make_single_page_survey(db.session)
    concern = survey.questions[0]
    texts = ["Knark säljs vid skolan"] * 12 + ["Bilar kör för fort på Storgatan"] * 4
    texts += ["Trasiga gatlampor vid gångvägen"]
    for n, text in enumerate(texts):
        submit_response(db.session, survey, {concern.id: text}, submission_token=f"o{n}", language="sv")
    execute_run(db.session, start_run(db.session, survey, seed=2).id)
    sign_in(client, make_user(db.session, survey.organisation, Role.VIEWER))
    page = parse_html(client.get(f"/admin/surveys/{survey.slug}/analysis").get_data(as_text=True))
    rows = [
        (text_of(row.xpath("./th")[0]), text_of(row.xpath("./td")[0]))
        for row in page.xpath("//table[.//th[@scope='row']]//tbody/tr")
    ]
    hidden = [name for name, count in rows if count.startswith("färre än")]
    assert set(hidden) >= {"Trafik", "Belysning och fysisk miljö"}, rows
    assert [name for name, _ in rows[-len(hidden) :]] == sorted(hidden)  # 4 and 1 would sort the other way
