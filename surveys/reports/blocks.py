"""The building blocks of a laid-out document: headings, text, lists, quotes, tables, charts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True)
class Heading:
    """A heading: level 1 for chapters, 2 for areas, 3 within an area."""

    kind: ClassVar[str] = "heading"
    text: str
    level: int


@dataclass(frozen=True)
class Paragraph:
    """Running text; `lead` paragraphs are set larger."""

    kind: ClassVar[str] = "paragraph"
    text: str
    lead: bool = False


@dataclass(frozen=True)
class Bullets:
    """A bulleted or numbered list."""

    kind: ClassVar[str] = "bullets"
    items: tuple[str, ...]
    ordered: bool = False
    # Per item: the language of its opening words and how many characters they take, for
    # words taken from answers in another language than the document's ("", 0: none).
    foreign: tuple[tuple[str, int], ...] = ()

    def parts(self) -> tuple[tuple[str, str, str], ...]:
        """Per item: (language of the opening, the opening, the rest); no language when there is none."""
        out = []
        for i, item in enumerate(self.items):
            language, length = self.foreign[i] if i < len(self.foreign) else ("", 0)
            out.append((language, item[:length], item[length:]) if language else ("", "", item))
        return tuple(out)


@dataclass(frozen=True)
class Quote:
    """A respondent's own words."""

    kind: ClassVar[str] = "quote"
    text: str


@dataclass(frozen=True)
class Table:
    """A table whose first column names the row; `numeric` columns are right-aligned."""

    kind: ClassVar[str] = "table"
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[int, ...] = ()


@dataclass(frozen=True)
class Chart:
    """One of charts.CHARTS with its caption, alternative text and size in pixels."""

    kind: ClassVar[str] = "chart"
    name: str
    caption: str
    alt: str
    width: int
    height: int
    table: Table | None = None  # the chart's figures, for those who cannot see the image


@dataclass(frozen=True)
class MapImage:
    """One of maps.REPORT_MAPS for print, with caption, alternative text and size in pixels.

    The web page leaves it out: the situation page has the interactive map, and the
    table beside every map image carries the same figures.
    """

    kind: ClassVar[str] = "map"
    name: str
    caption: str
    alt: str
    width: int
    height: int


@dataclass(frozen=True)
class PageBreak:
    """A new page in print; nothing on the web page."""

    kind: ClassVar[str] = "page_break"


Block = Heading | Paragraph | Bullets | Quote | Table | Chart | MapImage | PageBreak


@dataclass(frozen=True)
class Outline:
    """Title page and body of the situation picture."""

    language: str
    organisation: str
    title: str
    subtitle: str
    status: str
    blocks: tuple[Block, ...]
