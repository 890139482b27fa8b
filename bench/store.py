"""Query time over a store of 1,000,000 events: by party and year, as `sidelines query` runs it.

The store is filled in bulk with synthetic rows (60 parties, ten years, two participants and one evidence
sentence per event) through DuckDB itself, then queried through `Store.query` and `Store.count`.

    python bench/store.py [--events 1000000]
Target: a query by party and year answers in under 200 ms.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from sidelines.store import Query, Store


def fill(store: Store, n: int) -> None:
    con = store.con
    con.execute("""
        CREATE TEMP TABLE g AS
        SELECT i, 'P' || lpad(CAST(i % 60 AS VARCHAR), 2, '0') AS a,
               'P' || lpad(CAST((i % 60 + 1 + (i // 60) % 59) % 60 AS VARCHAR), 2, '0') AS b,
               DATE '2015-01-01' + CAST(hash(i) % 3650 AS INTEGER) AS d
        FROM range(?) t(i)""", [n])
    con.execute("""
        INSERT INTO events SELECT 'ev_' || i, CASE WHEN i % 3 = 0 THEN 'phone_call' ELSE 'meeting' END,
            least(a, b) || ',' || greatest(a, b), CAST(d AS VARCHAR), NULL, d, d, 'City' || (i % 40),
            NULL, NULL, NULL, NULL, NULL, [], 0.8,
            CAST(json_object('id', 'ev_' || i, 'type', CASE WHEN i % 3 = 0 THEN 'phone_call' ELSE 'meeting' END,
                'participants', json_array(
                    json_object('name', NULL, 'native_name', NULL, 'role', 'foreign_minister', 'party', a, 'actor_id', NULL, 'side', NULL),
                    json_object('name', NULL, 'native_name', NULL, 'role', 'foreign_minister', 'party', b, 'actor_id', NULL, 'side', NULL)),
                'date', CAST(d AS VARCHAR), 'date_end', NULL,
                'location', json_object('city', 'City' || (i % 40), 'country', NULL), 'occasion', NULL, 'topics', json_array(),
                'evidence', json_array(json_object('doc_id', 'doc' || i, 'lang', 'ar', 'text', 'جملة الدليل ' || i, 'start', 0, 'end', 20)),
                'confidence', 0.8) AS VARCHAR)
            FROM g""")
    con.execute("""
        INSERT INTO participants SELECT 'ev_' || i, 0, a, 'foreign_minister', NULL, NULL, NULL, NULL, NULL FROM g
        UNION ALL
        SELECT 'ev_' || i, 1, b, 'foreign_minister', NULL, NULL, NULL, NULL, NULL FROM g""")
    con.execute("""
        INSERT INTO evidence SELECT 'ev_' || i, 0, 'doc' || i, 'h' || i, 'ar', 'جملة الدليل ' || i, 0, 20, NULL
        FROM g""")
    con.execute("DROP TABLE g")
    con.execute("CHECKPOINT")


def timed(fn, repeat: int = 7):
    times = []
    result = None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t) * 1000)
    return result, statistics.median(times), max(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=1_000_000)
    n = ap.parse_args().events
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.duckdb"
        with Store(path) as store:
            t = time.perf_counter()
            fill(store, n)
            print(f"filled {store.count():,} events in {time.perf_counter() - t:.1f} s")
        with Store(path, read_only=True) as store:
            year = Query(parties=("P07",), since=date(2020, 1, 1), until=date(2020, 12, 31))
            pair = Query(parties=("P07", "P50"), since=date(2020, 1, 1), until=date(2020, 12, 31))
            for label, q in (("party and year", year), ("two parties and year", pair)):
                c, med_c, _ = timed(lambda: store.count(q))
                rows, med, worst = timed(lambda: store.query(q))
                print(f"{label}: {len(rows)} events with participants and evidence in {med:.0f} ms "
                      f"(median of 7, worst {worst:.0f} ms); count only: {med_c:.0f} ms")
            page, med, worst = timed(lambda: store.query(Query(parties=("P07",), limit=50)))
            print(f"first page of 50 for a party: {med:.0f} ms (worst {worst:.0f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
