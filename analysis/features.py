"""Vector representations of answers behind a small, swappable interface."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeAlias

import numpy as np
import scipy.sparse as sp
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import HashingVectorizer, TfidfVectorizer
from sklearn.preprocessing import normalize

from analysis.errors import InputError
from analysis.text import StemAnalyzer, feature_text

# Above this many answers the vocabulary-building path costs too much memory and time.
LARGE_N = 50_000

Matrix: TypeAlias = np.ndarray | sp.csr_matrix  # noqa: UP040 - plain alias for 3.11


class TextRepresentation(Protocol):
    """Anything that turns texts into L2-normalised row vectors (a future embedding
    backend only needs these two methods)."""

    def fit_transform(self, texts: Sequence[str]) -> Matrix:
        """Fit on ``texts`` and return their vectors."""
        ...

    def transform(self, texts: Sequence[str]) -> Matrix:
        """Return vectors for new texts with the fitted state."""
        ...


def _char_weight(word: sp.csr_matrix, char: sp.csr_matrix, char_share: float) -> sp.csr_matrix:
    # Rows of each block are L2-normalised; weighting the blocks keeps the joint row norm 1.
    stacked = sp.hstack([word * np.sqrt(1.0 - char_share), char * np.sqrt(char_share)], format="csr")
    return normalize(stacked)


class TfidfRepresentation:
    """Stemmed-word TF-IDF plus char_wb 3–5-gram TF-IDF (sublinear), optionally SVD-reduced.

    Char n-grams let compounds ("knarkförsäljning") and typos share features with their
    parts; stems let inflections meet.
    """

    def __init__(self, n_components: int | None = 100, char_share: float = 0.6, seed: int = 0) -> None:
        self.n_components = n_components
        self.char_share = char_share
        self.seed = seed

    def fit(self, texts: Sequence[str]) -> TfidfRepresentation:
        """Fit vocabularies (and SVD) on ``texts``; returns self."""
        self.fit_transform(texts)
        return self

    def fit_transform(self, texts: Sequence[str]) -> Matrix:
        """Fit on ``texts`` and return their vectors (dense when SVD is used)."""
        docs = [feature_text(t) for t in texts]
        self.word_ = TfidfVectorizer(analyzer=StemAnalyzer(), sublinear_tf=True, dtype=np.float32)
        self.char_ = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(3, 5),
            sublinear_tf=True,
            lowercase=True,
            min_df=1,
            dtype=np.float32,
        )
        sparse = _char_weight(self.word_.fit_transform(docs), self.char_.fit_transform(docs), self.char_share)
        self.svd_: TruncatedSVD | None = None
        n_comp = min(self.n_components or 0, sparse.shape[0] - 1, sparse.shape[1] - 1)
        if self.n_components and n_comp >= 2:
            self.svd_ = TruncatedSVD(n_components=n_comp, random_state=self.seed)
            return normalize(self.svd_.fit_transform(sparse))
        return sparse

    def transform(self, texts: Sequence[str]) -> Matrix:
        """Vectors for ``texts`` with the fitted vocabularies."""
        docs = [feature_text(t) for t in texts]
        sparse = _char_weight(self.word_.transform(docs), self.char_.transform(docs), self.char_share)
        return normalize(self.svd_.transform(sparse)) if self.svd_ is not None else sparse

    def sparse_transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Unreduced sparse vectors (for classifiers that prefer many features)."""
        docs = [feature_text(t) for t in texts]
        return _char_weight(self.word_.transform(docs), self.char_.transform(docs), self.char_share)


def _idf(counts: sp.csr_matrix) -> np.ndarray:
    """Smoothed IDF per column, as ``TfidfTransformer(smooth_idf=True)`` computes it."""
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    return (np.log((1.0 + counts.shape[0]) / (1.0 + df)) + 1.0).astype(np.float32)


def _weigh_in_place(counts: sp.csr_matrix, idf: np.ndarray, scale: float) -> sp.csr_matrix:
    """Sublinear TF × IDF, rows L2-normalised, times ``scale``, all in the counts' own arrays."""
    data = counts.data
    np.log(data, out=data)
    data += 1.0
    data *= idf[counts.indices]
    normalize(counts, copy=False)
    data *= np.float32(scale)
    return counts


class HashingRepresentation:
    """Stateless hashing of words and char_wb 3–4-grams, a fitted sublinear IDF, and an
    SVD fitted on a sample.

    Used for large inputs: no vocabulary in memory, and the dense reduced vectors keep
    clustering and classification fast (sparse centroids over 2^19 columns are not).
    Weighting happens in the hashed counts' own arrays and the reduction runs in chunks:
    on 100k nearly distinct answers each extra copy of the sparse matrix costs ~150 MB.
    """

    def __init__(
        self,
        n_features: int = 2**18,
        n_components: int = 100,
        svd_sample: int = 20_000,
        char_share: float = 0.6,
        seed: int = 0,
        chunk: int = 20_000,
    ) -> None:
        self.n_features = n_features
        self.n_components = n_components
        self.svd_sample = svd_sample
        self.char_share = char_share
        self.seed = seed
        self.chunk = chunk

    def _hash(self, texts: Sequence[str]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        docs = [feature_text(t) for t in texts]
        word = HashingVectorizer(
            analyzer=StemAnalyzer(),
            n_features=self.n_features,
            alternate_sign=False,
            norm=None,
            dtype=np.float32,
        )
        char = HashingVectorizer(
            analyzer="char_wb",
            ngram_range=(3, 4),
            n_features=self.n_features,
            alternate_sign=False,
            norm=None,
            dtype=np.float32,
        )
        return sp.csr_matrix(word.transform(docs)), sp.csr_matrix(char.transform(docs))

    def fit_transform(self, texts: Sequence[str]) -> np.ndarray:
        """Fit IDF weights and the SVD on ``texts``; return their reduced vectors."""
        word, char = self._hash(texts)
        self.word_idf_ = _idf(word)
        self.char_idf_ = _idf(char)
        sparse = self.sparse_combine(word, char)
        del word, char
        rng = np.random.default_rng(self.seed)
        rows = np.sort(rng.choice(sparse.shape[0], min(self.svd_sample, sparse.shape[0]), replace=False))
        n_comp = max(2, min(self.n_components, len(rows) - 1))
        sample = sparse[rows]
        # Only columns seen in the sample can carry SVD weight; dropping the rest keeps the
        # randomized SVD's dense work matrices small (2^19 columns would cost ~0.5 GB).
        self.columns_ = np.unique(sample.indices)
        self.svd_ = TruncatedSVD(
            n_components=min(n_comp, len(self.columns_) - 1), random_state=self.seed
        ).fit(sample[:, self.columns_])
        del sample
        return self._reduce(sparse)

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        """Reduced vectors for ``texts`` with the fitted IDF and SVD."""
        return self._reduce(self.sparse_transform(texts))

    def sparse_transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Unreduced sparse TF-IDF vectors."""
        return self.sparse_combine(*self._hash(texts))

    def sparse_combine(self, word: sp.csr_matrix, char: sp.csr_matrix) -> sp.csr_matrix:
        """Weight and join the hashed word and char blocks (the blocks' arrays are reused)."""
        stacked = sp.hstack(
            [
                _weigh_in_place(word, self.word_idf_, np.sqrt(1.0 - self.char_share)),
                _weigh_in_place(char, self.char_idf_, np.sqrt(self.char_share)),
            ],
            format="csr",
        )
        # A row with no words (or no char n-grams) has norm < 1 until normalised.
        return normalize(stacked, copy=False)

    def _reduce(self, sparse: sp.csr_matrix) -> np.ndarray:
        out = np.empty((sparse.shape[0], self.svd_.n_components), dtype=np.float32)
        for start in range(0, sparse.shape[0], self.chunk):
            part = sparse[start : start + self.chunk][:, self.columns_]
            out[start : start + self.chunk] = self.svd_.transform(part)
        return normalize(out, copy=False)


REPRESENTATIONS = ("tfidf", "use-m3")


def make_representation(n_texts: int, seed: int = 0, kind: str = "tfidf") -> TextRepresentation:
    """Choose the representation for a corpus size.

    Args:
        n_texts: number of answers to represent.
        seed: random seed for SVD.
        kind: ``"tfidf"`` or ``"use-m3"`` (packaged sentence embeddings).

    Returns:
        A TF-IDF (+SVD) representation for small inputs, hashing for large ones, or the
        sentence-embedding backend when asked for.

    Raises:
        InputError: for an unknown kind, or "use-m3" without its package.
    """
    if kind not in REPRESENTATIONS:
        raise InputError(f"Unknown representation {kind!r}; choose one of {', '.join(REPRESENTATIONS)}.")
    if kind == "use-m3":
        from analysis.embeddings import SentenceEmbeddingRepresentation

        return SentenceEmbeddingRepresentation()
    if n_texts > LARGE_N:
        return HashingRepresentation(seed=seed)
    return TfidfRepresentation(seed=seed)
