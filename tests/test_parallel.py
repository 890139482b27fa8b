"""Every executor gives the same output in the same order; an interrupted run resumes to the result of an
uninterrupted one."""
import json
import os
import random
import signal
import subprocess
import sys
import time
from datetime import date, timedelta

import pytest

from sidelines.api import RunReport, extract_into_store
from sidelines.model import Document
from sidelines.parallel import extract_many
from sidelines.settings import Settings
from sidelines.store import Store

PAIRS = [("الأردني", "أيمن الصفدي", "المصري", "بدر عبد العاطي"), ("الإيراني", "عباس عراقجي", "التركي", "هاكان فيدان"),
         ("العماني", "بدر البوسعيدي", "القطري", "محمد بن عبد الرحمن آل ثاني")]
CITIES = ["القاهرة", "عمان", "الدوحة", "مسقط", "أنقرة", "جدة"]
DAYS = ["الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس"]


def corpus(n: int, seed: int = 3) -> list[Document]:
    """Short reports written for these tests: varied pairs, cities, days and publication dates."""
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        a, an, b, bn = rng.choice(PAIRS)
        text = (f"التقى وزير الخارجية {a} {an} نظيره {b} {bn} في {rng.choice(CITIES)} يوم {rng.choice(DAYS)}، "
                f"وبحثا العلاقات الثنائية. (تقرير {i})")
        docs.append(Document(f"doc{i:05d}", text, date(2024, 1, 1) + timedelta(days=rng.randrange(400)), "ar"))
    return docs


def _key(outcomes):
    return [(o.document.id, [(e.id, e.date, sorted(e.parties)) for e in o.events or []]) for o in outcomes]


def test_serial_local_and_dask_give_the_same_outcomes_in_input_order():
    docs = corpus(60)
    settings = Settings(identify_language=False)
    serial = _key(extract_many(docs, settings, "serial", chunk_size=7))
    assert [d for d, _ in serial] == [d.id for d in docs] and sum(len(e) for _, e in serial) >= 60
    assert _key(extract_many(docs, settings, "local", workers=2, chunk_size=7)) == serial
    pytest.importorskip("dask.distributed")
    assert _key(extract_many(docs, settings, "dask", workers=2, chunk_size=7)) == serial   # a two-worker LocalCluster


def test_a_store_filled_in_parallel_equals_one_filled_serially(tmp_path):
    docs = corpus(80)
    settings = Settings(identify_language=False)
    out = []
    for name, ex in (("serial", "serial"), ("local", "local")):
        with Store(tmp_path / f"{name}.duckdb") as s:
            extract_into_store(docs, settings, s, RunReport(), batch_size=9, executor=ex, workers=2)
            out.append([(e.id, len(e.evidence)) for e in s.query()])
    assert out[0] == out[1] and out[0]


def test_unknown_executor_is_refused():
    with pytest.raises(ValueError, match="unknown executor"):
        list(extract_many(corpus(1), Settings(), "spark"))


def _run(args):
    return subprocess.run([sys.executable, "-c", "from sidelines.serve.cli import main; main()", *args],
                          capture_output=True, text=True)


def _dump(db):
    r = _run(["query", "--db", str(db), "--json"])
    assert r.returncode == 0, r.stderr
    return [json.loads(x) for x in r.stdout.splitlines()]


KILLS = int(os.environ.get("SIDELINES_KILLS", "3"))   # README: a longer run kills it more often


def test_a_run_killed_halfway_resumes_to_the_uninterrupted_result(tmp_path):
    docs = corpus(400, seed=11)
    src = tmp_path / "docs.jsonl"
    src.write_text("".join(json.dumps({"id": d.id, "text": d.text, "published": d.published.isoformat(), "lang": "ar"},
                                      ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    whole = tmp_path / "whole.duckdb"
    r = _run(["extract", str(src), "--db", str(whole), "--executor", "serial", "--batch-size", "10", "-q"])
    assert r.returncode == 0, r.stderr
    expected = _dump(whole)

    killed = tmp_path / "killed.duckdb"
    args = [sys.executable, "-c", "from sidelines.serve.cli import main; main()", "extract", str(src), "--db", str(killed),
            "--executor", "serial", "--batch-size", "10", "-q"]
    held = []
    for attempt in range(KILLS):      # killed at a random moment after a commit, again and again
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wal = killed.with_name(killed.name + ".wal")
        before = wal.stat().st_size if wal.exists() else 0
        deadline = time.time() + 60
        while time.time() < deadline and proc.poll() is None and not (wal.exists() and wal.stat().st_size > before):
            time.sleep(0.01)
        time.sleep(random.uniform(0.0, 0.3))
        if proc.poll() is not None:
            break          # it finished before this kill: the checks below still hold
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        with Store(killed, read_only=True) as s:      # the store opens, and holds what was committed
            held.append(s.stats()["documents"])
    assert held and 0 < held[-1] < len(docs) and held == sorted(held)
    r = _run(["extract", str(src), "--db", str(killed), "--executor", "serial", "--batch-size", "10"])
    assert r.returncode == 0, r.stderr
    assert f"({held[-1]} already stored)" in r.stderr
    assert _dump(killed) == expected


BUDGET_CHECK = """
import time
from datetime import date
from sidelines.model import Document
from sidelines.parallel import extract_many
from sidelines.settings import Settings
base = "التقى وزير الخارجية الأردني أيمن الصفدي نظيره المصري بدر عبد العاطي في القاهرة يوم الثلاثاء، "
small = Document("small", base, date(2025, 3, 5), "ar")
huge = Document("huge", base * 40000, date(2025, 3, 5), "ar")     # one 7 MB run-on line
t = time.time()
out = list(extract_many([huge, small], Settings(identify_language=False, document_seconds=0.5), "serial"))
print(round(time.time() - t, 1), out[0].events is None, out[0].errors[0], bool(out[1].events))
"""


def test_a_document_past_its_time_budget_is_reported_and_the_next_one_read():
    # in a process of its own, as the CLI and every worker read documents
    r = subprocess.run([sys.executable, "-c", BUDGET_CHECK], capture_output=True, text=True, timeout=120)
    seconds, skipped, *rest = r.stdout.split(" ", 2)
    assert float(seconds) < 20, r.stdout      # unbounded, this document takes minutes
    assert skipped == "True" and "time budget of 0.5 s" in rest[0] and rest[0].rstrip().endswith("True"), r.stdout


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")   # the swallowed first one
def test_the_time_budget_holds_when_its_first_signal_lands_in_a_finaliser():
    from sidelines.api import DocumentTimeout, _time_budget

    class SlowToFinalise:
        def __del__(self):
            t = time.time()
            while time.time() - t < 0.4:    # the timer fires in here, where Python swallows exceptions
                pass

    t = time.time()
    with pytest.raises(DocumentTimeout):
        with _time_budget(0.2):
            SlowToFinalise()                # finalised at once
            while time.time() - t < 5:
                pass
    assert time.time() - t < 2
    time.sleep(0.3)                         # disarmed: nothing fires after the budget's block
