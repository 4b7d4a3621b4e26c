"""Which parts of a document's text are in another language than the document (PDF spans, DOCX runs).

The outlines set off the words they quote from the answers or from what staff typed
(`analysis.language.quoted_run`); each run is read by the language detector, as answers are,
and marked where it is not the document's language. A resident's quote is read as a whole.
"""

from __future__ import annotations

from analysis.language import OTHER, UNDETERMINED, detect_language, text_runs


def written_in(text: str, document_language: str) -> str | None:
    """The language of `text` when it is not the document's: a code, "" (unknown), or None."""
    code = detect_language(text, default=document_language)
    if code == document_language:
        return None
    return "" if code in (OTHER, UNDETERMINED) else code


def language_runs(text: str, document_language: str) -> list[tuple[str, str | None]]:
    """`text` as (run, language) pieces; language None where it is the document's own."""
    return [(run, written_in(run, document_language) if quoted else None) for run, quoted in text_runs(text)]
