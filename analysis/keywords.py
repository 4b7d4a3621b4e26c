"""Keyword/stem pattern matching of answers against taxonomy areas.

Patterns are matched per distinct token and cached, so a million answers cost one dict
look-up per token after the vocabulary has been seen once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from analysis.taxonomy import Taxonomy, load_taxonomy
from analysis.text import normalise, tokenize

STRONG = 1.0
WEAK = 0.4


@dataclass(frozen=True)
class _Multi:
    rest: tuple[int, ...]  # pattern ids of the following tokens
    area: int
    weight: float
    key: int  # identifies the keyword so repeats count once


class KeywordMatcher:
    """Scores texts per area: the sum of weights of distinct matching keywords."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self._ids: dict[str, int] = {}
        self._exact: dict[str, list[int]] = {}
        self._prefix: dict[str, list[int]] = {}
        self._suffix: dict[str, list[int]] = {}
        self._infix: dict[str, list[int]] = {}
        self._single: dict[int, list[tuple[int, float, int]]] = {}
        self._multi: dict[int, list[_Multi]] = {}
        self._cache: dict[str, frozenset[int]] = {}
        key = 0
        for area_idx, area in enumerate(taxonomy.areas):
            for words, weight in ((area.keywords, STRONG), (area.weak_keywords, WEAK)):
                for keyword in words:
                    self._add_keyword(keyword, area_idx, weight, key)
                    key += 1
        self._infix_lengths = sorted({len(p) for p in self._infix})

    def _pattern_id(self, pattern: str) -> int:
        if pattern in self._ids:
            return self._ids[pattern]
        pid = len(self._ids)
        self._ids[pattern] = pid
        core = pattern.strip("*")
        if pattern.startswith("*") and pattern.endswith("*") and len(pattern) > 2:
            table = self._infix
        elif pattern.endswith("*"):
            table = self._prefix
        elif pattern.startswith("*"):
            table = self._suffix
        else:
            table = self._exact
        table.setdefault(core, []).append(pid)
        return pid

    def _add_keyword(self, keyword: str, area: int, weight: float, key: int) -> None:
        parts = [p for p in keyword.lower().split() if p.strip("*")]
        if not parts:
            return
        ids = [self._pattern_id(p) for p in parts]
        if len(ids) == 1:
            self._single.setdefault(ids[0], []).append((area, weight, key))
        else:
            self._multi.setdefault(ids[0], []).append(_Multi(tuple(ids[1:]), area, weight, key))

    def _token_patterns(self, token: str) -> frozenset[int]:
        cached = self._cache.get(token)
        if cached is not None:
            return cached
        found: list[int] = list(self._exact.get(token, ()))
        for i in range(1, len(token) + 1):
            found.extend(self._prefix.get(token[:i], ()))
            found.extend(self._suffix.get(token[i - 1 :], ()))
        for length in self._infix_lengths:
            for i in range(len(token) - length + 1):
                found.extend(self._infix.get(token[i : i + length], ()))
        result = frozenset(found)
        if len(self._cache) < 1_000_000:
            self._cache[token] = result
        return result

    def score_tokens(self, tokens: Sequence[str]) -> dict[int, float]:
        """Score a token sequence.

        Each distinct token adds at most its best keyword weight per area (several
        patterns such as "knark*" and "*knark*" matching one word count once); phrases of
        several words add their weight once.

        Args:
            tokens: lower-case tokens of one answer.

        Returns:
            Mapping of area index to score.
        """
        matched = [self._token_patterns(t) for t in tokens]
        per_token: dict[tuple[str, int], float] = {}
        phrases: dict[int, tuple[int, float]] = {}
        for i, pids in enumerate(matched):
            for pid in pids:
                for area, weight, _ in self._single.get(pid, ()):
                    key = (tokens[i], area)
                    per_token[key] = max(per_token.get(key, 0.0), weight)
                for multi in self._multi.get(pid, ()):
                    end = i + 1 + len(multi.rest)
                    if end <= len(matched) and all(p in matched[i + 1 + j] for j, p in enumerate(multi.rest)):
                        phrases[multi.key] = (multi.area, multi.weight)
        scores: dict[int, float] = {}
        for (_, area), weight in per_token.items():
            scores[area] = scores.get(area, 0.0) + weight
        for area, weight in phrases.values():
            scores[area] = scores.get(area, 0.0) + weight
        return scores

    def score(self, texts: Sequence[str]) -> np.ndarray:
        """Keyword scores for many texts.

        Args:
            texts: normalised answer texts.

        Returns:
            Array of shape (len(texts), number of areas).
        """
        out = np.zeros((len(texts), len(self.taxonomy.areas)), dtype=np.float32)
        for row, text in enumerate(texts):
            for area, value in self.score_tokens(tokenize(text)).items():
                out[row, area] = value
        return out


def suggest_area(text: str, taxonomy: Taxonomy | None = None) -> str | None:
    """The problem area whose keywords a short label (e.g. an indicator name) matches best.

    Args:
        text: a short text such as "Anmälda narkotikabrott".
        taxonomy: areas to choose from; the shipped taxonomy by default.

    Returns:
        The area code, or None when no keyword matches.
    """
    taxonomy = taxonomy or load_taxonomy()
    scores = KeywordMatcher(taxonomy).score([normalise(text)])[0]
    if not scores.any():
        return None
    return taxonomy.areas[int(scores.argmax())].code
