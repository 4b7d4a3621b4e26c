"""Recognise non-answers ("vet ej", "-", "inget") so they do not form clusters."""

from __future__ import annotations

import re

from analysis.resources import read_lines

_NON_WORD = re.compile(r"[\W_]+")


class NonAnswerDetector:
    """Flags empty answers, answers without letters and known content-free phrases."""

    def __init__(self, phrases: tuple[str, ...] | None = None) -> None:
        self.phrases = phrases
        source = phrases if phrases is not None else tuple(read_lines("non_answers.txt"))
        self._phrases = frozenset(self._key(p) for p in source)

    @staticmethod
    def _key(text: str) -> str:
        return _NON_WORD.sub(" ", text.lower()).strip()

    def is_non_answer(self, text: str) -> bool:
        """Return True for an empty or content-free answer.

        Args:
            text: normalised answer text.

        Returns:
            Whether the answer carries no content.
        """
        if len(text) > 60:  # long texts always carry something
            return False
        key = self._key(text)
        if not key or not any(ch.isalpha() for ch in key):
            return True
        return key in self._phrases


def is_non_answer(text: str) -> bool:
    """Return True if ``text`` is empty or a known non-answer (uses the shipped phrase list)."""
    return NonAnswerDetector().is_non_answer(text)
