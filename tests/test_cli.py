import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-c", "from sidelines.serve.cli import main; main()", *args],
                          capture_output=True, text=True, cwd=cwd)


def test_extract_reports_bad_input_and_keeps_the_good(tmp_path):
    docs = tmp_path / "docs.jsonl"
    docs.write_text("\n".join([
        json.dumps({"id": "ok", "lang": "en", "published": "2025-03-04",
                    "text": "Jordanian Foreign Minister Ayman Safadi met his Egyptian counterpart Badr Abdelatty in Cairo on Tuesday."}),
        "not json at all",
        json.dumps({"id": "no-text"}),
    ]), encoding="utf-8")
    out = tmp_path / "events.jsonl"
    r = run("extract", str(docs), "-o", str(out))
    assert r.returncode == 0, r.stderr
    lines = [l for l in r.stderr.splitlines() if l.startswith("error:")]
    assert len(lines) == 2 and "docs.jsonl:2" in lines[0] and "docs.jsonl:3" in lines[1]
    events = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    assert [sorted(p["party"] for p in e["participants"]) for e in events] == [["EGY", "JOR"]]
    e = events[0]
    text = json.loads(docs.read_text(encoding="utf-8").splitlines()[0])["text"]
    ev = e["evidence"][0]
    assert text[ev["start"]:ev["end"]] == ev["text"]


def test_exit_status_is_non_zero_only_when_nothing_could_be_read(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    r = run("extract", str(bad), "-o", str(tmp_path / "e.jsonl"))
    assert r.returncode == 1 and "bad.txt: empty" in r.stderr


def test_explain_shows_the_trigger_and_the_resolution(tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text("Iranian Foreign Minister Abbas Araghchi spoke by phone with his Omani counterpart on Monday.",
                   encoding="utf-8")
    man = tmp_path / "manifest.jsonl"
    man.write_text(json.dumps({"id": "a", "path": "a.txt", "published": "2025-03-05", "lang": "en"}) + "\n")
    r = run("explain", str(doc), "--manifest", str(man))
    assert r.returncode == 0, r.stderr
    assert "phone_call" in r.stdout and "spoke by phone" in r.stdout and "OMN" in r.stdout


def test_eval_scores_an_export_against_gold(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"doc": "d", "type": "meeting", "parties": ["EGY", "JOR"], "people": [],
                                "date": ["2025-03-04"], "location": None, "occasion": None, "topics": [],
                                "required": True}) + "\n")
    events = tmp_path / "events.jsonl"
    events.write_text(json.dumps({"id": "x", "type": "meeting", "participants": [{"party": "JOR"}, {"party": "EGY"}],
                                  "date": "2025-03-04", "evidence": [{"doc_id": "d", "start": 0, "end": 1}]}) + "\n")
    r = run("eval", str(events), "--gold", str(gold), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["f1"] == 1.0


def test_extract_into_a_store_then_query_and_export(tmp_path):
    docs = tmp_path / "docs.jsonl"
    docs.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in [
        {"id": "en1", "lang": "en", "published": "2025-03-06",
         "text": "Jordanian Foreign Minister Ayman Safadi met his Egyptian counterpart Badr Abdelatty in Cairo on Tuesday."},
        {"id": "ar1", "lang": "ar", "published": "2025-03-06",
         "text": "التقى وزير الخارجية الأردني أيمن الصفدي نظيره المصري بدر عبد العاطي في القاهرة يوم الثلاثاء."},
        "broken line"]), encoding="utf-8")
    db = tmp_path / "s.duckdb"
    r = run("extract", str(docs), "--db", str(db))
    assert r.returncode == 0, r.stderr
    assert "2 new documents" in r.stderr and "holds 1 records" in r.stderr and "docs.jsonl:3" in r.stderr
    r = run("extract", str(docs), "--db", str(db))
    assert "0 new documents (2 already stored)" in r.stderr
    r = run("query", "--db", str(db), "--party", "jor", "--since", "2025-01-01", "--json")
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert len(rows) == 1 and {v["doc_id"] for v in rows[0]["evidence"]} == {"en1", "ar1"}
    r = run("query", "--db", str(db), "--party", "SYR")
    assert r.returncode == 0 and "0 events" in r.stderr
    out = tmp_path / "net.graphml"
    r = run("export", "--db", str(db), "--format", "graphml", "-o", str(out))
    assert r.returncode == 0 and "1 edges" in r.stderr and out.read_text(encoding="utf-8").count("<edge ") == 1


def test_query_and_export_say_what_is_wrong_with_their_arguments(tmp_path):
    r = run("query", "--db", str(tmp_path / "missing.duckdb"))
    assert r.returncode == 2 and "missing.duckdb: no such store" in r.stderr
    db = tmp_path / "s.duckdb"
    run("extract", str(ROOT / "examples"), "--db", str(db), "-q")
    r = run("query", "--db", str(db), "--since", "March 2025")
    assert r.returncode == 2 and "--since March 2025: not a date" in r.stderr
    r = run("export", "--db", str(db), "--format", "xlsx", "-o", str(tmp_path / "x"))
    assert r.returncode == 2 and "--format xlsx: not a format" in r.stderr
