"""Script-injection payloads and a check that a page shows them as text, never as markup."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from markupsafe import escape

PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "</textarea><svg onload=alert(1)>",
    "{{7*7}}",
    "'\";alert(1)//",
    "<iframe src=javascript:alert(1)></iframe>",
    "' onmouseover='alert(1)",
    "{% print 7*7 %}",
    "<style>*{display:none}</style>",
    '<a href="javascript:alert(1)">x</a>',
    "${7*7}",
)
# Each payload carries a numbered marker, so "X4x49" would mean {{7*7}} was evaluated.
MARKED = tuple(f"X{n}x{payload}" for n, payload in enumerate(PAYLOADS))
EVALUATED = tuple(f"X{n}x49" for n, p in enumerate(PAYLOADS) if "7*7" in p)
CORPUS = " ".join(MARKED)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster"}


def parts(count: int) -> list[str]:
    """The corpus split into `count` strings, for fields too short to hold all of it."""
    size = -(-len(MARKED) // count)
    return [" ".join(MARKED[i : i + size]) for i in range(0, len(MARKED), size)]


def shown(text: str) -> str:
    """How `text` looks in a page that escapes it."""
    return str(escape(text))


class _Elements(HTMLParser):
    """Every problem an injected element or attribute would cause."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        if tag in {"iframe", "svg", "style", "object", "embed"}:
            self.problems.append(f"<{tag}> element")
        if tag == "script" and "src" not in names:
            self.problems.append("inline <script>")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.problems.append("<img src=x>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.problems.append(f"<{tag} {name}=…>")
            if name in URL_ATTRIBUTES and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}=javascript:…>")


def problems_in(body: str) -> list[str]:
    """What in `body` shows that a payload was treated as markup or as a template."""
    found = [f"raw {m[:30]!r}" for m in MARKED if re.search(r"[<>\"']", m) and m in body]
    found += [f"evaluated {e!r}" for e in EVALUATED if e in body]
    parser = _Elements()
    parser.feed(body)
    return found + parser.problems


def assert_inert(pages: dict[str, str]) -> None:
    """No page of `pages` (url → body) treats a payload as anything but text."""
    failures = {url: problems for url, body in pages.items() if (problems := problems_in(body))}
    assert failures == {}, failures


def assert_shown(body: str, text: str, where: str) -> None:
    """The page shows `text`, escaped (proves the payload reached the page at all)."""
    assert shown(text) in body, f"{where} does not show {text[:40]!r}"
