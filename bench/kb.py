"""Time and memory to load the whole knowledge base and build the gazetteers of the three languages.

    python bench/kb.py
"""
from __future__ import annotations

import resource
import sys
import time
import tracemalloc

from sidelines.kb.base import load_kb_from
from importlib import resources


def main() -> int:
    root = resources.files("sidelines") / "data" / "kb"
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tracemalloc.start()
    t0 = time.perf_counter()
    kb = load_kb_from(root)
    load = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    from sidelines.lexicon import load_language
    from sidelines.recognize.gazetteer import build_gazetteer
    t1 = time.perf_counter()
    for code in ("ar", "fa", "en"):
        build_gazetteer(load_language(code), kb)
    build = time.perf_counter() - t1
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"knowledge base: {len(kb.countries)} states, {len(kb.organisations)} organisations, {len(kb.places)} places, "
          f"{len(kb.actors)} people, {len(kb.terms)} terms, {len(kb.conferences)} occasions")
    print(f"load: {load * 1000:.0f} ms, {peak / 2**20:.1f} MB allocated at peak")
    print(f"gazetteers for ar, fa, en: {build * 1000:.0f} ms")
    print(f"process peak RSS: {rss:.0f} MB (before loading: {rss0:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
