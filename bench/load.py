"""Load test of survey answering: gunicorn + PostgreSQL on this machine, locust as residents.

    .venv/bin/python bench/load.py                 # 60 s measured (after 5 s warm-up)
    .venv/bin/python bench/load.py --fault         # the same, restarting PostgreSQL halfway

One command does everything and cleans up after itself, also on error or Ctrl-C:
a throw-away PostgreSQL database is created and migrated (`trygg db upgrade`), an
organisation and an open one-page survey are added, gunicorn serves the app
(`deploy/gunicorn.conf.py`, production settings) on a free loopback port, and locust runs
headless for a bounded time. Afterwards the rows in `response` are compared with the
submissions the server acknowledged (302 to the thank-you page): in a normal run they
must be equal, and every acknowledged submission token must be in the database. With
`--fault`, PostgreSQL is restarted from a thread while the load runs; the app must answer
503 "please try again" meanwhile (users retry that page's form, as a resident would),
never acknowledge what it did not store, and recover by itself.

Only loopback addresses are ever contacted. Exit status 0 when every check passed.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
TARGET_RATE = 300.0
TARGET_P99_MS = 300.0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--seconds", type=int, default=60, help="measured run time (default 60)")
    p.add_argument("--warmup", type=int, default=5, help="seconds before measuring (default 5)")
    p.add_argument("--users", type=int, default=64, help="simulated residents (default 64)")
    p.add_argument(
        "--rate", type=float, default=330.0, help="offered submissions per second in total, 0 = flat out"
    )
    p.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    p.add_argument("--threads", type=int, default=None, help="gunicorn threads per worker (conf default)")
    p.add_argument("--worker-class", default=None, help="gunicorn worker class (conf default: gthread)")
    p.add_argument(
        "--fault",
        action="store_true",
        help="restart the local PostgreSQL cluster in the middle of the run (root; every"
        " other user of that cluster sees the restart too)",
    )
    p.add_argument("--fault-after", type=float, default=None, help="seconds into the run (default: middle)")
    p.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres", help="maintenance DB URL")
    p.add_argument(
        "--wait-quiet",
        type=float,
        default=0,
        metavar="SECONDS",
        help="wait up to this long for other load on the machine to stop (default 0)",
    )
    p.add_argument(
        "--nice",
        type=int,
        default=0,
        help="niceness of gunicorn, locust and the PostgreSQL backends serving the test database,"
        " e.g. -10 on a machine shared with other work (needs root)",
    )
    p.add_argument("--keep-db", action="store_true", help="do not drop the database afterwards")
    p.add_argument("--keep-logs", action="store_true", help="keep gunicorn's and locust's logs")
    p.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    args = p.parse_args(argv)
    if not 1 <= args.seconds <= 900 or not 0 <= args.warmup <= 120:
        p.error("--seconds must be 1..900 and --warmup 0..120")
    if urlparse(args.pg).hostname not in LOOPBACK:
        p.error("--pg must point at a loopback address")
    return args


# ---------------------------------------------------------------------------- database


def _db_url(admin_url: str, name: str) -> str:
    return urlparse(admin_url)._replace(path=f"/{name}").geturl()


def create_database(admin_url: str, name: str) -> None:
    """CREATE DATABASE `name` (a random, throw-away name)."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(admin_url: str, name: str) -> None:
    """DROP DATABASE `name`, closing any connection left to it."""
    import psycopg

    for _attempt in range(30):  # PostgreSQL may still be coming back after a restart
        try:
            with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except psycopg.OperationalError:
            time.sleep(1)
    print(f"warning: could not drop database {name}", file=sys.stderr)


def app_environment(db_url: str) -> dict[str, str]:
    """Environment for `trygg` and gunicorn: production settings over plain http."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TRYGG_", "GUNICORN_"))}
    env.pop("REDIS_URL", None)
    env.update(
        TRYGG_ENV="production",
        SECRET_KEY=secrets.token_hex(32),
        TRYGG_SECURE_COOKIES="0",
        TRYGG_BASE_URL="http://127.0.0.1/",
        TRYGG_PROXY_HOPS="0",  # gunicorn is reached directly, no proxy in front
        TRYGG_LOCAL_LIMITS_ONLY="1",  # no Redis here; limits are not what is measured
        TRYGG_LINKS_ON_SCREEN="1",  # no mail server here; one organisation
        TRYGG_RATE_LIMITS="0",  # one load generator sends every answer from one address
        DATABASE_URL=db_url,
        PYTHONUNBUFFERED="1",
        # Run the code of the checkout this script is in, whatever the venv's editable install points at.
        PYTHONPATH=str(ROOT),
    )
    return env


def migrate(env: dict[str, str]) -> None:
    """`trygg db upgrade` against the throw-away database."""
    subprocess.run(
        [str(BIN / "trygg"), "db", "upgrade"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
        stdout=subprocess.DEVNULL,
    )


def seed_survey(db_url: str) -> tuple[str, dict[str, Any], int]:
    """An organisation and an open one-page citizen dialogue; returns (slug, form fields, survey id)."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session
    from surveys.models import Option, Organisation, Question, Survey

    engine = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://", 1))
    areas = ["Centrum", "Norr", "Söder", "Öster", "Väster"]
    with Session(engine) as session:
        org = Organisation(slug="lasttest", name="Lasttestkommun", areas=areas)
        survey = Survey(
            organisation=org,
            slug="medborgardialog-last",
            kind="citizen_dialogue",
            status="open",
            series="medborgardialog-last",
            languages=["sv", "en"],
            title={"sv": "Medborgardialog om trygghet", "en": "Citizen dialogue on safety"},
            intro={"sv": "Berätta vad som gör dig trygg eller otrygg.", "en": "Tell us what matters."},
        )
        survey.questions = [
            Question(
                key="concern",
                type="free_text",
                position=0,
                page=1,
                required=True,
                text={"sv": "Vad gör dig otrygg där du bor?", "en": "What makes you feel unsafe?"},
            ),
            Question(
                key="safety",
                type="scale",
                position=1,
                page=1,
                required=True,
                text={"sv": "Hur trygg känner du dig?", "en": "How safe do you feel?"},
                scale_min_label={"sv": "Mycket otrygg"},
                scale_max_label={"sv": "Mycket trygg"},
            ),
            Question(
                key="area",
                type="area",
                position=2,
                page=1,
                text={"sv": "Var bor du?", "en": "Where do you live?"},
                options=[Option(value=a, position=i, label={"sv": a}) for i, a in enumerate(areas)],
            ),
        ]
        session.add(org)
        session.commit()
        ids = {q.key: q.id for q in survey.questions}
        fields = {
            "text": f"q_{ids['concern']}",
            "scale": f"q_{ids['safety']}",
            "area": f"q_{ids['area']}",
            "areas": areas,
        }
        result = (survey.slug, fields, survey.id)
    engine.dispose()
    return result


def database_figures(db_url: str, survey_id: int, acked: list[str]) -> dict[str, int]:
    """Rows stored, distinct submission keys, answers, and how they match the acknowledged tokens."""
    import psycopg

    with psycopg.connect(db_url) as conn:
        keys = [
            r[0]
            for r in conn.execute("SELECT submission_key FROM response WHERE survey_id = %s", (survey_id,))
        ]
        answers = conn.execute(
            "SELECT count(*) FROM answer a JOIN response r ON r.id = a.response_id WHERE r.survey_id = %s",
            (survey_id,),
        ).fetchone()[0]
        incomplete = conn.execute(
            "SELECT count(*) FROM (SELECT r.id FROM response r LEFT JOIN answer a ON a.response_id = r.id"
            " WHERE r.survey_id = %s GROUP BY r.id HAVING count(a.id) <> 3) x",
            (survey_id,),
        ).fetchone()[0]
    stored = set(keys)
    acked_keys = {hashlib.sha256(t.encode()).hexdigest() for t in acked}
    return {
        "rows": len(keys),
        "distinct_keys": len(stored),
        "answers": int(answers),
        "incomplete_responses": int(incomplete),
        "acked_missing_from_db": len(acked_keys - stored),
        "stored_not_acked": len(stored - acked_keys),
        "acked_duplicate_tokens": len(acked) - len(acked_keys),
    }


# ---------------------------------------------------------------------------- processes


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _niceness(increment: int) -> Any:
    """A preexec_fn that changes the child's niceness (None when there is nothing to change)."""
    if not increment:
        return None
    return lambda: os.nice(increment)


def wait_healthy(base: str, timeout: float = 60.0) -> None:
    """Poll /healthz until it answers 200 (bounded)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as resp:
                if resp.status == 200:
                    return
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not become healthy within {timeout:.0f} s")


def stop_process_group(proc: subprocess.Popen[bytes], grace: float) -> None:
    """SIGTERM the process group we started, then SIGKILL it after `grace` seconds."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def _proc_stat(pid: int) -> tuple[str, int, int, int] | None:
    """(comm, ppid, cpu ticks, rss bytes) of `pid`, or None if it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    comm = raw[raw.index("(") + 1 : raw.rindex(")")]
    rest = raw[raw.rindex(")") + 2 :].split()
    return comm, int(rest[1]), int(rest[11]) + int(rest[12]), int(rest[21]) * PAGE_SIZE


@dataclass
class Sampler:
    """Samples, twice a second, RSS and CPU time of gunicorn, locust and PostgreSQL, and the machine's CPU."""

    gunicorn_pid: int
    locust_pid: int | None = None
    nice: int = 0  # applied to the PostgreSQL backends serving `database` as they appear
    database: str = ""
    admin_url: str = ""
    _reniced: set[int] = field(default_factory=set)
    peak_worker_rss: dict[int, int] = field(default_factory=dict)
    peak_workers_rss_sum: int = 0
    # (wall time, machine (busy, total) ticks, {pid: (group, cpu ticks)})
    series: list[tuple[float, tuple[int, int], dict[int, tuple[str, int]]]] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        """Begin sampling in a daemon thread."""
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop sampling (takes a last sample)."""
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)

    def _renice_backends(self) -> None:
        import psycopg

        query = "SELECT pid FROM pg_stat_activity WHERE datname = %s"
        url = self.admin_url
        with contextlib.suppress(psycopg.Error, OSError), psycopg.connect(url, connect_timeout=2) as c:
            pids = {row[0] for row in c.execute(query, (self.database,))}
            for pid in pids - self._reniced:
                with contextlib.suppress(OSError):
                    os.setpriority(os.PRIO_PROCESS, pid, self.nice)
                    self._reniced.add(pid)

    def _run(self) -> None:
        while True:
            if self.nice and len(self.series) % 4 == 0:  # new backends appear after a restart
                self._renice_backends()
            self.sample()
            if self._stop.wait(0.5):
                self.sample()
                return

    def _group(self, pid: int, comm: str, ppid: int) -> str | None:
        if pid == self.gunicorn_pid or ppid == self.gunicorn_pid:
            return "gunicorn"
        if self.locust_pid and (pid == self.locust_pid or ppid == self.locust_pid):
            return "locust"
        if comm.startswith("postgres") or comm.startswith("postmaster"):
            return "postgresql"
        return None

    def sample(self) -> None:
        """One pass over /proc."""
        workers_sum = 0
        cpu: dict[int, tuple[str, int]] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            pid = int(entry.name)
            stat = _proc_stat(pid)
            if stat is None:
                continue
            comm, ppid, ticks, rss = stat
            group = self._group(pid, comm, ppid)
            if group is None:
                continue
            cpu[pid] = (group, ticks)
            if group == "gunicorn" and ppid == self.gunicorn_pid:
                workers_sum += rss
                self.peak_worker_rss[pid] = max(self.peak_worker_rss.get(pid, 0), rss)
        self.peak_workers_rss_sum = max(self.peak_workers_rss_sum, workers_sum)
        self.series.append((time.time(), machine_busy_ticks(), cpu))

    def usage(self, start: float, end: float) -> tuple[float, dict[str, float], float]:
        """(seconds, CPU seconds per group, machine busy share) between the samples nearest `start` and `end`.

        A process that ended inside the interval is undercounted (its last ticks are lost).
        """
        if not self.series:
            return 0.0, {}, 0.0
        i = min(range(len(self.series)), key=lambda k: abs(self.series[k][0] - start))
        j = min(range(len(self.series)), key=lambda k: abs(self.series[k][0] - end))
        first, last = self.series[i], self.series[j]
        latest: dict[int, tuple[str, int]] = {}
        for sample in self.series[i : j + 1]:  # a process gone by the end keeps its last ticks
            latest.update(sample[2])
        totals: dict[str, float] = {}
        for pid, (group, ticks) in latest.items():
            before = first[2].get(pid, (group, 0))[1]
            totals[group] = totals.get(group, 0.0) + (ticks - before) / CLOCK_TICKS
        busy = (last[1][0] - first[1][0]) / max(last[1][1] - first[1][1], 1)
        return last[0] - first[0], totals, busy


def machine_busy_ticks() -> tuple[int, int]:
    """(busy, total) CPU ticks of the whole machine from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def wait_quiet(limit: float, threshold: float = 0.15) -> float:
    """Wait (at most `limit` seconds) until the machine is nearly idle; return the last busy share.

    Other work on the same cores (test suites, builds) takes CPU from gunicorn and locust;
    the figure is reported so that a run on a busy machine is recognisable.
    """
    deadline = time.monotonic() + limit
    while True:
        busy0, total0 = machine_busy_ticks()
        time.sleep(2)
        busy1, total1 = machine_busy_ticks()
        share = (busy1 - busy0) / max(total1 - total0, 1)
        if share <= threshold or time.monotonic() >= deadline:
            return share


def restart_postgresql(log: dict[str, Any], t0: float) -> None:
    """Restart the local PostgreSQL cluster (fault injection) and note when it was down."""
    versions = sorted(os.listdir("/etc/postgresql"))
    cmd = ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "restart"]
    log["restart_started"] = time.time() - t0
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    log["restart_finished"] = time.time() - t0
    log["restart_rc"] = result.returncode
    if result.returncode != 0:
        log["restart_error"] = (result.stderr or result.stdout).strip()[-500:]
        # Never leave the machine's PostgreSQL down: other work uses it too.
        subprocess.run([*cmd[:-1], "start"], capture_output=True, timeout=120, check=False)


# ---------------------------------------------------------------------------- figures


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, min(len(sorted_values), int(-(-q * len(sorted_values) // 100))))
    return sorted_values[rank - 1]


def summarise(results: dict[str, Any], t0: float, warmup: int, seconds: int) -> dict[str, Any]:
    """Throughput and latency in the measured window; outcome counts for the whole run."""
    records = results["records"]
    start, end = t0 + warmup, t0 + warmup + seconds
    posts = [r for r in records if r[2] != "get"]
    window = [r for r in posts if start <= r[0] < end]
    latencies = sorted(r[1] for r in window)
    acked_in_window = sum(1 for r in window if r[2] == "ack")
    by_kind: dict[str, int] = {}
    for r in posts:
        by_kind[r[2]] = by_kind.get(r[2], 0) + 1
    return {
        "window_s": seconds,
        "acked_per_s": acked_in_window / seconds,
        "posts_in_window": len(window),
        "p50_ms": percentile(latencies, 50),
        "p95_ms": percentile(latencies, 95),
        "p99_ms": percentile(latencies, 99),
        "max_ms": latencies[-1] if latencies else float("nan"),
        "posts_total": len(posts),
        "acked_total": len(results["acked"]),
        "outcomes": by_kind,
        "failed_in_window": sum(1 for r in window if r[2] != "ack"),
        "abandoned": len(results["abandoned"]),
        **results["counts"],
    }


def fault_timeline(results: dict[str, Any], t0: float, fault: dict[str, Any]) -> dict[str, Any]:
    """When the 503s came (seconds into the run) and when acknowledgements resumed."""
    records = [r for r in results["records"] if r[2] != "get"]
    retry = sorted(r[0] + r[1] / 1000 - t0 for r in records if r[2] == "retry_page")
    timeline = {k: round(v, 2) if isinstance(v, float) else v for k, v in fault.items()}
    if retry:
        acks_after = sorted(
            r[0] + r[1] / 1000 - t0 for r in records if r[2] == "ack" and r[0] - t0 > retry[-1]
        )
        timeline.update(
            first_503_s=round(retry[0], 2),
            last_503_s=round(retry[-1], 2),
            n_503=len(retry),
            first_ack_after_last_503_s=round(acks_after[0], 2) if acks_after else None,
        )
    return timeline


def gunicorn_log_problems(log_path: Path) -> dict[str, int]:
    """Counts of worrying lines in gunicorn's error log."""
    text = log_path.read_text(errors="replace") if log_path.exists() else ""
    return {
        "tracebacks": text.count("Traceback"),
        "worker_timeouts": text.count("WORKER TIMEOUT"),
        "db_unavailable_warnings": text.count("database unavailable"),
    }


# ---------------------------------------------------------------------------- run


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Set everything up, load it, check it, tear it all down; return the figures."""
    name = f"trygg_load_{secrets.token_hex(4)}"
    db_url = _db_url(args.pg, name)
    tmp = Path(tempfile.mkdtemp(prefix="trygg-load-"))
    figures: dict[str, Any] = {"database": name, "fault": args.fault}
    if args.keep_logs:
        print(f"logs in {tmp}")
    with contextlib.ExitStack() as cleanup:
        if not args.keep_logs:
            cleanup.callback(shutil.rmtree, tmp, True)
        create_database(args.pg, name)
        if not args.keep_db:
            cleanup.callback(drop_database, args.pg, name)
        env = app_environment(db_url)
        migrate(env)
        slug, fields, survey_id = seed_survey(db_url)

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env_g = {
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": str(args.workers),
            "GUNICORN_LOGLEVEL": "warning",
        }
        if args.threads:
            env_g["GUNICORN_THREADS"] = str(args.threads)
        if args.worker_class:
            env_g["GUNICORN_WORKER_CLASS"] = args.worker_class
        gunicorn_log = tmp / "gunicorn.log"
        with open(gunicorn_log, "wb") as log_out:
            gunicorn = subprocess.Popen(
                [str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "app.wsgi:app"],
                cwd=ROOT,
                env=env_g,
                stdout=log_out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_niceness(args.nice),
            )
        cleanup.callback(stop_process_group, gunicorn, 40)
        wait_healthy(base)

        figures["background_cpu_before"] = wait_quiet(args.wait_quiet)

        result_file = tmp / "locust.json"
        rate_per_user = (args.rate / args.users) if args.rate > 0 else 1000.0
        env_l = {
            **env,
            "LOAD_SLUG": slug,
            "LOAD_FIELDS": json.dumps(fields),
            "LOAD_RESULT_FILE": str(result_file),
            "LOAD_RATE_PER_USER": f"{rate_per_user:.6f}",
            "LOAD_RETRY_503": "1" if args.fault else "0",
        }
        run_time = args.warmup + args.seconds
        env_l["LOAD_RUN_SECONDS"] = str(run_time)
        cmd = [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "bench" / "load_users.py"),
            "--headless",
            "-H",
            base,
            "-u",
            str(args.users),
            "-r",
            str(max(args.users, 1)),
            "-t",
            f"{run_time + 3}s",
            "--stop-timeout",
            "30",
            "--only-summary",
            "--loglevel",
            "WARNING",
        ]
        sampler = Sampler(gunicorn.pid, nice=args.nice, database=name, admin_url=args.pg)
        sampler.start()
        cleanup.callback(sampler.stop)
        t0 = time.time()
        with open(tmp / "locust.log", "wb") as log_out:
            locust = subprocess.Popen(
                cmd,
                cwd=ROOT,
                env=env_l,
                stdout=log_out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_niceness(args.nice),
            )
        cleanup.callback(stop_process_group, locust, 10)
        sampler.locust_pid = locust.pid
        fault: dict[str, Any] = {}
        if args.fault:
            after = args.fault_after if args.fault_after is not None else args.warmup + args.seconds / 2
            timer = threading.Timer(after, restart_postgresql, (fault, t0))
            timer.daemon = True
            timer.start()
            cleanup.callback(timer.cancel)
        try:
            locust.wait(timeout=run_time + 90)
        except subprocess.TimeoutExpired:
            stop_process_group(locust, 10)
            raise RuntimeError("locust did not stop in time") from None
        sampler.stop()
        if args.fault:
            timer.join(timeout=130)
        if not result_file.exists():
            raise RuntimeError("locust wrote no results:\n" + (tmp / "locust.log").read_text()[-3000:])
        results = json.loads(result_file.read_text())
        first_get = min((r[0] for r in results["records"] if r[2] == "get"), default=t0)
        figures.update(summarise(results, first_get, args.warmup, args.seconds))
        if args.fault:
            figures["fault_timeline"] = fault_timeline(results, t0, fault)
            wait_healthy(base, timeout=60)  # the app must recover by itself (pool_pre_ping)
        figures["db"] = database_figures(db_url, survey_id, results["acked"])
        figures["peak_worker_rss_mb"] = max(sampler.peak_worker_rss.values(), default=0) / 2**20
        figures["peak_workers_rss_sum_mb"] = sampler.peak_workers_rss_sum / 2**20
        figures["workers_seen"] = len(sampler.peak_worker_rss)
        # CPU over the measured window only (no start-up, warm-up or wind-down).
        window_start = first_get + args.warmup
        span, cpu, busy = sampler.usage(window_start, window_start + args.seconds)
        span = max(span, 1e-9)
        cores = os.cpu_count() or 1
        figures["cpu_cores_used"] = {k: v / span for k, v in cpu.items()}
        rate = max(figures["acked_per_s"], 1e-9)
        figures["cpu_ms_per_submission"] = {k: 1000 * v / (rate * span) for k, v in cpu.items()}
        figures["machine_cpu_busy"] = busy
        figures["cpu_cores_used"]["other processes"] = max(
            0.0, busy * cores - sum(figures["cpu_cores_used"].values())
        )
        figures["config"] = {
            "workers": args.workers,
            "threads": args.threads or "conf default",
            "worker_class": args.worker_class or "conf default",
            "users": args.users,
            "offered_rate": args.rate,
            "seconds": args.seconds,
            "warmup": args.warmup,
            "nice": args.nice,
        }
        stop_process_group(gunicorn, 40)
        figures["gunicorn_log"] = gunicorn_log_problems(gunicorn_log)
        if figures["gunicorn_log"]["tracebacks"]:
            figures["gunicorn_log_tail"] = gunicorn_log.read_text(errors="replace")[-4000:]
    return figures


def verdict(f: dict[str, Any]) -> list[tuple[str, bool]]:
    """The checks of the issue, each with whether it passed."""
    db = f["db"]
    checks = [
        ("every acknowledged submission is in the database", db["acked_missing_from_db"] == 0),
        ("no duplicated response (one row per submission key)", db["rows"] == db["distinct_keys"]),
        ("every stored response is complete", db["incomplete_responses"] == 0),
        ("no server error other than the 503 'try again' page", f.get("other_5xx", 0) == 0),
    ]
    if not f["fault"]:
        checks += [
            (f"sustained >= {TARGET_RATE:.0f} submissions/s", f["acked_per_s"] >= TARGET_RATE),
            (f"p99 < {TARGET_P99_MS:.0f} ms", f["p99_ms"] < TARGET_P99_MS),
            ("no failed request", sum(v for k, v in f["outcomes"].items() if k != "ack") == 0),
            ("rows in database == acknowledged submissions", db["rows"] == f["acked_total"]),
        ]
    else:
        t = f["fault_timeline"]
        checks += [
            ("PostgreSQL was restarted", t.get("restart_rc") == 0),
            ("the app answered 503 'try again' during the outage", f.get("retry_pages", 0) > 0),
            ("acknowledgements resumed after the restart", t.get("first_ack_after_last_503_s") is not None),
            (
                "every 503 came from the database_unavailable handler",
                f["gunicorn_log"]["db_unavailable_warnings"] == f.get("retry_pages", -1),
            ),
            ("no submission abandoned after retries", f["abandoned"] == 0),
        ]
    return checks


def report(f: dict[str, Any]) -> None:
    """Print the figures and the checks."""
    db = f["db"]
    print(f"\n== Trygg Dialog load test ({'PostgreSQL restart' if f['fault'] else 'normal'}) ==")
    print(f"config: {f['config']}")
    print(
        f"measured window: {f['window_s']} s  acknowledged/s: {f['acked_per_s']:.1f}  "
        f"posts in window: {f['posts_in_window']}"
    )
    print(
        f"latency (all posts in window): p50 {f['p50_ms']:.1f} ms  p95 {f['p95_ms']:.1f} ms  "
        f"p99 {f['p99_ms']:.1f} ms  max {f['max_ms']:.1f} ms"
    )
    print(
        f"whole run: posts {f['posts_total']}  acknowledged {f['acked_total']}  outcomes {f['outcomes']}  "
        f"retried-then-acked {f['retried_then_acked']}  abandoned {f['abandoned']}  "
        f"cut short {f['in_flight']}"
    )
    print(
        f"database: rows {db['rows']}  distinct keys {db['distinct_keys']}  answers {db['answers']}  "
        f"incomplete {db['incomplete_responses']}  acked-but-missing {db['acked_missing_from_db']}  "
        f"stored-not-acked {db['stored_not_acked']}"
    )
    print(
        f"peak RSS: largest worker {f['peak_worker_rss_mb']:.0f} MB, all workers together "
        f"{f['peak_workers_rss_sum_mb']:.0f} MB ({f['workers_seen']} worker processes seen)"
    )
    per = f["cpu_ms_per_submission"]
    total_ms = max(sum(per.values()), 1e-9)
    print(
        "CPU per acknowledged submission: "
        + ", ".join(f"{k} {v:.2f} ms" for k, v in sorted(per.items()))
        + f"; {total_ms:.2f} ms in all, i.e. at most "
        f"{(os.cpu_count() or 1) * 1000 / total_ms:.0f}/s on {os.cpu_count()} otherwise idle cores"
    )
    cores = ", ".join(f"{k} {v:.2f}" for k, v in sorted(f["cpu_cores_used"].items()))
    print(
        f"CPU cores used: {cores}; machine busy {100 * f['machine_cpu_busy']:.0f} % "
        f"(busy before the run: {100 * f['background_cpu_before']:.0f} %)"
    )
    print(f"gunicorn log: {f['gunicorn_log']}")
    if "fault_timeline" in f:
        print(f"fault: {f['fault_timeline']}")
    if "gunicorn_log_tail" in f:
        print(f["gunicorn_log_tail"])
    for text, ok in verdict(f):
        print(f"  [{'PASS' if ok else 'FAIL'}] {text}")


def main(argv: list[str] | None = None) -> int:
    """Run the load test and print the figures; 0 when every check passed."""
    args = parse_args(argv)
    sys.path.insert(0, str(ROOT))
    # A plain `kill` also tears down gunicorn, locust and the database (via the ExitStack).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    figures = run(args)
    figures["date"] = dt.date.today().isoformat()
    report(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str))
    return 0 if all(ok for _, ok in verdict(figures)) else 1


if __name__ == "__main__":
    sys.exit(main())
