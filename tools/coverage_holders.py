"""Days from coverage.yaml's `since` to `until` on which an office has no holder, gap or vacancy recorded.

    python tools/coverage_holders.py            # every required office
    python tools/coverage_holders.py JOR OIC    # only these parties (any office they have rows for, too)
    python tools/coverage_holders.py --offices DIR/offices.jsonl JOR   # a build written elsewhere
Reads the generated sidelines/data/kb/offices.jsonl: run tools/build_holders.py first.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sidelines.kb.validate import coverage_rules, uncovered  # noqa: E402


def main(argv: list[str]) -> int:
    kb = ROOT / "sidelines" / "data" / "kb"
    offices = kb / "offices.jsonl"
    if "--offices" in argv:
        i = argv.index("--offices")
        offices = Path(argv[i + 1])
        argv = argv[:i] + argv[i + 2:]
    rows = [json.loads(x) for x in offices.read_text(encoding="utf-8").splitlines() if x.strip()]
    rules = coverage_rules(kb)
    wanted = set(argv)
    pairs = [p for p in rules["required"] if not wanted or p[0] in wanted]
    pairs += sorted({(r["party"], r["office"]) for r in rows if r["party"] in wanted} - set(pairs))
    missing = 0
    for party, office in pairs:
        holes = uncovered(rows, party, office, rules["since"], rules["until"])
        if holes:
            missing += 1
            print(f"{party} {office}: " + ", ".join(f"{a}..{b}" for a, b in holes))
    print(f"{len(pairs) - missing} of {len(pairs)} offices covered from {rules['since']} to {rules['until']}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
