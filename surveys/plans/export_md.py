"""Plans and follow-ups as Markdown, for the CLI and for pasting into other systems."""

from __future__ import annotations

from collections.abc import Callable

from surveys.plans.document import PlanDoc
from surveys.plans.followup import FollowUpReport
from surveys.plans.outline import follow_up_outline, plan_outline
from surveys.reports.blocks import Bullets, Heading, Outline, Paragraph, Quote, Table

Gettext = Callable[[str], str]


def plan_markdown(doc: PlanDoc, language: str, _: Gettext) -> str:
    """A plan as Markdown in `language`."""
    return outline_markdown(plan_outline(doc, language, _))


def follow_up_markdown(report: FollowUpReport, language: str, _: Gettext) -> str:
    """A written follow-up as Markdown in `language`."""
    return outline_markdown(follow_up_outline(report, language, _))


def outline_markdown(outline: Outline) -> str:
    """Any chart-free outline as Markdown."""
    lines = [
        f"# {outline.title}",
        "",
        f"**{outline.organisation}**",
        "",
        outline.subtitle,
        "",
        f"*{outline.status}*",
    ]
    for block in outline.blocks:
        lines.append("")
        if isinstance(block, Heading):
            lines.append(f"{'#' * (block.level + 1)} {block.text}")
        elif isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Bullets):
            lines += [f"- {item}" for item in block.items]
        elif isinstance(block, Quote):
            lines.append(f"> {block.text}")
        elif isinstance(block, Table):
            lines += _table(block)
    return "\n".join(lines).rstrip() + "\n"


def _table(block: Table) -> list[str]:
    def row(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    rule = "| " + " | ".join("---:" if i in block.numeric else "---" for i in range(len(block.header))) + " |"
    return [f"*{block.caption}*", "", row(block.header), rule, *[row(r) for r in block.rows]]
