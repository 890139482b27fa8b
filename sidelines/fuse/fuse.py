"""Same type, same parties, compatible dates and places: one event. Never merge what differs.

Events are grouped by (type, parties) first, so the work is linear in the number of events plus the size
of each group; within a group they are merged in a fixed order, so the result does not depend on the order
documents arrived in."""
from __future__ import annotations

import gc
from dataclasses import replace

from sidelines.model import Event, EventType, Evidence
from sidelines.text.normalise import normalise_key


def _span(e: Event) -> tuple[str, str] | None:
    if not e.date:
        return None
    return e.date, (e.date_end or e.date) + "~"


def dates_compatible(a: Event, b: Event) -> bool:
    sa, sb = _span(a), _span(b)
    if sa is None or sb is None:
        return True
    return sa[0] <= sb[1] and sb[0] <= sa[1]


def places_compatible(a: Event, b: Event) -> bool:
    la, lb = a.location, b.location
    if la is None or lb is None:
        return True
    if la.country and lb.country and la.country != lb.country:
        return False
    if la.city and lb.city and normalise_key(la.city) != normalise_key(lb.city):
        return False
    return True


def same_event(a: Event, b: Event) -> bool:
    if a.type != b.type:
        return False
    if a.type == EventType.CONFERENCE:
        ka = a.occasion.key if a.occasion else None
        kb = b.occasion.key if b.occasion else None
        if ka and kb:
            return ka == kb and dates_compatible(a, b)
        if not (a.date and b.date and a.location and b.location):
            same_doc = {v.doc_id for v in a.evidence} & {v.doc_id for v in b.evidence}
            if not same_doc or not (a.date or b.date):
                return False
        return dates_compatible(a, b) and places_compatible(a, b) and bool(a.parties & b.parties)
    if a.parties != b.parties:
        return False
    same_occasion = bool(a.occasion and b.occasion and a.occasion.key and a.occasion.key == b.occasion.key)
    if a.occasion and b.occasion and a.occasion.key and b.occasion.key and not same_occasion:
        return False
    if not ({v.doc_id for v in a.evidence} & {v.doc_id for v in b.evidence}) and not same_occasion \
            and not (a.date and b.date):
        return False   # across documents, two undated reports of a pair are not known to be one meeting
    return dates_compatible(a, b) and places_compatible(a, b)


def _more_specific(x: str | None, y: str | None) -> str | None:
    if not x:
        return y
    if not y:
        return x
    return x if len(x) >= len(y) else y


def _precision(e: Event) -> tuple[int, int]:
    return (len(e.date or ""), 0 if e.date_end else 1)


def merge(a: Event, b: Event) -> Event:
    parts = {p.party: p for p in a.participants}
    for p in b.participants:
        cur = parts.get(p.party)
        if cur is None:
            parts[p.party] = p
        else:
            score = lambda x: (x.actor_id is not None) * 2 + (x.native_name is not None) + (x.role is not None)
            keep = p if score(p) > score(cur) else cur
            parts[p.party] = replace(keep, side=cur.side or p.side)
    evidence = list(a.evidence)
    seen = {(e.doc_id, e.start, e.end) for e in evidence}
    for e in b.evidence:
        if (e.doc_id, e.start, e.end) not in seen:
            evidence.append(e)
            seen.add((e.doc_id, e.start, e.end))
    # the more precise date: a full date over a partial one, a single day over a span
    if _precision(b) > _precision(a):
        date, date_end = b.date, b.date_end
    else:
        date, date_end = a.date, a.date_end
    loc = a.location
    if loc is None or (b.location and b.location.city and not loc.city):
        loc = b.location or loc
    occ = a.occasion or b.occasion
    if a.occasion and b.occasion and not a.occasion.event_id and b.occasion.event_id:
        occ = b.occasion
    topics = tuple(dict.fromkeys(a.topics + b.topics))
    conf = round(min(0.99, max(a.confidence, b.confidence) + 0.03), 2)
    return replace(a, participants=tuple(parts.values()), date=date, date_end=date_end, location=loc, occasion=occ,
                   topics=topics, evidence=tuple(evidence), confidence=conf,
                   explanation=tuple(dict.fromkeys(a.explanation + b.explanation)))


def _order(e: Event):
    ev = e.evidence[0] if e.evidence else Evidence("", "", "", 0, 0)
    return ev.doc_id, ev.start, e.type.value, sorted(e.parties)


def _months(e: Event) -> list[str]:
    """The months ("2025-03") an event's dates can fall in; [] when it has no date."""
    if not e.date:
        return []
    first, last = e.date, e.date_end or e.date
    y0, y1 = int(first[:4]), int(last[:4])
    m0 = int(first[5:7]) if len(first) >= 7 else 1
    m1 = int(last[5:7]) if len(last) >= 7 else 12
    out: list[str] = []
    y, m = y0, m0
    while (y, m) <= (y1, m1) and len(out) < 240:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


class _GroupIndex:
    """Which merged records of a group can describe the same event as a new one: those whose dates can
    overlap its dates, those sharing a document with it, and those of the same occasion. `same_event` is
    true of no other record (two reports from different documents need dates on both sides or the same
    occasion), so checking only these, in the order they were created, gives the same result as checking
    all, in time that grows with the matches rather than the group."""

    def __init__(self) -> None:
        self.keys: dict[int, list[tuple[str, str]]] = {}
        self.index: dict[tuple[str, str], set[int]] = {}

    @staticmethod
    def _keys_of(e: Event) -> list[tuple[str, str]]:
        keys = [("m", m) for m in _months(e)] + [("d", v.doc_id) for v in e.evidence]
        if e.occasion and e.occasion.key:
            keys.append(("o", e.occasion.key))
        return keys

    def put(self, i: int, e: Event) -> None:
        for k in self.keys.pop(i, ()):
            self.index[k].discard(i)
        keys = self._keys_of(e)
        self.keys[i] = keys
        for k in keys:
            self.index.setdefault(k, set()).add(i)

    def candidates(self, e: Event) -> list[int]:
        found: set[int] = set()
        for k in self._keys_of(e):
            found |= self.index.get(k, set())
        return sorted(found)


def fuse(events: list[Event]) -> list[Event]:
    """One record per real-world event, in a fixed order whatever order the events came in."""
    # Records hold no reference cycles, so the cyclic collector only rescans the growing heap of events:
    # pausing it keeps the time proportional to the work (measured in bench/fuse.py).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _fuse(events)
    finally:
        if was_enabled:
            gc.enable()


def _fuse(events: list[Event]) -> list[Event]:
    groups: dict[tuple, list[Event]] = {}
    for e in sorted(events, key=_order):
        key = (e.type, None if e.type == EventType.CONFERENCE else e.parties)
        groups.setdefault(key, []).append(e)
    out: list[Event] = []
    renamed: dict[str, str] = {}
    for group in groups.values():
        merged: list[Event] = []
        index = _GroupIndex()
        for e in group:
            for i in index.candidates(e):
                m = merged[i]
                if same_event(m, e):
                    merged[i] = merge(m, e)
                    index.put(i, merged[i])
                    renamed[e.id] = m.id
                    break
            else:
                merged.append(e)
                index.put(len(merged) - 1, e)
        out.extend(merged)
    # sideline meetings follow their conference when it was merged into another record
    fixed = []
    for e in out:
        if e.occasion and e.occasion.event_id in renamed:
            e = replace(e, occasion=replace(e.occasion, event_id=renamed[e.occasion.event_id]))
        fixed.append(e)
    return sorted(fixed, key=_order)
