"""Priority areas of a round: score parts, adjustable weights, overrides with reasons, saving."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from analysis.prioritise import DEFAULT_WEIGHTS, PART_NAMES, normalise_weights
from analysis.written_numbers import parse_number
from app.admin.common import area_name, load_visible_survey
from app.admin.insights import bp
from app.auth import roles_required
from app.config import privacy_floor
from app.extensions import db
from surveys.accounts.models import Role
from surveys.insights.priorities import compute_priorities, save_priorities, saved_priorities
from surveys.insights.report_data import guarded_sections

DECIDERS = (Role.ADMIN, Role.ANALYST, Role.POLICE)


def _weights(source: Mapping[str, str]) -> dict[str, float]:
    weights = {}
    for name in PART_NAMES:
        typed = parse_number(source.get(f"w_{name}", ""))  # "inf" and "nan" are no weights
        weights[name] = DEFAULT_WEIGHTS[name] if typed is None else max(0.0, typed)
    return weights


def _overrides(source: Mapping[str, str]) -> dict[str, tuple[int, str]]:
    found = {}
    for key, value in source.items():
        if key.startswith("rank_") and value.strip():
            theme = key[len("rank_") :]
            try:
                found[theme] = (int(value), source.get(f"reason_{theme}", ""))
            except ValueError:
                continue
    return found


def _ranking_inputs(source: Mapping[str, str]) -> dict[str, str]:
    """The weight, rank and reason inputs of the ranking form (no token, no button)."""
    return {k: v for k, v in source.items() if k.startswith(("w_", "rank_", "reason_"))}


def _from_saved(saved: Any) -> tuple[dict[str, float], dict[str, tuple[int, str]]]:
    """The weights and overrides a saved priority list was decided with."""
    weights = {name: float(saved.weights.get(name, 0.0)) for name in PART_NAMES}
    overrides = {
        item.theme: (item.rank, item.override_reason)
        for item in saved.items
        if item.rank != item.computed_rank or item.override_reason
    }
    return weights, overrides


@bp.get("/surveys/<slug>/priorities")
@login_required
def priorities(slug: str) -> str:
    """The ranking with each part of the score; weights and overrides recalculate it.

    Without weights or overrides in the address the page opens on what was last saved.
    """
    survey = load_visible_survey(slug)
    saved = saved_priorities(db.session, survey)
    if saved is not None and not _ranking_inputs(request.args):
        weights, overrides = _from_saved(saved)
    else:
        weights = _weights(request.args)
        overrides = _overrides(request.args)
    missing_reason = [t for t, (_rank, reason) in overrides.items() if not reason.strip()]
    ranked, evidence, data = compute_priorities(db.session, survey, weights, overrides)
    return render_template(
        "admin/priorities.html",
        survey=survey,
        ranked=ranked,
        weights=weights,
        normalised=normalise_weights(weights),
        overrides=overrides,
        missing_reason=missing_reason,
        part_names=PART_NAMES,
        saved=saved,
        analysed=data.analysed,
        area_name=area_name,
        figures=guarded_sections(db.session, data, ranked, evidence, privacy_floor()),
        can_save=current_user.role in DECIDERS,
    )


@bp.post("/surveys/<slug>/priorities")
@roles_required(*DECIDERS)
def priorities_save(slug: str) -> Any:
    """Save the ranking as the round's priority areas (the basis for the pledge).

    The ranking form posts here with both buttons: "Recalculate" shows the ranking for the
    typed-in weights and ranks, "Save" stores exactly those.
    """
    survey = load_visible_survey(slug)
    inputs = _ranking_inputs(request.form.to_dict())
    if request.form.get("action") == "recalculate":
        return redirect(url_for("admin.insights.priorities", slug=slug, **inputs))  # type: ignore[arg-type]
    weights = _weights(request.form)
    overrides = _overrides(request.form)
    if any(not reason.strip() for _rank, reason in overrides.values()):
        flash(_("Write a reason for every changed rank before saving."), "error")
        return redirect(url_for("admin.insights.priorities", slug=slug, **inputs))  # type: ignore[arg-type]
    ranked, evidence, data = compute_priorities(db.session, survey, weights, overrides)
    if not ranked:
        flash(_("There is nothing to save yet: analyse the answers first."), "error")
        return redirect(url_for("admin.insights.priorities", slug=slug))
    save_priorities(db.session, survey, ranked, evidence, weights, current_user._get_current_object())
    flash(_("The priority areas have been saved for the round."), "success")
    return redirect(url_for("admin.insights.priorities", slug=slug))
