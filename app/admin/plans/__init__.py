"""Citizen pledges and action plans: drafting, editing, approval, versions, tasks, follow-up, reminders."""

from typing import Any

from flask import Blueprint

bp = Blueprint("plans", __name__)


@bp.record_once
def _plan_text_helpers(state: Any) -> None:
    """The one wording of a target and of progress (analysis.followup), for every plan template.

    Globals rather than context: the plan macros are imported without the page's context.
    """
    from app.plan_support import commitment_progress_text, commitment_target_text

    state.app.jinja_env.globals.update(
        target_text=commitment_target_text, progress_text=commitment_progress_text
    )


from app.admin.plans import (  # noqa: E402,F401  (routes register on import)
    editing,
    followup,
    reminders,
    tasks,
    versions,
    views,
    working_groups,
)
