"""Events to the exported record (FORMAT.md) and back."""
from __future__ import annotations

from sidelines.model import Event, EventType, Evidence, Location, Occasion, Participant


def event_to_record(e: Event) -> dict:
    return {
        "id": e.id,
        "type": e.type.value,
        "participants": [{"name": p.name, "native_name": p.native_name, "role": p.role, "party": p.party,
                          "actor_id": p.actor_id, "side": p.side} for p in e.participants],
        "date": e.date,
        "date_end": e.date_end,
        "location": {"city": e.location.city, "country": e.location.country} if e.location else None,
        "occasion": {"name": e.occasion.name, "body": e.occasion.body, "event_id": e.occasion.event_id}
        if e.occasion else None,
        "topics": list(e.topics),
        "evidence": [{"doc_id": v.doc_id, "lang": v.lang, "text": v.text, "start": v.start, "end": v.end,
                      "trigger": v.trigger} for v in e.evidence],
        "confidence": e.confidence,
    }


def record_to_event(d: dict) -> Event:
    loc = d.get("location")
    occ = d.get("occasion")
    return Event(
        id=d["id"], type=EventType(d["type"]),
        participants=tuple(Participant(party=p.get("party"), role=p.get("role"), name=p.get("name"),
                                       native_name=p.get("native_name"), actor_id=p.get("actor_id"),
                                       side=p.get("side")) for p in d.get("participants") or ()),
        date=d.get("date"), date_end=d.get("date_end"),
        location=Location(loc.get("city"), loc.get("country")) if loc else None,
        occasion=Occasion(occ.get("name"), occ.get("body"), None, occ.get("event_id")) if occ else None,
        topics=tuple(d.get("topics") or ()),
        evidence=tuple(Evidence(v["doc_id"], v.get("lang"), v.get("text"), v["start"], v["end"], v.get("trigger"))
                       for v in d.get("evidence") or ()),
        confidence=float(d.get("confidence", 0.5)))
