"""Job entry points: thin wrappers that hand the app's session to domain services."""

from __future__ import annotations

from app.extensions import db
from surveys.review.runs import execute_run


def run_analysis_job(run_id: int) -> None:
    """Execute analysis run `run_id` (runs in a thread, an RQ worker, or inline in tests)."""
    execute_run(db.session, run_id)
