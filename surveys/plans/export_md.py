"""Plans and follow-ups as Markdown, for the CLI and for pasting into other systems."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from analysis.language import plain_text
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


def _text(text: str) -> str:
    """Text as Markdown shows it: raw HTML (`<script>`, `<img onerror>`) is escaped, so any
    Markdown viewer renders it as the characters typed, never as markup. Markdown cannot say
    which words are in another language, so the runs the outline set off are plain text."""
    return escape(plain_text(text), quote=False)


def outline_markdown(outline: Outline) -> str:
    """Any chart-free outline as Markdown; every text from the database is escaped."""
    lines = [
        f"# {_text(outline.title)}",
        "",
        f"**{_text(outline.organisation)}**",
        "",
        _text(outline.subtitle),
        "",
        f"*{_text(outline.status)}*",
    ]
    for block in outline.blocks:
        lines.append("")
        if isinstance(block, Heading):
            lines.append(f"{'#' * (block.level + 1)} {_text(block.text)}")
        elif isinstance(block, Paragraph):
            lines.append(_text(block.text))
        elif isinstance(block, Bullets):
            lines += [f"- {_text(item)}" for item in block.items]
        elif isinstance(block, Quote):
            lines.append(f"> {_text(block.text)}")
        elif isinstance(block, Table):
            lines += _table(block)
    return "\n".join(lines).rstrip() + "\n"


def _table(block: Table) -> list[str]:
    def row(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(_text(c).replace("|", "\\|") for c in cells) + " |"

    rule = "| " + " | ".join("---:" if i in block.numeric else "---" for i in range(len(block.header))) + " |"
    return [f"*{_text(block.caption)}*", "", row(block.header), rule, *[row(r) for r in block.rows]]
