"""Analysing a survey's free text from the web page, the CLI and a job queue."""

from __future__ import annotations

import os
import random

import pandas as pd
import pytest
from sqlalchemy import func, select

from app.extensions import db
from surveys.accounts.models import Role
from surveys.answering.submission import submit_response
from surveys.demo.generator import generate_answer
from surveys.review.run_models import AnalysisRun, AnswerAnalysis, ClusterRecord
from surveys.review.runs import execute_run, start_run
from tests.app.helpers import csrf_from, sign_in
from tests.factories import make_single_page_survey, make_user


def _survey_with_answers(count: int = 60, seed: int = 1):
    survey = make_single_page_survey(db.session)
    concern = survey.questions[0]
    rng = random.Random(seed)
    for n in range(count):
        text = generate_answer(rng).text
        submit_response(db.session, survey, {concern.id: text}, submission_token=f"t{n}", language="sv")
    return survey


def test_run_stores_clusters_and_areas_per_answer(app):
    survey = _survey_with_answers()
    run = start_run(db.session, survey, seed=3)
    execute_run(db.session, run.id)
    run = db.session.get(AnalysisRun, run.id)
    assert run.status == "done" and run.progress == 1.0 and run.k and run.k_reason
    assert run.answer_count == 60
    assert (
        db.session.scalar(select(func.count(AnswerAnalysis.id)).where(AnswerAnalysis.run_id == run.id)) == 60
    )
    assert (
        db.session.scalar(select(func.count(ClusterRecord.id)).where(ClusterRecord.run_id == run.id)) == run.k
    )
    assert sum(run.theme_counts.values()) >= 60
    assert {"narkotika", "trafik"} & set(run.theme_counts)


def test_each_run_is_kept_so_runs_can_be_compared(app):
    survey = _survey_with_answers(30)
    for seed in (1, 2):
        execute_run(db.session, start_run(db.session, survey, seed=seed).id)
    assert db.session.scalar(select(func.count(AnalysisRun.id))) == 2


def test_a_failing_run_is_marked_failed_not_left_running(app, monkeypatch):
    survey = _survey_with_answers(5)
    run = start_run(db.session, survey)

    def boom(*args, **kwargs):
        raise RuntimeError("vectoriser exploded")

    monkeypatch.setattr("analysis.pipeline.analyse", boom)  # imported by the run when it starts
    with pytest.raises(RuntimeError):
        execute_run(db.session, run.id)
    run = db.session.get(AnalysisRun, run.id)
    assert run.status == "failed" and "vectoriser exploded" in run.error


def test_analysis_page_shows_problem_areas_after_a_web_started_run(client):
    survey = _survey_with_answers()
    sign_in(client, make_user(db.session, survey.organisation, Role.ANALYST))
    token = csrf_from(client, f"/admin/surveys/{survey.slug}")
    started = client.post(
        f"/admin/surveys/{survey.slug}/analyse", data={"csrf_token": token, "k": "", "seed": "0"}
    )
    assert started.status_code == 302
    html = client.get(f"/admin/surveys/{survey.slug}/analysis", headers={"Accept-Language": "sv"}).get_data(
        as_text=True
    )
    assert "Problemområden" in html and "Narkotika" in html and "Trafik" in html
    assert "<blockquote" in html


def test_small_groups_are_hidden_on_the_analysis_page(client):
    from surveys.review import actions
    from surveys.review.state import load_state

    survey = _survey_with_answers(40)
    run = start_run(db.session, survey)
    execute_run(db.session, run.id)
    run = db.session.get(AnalysisRun, run.id)
    for answer in load_state(db.session, survey, run).answers[:2]:
        actions.set_themes(db.session, survey, answer.answer_id, ["sallsynt_omrade"], None)
    sign_in(client, make_user(db.session, survey.organisation, Role.VIEWER))
    html = client.get(f"/admin/surveys/{survey.slug}/analysis", headers={"Accept-Language": "sv"}).get_data(
        as_text=True
    )
    row = html.split("sallsynt_omrade", 1)[1].split("</tr>", 1)[0]
    assert "färre än 5" in row and ">2<" not in row


def test_viewer_cannot_start_an_analysis(client):
    survey = _survey_with_answers(5)
    sign_in(client, make_user(db.session, survey.organisation, Role.VIEWER))
    token = csrf_from(client, f"/admin/surveys/{survey.slug}")
    assert client.post(f"/admin/surveys/{survey.slug}/analyse", data={"csrf_token": token}).status_code == 403


def test_cli_analyse_runs_and_reports(runner):
    survey = _survey_with_answers(40)
    result = runner.invoke(args=["analyse", survey.slug, "--seed", "1"])
    assert result.exit_code == 0, result.output
    assert "Done: 40 answers" in result.output and "100.0 %" in result.output
    unknown = runner.invoke(args=["analyse", "nope"])
    assert unknown.exit_code != 0 and "no survey" in unknown.output


def test_cli_cluster_any_csv(runner, tmp_path):
    rng = random.Random(5)
    rows = [{"id": n, "svar": generate_answer(rng).text, "extra": "x"} for n in range(80)]
    source = tmp_path / "in.csv"
    pd.DataFrame(rows).to_csv(source, index=False, sep=";", encoding="cp1252", errors="replace")
    out = tmp_path / "out.csv"
    result = runner.invoke(
        args=["cluster", str(source), "--text-column", "svar", "-o", str(out), "--k", "6", "--seed", "2"]
    )
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out, encoding="utf-8-sig")
    assert list(table.columns)[:3] == ["id", "svar", "extra"]
    assert {"cluster", "cluster_label", "theme", "themes", "language", "text_redacted"} <= set(table.columns)
    assert len(table) == 80
    missing = runner.invoke(args=["cluster", str(source), "--text-column", "nope", "-o", str(out)])
    assert missing.exit_code != 0 and "svar" in missing.output  # the message lists the columns there are


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (set by .ci/run)")
def test_rq_backend_runs_the_job_in_a_worker(app):
    from redis import Redis
    from rq import Queue, SimpleWorker

    from app.jobs import enqueue

    app.config.update(JOB_BACKEND="rq", REDIS_URL=os.environ["REDIS_URL"])
    connection = Redis.from_url(os.environ["REDIS_URL"])
    queue = Queue("trygg", connection=connection)
    queue.empty()
    survey = _survey_with_answers(20)
    run_id = start_run(db.session, survey).id
    enqueue("app.jobs_analysis:run_analysis_job", run_id)
    assert db.session.get(AnalysisRun, run_id).status == "queued"
    SimpleWorker([queue], connection=connection).work(burst=True)
    db.session.expire_all()
    assert db.session.get(AnalysisRun, run_id).status == "done"
    connection.close()


def test_job_backend_follows_redis_url(monkeypatch):
    from app.config import Config

    monkeypatch.setenv("SECRET_KEY", "k")
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert Config().JOB_BACKEND == "thread"
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    assert Config().JOB_BACKEND == "rq"


def test_cli_themes_prints_ranked_areas_as_csv_and_json(runner):
    import json

    survey = _survey_with_answers(60)
    execute_run(db.session, start_run(db.session, survey).id)
    as_json = runner.invoke(args=["themes", survey.slug, "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    rows = json.loads(as_json.output)
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
    assert {"theme", "respondents", "share", "share_residents", "share_staff", "score", "part_share"} <= set(
        rows[0]
    )
    for row in rows:  # a figure is a real count at the floor or above, or empty and named hidden
        if row["respondents"] is None:
            assert {"respondents", "share", "score"} <= set(row["hidden"].split())
            assert row["share"] is None and row["score"] is None
        else:
            assert isinstance(row["respondents"], int) and row["respondents"] >= 5
            assert "respondents" not in row["hidden"].split()
    as_csv = runner.invoke(args=["themes", survey.slug])
    assert as_csv.output.splitlines()[0].startswith("rank,theme,respondents,share")
    swedish = runner.invoke(args=["themes", survey.slug, "--dialect", "sv"]).output.splitlines()
    header = swedish[0].split(";")
    assert header[:4] == [
        "Rang [rank]",
        "Problemområde [theme]",
        "Namn [theme_name]",
        "Svarande [respondents]",
    ]
    first = dict(zip(header, swedish[1].split(";"), strict=True))
    share = first["Andel [share]"]
    assert share == "" or ("," in share and "." not in share)  # a decimal comma, or hidden
    assert first["Sparad rangordning [saved]"] in {"ja", "nej"}
    fresh = make_single_page_survey(db.session)
    assert runner.invoke(args=["themes", fresh.slug]).exit_code != 0


def test_run_status_and_step_are_words_in_swedish(client):
    import lxml.html

    survey = make_single_page_survey(db.session)
    sign_in(client, make_user(db.session, survey.organisation, Role.ANALYST))
    run = start_run(db.session, survey)
    run.status, run.step = "running", "represent"
    db.session.commit()
    running = client.get(f"/admin/surveys/{survey.slug}/analysis", headers={"Accept-Language": "sv"})
    label = lxml.html.fromstring(running.get_data(as_text=True)).get_element_by_id("run-progress-label")
    assert label.text_content().strip() == "Analysen pågår: tolkar vad svaren säger"
    run.status, run.step = "done", "done"
    db.session.commit()
    page = client.get(f"/admin/surveys/{survey.slug}", headers={"Accept-Language": "sv"}).get_data(
        as_text=True
    )
    assert "Senaste körningen: klar." in page and ": done." not in page


def test_a_run_reads_finished_only_after_its_results_are_stored(app, monkeypatch):
    import surveys.review.runs as runs

    monkeypatch.setattr(runs, "STORE_CHUNK", 7)  # several chunks for 60 answers
    seen: list[tuple[float, str]] = []
    writer = runs._progress_writer

    def spy(session, run):  # type: ignore[no-untyped-def]
        write = writer(session, run)

        def record(fraction: float, step: str) -> None:
            write(fraction, step)
            seen.append((fraction, step))

        return record

    monkeypatch.setattr(runs, "_progress_writer", spy)
    survey = _survey_with_answers(60)
    run = start_run(db.session, survey)
    execute_run(db.session, run.id)
    steps = [step for _fraction, step in seen]
    assert steps[-1] == "store" and steps.count("store") == 9  # ceil(60 / 7)
    assert max(f for f, step in seen if step != "store") <= runs.ANALYSIS_SHARE
    assert [f for f, _step in seen] == sorted(f for f, _step in seen)
    assert (
        db.session.scalar(select(func.count(AnswerAnalysis.id)).where(AnswerAnalysis.run_id == run.id)) == 60
    )
