"""Words for codes the product stores, so that no page shows a bare code to a person."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from analysis.reasons import explain
from app.i18n import language_label
from surveys.authoring.resident_texts import RESIDENT_TEXTS
from surveys.insights.breakdown import NOT_STATED, DimensionValue
from surveys.reports.wording import channel_label, group_label

# An analysis run's status and the pipeline step it is on (analysis/pipeline.py).
RUN_LABELS = {
    "queued": _l("queued"),
    "running": _l("running"),
    "done": _l("finished"),
    "failed": _l("failed"),
    "loading": _l("reading the answers"),
    "clean": _l("cleaning the texts"),
    "redact": _l("masking personal details"),
    "represent": _l("reading what the answers say"),
    "themes": _l("matching problem areas"),
    "cluster": _l("grouping similar answers"),
    "describe": _l("naming the groups"),
    "store": _l("saving the results"),
}


# The kinds of review actions in an analysis's change log (surveys/review/actions.py).
REVIEW_ACTION_LABELS = {
    "rename": _l("renamed"),
    "merge": _l("merged"),
    "split": _l("split"),
    "move": _l("answers moved"),
    "themes": _l("problem areas changed"),
    "flag_irrelevant": _l("marked irrelevant"),
    "flag_abusive": _l("marked abusive"),
    "flag_cleared": _l("mark removed"),
    "flag": _l("mark changed"),  # kept by logs written before the kinds above
    "quote_approved": _l("approved for quoting"),
    "quote_withdrawn": _l("quote approval withdrawn"),
    "quote": _l("quote approval changed"),
    "undo": _l("undone"),
}


def review_action_label(kind: str) -> str:
    """A change-log entry's kind in words."""
    return str(REVIEW_ACTION_LABELS.get(kind, kind))


# What a breakdown of respondents can be made by (surveys/insights/breakdown.py DIMENSIONS).
DIMENSION_LABELS = {
    "group": _l("Respondent group"),
    "area": _l("Area"),
    "language": _l("Language"),
    "age_band": _l("Age band"),
    "channel": _l("Channel"),
    "question": _l("Question"),
}


def dimension_label(dimension: str) -> str:
    """What a breakdown is made by, in words."""
    label = DIMENSION_LABELS.get(dimension)
    return str(label) if label is not None else dimension


def dimension_value_label(dimension: str, value: DimensionValue) -> str:
    """One column of a breakdown in words: the survey's own label, else the interface's word."""
    if value.value == NOT_STATED:
        return _("Not stated")
    if value.own_label:
        return value.own_label
    if dimension == "group":
        return group_label(value.value, _)
    if dimension == "channel":
        return channel_label(value.value, _)
    if dimension == "language":
        return language_label(value.value)
    return value.value


def run_label(code: str | None) -> str:
    """A run status or step in words; an unknown code is shown as it is."""
    if not code:
        return "…"
    label = RUN_LABELS.get(code)
    return str(label) if label is not None else code


def missing_text_label(item: Any) -> str:
    """A missing survey text (surveys.authoring.editing.MissingText) in words: 'hjälptext till fråga q1'."""
    detail = item.detail
    if item.kind == "title":
        return _("the title")
    if item.kind == "question":
        return _("the text of question %(key)s", key=detail)
    if item.kind == "option":
        return _("option %(option)s", option=detail)
    if item.kind == "help":
        return _("the help text of question %(key)s", key=detail)
    if item.kind == "scale_min":
        return _("the words for 1 on the scale of question %(key)s", key=detail)
    if item.kind == "scale_max":
        return _("the words for 5 on the scale of question %(key)s", key=detail)
    if item.kind == "interface" and detail in RESIDENT_TEXTS:
        return _("the text residents read as “%(text)s”", text=_(RESIDENT_TEXTS[detail]))
    return str(item.item)


def k_reason_text(stored: str | None) -> str:
    """Why an analysis run has its number of clusters, in the interface language."""
    return explain(stored or "", _)
