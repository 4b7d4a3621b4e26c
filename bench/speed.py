"""Speed and memory benchmark: one subprocess per size, time and peak RSS per step.

Usage: python bench/speed.py [--sizes 10000 100000 1000000] [--baseline-size 100000]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_pipeline(n: int) -> dict[str, object]:
    """Run the full pipeline on ``n`` synthetic answers and time each step."""
    from synthetic import generate

    from analysis import AnalysisConfig, Answer, analyse

    answers = [Answer(str(i), t) for i, (t, _) in enumerate(generate(n, seed=1))]
    marks: list[tuple[str, float, float]] = []
    start = time.perf_counter()
    analyse(
        answers,
        AnalysisConfig(seed=0),
        progress=lambda f, step: marks.append((step, time.perf_counter(), _rss_mb())),
    )
    steps = {}
    for (name, t0, _), (_, t1, rss) in zip(marks, marks[1:], strict=False):
        steps[name] = {"seconds": round(t1 - t0, 2), "peak_rss_mb_after": round(rss)}
    return {
        "n": n,
        "total_seconds": round(time.perf_counter() - start, 2),
        "peak_rss_mb": round(_rss_mb()),
        "steps": steps,
    }


def run_baseline(n: int) -> dict[str, object]:
    """Plain char TF-IDF + SVD(100) + MiniBatchKMeans(k=20) on the same answers."""
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from synthetic import generate

    texts = [t for t, _ in generate(n, seed=1)]
    start = time.perf_counter()
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    X = vectorizer.fit_transform(texts)
    X = TruncatedSVD(100, random_state=0).fit_transform(X)
    MiniBatchKMeans(20, random_state=0, n_init=3, batch_size=4096).fit(X)
    return {
        "n": n,
        "baseline_seconds": round(time.perf_counter() - start, 2),
        "peak_rss_mb": round(_rss_mb()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--baseline-size", type=int, default=100_000)
    parser.add_argument("--child", choices=["pipeline", "baseline"])
    parser.add_argument("--n", type=int)
    args = parser.parse_args()
    if args.child:
        fn = run_pipeline if args.child == "pipeline" else run_baseline
        print(json.dumps(fn(args.n)))
        return
    jobs = [("pipeline", n) for n in args.sizes]
    if args.baseline_size:
        jobs.append(("baseline", args.baseline_size))
    for kind, n in jobs:
        # A fresh process per size so peak memory is that run's alone.
        out = subprocess.run(
            [sys.executable, __file__, "--child", kind, "--n", str(n)],
            capture_output=True,
            text=True,
            check=True,
        )
        print(kind, out.stdout.strip(), flush=True)


if __name__ == "__main__":
    main()
