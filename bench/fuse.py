"""Fusion time for 10k, 50k and 100k events on one core, and how it grows.

The events are synthetic but shaped like the real ones: 60 parties with a skewed pair distribution (a few
pairs meet often), dates over ten years, a third of the meetings on the sidelines of numbered occasions, and
each real-world event reported by 1 to 6 documents whose dates and places agree or are missing.

    python bench/fuse.py [--sizes 10000,50000,100000]
Target: 100,000 events in under 30 s, growth no faster than n log n.
"""
from __future__ import annotations

import argparse
import math
import random
import time
from datetime import date, timedelta

from sidelines.fuse import fuse
from sidelines.model import Event, EventType, Evidence, Location, Occasion, Participant

PARTIES = [f"P{i:02d}" for i in range(60)]
CITIES = [f"City{i}" for i in range(40)]


def synthetic_events(n: int, seed: int = 7) -> list[Event]:
    rng = random.Random(seed)
    out: list[Event] = []
    k = 0
    while len(out) < n:
        k += 1
        a, b = rng.sample(PARTIES[:12] if rng.random() < 0.5 else PARTIES, 2)
        typ = rng.choice([EventType.MEETING] * 6 + [EventType.PHONE_CALL] * 3 + [EventType.VISIT])
        day = date(2015, 1, 1) + timedelta(days=rng.randrange(3650))
        city = rng.choice(CITIES)
        occ = Occasion(f"Session {k % 50}", "ORG", f"occ-{k % 50}") if rng.random() < 0.3 else None
        for copy in range(rng.randint(1, 6)):
            if len(out) >= n:
                break
            known_day = rng.random() < 0.85
            out.append(Event(
                id=f"ev_{k}_{copy}", type=typ,
                participants=(Participant(a, "foreign_minister"), Participant(b, "foreign_minister")),
                date=day.isoformat() if known_day else None,
                location=Location(city, None) if rng.random() < 0.7 else None,
                occasion=occ,
                evidence=(Evidence(f"doc{k}_{copy}", "ar", "…", 0, 1),), confidence=0.8))
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,50000,100000")
    sizes = [int(x) for x in ap.parse_args().sizes.split(",")]
    rows = []
    for n in sizes:
        events = synthetic_events(n)
        t = time.perf_counter()
        fused = fuse(events)
        dt = time.perf_counter() - t
        rows.append((n, dt))
        print(f"{n:>7} events -> {len(fused):>7} records in {dt:6.2f} s ({n / dt:,.0f} events/s)")
    if len(rows) > 1:
        (n0, t0), (n1, t1) = rows[0], rows[-1]
        nlogn = (n1 * math.log(n1)) / (n0 * math.log(n0))
        print(f"growth from {n0} to {n1}: time x{t1 / t0:.1f}; n log n would be x{nlogn:.1f}, n^2 x{(n1 / n0) ** 2:.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
