"""`trygg cluster` (stateless, any CSV) and `trygg analyse` (a survey in the database)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from flask.cli import with_appcontext

from app.cli.common import dialect_option, survey_or_exit

POLL_SECONDS = 0.5
# The same budgets as a response upload of the web interface, a little more room.
MAX_CLUSTER_BYTES = 50 * 1024 * 1024
MAX_CLUSTER_ROWS = 200_000


def _progress_printer(quiet: bool):  # type: ignore[no-untyped-def]
    shown = {"step": ""}

    def show(fraction: float, step: str) -> None:
        if quiet or step == shown["step"]:
            return
        shown["step"] = step
        click.echo(f"  {fraction * 100:5.1f} %  {step}", err=True)

    return show


@click.command("cluster")
@click.argument("input_path", metavar="INPUT.csv", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--text-column", default="text", show_default=True, help="Column holding the free text.")
@click.option("-o", "--output", "output_path", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--k", type=click.IntRange(2, 500), default=None, help="Fixed number of clusters (default: automatic)."
)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--quiet", is_flag=True, help="Do not print progress.")
@with_appcontext
def cluster_command(
    input_path: Path, text_column: str, output_path: Path, k: int | None, seed: int, quiet: bool
) -> None:
    """Cluster the free text of any CSV/XLSX/XLS/ODS file into problem areas; write OUT.csv."""
    # pandas and scikit-learn load for this command only: `trygg --help` starts without them.
    from analysis.errors import InputError
    from analysis.tabular import cluster_table, summary_table, table_from_rows
    from surveys.transfer.spreadsheet import UnreadableFile, read_table_file

    _check_output(input_path, output_path)
    try:
        header, rows = read_table_file(_read_input(input_path), input_path.name, MAX_CLUSTER_ROWS)
        table = table_from_rows(header, rows)
    except (UnreadableFile, InputError) as exc:
        raise click.ClickException(f"{input_path.name}: {exc}") from None
    if k is not None and text_column in table.columns:
        answered = int(table[text_column].str.strip().astype(bool).sum())
        if k > answered:
            raise click.ClickException(
                f"--k {k} asks for more clusters than there are answers in {text_column!r} ({answered})"
            )
    try:
        out, result = cluster_table(table, text_column, k=k, seed=seed, progress=_progress_printer(quiet))
    except InputError as exc:
        raise click.ClickException(str(exc)) from None
    if k is not None and result.k != k:
        click.echo(f"Note: {result.k} clusters instead of the {k} asked for ({result.k_reason}).", err=True)
    try:
        out.to_csv(output_path, index=False, encoding="utf-8-sig")
    except OSError as exc:
        raise click.ClickException(f"cannot write {output_path}: {exc.strerror}") from None
    click.echo(summary_table(result))
    click.echo(f"Wrote {len(out)} rows to {output_path}")


def _read_input(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_CLUSTER_BYTES:
            raise click.ClickException(
                f"{path.name} is larger than {MAX_CLUSTER_BYTES // (1024 * 1024)} MB; split it"
            )
        return path.read_bytes()
    except OSError as exc:
        raise click.ClickException(f"cannot read {path}: {exc.strerror}") from None


def _check_output(input_path: Path, output_path: Path) -> None:
    """Refuse an output the command could not write before the (long) work starts."""
    if output_path.resolve() == input_path.resolve():
        raise click.ClickException("the output file must not be the input file")
    if output_path.is_dir():
        raise click.ClickException(
            f"{output_path} is a folder; name a file such as {output_path / 'out.csv'}"
        )
    folder = output_path.parent
    if not folder.is_dir():
        raise click.ClickException(f"the folder {folder} does not exist")
    target = output_path if output_path.exists() else folder
    if not os.access(target, os.W_OK):
        raise click.ClickException(f"cannot write {output_path}: permission denied")


@click.command("analyse")
@click.argument("slug")
@click.option(
    "--k", type=click.IntRange(2, 500), default=None, help="Fixed number of clusters (default: automatic)."
)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--no-wait", is_flag=True, help="Queue the run and return at once (RQ backend).")
@with_appcontext
def analyse_command(slug: str, k: int | None, seed: int, no_wait: bool) -> None:
    """Analyse a survey's free-text answers as a background job and show its progress."""
    from flask import current_app

    from app.extensions import db
    from app.jobs import enqueue
    from app.jobs_analysis import run_analysis_job
    from surveys.review.runs import start_run

    survey = survey_or_exit(slug)
    run = start_run(db.session, survey, k=k, seed=seed)
    run_id = run.id
    click.echo(f"Analysis run {run_id} queued for {slug}.")
    if current_app.config.get("JOB_BACKEND") == "rq":
        enqueue("app.jobs_analysis:run_analysis_job", run_id)
        if no_wait:
            return
    else:
        # In-process: run here (a CLI process has no worker to hand it to), progress is
        # still written to the run so the web page shows it too.
        try:
            run_analysis_job(run_id)
        except Exception:  # noqa: BLE001 - the run records the error; report it below
            pass
    _wait_for(run_id)


def _echo_questions(run: Any) -> None:
    """Which question the answers came from and whether they were counted as problems."""
    from app.extensions import db
    from surveys.review.runs import answers_per_question

    click.echo("Answers per question (only problem questions are counted in the areas above):")
    for question, count in answers_per_question(db.session, run):
        purpose = question.question_purpose
        counted = "counted" if purpose.counts_as_problems else "not counted"
        click.echo(
            f"  {question.key:<16} {purpose.value:<10} {count:>6}  {counted}  {question.text_in('sv')}"
        )


def _wait_for(run_id: int) -> None:
    from app.extensions import db
    from surveys.review.run_models import AnalysisRun, JobStatus

    last_step = None
    while True:
        db.session.expire_all()
        run = db.session.get(AnalysisRun, run_id)
        assert run is not None
        if run.step != last_step:
            click.echo(f"  {run.progress * 100:5.1f} %  {run.step}")
            last_step = run.step
        if run.status == JobStatus.DONE:
            click.echo(f"Done: {run.answer_count} answers, {run.k} clusters. {run.k_reason}")
            for code, count in sorted(run.theme_counts.items(), key=lambda kv: -kv[1]):
                click.echo(f"  {code:<16} {count:>6}")
            _echo_questions(run)
            return
        if run.status == JobStatus.FAILED:
            raise click.ClickException(f"analysis run {run_id} failed: {run.error}")
        time.sleep(POLL_SECONDS)


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Run an RQ worker for background jobs (needs REDIS_URL)."""
    from flask import current_app
    from redis import Redis
    from rq import Queue, Worker

    url = current_app.config.get("REDIS_URL")
    if not url:
        raise click.ClickException("REDIS_URL is not set: jobs run in-process, no worker is needed")
    connection = Redis.from_url(url)
    # The built-in scheduler runs jobs enqueued for later (e.g. retried jobs after their delay).
    worker = Worker([Queue("trygg", connection=connection)], connection=connection)
    worker.work(burst=burst, with_scheduler=True)


@click.command("themes")
@click.argument("slug")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@dialect_option("")
@with_appcontext
def themes_command(slug: str, fmt: str, dialect: str) -> None:
    """Print the round's ranked problem areas with counts, shares per group and score parts."""
    import csv
    import json
    import sys

    from app.config import privacy_floor
    from app.extensions import db
    from surveys.insights.themes_table import column_heading, ranked_rows

    survey = survey_or_exit(slug)
    rows = ranked_rows(db.session, survey, privacy_floor())
    if not rows:
        raise click.ClickException(f"{slug} has no analysed answers yet: run `trygg analyse {slug}` first")
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if dialect == "en":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
        return
    from app.plan_support import gettext_in
    from surveys.plans.labels import theme_name

    swedish = gettext_in("sv")
    out = csv.writer(sys.stdout, delimiter=";")
    # The area's Swedish name follows its code, for the person reading the sheet.
    names = [column_heading(name, swedish) for name in rows[0]]
    names.insert(2, f"{swedish('Name')} [theme_name]")
    out.writerow(names)
    for row in rows:
        cells = [_swedish_cell(value, swedish) for value in row.values()]
        cells.insert(2, theme_name(row["theme"], "sv"))
        out.writerow(cells)


def _swedish_cell(value: object, gettext: Callable[[str], str]) -> str:
    """A cell as Swedish Excel reads it: decimal comma, yes/no, empty for nothing."""
    from babel.numbers import format_decimal

    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, float):
        return format_decimal(value, format="0.####", locale="sv_SE")
    return str(value)
