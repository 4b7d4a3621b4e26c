"""Words for codes the product stores, so that no page shows a bare code to a person."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

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


def run_label(code: str | None) -> str:
    """A run status or step in words; an unknown code is shown as it is."""
    if not code:
        return "…"
    label = RUN_LABELS.get(code)
    return str(label) if label is not None else code
