"""Keyword/stem pattern matching of answers against taxonomy areas.

Patterns are matched per distinct token and cached, so a million answers cost one dict
look-up per token after the vocabulary has been seen once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from analysis.taxonomy import Taxonomy, load_taxonomy
from analysis.text import normalise, tokenize

STRONG = 1.0
WEAK = 0.4
# Clause boundaries: punctuation and coordinating words that usually start a new point.
_CLAUSE = re.compile(
    r"[,.;:!?()\n]+|\s(?:och|men|samt|plus|även|också|dessutom|and|but|ja|mutta)\s", re.IGNORECASE
)
_VOWELS = frozenset("aeiouyåäöéü")


def plausible_head(head: str, stem_length: int) -> bool:
    """Whether ``head`` can be the first part of a compound ending in a stem.

    A head needs at least three letters and a vowel, four for stems of three letters or
    fewer: "person|rån" is a compound, "f|rån" and "sto|rån" (a river name) are not.

    Args:
        head: the letters before the stem.
        stem_length: length of the stem.

    Returns:
        True when the split is on a plausible compound boundary.
    """
    return len(head) >= (4 if stem_length <= 3 else 3) and any(c in _VOWELS for c in head)


@dataclass(frozen=True)
class _Multi:
    rest: tuple[int, ...]  # pattern ids of the following tokens
    area: int
    weight: float
    key: int  # identifies the keyword so repeats count once


@dataclass(frozen=True)
class _Rule:
    near: frozenset[int]
    not_near: frozenset[int]
    window: int


@dataclass(frozen=True)
class _Hit:
    area: int
    weight: float
    key: int
    rule: int  # index into KeywordMatcher._rules, -1 for none


class KeywordMatcher:
    """Scores texts per area: the sum of weights of distinct matching keywords.

    Patterns match on word and compound boundaries (see :class:`ThemeArea`); the parts of
    hyphenated tokens ("ica-parkeringen") are matched too.
    """

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self._ids: dict[str, int] = {}
        self._exact: dict[str, list[int]] = {}
        self._prefix: dict[str, list[int]] = {}
        self._suffix: dict[str, list[int]] = {}
        self._infix: dict[str, list[int]] = {}
        self._single: dict[int, list[_Hit]] = {}
        self._multi: dict[int, list[_Multi]] = {}
        self._exclude: dict[int, set[int]] = {}
        self._rules: list[_Rule] = []
        self._cache: dict[str, frozenset[int]] = {}
        key = 0
        for area_idx, area in enumerate(taxonomy.areas):
            for words, weight in ((area.keywords, STRONG), (area.weak_keywords, WEAK)):
                for keyword in words:
                    self._add_keyword(keyword, area_idx, weight, key)
                    key += 1
            for ctx in area.context_keywords:
                self._rules.append(
                    _Rule(
                        frozenset(self._pattern_id(p) for p in ctx.near),
                        frozenset(self._pattern_id(p) for p in ctx.not_near),
                        ctx.window,
                    )
                )
                self._add_keyword(
                    ctx.pattern, area_idx, STRONG if ctx.strong else WEAK, key, len(self._rules) - 1
                )
                key += 1
            for pattern in area.exclude:
                self._exclude.setdefault(self._pattern_id(pattern), set()).add(area_idx)
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

    def _add_keyword(self, keyword: str, area: int, weight: float, key: int, rule: int = -1) -> None:
        parts = [p for p in keyword.lower().split() if p.strip("*")]
        if not parts:
            return
        ids = [self._pattern_id(p) for p in parts]
        if len(ids) == 1:
            self._single.setdefault(ids[0], []).append(_Hit(area, weight, key, rule))
        else:
            self._multi.setdefault(ids[0], []).append(_Multi(tuple(ids[1:]), area, weight, key))

    def _word_patterns(self, word: str, found: list[int]) -> None:
        found.extend(self._exact.get(word, ()))
        n = len(word)
        for i in range(1, n + 1):
            found.extend(self._prefix.get(word[:i], ()))
            tail = word[i - 1 :]
            hits = self._suffix.get(tail)
            if hits and (i == 1 or plausible_head(word[: i - 1], len(tail))):
                found.extend(hits)
        for length in self._infix_lengths:
            for i in range(n - length + 1):
                hits = self._infix.get(word[i : i + length])
                if hits and (i == 0 or plausible_head(word[:i], length)):
                    found.extend(hits)

    def _token_patterns(self, token: str) -> frozenset[int]:
        cached = self._cache.get(token)
        if cached is not None:
            return cached
        found: list[int] = []
        self._word_patterns(token, found)
        if "-" in token:
            for part in token.split("-"):
                if part:
                    self._word_patterns(part, found)
        result = frozenset(found)
        if len(self._cache) < 1_000_000:
            self._cache[token] = result
        return result

    def _in_context(self, matched: list[frozenset[int]], i: int, rule: _Rule) -> bool:
        lo, hi = max(0, i - rule.window), min(len(matched), i + rule.window + 1)
        window = [matched[j] for j in range(lo, hi) if j != i]
        if rule.not_near and any(pids & rule.not_near for pids in window):
            return False
        return not rule.near or any(pids & rule.near for pids in window)

    def score_tokens(self, tokens: Sequence[str]) -> dict[int, float]:
        """Score a token sequence.

        Each distinct token adds at most its best keyword weight per area (several
        patterns such as "knark*" and "*knark*" matching one word count once); phrases of
        several words add their weight once. Context keywords count only in context, and
        a token matching an area's ``exclude`` pattern adds nothing to that area.

        Args:
            tokens: lower-case tokens of one answer.

        Returns:
            Mapping of area index to score.
        """
        matched = [self._token_patterns(t) for t in tokens]
        per_token: dict[tuple[str, int], float] = {}
        phrases: dict[int, tuple[int, float]] = {}
        for i, pids in enumerate(matched):
            excluded: set[int] = set()
            if self._exclude:
                for pid in pids:
                    excluded.update(self._exclude.get(pid, ()))
            for pid in pids:
                for hit in self._single.get(pid, ()):
                    if hit.area in excluded:
                        continue
                    if hit.rule >= 0 and not self._in_context(matched, i, self._rules[hit.rule]):
                        continue
                    key = (tokens[i], hit.area)
                    per_token[key] = max(per_token.get(key, 0.0), hit.weight)
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

    def clause_tops(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Areas that lead a clause of each text on their own (a second problem named).

        Each text is split into clauses at punctuation and words such as "och", "men";
        an area "leads" a clause when it has the clause's highest keyword score and that
        score includes a strong keyword.

        Args:
            texts: normalised answer texts.

        Returns:
            Two boolean arrays of shape (len(texts), number of areas): areas that are the
            sole leader of some clause, and areas that lead or share the lead of one.
        """
        shape = (len(texts), len(self.taxonomy.areas))
        sole, shared = np.zeros(shape, dtype=bool), np.zeros(shape, dtype=bool)
        for row, text in enumerate(texts):
            clauses = _CLAUSE.split(text)
            if len(clauses) < 2:
                clauses = [text]
            for clause in clauses:
                scores = self.score_tokens(tokenize(clause))
                if not scores:
                    continue
                best = max(scores.values())
                if best < STRONG:
                    continue
                leaders = [a for a, v in scores.items() if v == best]
                shared[row, leaders] = True
                if len(leaders) == 1:
                    sole[row, leaders[0]] = True
        return sole, shared

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
