"""Scale benchmark: every staff page of a survey of N responses, imported and analysed.

    .venv/bin/python bench/scale.py                              # 10,000 responses, SQLite
    .venv/bin/python bench/scale.py --sizes 10000 100000 --database postgresql://postgres@127.0.0.1/postgres
    .venv/bin/python bench/scale.py --sizes 10000 --profile situation   # cProfile of one page

Each size runs in a subprocess of its own (its peak RSS is its own) against a throw-away
database: a SQLite file in a temporary folder, or, given a PostgreSQL URL, a database
created beside the one named and dropped afterwards. The subprocess builds the demo
municipality (accounts, the previous round, the staff dialogue), writes N residents' rows
as a CSV file and stores them through the product's bulk response import
(`import_responses`), runs the analysis job `trygg analyse` runs, signs in the demo analyst
with Flask's test client and requests every staff page of the survey. Per request it
records the CPU seconds of this process (`time.process_time`, which leaves out the
database server's own work on PostgreSQL), wall seconds, SQL statements (a
`before_cursor_execute` counter), response size and peak RSS so far. A bare SQL aggregate
(respondents per area and problem area over the run's answer rows) is the floor.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import io
import json
import pstats
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SLUG = "trygghet-norrforsa"
ANALYST = "analytiker@norrforsa.example"


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- the survey ------------------------------------------------------------------------


def _text(rng: random.Random) -> str:
    """A resident's answer: one or two generated concerns, so that most texts are distinct."""
    from surveys.demo.generator import generate_answer

    text = generate_answer(rng).text
    if rng.random() < 0.7:
        more = generate_answer(rng).text
        text = f"{text} {more[0].lower()}{more[1:]}"
    return text


def _cell(question: Any, rng: random.Random) -> str:
    from surveys.authoring.models import QuestionType
    from surveys.demo.places import point_value
    from surveys.demo.seed import AGE_WEIGHTS, DEMO_AREAS

    kind = question.question_type
    if kind is QuestionType.FREE_TEXT:
        chance = 1.0 if question.required else (0.45 if question.key != "comments" else 0.15)
        return _text(rng) if rng.random() < chance else ""
    if kind is QuestionType.SCALE:
        return str(rng.choices([1, 2, 3, 4, 5], weights=[3, 7, 18, 37, 35])[0]) if rng.random() < 0.92 else ""
    if kind is QuestionType.POINT:
        value = point_value(DEMO_AREAS, rng) or {}
        return value.get("point", "")
    values = [o.value for o in question.options]
    if kind is QuestionType.AREA and not values:
        values = list(DEMO_AREAS)
    if not values or rng.random() < 0.07:
        return ""
    return rng.choices(values, weights=[AGE_WEIGHTS.get(v, 10) for v in values])[0]


# Rows per imported file: the import refuses files over 20 MB and says to split them.
ROWS_PER_FILE = 40_000


def response_files(survey: Any, n: int, seed: int = 1) -> tuple[list[bytes], int]:
    """N residents' rows in the import's CSV layout (in files of ROWS_PER_FILE rows), and how
    many distinct free texts they hold."""
    from surveys.authoring.models import QuestionType

    rng = random.Random(seed)
    questions = list(survey.questions)
    files = []
    texts: set[str] = set()
    for start in range(0, n, ROWS_PER_FILE):
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        writer.writerow([q.key for q in questions] + ["language"])
        for _ in range(min(ROWS_PER_FILE, n - start)):
            row = [_cell(q, rng) for q in questions]
            texts.update(
                v
                for q, v in zip(questions, row, strict=True)
                if q.question_type is QuestionType.FREE_TEXT and v
            )
            writer.writerow([*row, "en" if rng.random() < 0.05 else "sv"])
        files.append(out.getvalue().encode("utf-8"))
    return files, len(texts)


def build(app: Any, n: int) -> dict[str, Any]:
    """The demo municipality with N imported responses, analysed; the build's own timings."""
    from app.extensions import db
    from app.jobs_analysis import run_analysis_job
    from surveys.authoring.models import Survey
    from surveys.demo.seed import create_demo
    from surveys.review.runs import start_run
    from surveys.transfer.responses_import import import_responses, suggest_mapping, suggest_meta_columns

    figures: dict[str, Any] = {}
    with app.app_context():
        create_demo(db.session, residents=200, staff=60)
        survey = db.session.query(Survey).filter_by(slug=SLUG).one()
        files, distinct = response_files(survey, n)
        figures["distinct_texts"] = distinct
        columns = next(csv.reader(io.StringIO(files[0][:4096].decode("utf-8")), delimiter=";"))
        mapping = suggest_mapping(survey, columns)
        meta = suggest_meta_columns(columns, list(mapping.values()))
        cpu, wall = time.process_time(), time.perf_counter()
        imported = 0
        for number, data in enumerate(files, start=1):
            report = import_responses(
                db.session, survey, data, f"svar-{number}.csv", mapping, language_column=meta.get("language")
            )
            imported += report.imported
        figures["import"] = (time.process_time() - cpu, time.perf_counter() - wall, imported)
        for slug in (SLUG, "medarbetare-norrforsa", "trygghet-norrforsa-2025"):
            run = start_run(db.session, db.session.query(Survey).filter_by(slug=slug).one(), seed=0)
            run_id = run.id
            cpu, wall = time.process_time(), time.perf_counter()
            run_analysis_job(run_id)
            if slug == SLUG:
                figures["analyse"] = (time.process_time() - cpu, time.perf_counter() - wall, _rss_mb())
        db.session.remove()
    return figures


# --- the pages ---------------------------------------------------------------------------


class QueryCounter:
    """SQL statements sent on an engine since the last `reset`."""

    def __init__(self, engine: Any) -> None:
        from sqlalchemy import event

        self.count = 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args: Any) -> None:
        self.count += 1

    def reset(self) -> None:
        self.count = 0


def _largest_cluster(app: Any) -> str:
    from sqlalchemy import func, select

    from app.extensions import db
    from surveys.authoring.models import Survey
    from surveys.review.run_models import AnswerAnalysis
    from surveys.review.runs import latest_run

    with app.app_context():
        survey = db.session.query(Survey).filter_by(slug=SLUG).one()
        run = latest_run(db.session, survey, finished_only=True)
        assert run is not None
        number = db.session.execute(
            select(AnswerAnalysis.cluster)
            .where(AnswerAnalysis.run_id == run.id, AnswerAnalysis.non_answer.is_(False))
            .group_by(AnswerAnalysis.cluster)
            .order_by(func.count().desc())
            .limit(1)
        ).scalar_one()
        return f"c{number}"


def pages(app: Any) -> list[tuple[str, str, str, dict[str, str] | None]]:
    """(name, method, path, form) of every staff page of the survey."""
    base = f"/admin/surveys/{SLUG}"
    return [
        ("overview", "GET", base, None),
        ("analysis page", "GET", f"{base}/analysis", None),
        ("one cluster's answers", "GET", f"{base}/analysis/clusters/{_largest_cluster(app)}", None),
        ("situation", "GET", f"{base}/situation", None),
        ("situation by=area", "GET", f"{base}/situation?by=area", None),
        ("situation by=question", "GET", f"{base}/situation?by=question", None),
        (
            "situation only=group:resident by=age_band",
            "GET",
            f"{base}/situation?by=age_band&only=group:resident",
            None,
        ),
        ("priorities", "GET", f"{base}/priorities", None),
        ("lägesbild page", "GET", f"{base}/report", None),
        ("responses CSV", "GET", f"{base}/responses.csv", None),
        ("responses XLSX", "GET", f"{base}/responses.xlsx", None),
        ("lägesbild PDF (job)", "POST", f"{base}/report/pdf", {"lang": "sv"}),
        ("lägesbild DOCX (job)", "POST", f"{base}/report/docx", {"lang": "sv"}),
    ]


def _request(client: Any, method: str, path: str, form: dict[str, str] | None) -> tuple[int, int]:
    response = client.get(path) if method == "GET" else client.post(path, data=form)
    status, size = response.status_code, len(response.get_data())
    if method == "POST" and status == 303:  # a job: its page, then the finished file
        page = client.get(response.headers["Location"])
        download = client.get(response.headers["Location"] + "/download")
        status, size = download.status_code, len(download.get_data()) + len(page.get_data())
    return status, size


def measure(app: Any, repeat: int, profile: str | None) -> list[dict[str, Any]]:
    from app.extensions import db

    with app.app_context():
        counter = QueryCounter(db.engine)
    client = app.test_client()
    signed = client.post("/admin/login", data={"email": ANALYST, "password": _password()})
    assert signed.status_code == 302, "the analyst could not sign in"
    rows = []
    for name, method, path, form in pages(app):
        cpus, walls = [], []
        status = size = queries = 0
        for _ in range(repeat):
            counter.reset()
            profiler = cProfile.Profile() if profile and profile in name else None
            cpu, wall = time.process_time(), time.perf_counter()
            if profiler:
                profiler.enable()
            status, size = _request(client, method, path, form)
            if profiler:
                profiler.disable()
                stats = pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative")
                print(f"\n### cProfile: {name}", file=sys.stderr)
                stats.print_stats(45)
            cpus.append(time.process_time() - cpu)
            walls.append(time.perf_counter() - wall)
            queries = counter.count
        rows.append(
            {
                "page": name,
                "status": status,
                "cpu": statistics.median(cpus),
                "wall": statistics.median(walls),
                "queries": queries,
                "kb": size / 1024,
                "rss": _rss_mb(),
            }
        )
    return rows


def _password() -> str:
    from surveys.demo.seed import DEMO_PASSWORD

    return DEMO_PASSWORD


def bare_aggregate(app: Any) -> dict[str, Any]:
    """Respondents per (area, problem area) of the run, in one grouped statement: the floor."""
    from sqlalchemy import func, select

    from app.extensions import db
    from surveys.answering.models import Answer, Response
    from surveys.authoring.models import Survey
    from surveys.review.run_models import AnswerAnalysis
    from surveys.review.runs import latest_run

    with app.app_context():
        survey = db.session.query(Survey).filter_by(slug=SLUG).one()
        run = latest_run(db.session, survey, finished_only=True)
        assert run is not None
        cpu, wall = time.process_time(), time.perf_counter()
        rows = db.session.execute(
            select(Response.area, AnswerAnalysis.theme, func.count(func.distinct(Response.id)))
            .join(Answer, Answer.response_id == Response.id)
            .join(AnswerAnalysis, AnswerAnalysis.answer_id == Answer.id)
            .where(AnswerAnalysis.run_id == run.id, AnswerAnalysis.non_answer.is_(False))
            .group_by(Response.area, AnswerAnalysis.theme)
        ).all()
        return {
            "page": "bare SQL: respondents per area × area of concern",
            "status": 200 if rows else 0,
            "cpu": time.process_time() - cpu,
            "wall": time.perf_counter() - wall,
            "queries": 1,
            "kb": 0.0,
            "rss": _rss_mb(),
        }


# --- one size in its own process --------------------------------------------------------


def _throwaway_database(url: str | None, folder: Path) -> tuple[str, Callable[[], None]]:
    """A database URL for this run and what drops it afterwards."""
    if not url or url.startswith("sqlite"):
        return f"sqlite:///{folder / 'scale.db'}", lambda: None
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    server = make_url(url.replace("postgresql://", "postgresql+psycopg://", 1))
    name = f"trygg_scale_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return server.set(database=name).render_as_string(hide_password=False), drop


def run_size(n: int, database: str | None, repeat: int, profile: str | None) -> dict[str, Any]:
    from app import create_app
    from app.config import TestConfig
    from app.extensions import db

    with tempfile.TemporaryDirectory() as tmp:
        url, drop = _throwaway_database(database, Path(tmp))
        try:
            config = TestConfig(url)
            app = create_app(config)
            app.config.update(WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=False)
            with app.app_context():
                db.create_all()
            figures = build(app, n)
            rows = measure(app, repeat, profile)
            rows.append(bare_aggregate(app))
            with app.app_context():
                db.engine.dispose()
        finally:
            drop()
    return {
        "n": n,
        "database": url.split(":", 1)[0],
        "figures": figures,
        "rows": rows,
        "peak_rss_mb": _rss_mb(),
    }


# --- the table ----------------------------------------------------------------------------


def table(results: list[dict[str, Any]]) -> str:
    sizes = [r["n"] for r in results]
    head = "| page or step | " + " | ".join(f"{n:,} CPU s / wall s / queries / KB" for n in sizes) + " |"
    lines = [head, "|---|" + "---|" * len(sizes)]
    for index, row in enumerate(results[0]["rows"]):
        cells = []
        for result in results:
            r = result["rows"][index]
            bad = "" if r["status"] == 200 else f" (HTTP {r['status']})"
            cells.append(f"{r['cpu']:.2f} / {r['wall']:.2f} / {r['queries']} / {r['kb']:,.0f}{bad}")
        lines.append(f"| {row['page']} | " + " | ".join(cells) + " |")
    imp = " | ".join(
        f"{r['figures']['import'][0]:.1f} / {r['figures']['import'][1]:.1f} / – / –" for r in results
    )
    ana = " | ".join(
        f"{r['figures']['analyse'][0]:.1f} / {r['figures']['analyse'][1]:.1f} / – / –" for r in results
    )
    lines.insert(2, f"| import (CSV, `import_responses`) | {imp} |")
    lines.insert(3, f"| analysis (`trygg analyse` job) | {ana} |")
    rss = " | ".join(f"{r['peak_rss_mb']:,.0f} MB" for r in results)
    texts = " | ".join(f"{r['figures']['distinct_texts']:,}" for r in results)
    lines.append(f"| peak RSS of the process | {rss} |")
    lines.append(f"| distinct free texts | {texts} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000])
    parser.add_argument("--database", help="a PostgreSQL URL (default: a throw-away SQLite file)")
    parser.add_argument("--repeat", type=int, default=1, help="requests per page; the median is shown")
    parser.add_argument("--profile", help="print a cProfile of the pages whose name contains this")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_size(args.one, args.database, args.repeat, args.profile)))
        return
    results = []
    for n in args.sizes:
        command = [sys.executable, __file__, "--one", str(n), "--repeat", str(args.repeat)]
        if args.database:
            command += ["--database", args.database]
        if args.profile:
            command += ["--profile", args.profile]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        sys.stderr.write(done.stderr)
        if done.returncode != 0:
            raise SystemExit(f"size {n} failed")
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(f"{n:,} responses: done", file=sys.stderr)
    database = results[0]["database"]
    print(f"\nDatabase: {database}; CPU = `time.process_time` of the app process, median of {args.repeat}.\n")
    print(table(results))


if __name__ == "__main__":
    main()
