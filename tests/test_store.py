"""The DuckDB store: idempotent writes, fusion as it goes, stable ids, queries and exports."""
import json
from datetime import date

import duckdb
import pytest

from sidelines.api import RunReport, extract_into_store
from sidelines.export.formats import plover_record, write
from sidelines.model import Document
from sidelines.store import Query, Store

# Written for these tests: one meeting reported in Arabic and in Persian, another meeting of the same pair a
# month later, a phone call, a visit and a sideline meeting.
AR_JEDDAH = Document("ar-jeddah", "التقى وزير الخارجية الإيراني عباس عراقجي نظيره التركي هاكان فيدان في جدة يوم الجمعة.",
                     date(2025, 3, 8), "ar")
FA_JEDDAH = Document("fa-jeddah", "عباس عراقچی وزیر امور خارجه کشورمان روز جمعه در جده با هاکان فیدان وزیر امور خارجه ترکیه دیدار کرد.",
                     date(2025, 3, 8), "fa", source_country="IRN")
AR_APRIL = Document("ar-april", "التقى وزير الخارجية الإيراني عباس عراقجي نظيره التركي هاكان فيدان في أنقرة يوم الثلاثاء.",
                    date(2025, 4, 9), "ar")
AR_PHONE = Document("ar-phone", "تلقى وزير الخارجية العماني بدر البوسعيدي اتصالا هاتفيا من نظيره الإيراني عباس عراقجي يوم الأربعاء.",
                    date(2025, 3, 6), "ar")
EN_VISIT = Document("en-visit", "Turkish Foreign Minister Hakan Fidan arrived in Cairo on Thursday on an official visit.",
                    date(2025, 3, 7), "en")
EN_SIDELINES = Document("en-sidelines", "On the sidelines of the 79th session of the UN General Assembly in New York, "
                        "Jordanian Foreign Minister Ayman Safadi met his Turkish counterpart Hakan Fidan.",
                        date(2024, 9, 25), "en")
ALL = [AR_JEDDAH, FA_JEDDAH, AR_APRIL, AR_PHONE, EN_VISIT, EN_SIDELINES]


def _add(store, pipeline, docs):
    return extract_into_store(docs, pipeline, store, RunReport())


@pytest.fixture
def store(tmp_path, pipeline):
    with Store(tmp_path / "s.duckdb") as s:
        _add(s, pipeline, ALL)
        yield s


def _pair(store, a, b, **kw):
    return store.query(Query(parties=(a, b), **kw))


def test_one_record_per_meeting_across_languages_with_all_its_evidence(store):
    jeddah = _pair(store, "IRN", "TUR", until=date(2025, 3, 31))
    assert len(jeddah) == 1
    assert {v.doc_id for v in jeddah[0].evidence} == {"ar-jeddah", "fa-jeddah"}
    assert {v.lang for v in jeddah[0].evidence} == {"ar", "fa"}
    assert jeddah[0].date == "2025-03-07" and jeddah[0].location.city == "Jeddah"


def test_the_same_pair_in_another_month_and_city_stays_another_record(store):
    records = _pair(store, "IRN", "TUR")
    assert len(records) == 2
    assert [r.location.city for r in records] == ["Jeddah", "Ankara"]


def test_adding_the_same_documents_again_does_nothing(store, pipeline):
    before = sorted(e.id for e in store.query())
    report = _add(store, pipeline, ALL)
    assert (report.documents, report.duplicates, report.events) == (0, len(ALL), 0)
    assert sorted(e.id for e in store.query()) == before


def test_ids_are_stable_and_new_documents_add_evidence(tmp_path, pipeline):
    with Store(tmp_path / "a.duckdb") as s:
        _add(s, pipeline, [FA_JEDDAH])
        first = _pair(s, "IRN", "TUR")[0].id
        _add(s, pipeline, [AR_JEDDAH])      # its id sorts before the Persian one: the record is not renamed
        records = _pair(s, "IRN", "TUR")
        assert [r.id for r in records] == [first] and len(records[0].evidence) == 2
    with Store(tmp_path / "b.duckdb") as s:   # a fresh run on the same input gives the same ids
        _add(s, pipeline, [FA_JEDDAH, AR_JEDDAH])
        assert [r.id for r in _pair(s, "IRN", "TUR")] == [first]


def test_a_copy_of_a_stored_text_is_recorded_as_a_source_and_read_once(store, pipeline):
    copy = Document("ar-jeddah-syndicated", AR_JEDDAH.text, AR_JEDDAH.published, "ar")
    report = _add(store, pipeline, [copy])
    assert (report.documents, report.duplicates) == (0, 1)
    assert store.copies("ar-jeddah") == ["ar-jeddah", "ar-jeddah-syndicated"]


def test_queries_filter_by_party_person_type_dates_and_occasion(store):
    assert {e.type.value for e in store.query(Query(parties=("OMN",)))} == {"phone_call"}
    assert len(store.query(Query(person="abbas-araghchi"))) == 3
    assert len(store.query(Query(person="عراقچی"))) == 3          # any spelling of a known person finds all
    assert len(store.query(Query(person="Fidan"))) == 4
    assert [e.type.value for e in store.query(Query(type="visit"))] == ["visit"]
    assert len(store.query(Query(since=date(2025, 4, 1)))) == 1
    assert [e.parties for e in store.query(Query(occasion="General Assembly"))] == [frozenset({"JOR", "TUR"})]
    assert store.count(Query(parties=("IRN",), since=date(2025, 1, 1), until=date(2025, 12, 31))) == 3


@pytest.mark.parametrize("hostile", ["IRN' OR '1'='1", "IRN); DROP TABLE events; --", "%"])
def test_filters_are_bound_not_spliced_into_sql(store, hostile):
    n = store.count()
    assert store.query(Query(parties=(hostile,))) == []
    assert store.query(Query(occasion=hostile.replace("%", "no such occasion"))) == []
    assert store.count() == n


def test_every_export_format_writes_and_reads_back(store, tmp_path):
    n = store.count()
    for fmt in ("jsonl", "csv", "parquet", "plover", "graphml", "gexf"):
        assert write(fmt, store.iter_events(), tmp_path / f"out.{fmt}") > 0, fmt
    rows = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == n and {"id", "participants", "evidence", "occasion"} <= set(rows[0])
    assert duckdb.sql(f"SELECT count(*) FROM '{tmp_path / 'out.parquet'}'").fetchall()[0][0] == n
    nx = pytest.importorskip("networkx")
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        g = read(tmp_path / f"out.{fmt}")
        assert {"IRN", "TUR", "OMN", "JOR"} <= set(g.nodes)
        assert g.has_edge("IRN", "TUR")
    write("gexf", store.iter_events(), tmp_path / "people.gexf", nodes_are="actors")
    people = nx.read_gexf(tmp_path / "people.gexf")
    assert people.has_edge("abbas-araghchi", "hakan-fidan")
    assert people.nodes["hakan-fidan"]["label"] == "Hakan Fidan (TUR)"


def test_plover_reads_visits_sidelines_and_calls(store):
    by_type = {}
    for e in store.query():
        by_type.setdefault(e.type.value, []).append(plover_record(e))
    visit = by_type["visit"][0]
    assert (visit["event_type"], visit["mode"], visit["cameo"]) == ("CONSULT", "visit", "042")
    assert [a["country"] for a in visit["actor"]] == ["TUR"] and [r["country"] for r in visit["recipient"]] == ["EGY"]
    call = by_type["phone_call"][0]
    assert (call["mode"], call["cameo"]) == ("phone", "041")
    sidelines = next(r for r in by_type["meeting"] if r["occasion"])
    assert (sidelines["mode"], sidelines["cameo"]) == ("third-party", "044")
    assert sidelines["context"] == ["diplomatic"] and sidelines["text_info"][0]["doc_id"] == "en-sidelines"
    ankara = next(r for r in by_type["meeting"] if r["location"] and r["location"]["city"] == "Ankara")
    assert ankara["mode"] == "visit" and [a["country"] for a in ankara["actor"]] == ["IRN"]
    assert [r["country"] for r in ankara["recipient"]] == ["TUR"]


def test_the_store_survives_a_document_that_fails(tmp_path, pipeline, monkeypatch):
    calls = {"n": 0}
    real = pipeline.trace

    def flaky(doc):
        calls["n"] += 1
        if doc.id == "ar-phone":
            raise RuntimeError("boom")
        return real(doc)
    monkeypatch.setattr(pipeline, "trace", flaky)
    report = RunReport()
    with Store(tmp_path / "f.duckdb") as s:
        added = extract_into_store(ALL, pipeline, s, report)
        assert added.documents == len(ALL) - 1
        assert any("ar-phone" in e and "boom" in e for e in report.errors)
        assert not s.query(Query(parties=("OMN",)))


def test_export_then_import_round_trips_every_field(store, tmp_path):
    from sidelines.export.records import record_to_event
    first = tmp_path / "a.jsonl"
    write("jsonl", store.iter_events(), first)
    with Store(tmp_path / "copy.duckdb") as copy:
        events = [record_to_event(json.loads(x)) for x in first.read_text(encoding="utf-8").splitlines()]
        assert copy.import_events(events) == len(events)
        assert copy.import_events(events) == len(events)       # again: replaced, not doubled
        assert copy.count() == len(events)
        second = tmp_path / "b.jsonl"
        write("jsonl", copy.iter_events(), second)
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")


def test_a_second_writer_gets_a_clear_error_not_a_corrupt_store(tmp_path):
    import subprocess
    import sys
    db = tmp_path / "w.duckdb"
    with Store(db):
        code = ("from sidelines.store import Store, StoreError\n"
                f"try:\n    Store({str(db)!r})\nexcept StoreError as e:\n    print('refused:', e)\n")
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.stdout.startswith("refused: ") and str(db) in r.stdout and "cannot open the store" in r.stdout
    with Store(db) as s:
        assert s.count() == 0
