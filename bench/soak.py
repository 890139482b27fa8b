"""Soak: extraction into a store over 100,000 documents of which 1% are corrupted, through the same readers
and writer as `sidelines extract --db`. Prints documents processed, rejected and lost (lost must be 0: every
good document is either stored or reported), and peak memory.

The input is JSONL written to a temporary folder: the documents of bench/throughput.py's corpus (sentences
written for the project, varied names, places and dates), with one line in a hundred broken in one of the
ways crawled input breaks (not JSON, invalid UTF-8, no text, text of the wrong type, a truncated object, a
binary blob, an empty text).

    python bench/soak.py [--docs 100000] [--executor local]
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from throughput import corpus  # noqa: E402

from sidelines.api import RunReport, extract_into_store  # noqa: E402
from sidelines.ingest import read_documents  # noqa: E402
from sidelines.settings import Settings  # noqa: E402
from sidelines.store import Store  # noqa: E402

BROKEN = [b"{not json at all", b"\xff\xfe\x00\x01 invalid utf-8 \xc3\x28", b'{"id": "x"}', b'{"id": "y", "text": 42}',
          b'{"id": "z", "text": "cut short', b"\x00\x01\x02\x03\x04\x05" * 50, b'{"id": "e", "text": "   "}',
          b"[1, 2, 3]"]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--executor", default="local")
    ap.add_argument("--batch-size", type=int, default=500)
    args = ap.parse_args()
    rng = random.Random(5)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "soak.jsonl"
        good_ids, broken = [], 0
        with open(src, "wb") as fh:
            # written a slice at a time, so that the corpus itself is not held while the run's memory is measured
            for part, start in enumerate(range(0, args.docs, 10_000)):
                for d in corpus(min(10_000, args.docs - start), seed=part + 1):
                    if rng.random() < 0.01:
                        fh.write(rng.choice(BROKEN) + b"\n")
                        broken += 1
                        continue
                    doc_id = f"{part}-{d.id}"
                    fh.write(json.dumps({"id": doc_id, "text": d.text, "published": d.published.isoformat(),
                                         "lang": d.lang, "source_country": d.source_country},
                                        ensure_ascii=False).encode("utf-8") + b"\n")
                    good_ids.append(doc_id)
        print(f"input: {len(good_ids) + broken:,} lines, {broken:,} corrupted ({src.stat().st_size / 2**20:.0f} MB)")
        report = RunReport()
        t = time.perf_counter()
        with Store(Path(tmp) / "soak.duckdb") as store:
            added = extract_into_store(read_documents([str(src)]), Settings(identify_language=False), store, report,
                                       batch_size=args.batch_size, executor=args.executor)
            dt = time.perf_counter() - t
            stored = {r[0] for r in store.con.execute("SELECT id FROM copies").fetchall()}
            stats = store.stats()
        reported = {e.split(":", 1)[0] for e in report.errors + report.skipped}
        lost = [i for i in good_ids if i not in stored and i not in reported]
        rejected_lines = sum(1 for e in report.errors if e.startswith(str(src) + ":"))
        peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        peak_workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"processed {added.documents:,} documents ({added.duplicates:,} copies of stored texts) in {dt:.0f} s "
              f"({(added.documents + added.duplicates) / dt:,.0f}/s): {added.events:,} events, {stats['events']:,} records")
        print(f"rejected {rejected_lines:,} corrupted lines (each reported with its line number); "
              f"{len(report.errors) - rejected_lines} documents failed in extraction; lost {len(lost)}")
        print(f"peak RSS: {peak_self:.0f} MB (reader and store), {peak_workers:.0f} MB (largest worker)")
        return 1 if lost or rejected_lines != broken else 0


if __name__ == "__main__":
    raise SystemExit(main())
