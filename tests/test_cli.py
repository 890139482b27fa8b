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
