"""Frozen records that the stages exchange. Offsets are character offsets into a document's raw text
unless a field says otherwise."""
from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from functools import cached_property
from datetime import date
from enum import Enum

# Made by the hundred per document and built natively by the compiled stages: see sidelines/records.py.
from sidelines.records import Mention, PartialDate, Sentence  # noqa: F401


_FIELD_NAMES: dict[type, frozenset[str] | None] = {}


def evolve(record, **changes):
    """A copy of a frozen record with some fields changed: `dataclasses.replace`, five times as fast for the
    phrases, participants and events made by the dozen per document (x1.01 documents/s in
    bench/throughput.py). Records with a `__post_init__` or slots go through `replace`."""
    cls = record.__class__
    if cls not in _FIELD_NAMES:
        plain = hasattr(record, "__dict__") and not hasattr(cls, "__post_init__")
        _FIELD_NAMES[cls] = frozenset(f.name for f in fields(cls)) if plain else None
    names = _FIELD_NAMES[cls]
    if names is None:
        return replace(record, **changes)
    if not names.issuperset(changes):
        raise TypeError(f"{cls.__name__} has no field {', '.join(sorted(set(changes) - names))}")
    new = object.__new__(cls)
    new.__dict__.update(record.__dict__)
    new.__dict__.update(changes)
    return new


class EventType(str, Enum):
    MEETING = "meeting"
    PHONE_CALL = "phone_call"
    VISIT = "visit"
    CONFERENCE = "conference"
    MEMBERSHIP = "membership"


ROLES = ("foreign_minister", "deputy_foreign_minister", "head_of_state", "head_of_government",
         "secretary_general", "minister", "envoy", "ambassador", "delegation", "other")
SIDES = ("host", "guest", "caller", "callee")


@dataclass(frozen=True)
class Document:
    id: str
    text: str
    published: date | None = None
    lang: str | None = None
    source: str | None = None
    source_country: str | None = None
    url: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Participant:
    party: str | None
    role: str | None = None
    name: str | None = None           # Latin spelling, from the knowledge base
    native_name: str | None = None    # as the text writes it
    actor_id: str | None = None
    side: str | None = None
    note: str | None = None           # e.g. a conflict between the text and the knowledge base


@dataclass(frozen=True)
class Location:
    city: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class Occasion:
    name: str
    body: str | None = None
    key: str | None = None            # knowledge-base conference id, or a key built from its parts
    event_id: str | None = None


@dataclass(frozen=True)
class Evidence:
    doc_id: str
    lang: str
    text: str
    start: int
    end: int
    trigger: str | None = None        # the words that triggered the event


@dataclass(frozen=True)
class Event:
    id: str
    type: EventType
    participants: tuple[Participant, ...]
    date: str | None = None
    date_end: str | None = None
    location: Location | None = None
    occasion: Occasion | None = None
    topics: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    confidence: float = 0.5
    explanation: tuple[str, ...] = field(default=(), compare=False)

    @cached_property
    def parties(self) -> frozenset[str]:
        return frozenset(p.party for p in self.participants if p.party)
