"""The office-holder sources (tools/kb_src/holders) and what is built from them."""
import importlib.util
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from sidelines.kb.base import load_kb_from
from sidelines.kb.validate import uncovered

ROOT = Path(__file__).resolve().parents[1]


def _builder():
    spec = importlib.util.spec_from_file_location("build_holders", ROOT / "tools" / "build_holders.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


GOOD = """party: XAA
retrieved: 2026-11-25
people:
  - id: first-minister
    names: {ar: ["الوزير الأول"], en: ["First Minister"]}
    source: https://example.org/first
  - id: second-minister
    names: {en: ["Second Minister"]}
    source: https://example.org/second
terms:
  - {office: foreign_minister, actor: first-minister, from: 2014-03-01, to: 2016-05-31, source: https://example.org/list}
  - {office: foreign_minister, gap: unknown, from: 2016-06-01, to: 2016-06-09, note: "hand-over day not established"}
  - {office: foreign_minister, actor: second-minister, from: 2016-06-10, to: null, last_seen: 2026-10-01, start_unknown: true, source: https://example.org/list}
"""


def test_the_committed_files_match_a_fresh_build():
    r = subprocess.run([sys.executable, str(ROOT / "tools" / "build_holders.py"), "--check"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_a_source_file_builds_people_terms_and_gaps(tmp_path):
    (tmp_path / "XAA.yaml").write_text(GOOD, encoding="utf-8")
    actors, offices = _builder().build(tmp_path)
    assert [a["id"] for a in actors] == ["first-minister", "second-minister"]
    gap = next(o for o in offices if o["actor"] is None)
    assert gap["status"] == "unknown" and gap["id"] == "XAA/foreign_minister/unknown/2016-06-01" and gap["note"]
    second = next(o for o in offices if o["actor"] == "second-minister")
    assert second["last_seen"] == "2026-10-01" and second["start_unknown"] is True
    assert uncovered(offices, "XAA", "foreign_minister", date(2015, 1, 1), date(2026, 11, 25)) == []


@pytest.mark.parametrize("bad, reason", [
    (GOOD.replace("    source: https://example.org/first\n", ""), "no source"),
    (GOOD.replace("from: 2014-03-01", "from: 2014-03"), "not a full ISO date"),
    (GOOD.replace("office: foreign_minister, actor: first", "office: chancellor, actor: first"), "unknown office"),
    (GOOD.replace('note: "hand-over day not established"', ""), "needs both days and a note"),
    (GOOD.replace("actor: second-minister", "actor: third-minister"), "defined in no source file"),
    (GOOD.replace("party: XAA", "party: XBB"), "does not match the file name"),
    (GOOD.replace("to: null, last_seen", "to: 2020-01-01, last_seen"), "last_seen is for a term still open"),
])
def test_the_builder_refuses_a_bad_source_and_says_why(tmp_path, bad, reason):
    (tmp_path / "XAA.yaml").write_text(bad, encoding="utf-8")
    mod = _builder()
    with pytest.raises(mod.SourceError, match=reason):
        mod.build(tmp_path)


def test_uncovered_days_are_listed_as_runs():
    rows = [{"party": "X", "office": "foreign_minister", "valid_from": "2014-01-01", "valid_to": "2016-12-31"},
            {"party": "X", "office": "foreign_minister", "valid_from": "2017-02-01", "valid_to": None, "end_unknown": True},
            {"party": "X", "office": "foreign_minister", "valid_from": "2020-01-01", "valid_to": "2020-06-30"}]
    assert uncovered(rows, "X", "foreign_minister", date(2015, 1, 1), date(2021, 1, 1)) == [
        (date(2017, 1, 1), date(2017, 1, 31)), (date(2020, 7, 1), date(2021, 1, 1))]


def test_no_one_holds_an_office_on_a_day_recorded_as_a_gap(tmp_path):
    kb_dir = tmp_path / "kb"
    kb_dir.mkdir()
    src = ROOT / "sidelines" / "data" / "kb"
    for name in ("countries.jsonl", "organisations.jsonl", "places.jsonl", "conferences.jsonl"):
        (kb_dir / name).write_text((src / name).read_text(encoding="utf-8"), encoding="utf-8")
    rows = [
        {"id": "JOR/foreign_minister/nasser/2009-02-23", "office": "foreign_minister", "party": "JOR", "actor": "nasser",
         "valid_from": "2009-02-23", "valid_to": None, "end_unknown": True, "source": "s", "retrieved": "2026-11-25"},
        {"id": "JOR/foreign_minister/unknown/2017-01-01", "office": "foreign_minister", "party": "JOR", "actor": None,
         "status": "unknown", "valid_from": "2017-01-01", "valid_to": "2017-01-20", "note": "not established",
         "retrieved": "2026-11-25"}]
    (kb_dir / "offices.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    (kb_dir / "actors.jsonl").write_text(json.dumps({"id": "nasser", "names": {"en": ["Nasser Judeh"]}}) + "\n",
                                         encoding="utf-8")
    kb = load_kb_from(kb_dir)
    assert kb.at(date(2016, 12, 31)).holder("JOR", "foreign_minister").id == "nasser"   # runs up to the gap
    view = kb.at(date(2017, 1, 5))
    assert view.holder("JOR", "foreign_minister") is None
    assert view.gap("JOR", "foreign_minister").note == "not established"
