"""gunicorn settings for production. Every value can be overridden by environment variables."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", max(2, multiprocessing.cpu_count() * 2)))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Workers are replaced after this many requests (a guard against slow leaks). Each new worker
# starts cold (connections, statement caches), so keep it well above a few minutes of traffic:
# at 2000, four workers taking 300 submissions/s were each replaced every half minute.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
# Spread the restarts so that workers started together are not all replaced at once.
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", max_requests // 10))
# Residents answer anonymously: no access log (it would hold their addresses).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# Load the app once before forking; each worker opens its own database connections.
preload_app = True

# A worker that grew past this resident memory finishes its request and is replaced: Python
# rarely hands freed memory back to the system, so a worker that once reached ~1 GB would
# otherwise keep it. Uploads are no longer parsed in web workers (RQ jobs read them, each in
# a work horse process forked for the job, whose memory goes back when it ends), so this is
# the guard for whatever else grows. 0 turns the watchdog off.
max_worker_memory_mb = int(os.environ.get("GUNICORN_MAX_WORKER_MEMORY_MB", "600"))


def resident_memory_mb() -> float:
    """This process's current resident memory in MB (Linux /proc; 0 where unavailable)."""
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


def post_request(worker, req, environ, resp):  # noqa: ANN001 - gunicorn's hook signature
    """Recycle a worker whose memory grew past max_worker_memory_mb, after its request."""
    if max_worker_memory_mb and resident_memory_mb() > max_worker_memory_mb:
        worker.log.warning(
            "worker %s uses more than %s MB: restarting it after this request",
            worker.pid,
            max_worker_memory_mb,
        )
        worker.alive = False
