"""Consistency of the knowledge base files: schema, ids, cross-references, terms and coverage.
Returns a list of problems, one line each, naming the file and the fact."""
from __future__ import annotations

import json
import re
from datetime import date
from importlib import resources
from pathlib import Path

OFFICES = ("head_of_state", "head_of_government", "foreign_minister", "deputy_foreign_minister", "secretary_general",
           "envoy", "minister")
MULTI_HOLDER = ("deputy_foreign_minister", "envoy", "minister")   # several may hold these at once
_ISO3 = re.compile(r"^[A-Z]{3}$")


def _rows(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _d(v):
    return date.fromisoformat(v) if v else None


def validate(root: Path | None = None, coverage: bool = True) -> list[str]:
    root = Path(root) if root else Path(str(resources.files("sidelines") / "data" / "kb"))
    problems: list[str] = []
    files = {k: _rows(root / f"{k}.jsonl") for k in ("countries", "organisations", "places", "actors", "offices", "conferences")}
    for kind in files:
        for n, r in enumerate(files[kind], 1):
            if not isinstance(r.get("id"), str) or not r.get("id"):
                problems.append(f"{kind}.jsonl: line {n}: no id")
        # a row without an id is reported once and checked no further: every other check names rows by id
        files[kind] = [r for r in files[kind] if isinstance(r.get("id"), str) and r.get("id")]
    for kind, rows in files.items():
        ids = [r["id"] for r in rows]
        if ids != sorted(ids):
            problems.append(f"{kind}.jsonl: not sorted by id")
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            problems.append(f"{kind}.jsonl: duplicate ids {sorted(dup)[:5]}")
        for r in rows:
            for field in ("source", "retrieved"):
                if field == "source" and kind == "offices" and r.get("actor") is None:
                    continue   # a gap says why in its note; it asserts no fact to source
                if not r.get(field):
                    problems.append(f"{kind}.jsonl: {r.get('id')}: no {field}")
            for field in ("valid_from", "valid_to", "born", "died", "retrieved", "last_seen"):
                v = r.get(field)
                if v and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(v)):
                    problems.append(f"{kind}.jsonl: {r.get('id')}: {field} is not a full ISO date: {v}")
    states = {r["id"] for r in files["countries"]}
    orgs = {r["id"] for r in files["organisations"]}
    actors = {r["id"]: r for r in files["actors"]}
    for r in files["countries"]:
        if not _ISO3.match(r["id"]):
            problems.append(f"countries.jsonl: {r['id']}: not an ISO 3166-1 alpha-3 code")
        for lang in ("ar", "fa", "en"):
            if not (r.get("names") or {}).get(lang):
                problems.append(f"countries.jsonl: {r['id']}: no {lang} name")
            if not (r.get("demonyms") or {}).get(lang):
                problems.append(f"countries.jsonl: {r['id']}: no {lang} demonym")
    if files["countries"] and sum(1 for r in files["countries"] if r.get("un_member")) != 193:
        problems.append(f"countries.jsonl: {sum(1 for r in files['countries'] if r.get('un_member'))} UN members, not 193")
    for r in files["places"]:
        if r.get("country") not in states:
            problems.append(f"places.jsonl: {r['id']}: unknown country {r.get('country')}")
    by_office: dict[tuple, list] = {}
    for r in files["offices"]:
        if r.get("office") not in OFFICES:
            problems.append(f"offices.jsonl: {r['id']}: unknown office {r.get('office')}")
        if r.get("party") not in states | orgs:
            problems.append(f"offices.jsonl: {r['id']}: unknown party {r.get('party')}")
        s, e = _d(r.get("valid_from")), _d(r.get("valid_to"))
        if s and e and s > e:
            problems.append(f"offices.jsonl: {r['id']}: ends before it starts")
        if r.get("actor") is None:
            if r.get("status") not in ("unknown", "vacant") or not (s and e) or not r.get("note"):
                problems.append(f"offices.jsonl: {r['id']}: a gap is unknown or vacant, with both days and a note")
            by_office.setdefault((r.get("party"), r.get("office")), []).append((s, e, r["id"], False))
            continue
        a = actors.get(r.get("actor"))
        if a is None:
            problems.append(f"offices.jsonl: {r['id']}: unknown actor {r.get('actor')}")
            continue
        born, died = _d(a.get("born")), _d(a.get("died"))
        if born and s and s < born:
            problems.append(f"offices.jsonl: {r['id']}: starts before its holder was born")
        if died and e and e > died:
            problems.append(f"offices.jsonl: {r['id']}: ends after its holder died")
        if died and e is None and not r.get("end_unknown"):
            problems.append(f"offices.jsonl: {r['id']}: open-ended term of a holder who died")
        by_office.setdefault((r.get("party"), r.get("office")), []).append((s, e, r["id"], bool(r.get("end_unknown"))))
    for (party, office), terms in by_office.items():
        if office in MULTI_HOLDER:
            continue
        terms.sort(key=lambda t: (t[0] or date.min))
        for (s1, e1, i1, unknown1), (s2, e2, i2, _u2) in zip(terms, terms[1:]):
            if e1 is None and unknown1:
                continue   # ends, on a day we do not know, before the next term starts
            if e1 is None or (s2 and e1 > s2):
                problems.append(f"offices.jsonl: {i1} and {i2} overlap")
    rules: dict = coverage_rules(root) if coverage else {"required": []}
    for party, office in rules["required"]:
        for gap_from, gap_to in uncovered(files["offices"], party, office, rules["since"], rules["until"]):
            problems.append(f"offices.jsonl: {party} {office}: no holder, gap or vacancy for {gap_from}..{gap_to}")
    for r in files["conferences"]:
        first, last = _d(r.get("valid_from")), _d(r.get("valid_to"))
        if first and last and first > last:
            problems.append(f"conferences.jsonl: {r['id']}: ends before it starts")
        if r.get("country") and r["country"] not in states:
            problems.append(f"conferences.jsonl: {r['id']}: unknown country {r['country']}")
    return problems


def coverage_rules(root: Path | None = None) -> dict:
    """Which offices of which parties must be accounted for on every day of a period (coverage.yaml)."""
    import yaml
    root = Path(root) if root else Path(str(resources.files("sidelines") / "data" / "kb"))
    path = root / "coverage.yaml"
    if not path.is_file():
        return {"required": [], "since": None, "until": None}
    d = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    required = []
    for group in d.get("required") or []:
        parties = [p for name in group.get("groups") or [] for p in d["groups"][name]] + list(group.get("parties") or [])
        for party in dict.fromkeys(parties):
            for office in group["offices"]:
                required.append((party, office))
    return {"required": list(dict.fromkeys(required)), "since": _d(str(d["since"])), "until": _d(str(d["until"]))}


def uncovered(offices: list[dict], party: str, office: str, since: date, until: date) -> list[tuple[date, date]]:
    """The runs of days in since..until on which no term, gap or vacancy of the office is recorded.
    A term with an unknown end covers the days up to the next recorded row."""
    rows = sorted(((_d(r.get("valid_from")) or date.min, _d(r.get("valid_to")), bool(r.get("end_unknown")))
                   for r in offices if r.get("party") == party and r.get("office") == office), key=lambda x: x[0])
    spans = []
    for i, (s, e, unknown) in enumerate(rows):
        if e is None and unknown and i + 1 < len(rows):
            e = date.fromordinal(rows[i + 1][0].toordinal() - 1)
        spans.append((s, e or date.max))
    out, day = [], since
    for s, e in spans:
        if e < day:
            continue
        if s > day:
            out.append((day, min(until, date.fromordinal(s.toordinal() - 1))))
        day = date.max if e == date.max else date.fromordinal(e.toordinal() + 1)
        if day > until:
            break
    if day <= until:
        out.append((day, until))
    return [(a, b) for a, b in out if a <= b and a <= until]
