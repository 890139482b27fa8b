"""The real seed articles, scored by the project's scorer when ../shared is present (it is in CI)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sidelines.api import iter_events, RunReport
from sidelines.export import event_to_record
from sidelines.fuse import fuse
from sidelines.ingest import read_documents
from sidelines.pipeline import Pipeline
from sidelines.settings import Settings

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"


@pytest.mark.skipif(not (SEEDS / "gold.jsonl").exists(), reason="../shared/seeds is not here")
def test_seeds_meet_the_bar(tmp_path):
    pipeline = Pipeline(Settings())   # the seeds name no language: it is identified
    docs = tmp_path / "docs.jsonl"
    with docs.open("w", encoding="utf-8") as out:
        for line in (SEEDS / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
            m = json.loads(line)
            m["text"] = (SEEDS / m.pop("path")).read_text(encoding="utf-8")
            out.write(json.dumps(m, ensure_ascii=False) + "\n")
    report = RunReport()
    events = fuse(list(iter_events(read_documents([docs]), pipeline, report)))
    assert not report.errors
    out = tmp_path / "events.jsonl"
    out.write_text("".join(json.dumps(event_to_record(e), ensure_ascii=False) + "\n" for e in events), encoding="utf-8")
    res = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(SEEDS / "gold.jsonl"), str(out), "--json"],
                         capture_output=True, text=True, check=True)
    score = json.loads(res.stdout)
    assert score["f1"] >= 0.95, score
    for k in ("person_accuracy", "date_accuracy", "city_accuracy", "occasion_accuracy"):
        assert score[k] is not None and score[k] >= 0.95, (k, score)
