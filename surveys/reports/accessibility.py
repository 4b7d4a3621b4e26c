"""What the accessibility statement says about the product, derived from checks of what it makes.

The statement must list the content that is not accessible and why (DOS-lagen 2018:1937,
DIGG's model statement). Where the product can check its own output, the list is produced
by the same check the tests use, so the statement cannot claim more than is true: a PDF
writer that gains a structure tree, a language and a displayed title drops off the list
by itself.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from functools import cache

from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from surveys.transfer.messages import N_, Text

# When the product was last assessed, and how (DIGG asks for both).
ASSESSED_ON = dt.date(2026, 12, 1)
COMPLAINT_FORM_URL = "https://www.digg.se/tdosanmalan"


@dataclass(frozen=True)
class KnownProblem:
    """Content that does not meet the requirements, the criteria it fails and why."""

    what: Text
    criteria: tuple[str, ...]
    reason: Text


def pdf_gaps(content: bytes) -> list[str]:
    """What a PDF lacks of a tagged, titled, language-marked document; empty when it has it all."""
    root = PdfReader(io.BytesIO(content)).trailer["/Root"].get_object()
    assert isinstance(root, DictionaryObject)
    gaps = []
    if "/StructTreeRoot" not in root:
        gaps.append("structure tree")
    mark_info = root.get("/MarkInfo")
    if not isinstance(
        mark_info := mark_info and mark_info.get_object(), DictionaryObject
    ) or not mark_info.get("/Marked"):
        gaps.append("marked as tagged")
    if not root.get("/Lang"):
        gaps.append("language")
    preferences = root.get("/ViewerPreferences")
    preferences = preferences and preferences.get_object()
    if not isinstance(preferences, DictionaryObject) or not preferences.get("/DisplayDocTitle"):
        gaps.append("title shown")
    return gaps


def _sample_poster() -> bytes:
    from surveys.distribution.posters import PosterText, poster_pdf

    text = PosterText("Tyck till", "Trygghet", "Svara på enkäten.", "Skanna koden", "Sista dag", "Kommunen")
    return poster_pdf("https://example.org/s/prov", text)


@cache
def known_problems() -> tuple[KnownProblem, ...]:
    """The known shortcomings, worked out once per process from the product's own output."""
    problems = []
    if pdf_gaps(_sample_poster()):
        # Posters, paper forms, situation and periodic pictures, plan exports and the public
        # pledge PDFs all come from the one tagged writer (surveys.reports.tagged_pdf).
        problems.append(
            KnownProblem(
                N_(
                    "PDF documents (posters, paper forms, situation pictures, periodic pictures, "
                    "action plans, follow-ups and pledges) are not tagged: a screen reader cannot "
                    "tell their headings, lists and tables apart, and the language is not always marked."
                ),
                ("1.3.1", "1.3.2", "2.4.2", "3.1.1"),
                N_(
                    "The documents are drawn by a program that does not yet tag them. The same "
                    "content is available as web pages, and most of it also as Word documents."
                ),
            )
        )
    return tuple(problems)
