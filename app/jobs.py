"""Background jobs: in-process by default, RQ on Redis when REDIS_URL is set.

Jobs are named by an import path ("package.module:function") and take plain
arguments, so the same call works in a thread, an RQ worker or synchronously
in tests. Every job runs inside an application context.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from flask import Flask, current_app, has_app_context

from app.extensions import db

log = logging.getLogger(__name__)

_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()


def init_app(app: Flask) -> None:
    """Remember the app so job runners can push its context."""
    app.extensions["trygg_jobs"] = {"backend": app.config.get("JOB_BACKEND", "thread")}


def resolve(path: str) -> Callable[..., Any]:
    """Import the job function named by 'module:function'."""
    module_name, _, func_name = path.partition(":")
    return getattr(importlib.import_module(module_name), func_name)  # type: ignore[no-any-return]


def run_in_app_context(path: str, *args: Any) -> Any:
    """Entry point used by RQ workers: run the job inside an application context.

    A worker process has no app yet and builds one from the environment; a worker
    running inside an existing app context (tests, `trygg worker --burst`) uses it.
    """
    if has_app_context():
        return _call(path, *args)
    from app import create_app

    with create_app().app_context():
        return _call(path, *args)


def enqueue(path: str, *args: Any) -> str:
    """Start job `path` with `args` on the configured backend; return a job id."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    backend = app.config.get("JOB_BACKEND", "thread")
    if backend == "rq":
        return _enqueue_rq(app, path, *args)
    if backend == "sync":
        _call(path, *args)
        return "sync"
    future = _get_executor().submit(_run_with_context, app, path, *args)
    future.add_done_callback(_log_failure)
    return f"thread-{id(future)}"


def _call(path: str, *args: Any) -> Any:
    """Run job `path`; its database session ends with it, however it ends.

    The next job in this thread or worker starts with a fresh session, and a request that
    ran the job inline (JOB_BACKEND=sync) finds its objects expired, as after a commit.
    """
    try:
        return resolve(path)(*args)
    finally:
        db.session.remove()  # type: ignore[attr-defined]  # the scoped session's


def _run_with_context(app: Flask, path: str, *args: Any) -> Any:
    with app.app_context():
        return _call(path, *args)


def _log_failure(future: Any) -> None:
    if future.exception() is not None:
        log.error("background job failed", exc_info=future.exception())


def _get_executor() -> ThreadPoolExecutor:
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="trygg-job")
        return _executor


def _enqueue_rq(app: Flask, path: str, *args: Any) -> str:
    from redis import Redis
    from rq import Queue, Retry

    queue = Queue("trygg", connection=Redis.from_url(app.config["REDIS_URL"]))
    job = queue.enqueue(
        run_in_app_context, path, *args, retry=Retry(max=2, interval=[10, 60]), job_timeout=3600
    )
    return str(job.id)
