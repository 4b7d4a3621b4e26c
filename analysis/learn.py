"""Learn problem areas from answers that people have reviewed.

Reviewed answers fine-tune the unsupervised area scores instead of replacing them: a
logistic regression on TF-IDF features *plus* the unsupervised assignment (keyword scores,
the self-trained classifier's scores and its chosen area) learns where the unsupervised
scores go wrong, and its probabilities are added to those scores with a weight chosen by
cross-validation. The result is used only when, on cross-validation over the reviewed
answers, it beats both the unsupervised assignment and a plain logistic regression.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

from analysis.features import TfidfRepresentation
from analysis.keywords import KeywordMatcher
from analysis.taxonomy import Taxonomy, load_taxonomy
from analysis.text import normalise
from analysis.types import AnswerResult, ReviewedExample

MIN_EXAMPLES = 30
MIN_PER_CLASS = 2
PRIOR_WEIGHT = 0.5  # scale of keyword-score features next to the TF-IDF features
UNSUPERVISED_WEIGHT = 0.5  # scale of the unsupervised-assignment features
BLEND_WEIGHTS = (0.5, 1.0, 2.0, 4.0, 8.0)  # learned probability added to the unsupervised scores
# Macro-F1 on a few dozen reviewed answers is noisy and the blend weight is picked on the
# same folds: the learned model must win by this / sqrt(n) before it is used.
MARGIN = 0.3
# Below this many reviewed answers the cross-validated estimate was too optimistic (on
# held-back answers the model chosen at 50 reviewed was worse than the unsupervised one).
# A large win (e.g. reviewers' own areas that keywords cannot produce) counts at any size.
MIN_TO_USE = 100
LARGE_WIN = 0.2

Baseline = Callable[[Sequence[str]], Sequence[str]]
# Unsupervised area scores per text, shape (n, number of taxonomy areas), rows in [0, 1].
Prior = Callable[[Sequence[str]], np.ndarray]


def unsupervised_matrix(scores: np.ndarray, primary: np.ndarray) -> np.ndarray:
    """Unsupervised assignment as bounded features: half the chosen area, half the scores.

    Args:
        scores: combined area scores (keywords + classifier), shape (n, areas).
        primary: chosen area index per row.

    Returns:
        Array of shape (n, areas) with values in [0, 1].
    """
    out = 0.5 * np.minimum(np.asarray(scores, dtype=float), 3.0) / 3.0
    out[np.arange(len(primary)), primary] += 0.5
    return out


class _Model:
    """TF-IDF (words + char n-grams) plus keyword-score and unsupervised features → LR.

    With ``prior`` None it uses keyword scores only; with ``plain`` True only TF-IDF
    (the plain logistic-regression baseline).
    """

    def __init__(
        self, taxonomy: Taxonomy, seed: int, prior: Prior | None = None, plain: bool = False
    ) -> None:
        self.taxonomy = taxonomy
        self.seed = seed
        self.prior = prior
        self.plain = plain

    def _features(self, texts: Sequence[str], fit: bool, unsup: np.ndarray | None = None) -> sp.csr_matrix:
        if fit:
            self.rep_ = TfidfRepresentation(n_components=None, seed=self.seed)
            tfidf = self.rep_.fit_transform(texts)
        else:
            tfidf = self.rep_.transform(texts)
        if self.plain:
            return sp.csr_matrix(tfidf)
        blocks = [tfidf]
        kw = KeywordMatcher(self.taxonomy).score(texts)
        blocks.append(sp.csr_matrix(np.minimum(kw, 3.0) * PRIOR_WEIGHT))
        if self.prior is not None:
            u = self.prior(texts) if unsup is None else unsup
            blocks.append(sp.csr_matrix(u * UNSUPERVISED_WEIGHT))
        return sp.hstack(blocks, format="csr")

    def fit(
        self, texts: Sequence[str], labels: Sequence[str] | np.ndarray, unsup: np.ndarray | None = None
    ) -> _Model:
        self.clf_ = LogisticRegression(C=10.0, class_weight="balanced", max_iter=1000)
        self.clf_.fit(self._features(texts, fit=True, unsup=unsup), list(labels))
        return self

    def predict_proba(
        self, texts: Sequence[str], unsup: np.ndarray | None = None
    ) -> tuple[np.ndarray, tuple[str, ...]]:
        return (
            self.clf_.predict_proba(self._features(texts, fit=False, unsup=unsup)),
            tuple(self.clf_.classes_),
        )


@dataclass(frozen=True)
class TrainedThemeModel:
    """A classifier trained on reviewed answers, with its cross-validated quality.

    ``cv_macro_f1`` is the cross-validated macro-F1 of the fine-tuned scores (unsupervised
    scores + ``blend_weight`` × learned probability; the learned probability alone when
    no unsupervised scores were given). ``beats_unsupervised`` is True only when it is
    higher than the unsupervised assignment's macro-F1 (``unsupervised_macro_f1``) by
    ``MARGIN / sqrt(n_examples)`` with at least ``MIN_TO_USE`` examples (or by
    ``LARGE_WIN`` with fewer),
    and at least that of a plain TF-IDF logistic regression's cross-validated macro-F1
    (``plain_cv_macro_f1``) on the same reviewed answers.
    """

    model: _Model
    cv_macro_f1: float
    cv_accuracy: float
    unsupervised_macro_f1: float
    beats_unsupervised: bool
    n_examples: int
    plain_cv_macro_f1: float = 0.0
    blend_weight: float | None = None  # None: the learned probability replaces the scores

    def predict(self, texts: Sequence[str]) -> tuple[str, ...]:
        """Predict an area code per text (learned probability, plus prior when blended)."""
        if self.blend_weight is not None and self.model.prior is not None:
            cleaned = [normalise(t) for t in texts]
            u = self.model.prior(cleaned)
            codes = self.model.taxonomy.codes
            scores = self.blend(u, *self.model.predict_proba(cleaned, unsup=u))
            return tuple(codes[i] for i in scores.argmax(axis=1))
        proba, classes = self.predict_proba(texts)
        return tuple(classes[i] for i in proba.argmax(axis=1))

    def predict_proba(self, texts: Sequence[str]) -> tuple[np.ndarray, tuple[str, ...]]:
        """Learned class probabilities per text and the class codes of the columns."""
        return self.model.predict_proba([normalise(t) for t in texts])

    def blend(self, unsup: np.ndarray, proba: np.ndarray, classes: Sequence[str]) -> np.ndarray:
        """Fine-tuned scores over the taxonomy's areas.

        Args:
            unsup: unsupervised scores from ``unsupervised_matrix``, shape (n, areas).
            proba: learned probabilities, columns in ``classes`` order.
            classes: area codes of ``proba``'s columns.

        Returns:
            Array of shape (n, areas); its argmax is the fine-tuned area.
        """
        return _blend(unsup, proba, classes, self.model.taxonomy.codes, self.blend_weight)


def _aligned(proba: np.ndarray, classes: Sequence[str], codes: Sequence[str]) -> np.ndarray:
    out = np.zeros((proba.shape[0], len(codes)))
    index = {c: i for i, c in enumerate(codes)}
    for j, code in enumerate(classes):
        if code in index:
            out[:, index[code]] = proba[:, j]
    return out


def _blend(
    unsup: np.ndarray, proba: np.ndarray, classes: Sequence[str], codes: Sequence[str], weight: float | None
) -> np.ndarray:
    aligned = _aligned(proba, classes, codes)
    return aligned if weight is None else unsup + weight * aligned


def _keyword_baseline(taxonomy: Taxonomy) -> Baseline:
    matcher = KeywordMatcher(taxonomy)

    def predict(texts: Sequence[str]) -> list[str]:
        scores = matcher.score(texts)
        codes = np.array(taxonomy.codes)
        out = codes[scores.argmax(axis=1)]
        out[scores.max(axis=1) == 0] = taxonomy.fallback
        return list(out)

    return predict


def _macro(labels: np.ndarray, pred: np.ndarray) -> float:
    return float(f1_score(labels, pred, average="macro", zero_division=0))


def train_theme_model(
    examples: Sequence[ReviewedExample],
    seed: int = 0,
    taxonomy: Taxonomy | None = None,
    baseline: Baseline | None = None,
    prior: Prior | None = None,
) -> TrainedThemeModel | None:
    """Train and cross-validate a theme classifier on reviewed answers.

    Args:
        examples: reviewed answers (text → area code).
        seed: random seed for the folds.
        taxonomy: taxonomy for keyword features (default: shipped taxonomy).
        baseline: unsupervised predictor to beat (default: keyword matching); ignored
            when ``prior`` is given (its argmax is the unsupervised prediction).
        prior: unsupervised scores per text (see ``unsupervised_matrix``); when given, the
            model fine-tunes them and the blend weight is chosen by cross-validation.

    Returns:
        The trained model, or None when there are too few examples (fewer than 30,
        or fewer than two areas with at least two examples each).
    """
    taxonomy = taxonomy or load_taxonomy()
    counts = Counter(e.area for e in examples)
    kept = [e for e in examples if counts[e.area] >= MIN_PER_CLASS and e.text.strip()]
    if len(kept) < MIN_EXAMPLES or len({e.area for e in kept}) < 2:
        return None
    texts = [normalise(e.text) for e in kept]
    labels = np.array([e.area for e in kept])
    codes = np.array(taxonomy.codes)
    unsup = prior(texts) if prior is not None else None
    if unsup is not None:
        unsup_pred = codes[unsup.argmax(axis=1)]
    else:
        unsup_pred = np.array(list((baseline or _keyword_baseline(taxonomy))(texts)))
    plain_pred = _cv_proba(texts, labels, taxonomy, seed, None, plain=True)
    plain_f1 = _macro(labels, np.array(plain_pred[1])[plain_pred[0].argmax(axis=1)])
    proba, classes = _cv_proba(texts, labels, taxonomy, seed, prior, unsup=unsup)
    weight: float | None = None
    cv_pred = np.array(classes)[proba.argmax(axis=1)]
    cv_f1 = _macro(labels, cv_pred)
    if unsup is not None:
        # Pick the blend weight on the cross-validated predictions; the learned probability
        # alone (weight None) is kept only when no blend does as well.
        for w in BLEND_WEIGHTS:
            pred = codes[_blend(unsup, proba, classes, taxonomy.codes, w).argmax(axis=1)]
            f1 = _macro(labels, pred)
            if f1 >= cv_f1 - 1e-9 and (weight is None or f1 > cv_f1 + 1e-9):
                weight, cv_f1, cv_pred = w, f1, pred
    unsup_f1 = _macro(labels, unsup_pred)
    model = _Model(taxonomy, seed, prior).fit(texts, labels, unsup=unsup)
    return TrainedThemeModel(
        model=model,
        cv_macro_f1=cv_f1,
        cv_accuracy=float((cv_pred == labels).mean()),
        unsupervised_macro_f1=unsup_f1,
        beats_unsupervised=_beats(cv_f1, unsup_f1, plain_f1, len(kept)),
        n_examples=len(kept),
        plain_cv_macro_f1=plain_f1,
        blend_weight=weight,
    )


def _beats(cv_f1: float, unsup_f1: float, plain_f1: float, n: int) -> bool:
    if cv_f1 < plain_f1:
        return False
    if cv_f1 > unsup_f1 + LARGE_WIN:
        return True
    return n >= MIN_TO_USE and cv_f1 > unsup_f1 + MARGIN / np.sqrt(n)


def _cv_proba(
    texts: list[str],
    labels: np.ndarray,
    taxonomy: Taxonomy,
    seed: int,
    prior: Prior | None,
    plain: bool = False,
    unsup: np.ndarray | None = None,
) -> tuple[np.ndarray, tuple[str, ...]]:
    """Out-of-fold probabilities over all reviewed classes."""
    classes = tuple(sorted(set(labels.tolist())))
    n_splits = int(min(5, Counter(labels).most_common()[-1][1]))
    folds = StratifiedKFold(n_splits=max(n_splits, 2), shuffle=True, random_state=seed)
    out = np.zeros((len(texts), len(classes)))
    for train, test in folds.split(texts, labels):
        model = _Model(taxonomy, seed, prior, plain=plain).fit(
            [texts[i] for i in train], labels[train], unsup=None if unsup is None else unsup[train]
        )
        proba, fold_classes = model.predict_proba(
            [texts[i] for i in test], unsup=None if unsup is None else unsup[test]
        )
        out[np.ix_(test, [classes.index(c) for c in fold_classes])] = proba
    return out, classes


def uncertainty_order(answers: Sequence[AnswerResult]) -> list[str]:
    """Answer ids to ask a reviewer about, most uncertain first (uncertainty sampling).

    Non-answers are left out; ties keep input order. Reviewing in this order teaches
    the fine-tuned model most per answer reviewed.

    Args:
        answers: ``AnalysisResult.answers``.

    Returns:
        Answer ids ordered by ascending ``confidence``.
    """
    content = [a for a in answers if not a.non_answer]
    order = sorted(range(len(content)), key=lambda i: (content[i].confidence, i))
    return [content[i].answer_id for i in order]
