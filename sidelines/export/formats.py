"""Writers for the export formats. Each takes fused events and a path and returns the number of records
written: `write(fmt, events, path)`.

- jsonl: the FORMAT.md record, one a line.
- csv: one row per event, lists joined with " | "; participants as "party:role:name".
- parquet: the FORMAT.md record with nested lists, through DuckDB.
- plover: PLOVER-style CONSULT records (see `plover_record`), so the data mixes with POLECAT.
- graphml / gexf: the interaction network, one node per party (or per person), one edge per event and pair.
"""
from __future__ import annotations

import csv
import json
import tempfile
import xml.etree.ElementTree as ET
from itertools import combinations
from pathlib import Path
from typing import Callable, Iterable

from sidelines.export.records import event_to_record
from sidelines.model import Event, EventType

# CAMEO 04 (Consult): 040 consult, not specified; 041 discuss by telephone; 042 make a visit; 043 host a visit;
# 044 meet at a third location; 046 engage in negotiation (a multilateral gathering's sessions).
_CAMEO = {"phone": "041", "visit": "042", "third-party": "044", "multilateral": "046", None: "040"}


def _plover_mode(e: Event) -> str | None:
    if e.type == EventType.PHONE_CALL:
        return "phone"
    if e.type == EventType.CONFERENCE or len(e.parties) > 2:
        return "multilateral"
    if e.type == EventType.VISIT:
        return "visit"
    if e.type == EventType.MEETING:
        if e.occasion is not None:
            return "third-party"   # on the sidelines of a gathering
        country = e.location.country if e.location else None
        if country and country in e.parties:
            return "visit"
        if country:
            return "third-party"
    return None


def plover_record(e: Event) -> dict | None:
    """The PLOVER reading of an event: CONSULT with its mode, actor and recipient lists (the visitor acts, the
    host receives; with no host, every participant is an actor), context `diplomatic`, the first evidence
    sentence as event_text and every sentence's offsets in text_info. Membership changes are not CONSULT
    and have no record here."""
    if e.type == EventType.MEMBERSHIP:
        return None
    mode = _plover_mode(e)
    host = None
    if e.type == EventType.VISIT and e.location and e.location.country:
        host = e.location.country
    elif mode == "visit" and e.location:
        host = e.location.country
    hosts = [p for p in e.participants if p.side == "host" or (host and p.party == host)]
    guests = [p for p in e.participants if p not in hosts]
    if e.type == EventType.PHONE_CALL:
        hosts = [p for p in e.participants if p.side == "callee"]
        guests = [p for p in e.participants if p not in hosts]

    def actor(p):
        return {"name": p.name or p.native_name, "native_name": p.native_name, "country": p.party, "role": p.role,
                "actor_id": p.actor_id}

    actors = [actor(p) for p in (guests if hosts else e.participants)]
    recipients = [actor(p) for p in hosts]
    if e.type == EventType.VISIT and host and not hosts:
        recipients = [{"name": None, "native_name": None, "country": host, "role": None, "actor_id": None}]
    first = e.evidence[0] if e.evidence else None
    return {
        "event_id": e.id, "event_date": e.date, "event_date_end": e.date_end, "event_type": "CONSULT", "mode": mode,
        "context": ["diplomatic"], "actor": actors, "recipient": recipients,
        "location": {"city": e.location.city, "country": e.location.country} if e.location else None,
        "occasion": e.occasion.name if e.occasion else None,
        "cameo": "043" if mode == "visit" and not actors and recipients else _CAMEO[mode],
        "event_text": first.text if first else None,
        "text_info": [{"doc_id": v.doc_id, "lang": v.lang, "start": v.start, "end": v.end} for v in e.evidence],
        "source_type": e.type.value, "confidence": e.confidence,
    }


def write_jsonl(events: Iterable[Event], path: Path) -> int:
    n = 0
    with open(path, "w", encoding="utf-8") as f:
        for e in events:
            f.write(json.dumps(event_to_record(e), ensure_ascii=False) + "\n")
            n += 1
    return n


CSV_COLUMNS = ("id", "type", "date", "date_end", "city", "country", "occasion", "occasion_body", "parties",
               "participants", "topics", "confidence", "sources", "doc_ids", "first_sentence")


def write_csv(events: Iterable[Event], path: Path) -> int:
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(CSV_COLUMNS)
        for e in events:
            w.writerow([e.id, e.type.value, e.date or "", e.date_end or "",
                        e.location.city or "" if e.location else "", e.location.country or "" if e.location else "",
                        e.occasion.name if e.occasion else "", (e.occasion.body or "") if e.occasion else "",
                        " | ".join(sorted(e.parties)),
                        " | ".join(f"{p.party or ''}:{p.role or ''}:{p.name or p.native_name or ''}" for p in e.participants),
                        " | ".join(e.topics), e.confidence, len(e.evidence),
                        " | ".join(dict.fromkeys(v.doc_id for v in e.evidence)),
                        e.evidence[0].text if e.evidence else ""])
            n += 1
    return n


def write_parquet(events: Iterable[Event], path: Path) -> int:
    import duckdb
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "events.jsonl"
        n = write_jsonl(events, src)
        if n == 0:
            raise ValueError("no events to write: Parquet needs at least one record to know its columns")
        con = duckdb.connect()
        try:
            con.execute(f"COPY (SELECT * FROM read_json(?, format='newline_delimited')) TO '{_sql_path(path)}' "
                        "(FORMAT PARQUET)", [str(src)])
        finally:
            con.close()
    return n


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def write_plover(events: Iterable[Event], path: Path) -> int:
    n = 0
    with open(path, "w", encoding="utf-8") as f:
        for e in events:
            rec = plover_record(e)
            if rec is not None:
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
    return n


def _network(events: Iterable[Event], nodes_are: str = "parties"):
    """Nodes (id -> (label, number of events)) and edges (a, b, event). With nodes_are="actors", a node is a
    person: the knowledge-base id where the participant was resolved, else party and name as written."""
    nodes: dict[str, list] = {}
    edges = []
    for e in events:
        ends: dict[str, str] = {}
        for p in e.participants:
            if nodes_are == "actors":
                if not (p.actor_id or p.name or p.native_name):
                    continue
                key = p.actor_id or f"{p.party}:{p.name or p.native_name}"
                ends[key] = f"{p.name or p.native_name} ({p.party})"
            elif p.party:
                ends[p.party] = p.party
        for key, label in ends.items():
            nodes.setdefault(key, [label, 0])[1] += 1
        for a, b in combinations(sorted(ends), 2):
            edges.append((a, b, e))
    return nodes, edges


def write_graphml(events: Iterable[Event], path: Path, nodes_are: str = "parties") -> int:
    ns = "http://graphml.graphdrawing.org/xmlns"
    root = ET.Element("graphml", xmlns=ns)
    keys = (("label", "node", "string"), ("events", "node", "int"), ("type", "edge", "string"), ("date", "edge", "string"),
            ("event_id", "edge", "string"), ("occasion", "edge", "string"))
    for name, kind, typ in keys:
        ET.SubElement(root, "key", {"id": name, "for": kind, "attr.name": name, "attr.type": typ})
    g = ET.SubElement(root, "graph", id="sidelines", edgedefault="undirected")
    nodes, edges = _network(events, nodes_are)
    for node, (label, count) in sorted(nodes.items()):
        n = ET.SubElement(g, "node", id=node)
        ET.SubElement(n, "data", key="label").text = label
        ET.SubElement(n, "data", key="events").text = str(count)
    for i, (a, b, e) in enumerate(edges):
        el = ET.SubElement(g, "edge", id=f"e{i}", source=a, target=b)
        for k, v in (("type", e.type.value), ("date", e.date or ""), ("event_id", e.id),
                     ("occasion", e.occasion.name if e.occasion else "")):
            ET.SubElement(el, "data", key=k).text = v
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
    return len(edges)


def write_gexf(events: Iterable[Event], path: Path, nodes_are: str = "parties") -> int:
    root = ET.Element("gexf", {"xmlns": "http://gexf.net/1.3", "version": "1.3"})
    g = ET.SubElement(root, "graph", defaultedgetype="undirected", mode="static")
    attrs = ET.SubElement(g, "attributes", {"class": "edge"})
    for i, name in enumerate(("type", "date", "event_id", "occasion")):
        ET.SubElement(attrs, "attribute", id=str(i), title=name, type="string")
    nodes, edges = _network(events, nodes_are)
    nel = ET.SubElement(g, "nodes")
    for node, (label, _count) in sorted(nodes.items()):
        ET.SubElement(nel, "node", id=node, label=label)
    eel = ET.SubElement(g, "edges")
    for i, (a, b, e) in enumerate(edges):
        el = ET.SubElement(eel, "edge", id=str(i), source=a, target=b, label=e.type.value)
        vals = ET.SubElement(el, "attvalues")
        for j, v in enumerate((e.type.value, e.date or "", e.id, e.occasion.name if e.occasion else "")):
            ET.SubElement(vals, "attvalue", {"for": str(j), "value": v})
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
    return len(edges)


# the network writers take what their nodes are as well
WRITERS: dict[str, Callable[..., int]] = {
    "jsonl": write_jsonl, "csv": write_csv, "parquet": write_parquet, "plover": write_plover,
    "graphml": write_graphml, "gexf": write_gexf,
}


def write(fmt: str, events: Iterable[Event], path: Path, nodes_are: str = "parties") -> int:
    """Write events in a format; `nodes_are` ("parties" or "actors") shapes the network formats."""
    try:
        writer = WRITERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r} (one of {', '.join(WRITERS)})") from None
    if nodes_are not in ("parties", "actors"):
        raise ValueError(f"nodes are parties or actors, not {nodes_are!r}")
    if fmt in ("graphml", "gexf"):
        return writer(events, Path(path), nodes_are)
    return writer(events, Path(path))
