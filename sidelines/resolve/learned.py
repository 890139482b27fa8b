"""Learned actors: people the text names with an office that the knowledge base does not know (candidates),
and names that contradict a curated holder (conflicts). They are collected during extraction, listed by
`sidelines kb review`, and enter the knowledge base only when a person accepts them into a local overlay."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from sidelines.model import Event
from sidelines.resolve.actors import GENERIC_ROLES
from sidelines.text.normalise import normalise_key


@dataclass(frozen=True)
class LearnedActor:
    kind: str               # candidate | conflict
    native_name: str
    lang: str
    party: str
    office: str
    date: str | None
    doc_id: str
    evidence: str
    note: str | None = None

    @property
    def key(self) -> str:
        return f"{self.party}/{self.office}/{normalise_key(self.native_name)}"


def learned_from(event: Event) -> list[LearnedActor]:
    out = []
    ev = event.evidence[0] if event.evidence else None
    for p in event.participants:
        if not (p.native_name and p.party and p.role) or p.role in GENERIC_ROLES or not ev:
            continue
        conflict = bool(p.note and "the knowledge base has" in p.note)
        if p.actor_id and not conflict:
            continue
        out.append(LearnedActor("conflict" if conflict else "candidate", p.native_name, ev.lang, p.party, p.role,
                                event.date, ev.doc_id, ev.text, p.note))
    return out


def _slug(text: str) -> str:
    s = re.sub(r"[^\w]+", "-", normalise_key(text)).strip("-")
    return s or "unnamed"


def summarise(items: list[LearnedActor]) -> list[dict]:
    """One row per person and office, with how often and when the press names them so."""
    rows: dict[str, dict] = {}
    for it in items:
        r = rows.setdefault(it.key, {"key": it.key, "kind": it.kind, "native_name": it.native_name, "lang": it.lang,
                                     "party": it.party, "office": it.office, "dates": [], "docs": [], "evidence": it.evidence,
                                     "note": it.note})
        if it.kind == "conflict":
            r["kind"], r["note"] = "conflict", it.note
        if it.date and it.date not in r["dates"]:
            r["dates"].append(it.date)
        if it.doc_id not in r["docs"]:
            r["docs"].append(it.doc_id)
    out = sorted(rows.values(), key=lambda r: (r["kind"] != "conflict", r["party"], r["office"], r["key"]))
    for r in out:
        r["dates"].sort()
    return out


def write_learned(path: Path, items: list[LearnedActor]) -> int:
    rows = summarise(items)
    with open(path, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return len(rows)


def read_learned(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def accept(row: dict, overlay: Path, retrieved: str) -> tuple[dict, dict]:
    """The actor and an attested term for the overlay: the office is known to be held on the dates the press
    gave, not over a term whose first and last days nobody has checked."""
    overlay.mkdir(parents=True, exist_ok=True)
    actor_id = f"learned-{_slug(row['native_name'])}"
    dates = [d for d in row.get("dates") or [] if len(d) == 10]
    actor = {"id": actor_id, "names": {row["lang"]: [row["native_name"]]}, "born": None, "died": None,
             "source": "learned from " + ", ".join(row.get("docs") or []), "retrieved": retrieved}
    term = {"id": f"{row['party']}/{row['office']}/{actor_id}/{dates[0] if dates else 'undated'}", "office": row["office"],
            "party": row["party"], "actor": actor_id, "valid_from": dates[0] if dates else None,
            "valid_to": dates[-1] if dates else None, "attested_only": True,
            "source": "learned from " + ", ".join(row.get("docs") or []), "retrieved": retrieved}
    for name, rec in (("actors.jsonl", actor), ("offices.jsonl", term)):
        _append_unique(overlay / name, rec)
    return actor, term


def reject(row: dict, overlay: Path) -> None:
    overlay.mkdir(parents=True, exist_ok=True)
    _append_unique(overlay / "rejected.jsonl", {"id": row["key"], "native_name": row["native_name"],
                                                "party": row["party"], "office": row["office"]})


def rejected_keys(overlay: Path | None) -> set[str]:
    p = overlay / "rejected.jsonl" if overlay else None
    if not p or not p.is_file():
        return set()
    return {json.loads(line)["id"] for line in p.read_text(encoding="utf-8").splitlines() if line.strip()}


def _append_unique(path: Path, rec: dict) -> None:
    rows = []
    if path.is_file():
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if r.get("id") != rec["id"]] + [rec]
    rows.sort(key=lambda r: r["id"])
    path.write_text("".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows), encoding="utf-8")


__all__ = ["LearnedActor", "learned_from", "summarise", "write_learned", "read_learned", "accept", "reject",
           "rejected_keys"]
