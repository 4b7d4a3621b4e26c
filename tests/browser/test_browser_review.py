"""An analyst reviews clusters in the browser: rename, merge, move an answer, and sees the counts change."""

from __future__ import annotations

import random
import re
from typing import Any

import pytest

from surveys.accounts.models import Role
from surveys.answering.submission import submit_response
from surveys.demo.generator import generate_answer
from surveys.review.run_models import AnalysisRun
from surveys.review.runs import execute_run, start_run
from surveys.review.state import load_state
from tests.browser.test_accessibility import describe, run_axe
from tests.factories import PASSWORD, make_single_page_survey, make_user

pytestmark = pytest.mark.browser


def _analysed(session: Any) -> tuple[Any, Any, Any]:
    survey = make_single_page_survey(session)
    concern = survey.questions[0]
    rng = random.Random(21)
    for n in range(60):
        submit_response(
            session, survey, {concern.id: generate_answer(rng).text}, submission_token=f"b{n}", language="sv"
        )
    run = start_run(session, survey, seed=3)
    execute_run(session, run.id)
    analyst = make_user(session, survey.organisation, Role.ANALYST)
    return survey, session.get(AnalysisRun, run.id), analyst


def _size(page: Any, label: str) -> int:
    card = page.locator("section.card", has=page.get_by_role("heading", name=re.compile(re.escape(label))))
    text = card.locator("p.meta").first.inner_text()
    return int(re.search(r"(\d+) answers", text).group(1))


def test_rename_merge_and_move_change_what_the_analyst_sees(desktop, fresh_db, expect, screenshot):
    session = fresh_db()
    survey, run, analyst = _analysed(session)
    state = load_state(session, survey, run)
    first, second = state.clusters[0], state.clusters[1]
    page = desktop
    page.goto("/sprak/en?next=/admin/login")
    page.get_by_label("E-mail").fill(analyst.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"/admin/surveys/{survey.slug}/analysis")
    fatal = run_axe(page, "analysis")
    assert not fatal, describe(fatal)

    card = page.locator("section.card").filter(has=page.locator(f"#cluster-{first.key}"))
    card.get_by_text("Rename, merge or split").click()
    card.get_by_label("New name").fill("Drugs near the school")
    card.get_by_role("button", name="Rename").click()
    expect(page.get_by_role("heading", name=re.compile("Drugs near the school"))).to_be_visible()
    renamed_size = _size(page, "Drugs near the school")
    assert renamed_size == first.size

    other = page.locator("section.card").filter(has=page.locator(f"#cluster-{second.key}"))
    other.get_by_text("Rename, merge or split").click()
    other.get_by_label("Merge into").select_option(label="Drugs near the school")
    other.get_by_role("button", name="Merge").click()
    expect(page.locator(f"#cluster-{second.key}")).to_have_count(0)
    assert _size(page, "Drugs near the school") == first.size + second.size

    third = page.locator("section.card h3 a").nth(1)
    third.click()
    page.locator("input[name=answer_ids]").first.check()
    page.get_by_label("Move the ticked answers to").select_option(label="Drugs near the school")
    page.get_by_role("button", name="Move", exact=True).click()
    page.get_by_role("link", name="Back to all clusters").click()
    assert _size(page, "Drugs near the school") == first.size + second.size + 1
    screenshot(page, "after-review")

    page.get_by_role("button", name="Undo the latest change").click()
    assert _size(page, "Drugs near the school") == first.size + second.size
