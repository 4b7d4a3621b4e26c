"""The small text syntax of plan sections: blank-line paragraphs, "- " list items, "> " quotes."""

from __future__ import annotations

Block = tuple[str, str | list[str]]


def line_kind(line: str) -> str:
    """'bullets', 'quotes' or 'paragraph' for one stripped line."""
    if line.startswith("- ") or line == "-":
        return "bullets"
    if line.startswith(">"):
        return "quotes"
    return "paragraph"


def text_blocks(text: str) -> list[Block]:
    """Split section text into ("paragraph", str), ("bullets", [str]) and ("quotes", [str]) blocks.

    Lines of a paragraph are joined by spaces; an empty line or a line of another kind ends a block.
    """
    blocks: list[Block] = []
    current: list[str] = []
    kind = ""

    def flush() -> None:
        if current:
            blocks.append((kind, " ".join(current) if kind == "paragraph" else list(current)))
            current.clear()

    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        this = line_kind(line)
        if this != kind:
            flush()
            kind = this
        current.append(line if this == "paragraph" else line[1:].strip())
    flush()
    return blocks
