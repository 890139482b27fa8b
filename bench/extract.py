"""Single-core extraction throughput and peak memory on real text.

Reads ../shared/dev/news.jsonl and the seeds from ../shared (it does not copy them), repeats them until at
least --docs documents have been processed, and prints documents per second and peak RSS.

    python bench/extract.py [--docs 2000]
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

from sidelines.api import RunReport, iter_events
from sidelines.ingest import read_documents
from sidelines.pipeline import Pipeline
from sidelines.settings import Settings

SHARED = Path(__file__).resolve().parents[2] / "shared"


def corpus() -> list:
    docs = [d for d in read_documents([SHARED / "dev" / "news.jsonl"]) if not hasattr(d, "reason")]
    seeds = SHARED / "seeds"
    man = {}
    for line in (seeds / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        m = json.loads(line)
        man[m["path"]] = m
    docs += [d for d in read_documents(sorted(seeds.glob("*.txt")), man) if not hasattr(d, "reason")]
    return docs


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=2000)
    args = ap.parse_args()
    if not (SHARED / "dev" / "news.jsonl").exists():
        print("../shared/dev/news.jsonl is not here", file=sys.stderr)
        return 2
    docs = corpus()
    chars = sum(len(d.text) for d in docs)
    pipeline = Pipeline(Settings())
    t0 = time.perf_counter()
    warm = RunReport()
    list(iter_events(docs[:20], pipeline, warm))       # build the gazetteers and load the language models
    setup = time.perf_counter() - t0
    report = RunReport()
    n = 0
    t0 = time.perf_counter()
    while n < args.docs:
        batch = docs[: min(len(docs), args.docs - n)]
        for _ in iter_events(batch, pipeline, report):
            pass
        n += len(batch)
    dt = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"corpus: {len(docs)} distinct documents, {chars / len(docs):.0f} characters on average")
    from sidelines._native import status
    native = status()
    print(f"code: {'compiled (mypyc)' if native.compiled else 'Python sources'}: {native.reason}")
    print(f"set-up (gazetteers, language identification): {setup:.2f} s")
    print(f"documents: {n}, events: {report.events}, errors: {len(report.errors)}, skipped: {len(report.skipped)}")
    print(f"single core: {n / dt:.0f} documents/s ({dt:.2f} s)")
    print(f"peak RSS: {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
