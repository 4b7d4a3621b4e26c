"""Every saved state of a plan is kept; any two can be compared as readable text."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from surveys.accounts.models import User
from surveys.plans.document import PlanDoc, plan_doc
from surveys.plans.labels import commitment_facts, status_label
from surveys.plans.models import Plan, PlanVersion

Gettext = Callable[[str], str]
CONTEXT_LINES = 2


@dataclass(frozen=True)
class DiffLine:
    """One line of a comparison: 'same', 'added', 'removed' or 'gap' (unchanged lines left out)."""

    kind: str
    text: str


def save_version(session: Session, plan: Plan, user: User | None, note: str) -> PlanVersion:
    """Snapshot the plan as it stands as its next version (the caller commits)."""
    session.flush()
    plan.version = (plan.version or 0) + 1
    version = PlanVersion(
        number=plan.version,
        status=plan.status,
        note=note[:300],
        snapshot=plan_doc(plan).to_dict(),
        created_by=user.id if user else None,
    )
    plan.versions.append(version)
    return version


def version_doc(version: PlanVersion) -> PlanDoc:
    """The plan as it was in `version`."""
    return PlanDoc.from_dict(version.snapshot)


def doc_lines(doc: PlanDoc, language: str, gettext: Gettext) -> list[str]:
    """The plan as lines of text, the form versions are compared in."""
    _ = gettext
    lines = [doc.title_in(language), f"{_('Status')}: {status_label(doc.status, _)}"]
    lines.append(f"{_('Period')}: {doc.period_start.isoformat()} – {doc.period_end.isoformat()}")
    lines.append(f"{_('Parties')}: {', '.join(doc.parties)}")
    names = {
        "target": _("Target"),
        "responsible": _("Responsible"),
        "partners": _("Together with"),
        "working_group": _("Working group"),
        "place": _("Place"),
        "period": _("Period"),
    }
    for section in doc.sections:
        lines += ["", f"## {section.title_in(language)}", ""]
        lines += section.body_in(language).splitlines()
        for c in section.commitments:
            lines.append(f"* {c.text_in(language)}")
            lines += [f"  {names[fact]}: {value}" for fact, value in commitment_facts(c, doc, language, _)]
    return lines


def diff_docs(older: PlanDoc, newer: PlanDoc, language: str, gettext: Gettext) -> list[DiffLine]:
    """Line changes from `older` to `newer`, with a little unchanged context around each."""
    a, b = doc_lines(older, language, gettext), doc_lines(newer, language, gettext)
    out: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for group in matcher.get_grouped_opcodes(CONTEXT_LINES):
        if out:
            out.append(DiffLine("gap", "…"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out += [DiffLine("same", line) for line in a[i1:i2]]
                continue
            out += [DiffLine("removed", line) for line in a[i1:i2]]
            out += [DiffLine("added", line) for line in b[j1:j2]]
    return out


def compare_versions(
    plan: Plan, first: int, second: int, language: str, gettext: Gettext
) -> list[DiffLine] | None:
    """The changes between two version numbers of `plan` (None if either is missing)."""
    by_number = {v.number: v for v in plan.versions}
    if first not in by_number or second not in by_number:
        return None
    older, newer = sorted((first, second))
    return diff_docs(version_doc(by_number[older]), version_doc(by_number[newer]), language, gettext)
