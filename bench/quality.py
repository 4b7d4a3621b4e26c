"""Quality benchmark on a labelled CSV: clusters and themes against labels.

Usage:
    python bench/quality.py FILE.csv [--text-column text --label-column label]
                            [--learning-curve] [--seeds 3] [--no-themes]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sklearn.cluster import KMeans  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.metrics import (  # noqa: E402
    adjusted_rand_score,
    f1_score,
    normalized_mutual_info_score,
    v_measure_score,
)

from analysis import AnalysisConfig, Answer, ReviewedExample, analyse, table_from_rows  # noqa: E402
from surveys.transfer.spreadsheet import read_table_file  # noqa: E402


def _cluster_metrics(labels: np.ndarray, clusters: np.ndarray) -> dict[str, float]:
    return {"ARI": adjusted_rand_score(labels, clusters),
            "NMI": normalized_mutual_info_score(labels, clusters),
            "V": v_measure_score(labels, clusters)}


def _theme_metrics(labels: np.ndarray, themes: np.ndarray) -> dict[str, float]:
    # Scored honestly: a predicted code absent from the labels simply counts as wrong.
    return {"accuracy": float((labels == themes).mean()),
            "macro_F1": f1_score(labels, themes, average="macro", zero_division=0)}


def baseline(texts: list[str], k: int, seed: int, analyzer: str) -> np.ndarray:
    """Plain TF-IDF + KMeans with k = number of labels."""
    ngrams = (3, 5) if analyzer == "char_wb" else (1, 1)
    vectorizer = TfidfVectorizer(analyzer=analyzer, ngram_range=ngrams, sublinear_tf=True)
    X = vectorizer.fit_transform(texts)
    return KMeans(n_clusters=k, random_state=seed, n_init=4).fit_predict(X)


def evaluate(texts: list[str], labels: np.ndarray, seed: int, themes: bool) -> None:
    """Print pipeline metrics beside the baselines."""
    start = time.perf_counter()
    result = analyse([Answer(str(i), t) for i, t in enumerate(texts)], AnalysisConfig(seed=seed))
    seconds = time.perf_counter() - start
    clusters = np.array([a.cluster for a in result.answers])
    k = len(set(labels))
    rows = [("pipeline", _cluster_metrics(labels, clusters))]
    for analyzer in ("word", "char_wb"):
        rows.append((f"baseline {analyzer} TF-IDF+KMeans k={k}",
                     _cluster_metrics(labels, baseline(texts, k, seed, analyzer))))
    print(f"answers={len(texts)} labels={k} pipeline k={result.k} ({seconds:.1f} s)")
    print(f"k_reason: {result.k_reason}")
    print(f"{'method':<40} {'ARI':>6} {'NMI':>6} {'V':>6}")
    for name, m in rows:
        print(f"{name:<40} {m['ARI']:>6.3f} {m['NMI']:>6.3f} {m['V']:>6.3f}")
    if themes:
        pred = np.array([a.theme for a in result.answers])
        tm = _theme_metrics(labels, pred)
        base = baseline(texts, k, seed, "char_wb")
        # Baseline themes: each baseline cluster takes its majority label (an upper bound
        # for an unsupervised method, since it peeks at the labels).
        mapped = np.array([_majority(labels[base == c]) for c in base])
        bm = _theme_metrics(labels, mapped)
        print(f"theme accuracy {tm['accuracy']:.3f}  macro-F1 {tm['macro_F1']:.3f}   "
              f"(baseline char clusters→majority label: accuracy {bm['accuracy']:.3f}, "
              f"macro-F1 {bm['macro_F1']:.3f})")


def _majority(values: np.ndarray) -> str:
    uniq, counts = np.unique(values, return_counts=True)
    return str(uniq[counts.argmax()])


def learning_curve(texts: list[str], labels: np.ndarray, sizes: list[int], seeds: int) -> None:
    """Macro-F1 on the answers not reviewed, after reviewing n random answers."""
    print(f"{'reviewed':>8} {'macro_F1':>9} {'accuracy':>9} {'learned used':>13} {'cv_F1':>6}")
    for n in sizes:
        f1s, accs, used, cvs = [], [], 0, []
        for seed in range(seeds):
            rng = np.random.default_rng(seed)
            idx = rng.choice(len(texts), n, replace=False)
            reviewed = tuple(ReviewedExample(texts[i], str(labels[i])) for i in idx)
            result = analyse([Answer(str(i), t) for i, t in enumerate(texts)],
                             AnalysisConfig(seed=seed, reviewed=reviewed))
            rest = np.setdiff1d(np.arange(len(texts)), idx)
            pred = np.array([result.answers[i].theme for i in rest])
            f1s.append(f1_score(labels[rest], pred, average="macro", zero_division=0))
            accs.append(float((labels[rest] == pred).mean()))
            used += result.model_used == "learned"
            cvs.append(result.learned_cv_macro_f1 or float("nan"))
        print(f"{n:>8} {np.mean(f1s):>9.3f} {np.mean(accs):>9.3f} {used:>10}/{seeds} "
              f"{np.nanmean(cvs):>6.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file")
    parser.add_argument("--text-column", default="text")
    parser.add_argument("--label-column", default="label")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-themes", action="store_true",
                        help="labels are topics, not taxonomy codes: report clusters only")
    parser.add_argument("--learning-curve", action="store_true")
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 100, 200])
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args()
    with open(args.file, "rb") as source:
        df = table_from_rows(*read_table_file(source.read(), args.file, 1_000_000))
    texts = df[args.text_column].tolist()
    labels = df[args.label_column].to_numpy().astype(str)
    if args.learning_curve:
        learning_curve(texts, labels, args.sizes, args.seeds)
    else:
        evaluate(texts, labels, args.seed, not args.no_themes)


if __name__ == "__main__":
    main()
