"""Precision, recall and F1 of extracted events against gold annotations, and attribute accuracies,
following the matching rules of the project's scorer (shared/eval/score.py):

- meeting, phone_call, membership: same type and the same set of parties;
- visit: the same, with the destination country counted as a party;
- conference: same type, same location country when gold gives one, overlapping dates when both have one.
Matching is one-to-one and greedy in gold order, preferring the candidate that agrees on date, then city.
Gold events with "required": false are neither rewarded nor penalised.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from typing import Any

PARTY_ALIASES = {"LAS": "ARAB_LEAGUE", "AL": "ARAB_LEAGUE", "ARABLEAGUE": "ARAB_LEAGUE", "ARAB LEAGUE": "ARAB_LEAGUE",
                 "UNO": "UN", "UNITED NATIONS": "UN", "ORGANISATION OF ISLAMIC COOPERATION": "OIC"}
_FOLD = str.maketrans("أإآيةۀكی", "اايههيکي")


def party_code(p) -> str | None:
    if not p:
        return None
    p = str(p).strip().upper()
    return PARTY_ALIASES.get(p, p)


def _plain(s: str | None) -> str:
    s = unicodedata.normalize("NFKD", s or "")
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub("['’‘]", "", s)
    s = re.sub(r"[\u064b-\u065f\u0670\u0640]", "", s).translate(_FOLD)
    s = re.sub(r"\b(al|el|as|ash|ad|az|an|ar|at)[- ]", "al ", s)
    return re.sub(r"[^\w]+", " ", s).strip()


def name_matches(name: str | None, accepted) -> bool:
    a = _plain(name)
    if not a:
        return False
    for alias in accepted:
        b = _plain(alias)
        if a == b or difflib.SequenceMatcher(None, a, b).ratio() >= 0.85:
            return True
        ta, tb = set(a.split()), set(b.split())
        short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
        if len(short) >= 2 and short <= long_:
            return True
    return False


def _parties(ev: dict) -> set:
    ps = {party_code(p.get("party")) for p in ev.get("participants") or []}
    if ev.get("type") == "visit" and (ev.get("location") or {}).get("country"):
        ps.add(party_code(ev["location"]["country"]))
    ps.discard(None)
    return ps


def _span(d, d_end=None):
    return (d, (d_end or d) + "~") if d else None


def _matches(g: dict, s: dict) -> bool:
    if g["type"] != s.get("type"):
        return False
    if g["type"] == "conference":
        gc = (g.get("location") or {}).get("country")
        if gc and party_code(gc) != party_code((s.get("location") or {}).get("country")):
            return False
        sd = _span(s.get("date"), s.get("date_end"))
        if g.get("date") and sd:
            gd = (min(g["date"]), max(g["date"]) + "~")
            if not (gd[0] <= sd[1] and sd[0] <= gd[1]):
                return False
        return True
    return {party_code(p) for p in g["parties"]} == _parties(s)


def _agreement(g: dict, s: dict) -> tuple[bool, bool]:
    loc = g.get("location") or {}
    return (bool(g.get("date")) and s.get("date") in g["date"],
            bool(loc.get("city")) and name_matches((s.get("location") or {}).get("city"), loc["city"]))


def evaluate(gold: list[dict], events: list[dict], docs: list[str] | None = None) -> tuple[dict, list[tuple]]:
    by_doc = defaultdict(list)
    for ev in events:
        for d in {e.get("doc_id") for e in ev.get("evidence") or []}:
            by_doc[d].append(ev)
    gold_by_doc = defaultdict(list)
    for g in gold:
        gold_by_doc[g["doc"]].append(g)
    tp = fp = fn = 0
    attrs: defaultdict[str, list[int]] = defaultdict(lambda: [0, 0])
    errors: list[tuple] = []
    for d in sorted(docs or gold_by_doc):
        gs, ss = gold_by_doc.get(d, []), by_doc.get(d, [])
        used: set[int] = set()
        for g in sorted(gs, key=lambda g: not g.get("required", True)):
            matching = [i for i, s in enumerate(ss) if i not in used and _matches(g, s)]
            hit = max(matching, key=lambda i: _agreement(g, ss[i]), default=None)
            required = g.get("required", True)
            if hit is None:
                if required:
                    fn += 1
                    errors.append(("missed", d, g["type"], sorted(g["parties"]), g.get("note", "")))
                continue
            used.add(hit)
            if not required:
                continue
            tp += 1
            s = ss[hit]
            if g.get("date"):
                attrs["date"][1] += 1
                attrs["date"][0] += s.get("date") in g["date"]
                if s.get("date") not in g["date"]:
                    errors.append(("date", d, g["type"], sorted(g["parties"]), f"{s.get('date')} not in {g['date']}"))
            loc = g.get("location")
            if loc and loc.get("city"):
                attrs["city"][1] += 1
                ok = name_matches((s.get("location") or {}).get("city"), loc["city"])
                attrs["city"][0] += ok
                if not ok:
                    errors.append(("city", d, g["type"], sorted(g["parties"]), str((s.get("location") or {}).get("city"))))
            for person in g.get("people") or []:
                attrs["person"][1] += 1
                cands = [p for p in s.get("participants") or [] if party_code(p.get("party")) == party_code(person["party"])]
                ok = any(name_matches(p.get("name"), person["names"]) or name_matches(p.get("native_name"), person["names"])
                         for p in cands)
                attrs["person"][0] += ok
                if not ok:
                    errors.append(("person", d, g["type"], sorted(g["parties"]), f"{person['party']}: {[p.get('native_name') for p in cands]}"))
            occ = g.get("occasion")
            if occ:
                attrs["occasion"][1] += 1
                so = s.get("occasion") or {}
                text = " ".join(str(so.get(k) or "") for k in ("name", "body", "text")).lower()
                ok = bool(so) and any(k.lower() in text for k in occ["keywords"])
                attrs["occasion"][0] += ok
                if not ok:
                    errors.append(("occasion", d, g["type"], sorted(g["parties"]), str(so.get("name"))))
            if g.get("topics"):
                attrs["topics"][1] += 1
                attrs["topics"][0] += bool(set(g["topics"]) & set(s.get("topics") or []))
        for i, s in enumerate(ss):
            if i not in used:
                fp += 1
                errors.append(("spurious", d, s.get("type"), sorted(_parties(s)),
                               ((s.get("evidence") or [{}])[0].get("text") or "")[:160]))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    out: dict[str, Any] = {"docs": len(docs or gold_by_doc), "tp": tp, "fp": fp, "fn": fn,
           "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}
    for k, (right, n) in sorted(attrs.items()):
        out[f"{k}_accuracy"] = round(right / n, 4) if n else None
    return out, errors
