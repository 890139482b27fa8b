"""People the text names with an office the knowledge base lacks are proposed, never silently added."""
import json
from datetime import date

from sidelines.kb.base import load_kb_from
from sidelines.model import Document
from sidelines.pipeline import Pipeline
from sidelines.resolve.learned import accept, learned_from, read_learned, reject, rejected_keys, write_learned
from sidelines.settings import Settings

# Ghana is outside the offices the knowledge base must cover: its foreign minister is not in it
TEXT = "التقى وزير خارجية غانا صامويل أوكودزيتو أبلاكوا اليوم في أكرا نظيره المصري بدر عبد العاطي."


def test_a_named_office_holder_missing_from_the_kb_is_a_candidate(pipeline, tmp_path):
    doc = Document("n1", TEXT, date(2025, 3, 4), "ar")
    events = pipeline.extract(doc)
    learned = [x for e in events for x in learned_from(e)]
    assert [(x.kind, x.party, x.office, x.native_name) for x in learned] == \
        [("candidate", "GHA", "foreign_minister", "صامويل أوكودزيتو أبلاكوا")]
    path = tmp_path / "learned.jsonl"
    assert write_learned(path, learned) == 1
    row = read_learned(path)[0]
    assert row["dates"] == ["2025-03-04"] and row["docs"] == ["n1"]


def test_a_former_holder_named_in_office_after_his_term_is_a_conflict(pipeline):
    # Hassoumi Massoudou left Niger's foreign ministry in the coup of July 2023; the knowledge base has his successor
    doc = Document("n0", "التقى وزير خارجية النيجر هسومي مسعودو اليوم في نيامي نظيره المصري بدر عبد العاطي.",
                   date(2025, 3, 4), "ar")
    learned = [x for e in pipeline.extract(doc) for x in learned_from(e)]
    assert [(x.kind, x.party, x.office) for x in learned] == [("conflict", "NER", "foreign_minister")]


def test_accepting_writes_an_attested_term_to_the_overlay_and_the_resolver_uses_it(pipeline, tmp_path):
    events = pipeline.extract(Document("n1", TEXT, date(2025, 3, 4), "ar"))
    learned = [x for e in events for x in learned_from(e)]
    write_learned(tmp_path / "learned.jsonl", learned)
    overlay = tmp_path / "overlay"
    actor, term = accept(read_learned(tmp_path / "learned.jsonl")[0], overlay, "2026-11-25")
    assert term["attested_only"] is True and term["valid_from"] == term["valid_to"] == "2025-03-04"
    from importlib import resources
    kb = load_kb_from(resources.files("sidelines") / "data" / "kb", overlay)
    assert kb.at(date(2025, 3, 4)).holder("GHA", "foreign_minister").id == actor["id"]
    assert kb.at(date(2025, 3, 5)).holder("GHA", "foreign_minister") is None   # attested on one day only
    p = Pipeline(Settings(identify_language=False, kb_overlay=str(overlay)))
    again = p.extract(Document("n2", TEXT, date(2025, 3, 4), "ar"))
    assert any(part.actor_id == actor["id"] for e in again for part in e.participants)


def test_rejected_candidates_are_not_proposed_again(pipeline, tmp_path):
    events = pipeline.extract(Document("n1", TEXT, date(2025, 3, 4), "ar"))
    write_learned(tmp_path / "learned.jsonl", [x for e in events for x in learned_from(e)])
    row = read_learned(tmp_path / "learned.jsonl")[0]
    reject(row, tmp_path / "overlay")
    assert row["key"] in rejected_keys(tmp_path / "overlay")
    assert json.loads((tmp_path / "overlay" / "rejected.jsonl").read_text(encoding="utf-8"))["office"] == "foreign_minister"


def test_a_name_contradicting_a_curated_holder_is_a_conflict(pipeline):
    # on 2025-03-04 the knowledge base has Abbas Araghchi as Iran's foreign minister
    doc = Document("c1", "التقى وزير الخارجية الإيراني حسن قاسمي نظيره العماني بدر البوسعيدي في مسقط اليوم.",
                   date(2025, 3, 4), "ar")
    learned = [x for e in pipeline.extract(doc) for x in learned_from(e)]
    assert [(x.kind, x.party, x.native_name) for x in learned] == [("conflict", "IRN", "حسن قاسمي")]
