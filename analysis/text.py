"""Text normalisation, tokenising and stemming."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

import stopwordsiso

# Feature extraction only looks at the start of very long answers: a 50 MB paste must not
# dominate run time or memory, and the first few thousand characters carry the topic.
FEATURE_CHARS = 5000

# Bounded quantifiers keep these linear on hostile input (no nested repetition).
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']{1,2000}", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]{0,500}>")
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\ufeff]")
# Letters only (no digits or underscore); hyphenated words like "a-traktor" stay whole.
_TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def normalise(text: str) -> str:
    """Normalise an answer for analysis: NFKC, HTML tags/entities, URLs, whitespace.

    Args:
        text: raw answer text.

    Returns:
        Cleaned text with single spaces and no leading/trailing whitespace.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    if "://" in text or "www." in text.lower():
        text = _URL.sub(" ", text)
    text = _CONTROL.sub("", text)
    return _SPACE.sub(" ", text).strip()


def feature_text(text: str) -> str:
    """Return the part of ``text`` used for feature extraction (first FEATURE_CHARS chars)."""
    return text[:FEATURE_CHARS]


def tokenize(text: str) -> list[str]:
    """Split text into lower-case word tokens (letters and inner hyphens).

    Args:
        text: normalised text.

    Returns:
        Tokens in order.
    """
    return _TOKEN.findall(feature_text(text).lower())


def stop_words(languages: Iterable[str] = ("sv", "en", "fi")) -> frozenset[str]:
    """Stop words for the given languages from ``stopwordsiso``.

    Args:
        languages: ISO 639-1 codes.

    Returns:
        The union of the stop-word lists.
    """
    words: set[str] = set()
    for lang in languages:
        words |= set(stopwordsiso.stopwords(lang))
    return frozenset(words)


class Stemmer:
    """Swedish Snowball stemmer with a per-instance cache (vocabularies are small)."""

    def __init__(self, language: str = "swedish") -> None:
        from nltk.stem.snowball import SnowballStemmer  # nltk takes a second to load: on first use

        self.language = language
        self._stemmer = SnowballStemmer(language)
        self._cache: dict[str, str] = {}

    def stem(self, token: str) -> str:
        """Return the stem of a lower-case token."""
        stem = self._cache.get(token)
        if stem is None:
            stem = self._stemmer.stem(token)
            if len(self._cache) < 500_000:  # bound memory on adversarial vocabularies
                self._cache[token] = stem
        return stem


class StemAnalyzer:
    """Callable analyzer for scikit-learn vectorizers: tokens → stems without stop words."""

    def __init__(self, language: str = "swedish") -> None:
        self.language = language
        self._stemmer = Stemmer(language)
        self._stop = stop_words()

    def __call__(self, text: str) -> list[str]:
        """Return stems of the non-stop-word tokens of ``text``."""
        stem = self._stemmer.stem
        stop = self._stop
        return [stem(t) for t in tokenize(text) if len(t) > 1 and t not in stop]
