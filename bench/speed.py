"""Speed and memory benchmark: one subprocess per size, time and peak RSS per step.

Usage: python bench/speed.py [--sizes 10000 100000 1000000] [--baseline-size 100000] [--realistic]

``--realistic`` uses `bench/realistic.py` (nearly all answers distinct, one word to several
sentences, typos, numbers, other languages) instead of the repetitive `bench/synthetic.py`.
Each run is its own subprocess: CPU seconds (user + system, of the timed work only), wall
seconds and the peak RSS of the whole process, which also holds the generated answers.
Run with ``nice -n 10`` and ``OMP_NUM_THREADS=1`` on a shared machine.
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


def _texts(n: int, realistic: bool) -> list[str]:
    if realistic:
        from realistic import generate_realistic

        return [t for t, _ in generate_realistic(n, seed=1)]
    from synthetic import generate

    return [t for t, _ in generate(n, seed=1)]


def run_pipeline(n: int, realistic: bool, representation: str | None = None) -> dict[str, object]:
    """Run the full pipeline on ``n`` answers and time each step (wall and CPU)."""
    from analysis import AnalysisConfig, Answer, analyse

    texts = _texts(n, realistic)
    answers = [Answer(str(i), t) for i, t in enumerate(texts)]
    del texts
    marks: list[tuple[str, float, float, float]] = []
    start, cpu = time.perf_counter(), time.process_time()
    config = (
        AnalysisConfig(seed=0)
        if representation is None
        else AnalysisConfig(seed=0, representation=representation)
    )
    analyse(
        answers,
        config,
        progress=lambda f, step: marks.append((step, time.perf_counter(), time.process_time(), _rss_mb())),
    )
    steps = {}
    for (name, t0, c0, _), (_, t1, c1, rss) in zip(marks, marks[1:], strict=False):
        steps[name] = {
            "seconds": round(t1 - t0, 2),
            "cpu": round(c1 - c0, 2),
            "peak_rss_mb_after": round(rss),
        }
    return {
        "n": n,
        "distinct": len({a.text for a in answers}),
        "seconds": round(time.perf_counter() - start, 2),
        "cpu_seconds": round(time.process_time() - cpu, 2),
        "peak_rss_mb": round(_rss_mb()),
        "steps": steps,
    }


def run_baseline(n: int, realistic: bool, representation: str | None = None) -> dict[str, object]:
    """Plain char TF-IDF + SVD(100) + MiniBatchKMeans(k=20) on the same answers."""
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = _texts(n, realistic)
    start, cpu = time.perf_counter(), time.process_time()
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    X = vectorizer.fit_transform(texts)
    X = TruncatedSVD(100, random_state=0).fit_transform(X)
    MiniBatchKMeans(20, random_state=0, n_init=3, batch_size=4096).fit(X)
    return {
        "n": n,
        "seconds": round(time.perf_counter() - start, 2),
        "cpu_seconds": round(time.process_time() - cpu, 2),
        "peak_rss_mb": round(_rss_mb()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--baseline-size", type=int, default=100_000)
    parser.add_argument("--child", choices=["pipeline", "baseline"])
    parser.add_argument("--n", type=int)
    parser.add_argument("--realistic", action="store_true", help="nearly all distinct answers")
    parser.add_argument("--representation", help="AnalysisConfig.representation (default: the pipeline's)")
    args = parser.parse_args()
    if args.child:
        fn = run_pipeline if args.child == "pipeline" else run_baseline
        print(json.dumps(fn(args.n, args.realistic, args.representation)))
        return
    jobs = [("pipeline", n) for n in args.sizes]
    if args.baseline_size:
        jobs.append(("baseline", args.baseline_size))
    results: dict[tuple[str, int], dict[str, float]] = {}
    for kind, n in jobs:
        # A fresh process per size so peak memory is that run's alone.
        command = [sys.executable, __file__, "--child", kind, "--n", str(n)]
        command += ["--realistic"] if args.realistic else []
        command += ["--representation", args.representation] if args.representation else []
        out = subprocess.run(command, capture_output=True, text=True, check=True)
        print(kind, out.stdout.strip(), flush=True)
        results[kind, n] = json.loads(out.stdout)
    base = results.get(("baseline", args.baseline_size))
    pipe = results.get(("pipeline", args.baseline_size))
    if base and pipe:
        ratios = {key: pipe[key] / base[key] for key in ("cpu_seconds", "seconds", "peak_rss_mb")}
        print(
            f"pipeline / baseline at {args.baseline_size}: CPU {ratios['cpu_seconds']:.2f}x, "
            f"wall {ratios['seconds']:.2f}x, peak RSS {ratios['peak_rss_mb']:.2f}x"
        )


if __name__ == "__main__":
    main()
