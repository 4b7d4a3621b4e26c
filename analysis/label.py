"""Describe clusters: class-based TF-IDF labels and representative answers."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from analysis.features import Matrix
from analysis.text import Stemmer, stop_words, tokenize

# Tag words from redaction and filler that never make a useful label.
_EXTRA_STOP = frozenset(
    {
        "namn",
        "telefon",
        "personnummer",
        "post",
        "mer",
        "fler",
        "bra",
        "finns",
        "behövs",
        "känns",
        "gör",
        "få",
        "går",
        "ta",
        "stan",
    }
)


class ClassTfidf:
    """Class-based TF-IDF (as in BERTopic's c-TF-IDF) over stems, shown as surface words.

    Each cluster is one "document"; a stem's weight is its in-cluster frequency times
    log(1 + average cluster length / its total frequency), so words frequent in one
    cluster but rare elsewhere score highest.
    """

    def __init__(self, n_terms: int = 5) -> None:
        self.n_terms = n_terms

    def fit(self, texts: Sequence[str], labels: Sequence[int]) -> ClassTfidf:
        """Compute top terms per cluster.

        Args:
            texts: answer texts (a sample per cluster is enough).
            labels: cluster id per text.

        Returns:
            self, with ``top_terms_`` mapping cluster id to readable words.
        """
        stemmer, stop = Stemmer(), stop_words() | _EXTRA_STOP
        surface: dict[str, Counter[str]] = {}
        classes = sorted(set(labels))
        row_of = {c: i for i, c in enumerate(classes)}
        vocab: dict[str, int] = {}
        rows, cols = [], []
        for text, label in zip(texts, labels, strict=True):
            for token in sorted(set(tokenize(text))):  # sorted: ties break the same in every process
                if len(token) < 3 or token in stop:
                    continue
                stem = stemmer.stem(token)
                surface.setdefault(stem, Counter())[token] += 1
                rows.append(row_of[label])
                cols.append(vocab.setdefault(stem, len(vocab)))
        self.top_terms_: dict[int, tuple[str, ...]] = {c: () for c in classes}
        if not vocab:
            return self
        tf = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(classes), len(vocab))).toarray()
        weights = self._weights(tf)
        stems = np.array(list(vocab))
        for c, i in row_of.items():
            order = np.argsort(-weights[i], kind="stable")[: self.n_terms]
            self.top_terms_[c] = tuple(
                surface[s].most_common(1)[0][0] for s in stems[order] if weights[i][vocab[s]] > 0
            )
        return self

    @staticmethod
    def _weights(tf: np.ndarray) -> np.ndarray:
        norm = tf / np.maximum(tf.sum(axis=1, keepdims=True), 1)
        avg = tf.sum() / tf.shape[0]
        idf = np.log(1 + avg / np.maximum(tf.sum(axis=0), 1))
        # Require a term to appear at least twice in a cluster (when the cluster allows it)
        # so one-off words do not become labels.
        return norm * idf * np.where(tf >= 2, 1.0, 0.3)


def representatives(X: Matrix, rows: np.ndarray, texts: Sequence[str], n: int = 3) -> tuple[str, ...]:
    """The ``n`` distinct texts nearest to the cluster centroid.

    Args:
        X: vectors of all answers.
        rows: row indices of the cluster's answers.
        texts: texts of all answers (already redacted).
        n: how many to return.

    Returns:
        Up to ``n`` distinct texts, most central first.
    """
    sub = X[rows]
    centroid = np.asarray(sub.mean(axis=0)).ravel()
    sims = np.asarray(sub @ centroid).ravel()
    picked: list[str] = []
    for i in np.argsort(-sims, kind="stable"):
        text = texts[rows[i]]
        if text not in picked:
            picked.append(text)
        if len(picked) == n:
            break
    return tuple(picked)


def cohesion(X: Matrix, rows: np.ndarray) -> float:
    """Mean cosine similarity of the rows to their centroid (1 = identical answers)."""
    sub = X[rows]
    centroid = np.asarray(sub.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid)
    if norm == 0:
        return 0.0
    return float(np.asarray(sub @ (centroid / norm)).mean())


# --- readable cluster labels ---------------------------------------------------------------

LABEL_MAX_CHARS = 60
_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*|\d+", re.UNICODE)
_CLAUSE_SPLIT = re.compile(r"[.;:!?()\[\]\n\"]+|,\s|\s[-–]\s")
_EDGE_STOP = frozenset(
    {
        "och",
        "men",
        "eller",
        "samt",
        "att",
        "som",
        "så",
        "om",
        "för",
        "i",
        "på",
        "av",
        "till",
        "med",
        "från",
        "vid",
        "det",
        "den",
        "de",
        "en",
        "ett",
        "är",
        "var",
        "har",
        "jag",
        "vi",
        "man",
        "nu",
        "också",
        "även",
        "and",
        "or",
        "the",
        "a",
        "of",
        "to",
        "in",
        "is",
        "ja",
        "tai",
        "on",
        "borde",
        "bör",
        "kan",
        "ska",
        "skall",
        "måste",
        "verkar",
        "vill",
        "hela",
        "när",
        "där",
        "här",
        "mycket",
        "mer",
        "fler",
        "lite",
        "inte",
        "aldrig",
        "alltid",
        "bara",
        "o",
        "typ",
        "ju",
        "väl",
        "helt",
        "mot",
        "åt",
        "under",
        "efter",
        "utan",
        "sina",
        "sin",
        "sitt",
        "min",
        "mitt",
        "vår",
        "vårt",
        "våra",
        "ingen",
        "inga",
        "något",
        "några",
        "alla",
        "se",
        "göra",
        "få",
        "ha",
        "blir",
        "bli",
        "finns",
    }
)
_NEGATION = frozenset(
    {
        "inte",
        "int",
        "ej",
        "aldrig",
        "inga",
        "ingen",
        "inget",
        "not",
        "never",
        "no",
        "ei",
        "utan",
        "knappt",
        "sällan",
    }
)
# Words that may end a phrase although they are function words ("Polisen syns aldrig",
# "Drogpåverkade personer uppehåller sig").
_END_OK = frozenset({"aldrig", "inte", "här", "mer", "helt", "sig"})
# Words a phrase is never cut off from: a negation, or the reflexive a verb needs.
_NO_CUT_BEFORE = _NEGATION | {"sig"}
_TAG_WORDS = frozenset({"namn", "telefon", "personnummer", "e-post"})
# Words that join clauses: a label never starts with one ("Och mäns våld mot kvinnor").
_CONJUNCTIONS = frozenset(
    {"och", "men", "eller", "samt", "så", "att", "som", "också", "även", "and", "but", "or", "also"}
    | {"ja", "mutta", "tai", "sekä"}
)
# Prepositions and quantifiers the stop lists lack: a phrase ending on one is cut off
# ("Stökiga gäng av ungdomar bakom", "Cyklar som blir förstörda längs").
_BAD_END = frozenset(
    {"längs", "runt", "kring", "nära", "framför", "bredvid", "inom", "hos", "utmed", "vissa", "efter"}
    | {"innan", "medan", "eftersom", "near", "around", "along", "behind", "by", "at", "on", "with", "for"}
)
# A phrase never starts on the object of a preposition left outside it ("på | cykelvägen
# och folk går i gatan").
_PREPOSITIONS = frozenset(
    {"på", "i", "vid", "av", "till", "från", "med", "om", "för", "mot", "under", "över", "bakom", "längs"}
    | {"runt", "utanför", "mellan", "hos", "bland", "genom", "kring", "nära", "inom", "utmed", "efter"}
    | {"in", "on", "at", "of", "to", "from", "with", "by", "near", "around", "behind", "along"}
)
# Nor on the complement of an English copula ("are | broken and winter evenings ..."); a
# Swedish one often leads to the concern itself ("problemet är | narkotika på högstadiet").
_NO_START_AFTER = _PREPOSITIONS | {"are", "is", "was", "were", "be"}
# Function words that may open a phrase at the start of a clause ("Det säljs knark",
# "Man ser aldrig polisen").
_CLAUSE_OPENERS = frozenset({"det", "man"})
# Answers of a cluster a phrase should recur in to be the cluster's own words.
MIN_SHARED = 2
# A label names at least one of its cluster's most distinctive stems.
TOP_STEMS = 3
_UNKNOWN_LANGUAGES = frozenset({"", "und", "other"})


@dataclass(frozen=True)
class _Candidate:
    text: str
    score: float


@dataclass(frozen=True)
class _Span:
    words: tuple[str, ...]
    whole: bool  # a whole clause, or the start of one
    rank: int  # position of its answer among the cluster's central answers


def _tidy(phrase: str) -> str:
    phrase = phrase.strip(" ,.;:!?-–\"'")
    phrase = re.sub(r"\s+", " ", phrase)
    if len(phrase) > LABEL_MAX_CHARS:
        cut = phrase[: LABEL_MAX_CHARS + 1].rsplit(" ", 1)[0]
        words = cut.split(" ")
        while len(words) > 1 and words[-1].lower() in _EDGE_STOP:
            words.pop()
        phrase = " ".join(words).rstrip(" ,.;:!?-–")
    return phrase[:1].upper() + phrase[1:] if phrase else phrase


def _proper_names(texts: Sequence[str]) -> frozenset[str]:
    """Words written with a capital inside a clause more often than without: names of people and places.

    Acronyms ("EPA", "SMS") are not names. A label is about what many answers say, so it
    never repeats a name one answer gave, just as quotes never point at a person or place.
    """
    capital: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for text in texts:
        for clause in _CLAUSE_SPLIT.split(text):
            for word in _WORD.findall(clause)[1:]:
                if word[:1].isupper() and not (len(word) > 1 and word.isupper()):
                    capital[word.lower()] += 1
                elif word[:1].islower():
                    lower[word] += 1
    return frozenset(w for w, n in capital.items() if n > lower[w])


def majority_language(languages: Sequence[str], weights: Sequence[float] | None = None) -> str:
    """The most common known language of a cluster's answers ("" when none is known); ties on the code.

    Args:
        languages: language per text.
        weights: answers per text (distinct texts stand for several answers); 1 each by default.
    """
    counts: dict[str, float] = {}
    for i, x in enumerate(languages):
        if x not in _UNKNOWN_LANGUAGES:
            counts[x] = counts.get(x, 0.0) + (1.0 if weights is None else float(weights[i]))
    if not counts:
        return ""
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]


class PhraseLabeler:
    """Short readable phrases for clusters, taken from the answers themselves.

    Candidates are clauses of the cluster's most central answers (without a leading
    conjunction) and word n-grams (2–7 words) inside them; no candidate starts or ends on
    a function word (the stop lists of ``analysis.text`` and a few prepositions; a
    negation may end it: "Polisen syns aldrig"), cuts a negation off, or holds a number,
    a redaction tag or a name (see ``_proper_names``). Each candidate scores the
    class-based TF-IDF weight (as in BERTopic's c-TF-IDF) of its distinct stems — so a
    compound and its inflections count as one — times how many of the cluster's answers
    share those stems, times how many answers the phrase itself recurs in, with a bonus
    for whole clauses and a penalty for length. Only candidates naming one of the
    cluster's ``TOP_STEMS`` most distinctive stems can win; when none does, the label is
    empty and the caller names the cluster otherwise (``describe_clusters``: the area's
    name and the top word). The best candidate is tidied (capital first letter, no
    trailing punctuation, at most ``LABEL_MAX_CHARS`` characters). With the answers'
    languages given, a cluster's phrase comes from answers in its most common language
    (``label_languages_``). The result is deterministic: ties break on the text.

    Args (constructor):
        max_sources: central answers per cluster to take candidates from.
    """

    def __init__(self, max_sources: int = 60) -> None:
        self.max_sources = max_sources
        self._stemmer = Stemmer()
        self._stop = stop_words() | _EXTRA_STOP
        self._edge = self._stop | _EDGE_STOP | _CONJUNCTIONS
        self._names: frozenset[str] = frozenset()

    def _stems(self, words: Sequence[str]) -> list[str]:
        return [
            self._stemmer.stem(w) for w in words if len(w) >= 3 and w not in self._stop and not w.isdigit()
        ]

    def _key(self, words: Sequence[str]) -> tuple[str, ...]:
        """Content stems and negations in order: what makes two phrases say the same thing."""
        return tuple(
            "¬" if w in _NEGATION else self._stemmer.stem(w)
            for w in words
            if w in _NEGATION or (len(w) >= 3 and w not in self._stop and not w.isdigit())
        )

    def fit(
        self,
        texts: Sequence[str],
        labels: Sequence[int],
        order: Mapping[int, Sequence[int]] | None = None,
        languages: Sequence[str] | None = None,
        counts: Sequence[float] | None = None,
    ) -> PhraseLabeler:
        """Choose a phrase per cluster.

        Args:
            texts: answer texts (redacted).
            labels: cluster id per text.
            order: optional row indices per cluster, most central first; by default the
                texts in input order.
            languages: optional language code per text; phrases then come from the answers
                in each cluster's most common language.
            counts: optional answers per text (a distinct text may stand for several), for
                the most common language and for how many answers share a phrase.

        Returns:
            self, with ``labels_`` mapping cluster id to phrase (empty when none found),
            ``label_languages_`` mapping it to the phrase's language ("" when unknown) and
            ``weights_`` mapping it to {stem: c-TF-IDF weight}.
        """
        classes = sorted(set(labels))
        members: dict[int, list[int]] = {c: [] for c in classes}
        for i, c in enumerate(labels):
            members[c].append(i)
        doc_stems = [set(self._stems(_WORD.findall(t.lower()))) for t in texts]
        vocab: dict[str, int] = {}
        for stems in doc_stems:
            for s in stems:
                vocab.setdefault(s, len(vocab))
        tf = np.zeros((len(classes), max(len(vocab), 1)))
        row_of = {c: k for k, c in enumerate(classes)}
        for i, stems in enumerate(doc_stems):
            for s in stems:
                tf[row_of[labels[i]], vocab[s]] += 1
        weights = ClassTfidf._weights(tf) if vocab else tf
        self.weights_: dict[int, dict[str, float]] = {}
        self.labels_: dict[int, str] = {}
        self.label_languages_: dict[int, str] = {}
        self.candidates_: dict[int, list[_Candidate]] = {}
        chosen: dict[int, list[int]] = {}
        for c in classes:
            rows = list(order[c]) if order is not None and c in order else members[c]
            language = (
                majority_language([languages[i] for i in rows], [counts[i] for i in rows] if counts else None)
                if languages is not None
                else ""
            )
            if language and languages is not None:
                rows = [i for i in rows if languages[i] == language]
            self.label_languages_[c] = language
            chosen[c] = rows[: self.max_sources]
        # Names as the answers candidates come from write them.
        self._names = _proper_names([texts[i] for c in classes for i in chosen[c]])
        for c in classes:
            sources = chosen[c]
            w = {s: float(weights[row_of[c], j]) for s, j in vocab.items() if tf[row_of[c], j] > 0}
            self.weights_[c] = w
            support = {s: tf[row_of[c], vocab[s]] / max(len(members[c]), 1) for s in w}
            # The most distinctive stems the chosen answers use (a Swedish phrase cannot name
            # an English word).
            said = set().union(*(doc_stems[i] for i in sources))
            ranked = sorted(((s, v) for s, v in w.items() if s in said), key=lambda kv: (-kv[1], kv[0]))
            top = {s for s, _ in ranked[:TOP_STEMS]}
            cands = self._candidates(
                [texts[i] for i in sources],
                [float(counts[i]) if counts else 1.0 for i in sources],
                w,
                support,
                top,
            )
            self.candidates_[c] = cands
        self._assign(classes, members)
        return self

    def _candidates(
        self,
        sources: Sequence[str],
        answers_per_source: Sequence[float],
        w: Mapping[str, float],
        support: Mapping[str, float],
        top: set[str],
    ) -> list[_Candidate]:
        spans: dict[str, _Span] = {}
        # Which answers say the same thing (the same content stems and negations in order).
        shared: dict[tuple[str, ...], set[int]] = {}
        for rank, text in enumerate(sources):
            for clause in _CLAUSE_SPLIT.split(text):
                for words in self._sentences(_WORD.findall(clause)):
                    self._add_spans(words, spans, rank, shared)
        total = sum(answers_per_source)
        wanted = min(MIN_SHARED, total)
        out = []
        for phrase, span in spans.items():
            lowered = [x.lower() for x in span.words]
            stems = self._stems(lowered)
            distinct = list(dict.fromkeys(stems))
            if not distinct or not top.intersection(distinct):
                continue
            relevance = sum(w.get(s, 0.0) * (0.3 + support.get(s, 0.0)) for s in distinct)
            if len(distinct) == 1:
                relevance *= 0.6  # a single word is a keyword, not a phrase
            answers = sum(answers_per_source[r] for r in shared[self._key(lowered)])
            if answers < wanted:
                continue  # what one answer says is not the cluster's concern
            # The share of the cluster's answers that say it: the most representative phrase.
            recurs = 0.25 + answers / max(total, 1.0)
            # Naming several of the cluster's distinctive words beats naming one: "Narkotika
            # på högstadiet" rather than "Det har ökat senaste året".
            bonus = (1.2 if span.whole else 1.0) * recurs * (1.0 + len(top.intersection(distinct)))
            centrality = 1.0 / (1.0 + 0.02 * span.rank)
            repeats = len(distinct) < len(stems)
            n = len(span.words)
            length_penalty = (1.0 + 0.08 * max(n - 5, 0) + 0.2 * (n < 3)) * (1.3 if repeats else 1.0)
            out.append(_Candidate(phrase, relevance * bonus * centrality / length_penalty))
        out.sort(key=lambda c: (-round(c.score, 9), len(c.text), c.text))
        return out

    def _sentences(self, words: Sequence[str]) -> list[list[str]]:
        """Words cut where a capitalised function word starts a sentence without a full stop before it."""
        out: list[list[str]] = []
        for i, word in enumerate(words):
            if not out or (i > 0 and word[:1].isupper() and word.lower() in self._edge):
                out.append([])
            out[-1].append(word)
        return out

    def _screened(self, word: str) -> bool:
        """Whether a word may not appear in a label: a number, a redaction tag or a name."""
        lowered = word.lower()
        return any(ch.isdigit() for ch in word) or lowered in _TAG_WORDS or lowered in self._names

    def _bad_start(self, word: str) -> bool:
        return word.lower() in self._edge

    def _bad_end(self, word: str) -> bool:
        lowered = word.lower()
        return (lowered in self._edge or lowered in _BAD_END) and lowered not in _END_OK

    def _add_spans(
        self,
        words: Sequence[str],
        spans: dict[str, _Span],
        rank: int,
        shared: dict[tuple[str, ...], set[int]],
    ) -> None:
        n = len(words)
        screened = [self._screened(x) for x in words]
        # The whole clause without a leading conjunction or a dangling end.
        start, end = 0, n
        while start < end and words[start].lower() in _CONJUNCTIONS:
            start += 1
        while end > start and self._bad_end(words[end - 1]):
            end -= 1
        phrase = " ".join(words[start:end])
        if 2 <= end - start <= 9 and len(phrase) <= LABEL_MAX_CHARS and not any(screened[start:end]):
            self._add(spans, shared, _Span(tuple(words[start:end]), True, rank))
        for size in range(2, min(7, n) + 1):
            for start in range(0, n - size + 1):
                part = words[start : start + size]
                # Never cut a negation off its phrase ("Polisen syns | aldrig").
                before = words[start - 1].lower() if start > 0 else ""
                if (start + size < n and words[start + size].lower() in _NO_CUT_BEFORE) or (
                    before in _NEGATION or before in _NO_START_AFTER
                ):
                    continue
                opener = start == 0 and part[0].lower() in _CLAUSE_OPENERS
                if (
                    (self._bad_start(part[0]) and not opener)
                    or self._bad_end(part[-1])
                    or any(screened[start : start + size])
                ):
                    continue
                if len(set(self._stems([x.lower() for x in part]))) < 2:
                    continue
                if len(" ".join(part)) <= LABEL_MAX_CHARS:
                    self._add(spans, shared, _Span(tuple(part), start == 0, rank))

    def _add(self, spans: dict[str, _Span], shared: dict[tuple[str, ...], set[int]], span: _Span) -> None:
        spans.setdefault(_tidy(" ".join(span.words)), span)
        shared.setdefault(self._key([x.lower() for x in span.words]), set()).add(span.rank)

    def _assign(self, classes: Sequence[int], members: Mapping[int, Sequence[int]]) -> None:
        # Larger clusters choose first; a smaller one takes its best phrase not yet used.
        used: set[str] = set()
        for c in sorted(classes, key=lambda c: (-len(members[c]), c)):
            label = next((cand.text for cand in self.candidates_[c] if cand.text.lower() not in used), "")
            if label:
                used.add(label.lower())
            self.labels_[c] = label
