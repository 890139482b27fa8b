from itertools import permutations

from sidelines.fuse import fuse
from sidelines.model import Event, EventType, Evidence, Location, Participant


def ev(id_, parties, date, city=None, country=None, doc="d1", start=0, lang="ar"):
    return Event(id=id_, type=EventType.MEETING, participants=tuple(Participant(party=p) for p in parties), date=date,
                 location=Location(city, country) if city or country else None,
                 evidence=(Evidence(doc, lang, "text", start, start + 4),), confidence=0.8)


def test_same_meeting_across_languages_is_one_record():
    a = ev("a", ["IRN", "TUR"], "2025-03-07", "Jeddah", "SAU", doc="fa1", lang="fa")
    b = ev("b", ["TUR", "IRN"], "2025-03-07", None, None, doc="ar1", lang="ar")
    out = fuse([a, b])
    assert len(out) == 1
    assert {e.doc_id for e in out[0].evidence} == {"fa1", "ar1"}
    assert out[0].location.city == "Jeddah"


def test_never_merge_what_differs():
    a = ev("a", ["IRN", "TUR"], "2025-03-07", "Jeddah", "SAU")
    b = ev("b", ["IRN", "TUR"], "2025-05-20", "Jeddah", "SAU", start=10)
    c = ev("c", ["IRN", "TUR"], "2025-03-07", "Ankara", "TUR", start=20)
    assert len(fuse([a, b, c])) == 3


def test_fusion_is_independent_of_order_and_idempotent():
    items = [ev("a", ["IRN", "TUR"], "2025-03-07", "Jeddah", "SAU", doc="x"),
             ev("b", ["IRN", "TUR"], None, doc="y"),
             ev("c", ["EGY", "IRN"], "2025-03-07", doc="z")]
    results = {tuple((e.id, e.date, len(e.evidence)) for e in fuse(list(p))) for p in permutations(items)}
    assert len(results) == 1
    once = fuse(items)
    assert fuse(once) == once


def test_undated_reports_in_different_documents_stay_apart():
    a = ev("a", ["IRN", "TUR"], None, doc="x")
    b = ev("b", ["IRN", "TUR"], None, doc="y")
    assert len(fuse([a, b])) == 2
    c = ev("c", ["IRN", "TUR"], None, doc="x", start=30)
    assert len(fuse([a, c])) == 1     # within one document they are the same meeting told twice
