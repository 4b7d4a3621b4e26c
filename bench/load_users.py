"""Locust users for `bench/load.py`: residents who open a survey and send answers.

Not meant to be run on its own: `bench/load.py` starts locust with this file and passes
the survey through environment variables. Every user opens the survey page once (session
cookie + CSRF token, the real flow), then posts answers, each post with a fresh
submission token. A post counts as acknowledged only when the server answers
302 to the thank-you page. With LOAD_RETRY_503=1 (the database-restart run) a 503 "please
try again" is retried with the very same form, as the button on that page does, a bounded
number of times.

Each request is recorded (wall time, latency, outcome) and written as JSON to
LOAD_RESULT_FILE when locust stops, with the acknowledged submission tokens, so the
orchestrator can compare them with the database.
"""

from __future__ import annotations

import json
import os
import random
import re
import secrets
import time
from urllib.parse import urlparse

from locust import FastHttpUser, constant_throughput, events, task
from locust.exception import StopUser

SLUG = os.environ["LOAD_SLUG"]
# {"text": "q_1", "scale": "q_2", "area": "q_3", "areas": [...]}: the form's field names
FIELDS = json.loads(os.environ["LOAD_FIELDS"])
RESULT_FILE = os.environ["LOAD_RESULT_FILE"]
RATE_PER_USER = float(os.environ.get("LOAD_RATE_PER_USER", "5"))
RETRY_503 = os.environ.get("LOAD_RETRY_503") == "1"
MAX_RETRIES = int(os.environ.get("LOAD_MAX_RETRIES", "40"))
RETRY_PAUSE = float(os.environ.get("LOAD_RETRY_PAUSE", "0.5"))
# Like the reverse proxy in docs/deploy.md (nginx without upstream keep-alive), open a new
# connection per request; with long-lived connections each stays with the worker that
# accepted it, and one busy worker queues requests while the others idle.
HEADERS = {"Connection": "close"} if os.environ.get("LOAD_KEEPALIVE") != "1" else {}
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
# No new submission starts after this (locust's own run time is a little longer), so that
# when locust stops, no request is cut short: every request sent has its answer recorded.
STOP_AT = time.time() + float(os.environ.get("LOAD_RUN_SECONDS", "60"))

CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
RETRY_PAGE_MARK = 'value="retry"'  # the "Try again" button of app/templates/errors/503.html

# Free text like residents write, some with personal data for the redaction to find.
OPENINGS = [
    "Det är mörkt vid busshållplatsen",
    "Ungdomar samlas på kvällarna vid skolan",
    "Det körs för fort på",
    "Nedskräpning och klotter vid",
    "Jag känner mig otrygg när jag går hem från",
    "Cyklar blir stulna utanför",
    "Belysningen är trasig längs gång- och cykelvägen vid",
    "Narkotikaförsäljning förekommer öppet nära",
]
PLACES = ["Storgatan", "centrum", "idrottsplatsen", "stationen", "Norra torget", "parken", "Coop", "skolan"]
TAILS = [
    "",
    " sedan i våras.",
    " Ring mig gärna på 070-123 45 67.",
    " Prata med Anna Andersson som bor där.",
    " Mejla mig på boende@example.se om ni vill veta mer.",
    " Det har blivit värre det senaste året och fler borde veta om det.",
]

# Shared by all users of this locust process (gevent: no preemption between these lines).
RECORDS: list[tuple[float, float, str, int]] = []  # (wall start, latency ms, kind, status)
ACKED: list[str] = []
ABANDONED: list[str] = []
COUNTS = {"retried_then_acked": 0, "retry_pages": 0, "other_5xx": 0, "errors": 0, "in_flight": 0}


def _answer_text(rng: random.Random) -> str:
    return f"{rng.choice(OPENINGS)} {rng.choice(PLACES)}.{rng.choice(TAILS)}"


class Resident(FastHttpUser):
    """Opens the survey once, then sends answers at a steady pace."""

    wait_time = constant_throughput(RATE_PER_USER)
    network_timeout = 30.0
    connection_timeout = 10.0

    def on_start(self) -> None:
        if urlparse(self.host).hostname not in LOOPBACK:
            raise SystemExit("bench/load_users.py only targets the loopback address")
        self.rng = random.Random()
        self.csrf = ""
        self._open_survey()

    def _open_survey(self) -> None:
        for _attempt in range(MAX_RETRIES):
            started = time.time()
            with self.client.get(f"/s/{SLUG}", name="GET survey", catch_response=True) as resp:
                RECORDS.append((started, (time.time() - started) * 1000, "get", resp.status_code))
                match = CSRF_RE.search(resp.text or "") if resp.status_code == 200 else None
                if match:
                    self.csrf = match.group(1)
                    resp.success()
                    return
                resp.failure(f"survey page: {resp.status_code}")
            time.sleep(RETRY_PAUSE)
        raise RuntimeError("could not open the survey page")

    @task
    def submit(self) -> None:
        """Send one response; with LOAD_RETRY_503, retry a 'try again' with the same form."""
        if time.time() >= STOP_AT:
            raise StopUser()
        token = secrets.token_urlsafe(24)
        form = {
            "csrf_token": self.csrf,
            "page": "1",
            "submission_token": token,
            FIELDS["text"]: _answer_text(self.rng),
            FIELDS["scale"]: str(self.rng.randint(1, 5)),
            FIELDS["area"]: self.rng.choice(FIELDS["areas"]),
            "action": "send",
        }
        for attempt in range(MAX_RETRIES + 1):
            outcome = self._post(form)
            if outcome == "acked":
                ACKED.append(token)
                if attempt:
                    COUNTS["retried_then_acked"] += 1
                return
            if outcome != "retry" or not RETRY_503:
                return
            time.sleep(RETRY_PAUSE)
        ABANDONED.append(token)

    def _post(self, form: dict[str, str]) -> str:
        started = time.time()
        COUNTS["in_flight"] += 1  # still > 0 at the end only if locust cut a request short
        with self.client.post(
            f"/s/{SLUG}",
            data=form,
            name="POST answers",
            allow_redirects=False,
            catch_response=True,
            headers=HEADERS,
        ) as resp:
            latency = (time.time() - started) * 1000
            COUNTS["in_flight"] -= 1
            status = resp.status_code or 0
            location = resp.headers.get("Location", "") if resp.headers else ""
            if status == 302 and f"/s/{SLUG}/tack" in location:
                RECORDS.append((started, latency, "ack", status))
                resp.success()
                return "acked"
            if status == 503 and RETRY_PAGE_MARK in (resp.text or ""):
                RECORDS.append((started, latency, "retry_page", status))
                COUNTS["retry_pages"] += 1
                resp.failure("503 try again")
                return "retry"
            kind = "other_5xx" if status >= 500 else "error"
            COUNTS["other_5xx" if status >= 500 else "errors"] += 1
            RECORDS.append((started, latency, kind, status))
            resp.failure(f"unexpected {status}")
            return "failed"


@events.quitting.add_listener
def _write_results(environment, **_kwargs) -> None:  # type: ignore[no-untyped-def]
    with open(RESULT_FILE, "w", encoding="utf-8") as out:
        json.dump({"records": RECORDS, "acked": ACKED, "abandoned": ABANDONED, "counts": COUNTS}, out)
