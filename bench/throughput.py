"""Extraction throughput: documents per second on one core, on every core, and on a two-worker Dask
LocalCluster, with peak memory per worker; and a large WARC file streamed in constant memory.

The corpus (default 20,000 documents) is built from sentences written for the project in Arabic, Persian and
English, with varied names, places, days and publication dates, plus the seeds read in place from
../shared/seeds (never copied). Articles are a few paragraphs long, like wire copy.

    python bench/throughput.py [--docs 20000] [--warc-mb 1024]
Targets (issue 4): 1,000 documents/s per core, 1.7x from one to two cores, under 600 MB per worker, constant
memory over a 1 GB WARC. The second line says whether the compiled modules run (sidelines/_native.py);
`SIDELINES_PURE_PYTHON=1` measures the Python sources. The machine reference printed first (a fixed pure-Python loop) says how fast the
interpreter's arithmetic runs that day; it is context, not a conversion factor: it did not show the 2.9x gap
in this benchmark between the machines of 2026-11-25 and 2026-12-03 (README).
"""
from __future__ import annotations

import argparse
import io
import os
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sidelines.model import Document  # noqa: E402
from sidelines.parallel import extract_many  # noqa: E402
from sidelines.settings import Settings  # noqa: E402

AR_PEOPLE = [("الأردني", "أيمن الصفدي", "المصري", "بدر عبد العاطي"), ("الإيراني", "عباس عراقجي", "التركي", "هاكان فيدان"),
             ("العماني", "بدر البوسعيدي", "القطري", "محمد بن عبد الرحمن آل ثاني"),
             ("السعودي", "فيصل بن فرحان", "الروسي", "سيرغي لافروف")]
AR_CITIES = ["القاهرة", "عمان", "الدوحة", "مسقط", "أنقرة", "جدة", "موسكو", "الرياض"]
AR_DAYS = ["الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس"]
AR_FILLER = ["وأكد الجانبان أهمية مواصلة التنسيق والتشاور إزاء مختلف القضايا الإقليمية والدولية ذات الاهتمام المشترك.",
             "وتناول اللقاء سبل تعزيز التعاون الاقتصادي والتجاري والاستثماري بين البلدين في المرحلة المقبلة.",
             "وأشار البيان إلى أن الوزيرين بحثا التطورات في المنطقة والجهود المبذولة لخفض التصعيد ودعم الاستقرار.",
             "وكانت العلاقات بين البلدين قد شهدت تطورا ملحوظا خلال السنوات الأخيرة على مختلف الأصعدة.",
             "ويأتي اللقاء في إطار جولة إقليمية يقوم بها الوزير تشمل عددا من العواصم العربية والأوروبية.",
             "وجرى خلال المباحثات استعراض نتائج اجتماعات اللجنة المشتركة والاتفاقيات الموقعة بين الجانبين.",
             "وشدد الوزير على موقف بلاده الداعي إلى حل الأزمات عبر الحوار والوسائل الدبلوماسية واحترام القانون الدولي.",
             "كما تطرق الجانبان إلى الأوضاع الإنسانية وضرورة إيصال المساعدات دون عوائق إلى المحتاجين.",
             "وفي ختام اللقاء وجه الوزير دعوة إلى نظيره لزيارة بلاده في موعد يتفق عليه عبر القنوات الدبلوماسية.",
             "وقالت مصادر دبلوماسية إن الاجتماع تناول أيضا التحضيرات للقمة المقبلة والملفات المطروحة على جدول أعمالها."]
FA = ["{a} وزیر امور خارجه کشورمان روز {d} در {c} با {b} وزیر امور خارجه {p} دیدار و گفت‌وگو کرد.",
      "در این دیدار دو طرف درباره روابط دوجانبه و تحولات منطقه تبادل نظر کردند.",
      "وزیر امور خارجه کشورمان همچنین بر ضرورت گسترش همکاری‌های اقتصادی و تجاری تاکید کرد."]
FA_PEOPLE = [("عباس عراقچی", "هاکان فیدان", "ترکیه"), ("عباس عراقچی", "بدر البوسعیدی", "عمان")]
FA_CITIES = ["تهران", "آنکارا", "مسقط", "ژنو"]
FA_DAYS = ["شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه"]
EN = ["{a} Foreign Minister {an} met his {b} counterpart {bn} in {c} on {d}.",
      "The two ministers discussed bilateral relations and the situation in the region, the ministry said in a statement.",
      "They agreed to continue consultations and to work towards a lasting ceasefire and the delivery of humanitarian aid."]
EN_PEOPLE = [("Jordanian", "Ayman Safadi", "Egyptian", "Badr Abdelatty"), ("Iranian", "Abbas Araghchi", "Turkish", "Hakan Fidan")]
EN_CITIES = ["Cairo", "Amman", "Ankara", "Geneva", "Doha"]
EN_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday"]


def corpus(n: int, seed: int = 1) -> list[Document]:
    rng = random.Random(seed)
    seeds = []
    seeds_dir = ROOT.parent / "shared" / "seeds"
    if seeds_dir.is_dir():
        from sidelines.ingest import read_documents, read_manifest
        seeds = [d for d in read_documents([str(seeds_dir)], read_manifest(seeds_dir / "manifest.jsonl"))
                 if isinstance(d, Document)]
    docs: list[Document] = []
    for i in range(n):
        day = date(2018, 1, 1) + timedelta(days=rng.randrange(2900))
        r = rng.random()
        if seeds and r < 0.02:
            s = rng.choice(seeds)
            docs.append(Document(f"seed{i}", s.text, s.published, s.lang))
            continue
        if r < 0.6:
            a, an, b, bn = rng.choice(AR_PEOPLE)
            head = f"التقى وزير الخارجية {a} {an} نظيره {b} {bn} في {rng.choice(AR_CITIES)} يوم {rng.choice(AR_DAYS)}."
            paragraphs = [" ".join(rng.sample(AR_FILLER, 3)) for _ in range(rng.randint(2, 4))]
            docs.append(Document(f"ar{i}", "\n".join([head, *paragraphs, f"(رقم {i})"]), day, "ar"))
        elif r < 0.85:
            a, b, p = rng.choice(FA_PEOPLE)
            text = " ".join([FA[0].format(a=a, b=b, p=p, c=rng.choice(FA_CITIES), d=rng.choice(FA_DAYS))]
                            + FA[1:] * rng.randint(3, 6))
            docs.append(Document(f"fa{i}", f"{text} ({i})", day, "fa", source_country="IRN"))
        else:
            a, an, b, bn = rng.choice(EN_PEOPLE)
            text = " ".join([EN[0].format(a=a, an=an, b=b, bn=bn, c=rng.choice(EN_CITIES), d=rng.choice(EN_DAYS))]
                            + EN[1:] * rng.randint(3, 6))
            docs.append(Document(f"en{i}", f"{text} ({i})", day, "en"))
    return docs


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _children_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def reference_seconds() -> float:
    """A fixed pure-Python workload (ten million additions in a loop), best of three: how fast this machine
    runs Python today, so that figures taken on different machines can be compared."""
    best = None
    for _ in range(3):
        t = time.perf_counter()
        s = 0
        for i in range(10_000_000):
            s += i
        dt = time.perf_counter() - t
        best = dt if best is None else min(best, dt)
    return best


def timed(docs, executor, workers):
    # default settings: a document that carries no language (the seeds) is identified, as in a real run
    settings = Settings()
    list(extract_many(docs[:64], settings, executor, workers))         # start-up (pools, pipelines) not counted
    t = time.perf_counter()
    n_events = n_failed = 0
    for o in extract_many(docs, settings, executor, workers, chunk_size=64):
        n_events += len(o.events or ())
        n_failed += o.events is None
    if n_failed:
        raise SystemExit(f"{n_failed} documents failed or were skipped: the figures would not be of the corpus")
    return time.perf_counter() - t, n_events


def dask_timed(docs, workers):
    """The same run on a LocalCluster; peak RSS is asked of each worker process."""
    from dask.distributed import Client, LocalCluster
    import logging
    from sidelines.parallel import CHUNK_SIZES, _windowed, _chunks, outcomes_of, read_chunk
    settings = Settings()

    def submit(c):
        return c, client.submit(read_chunk, settings, c, pure=False)

    def result(job):
        return outcomes_of(job[0], job[1].result())
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        list(_windowed(submit, result, _chunks(docs[:256], 32), 8))
        t = time.perf_counter()
        n = 0
        for outs in _windowed(submit, result, _chunks(docs, CHUNK_SIZES["dask"]), 4 * workers):
            n += sum(len(o.events or ()) for o in outs)
        dt = time.perf_counter() - t
        peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return dt, n, max(peaks.values())


def warc_stream(mb: int, docs: list[Document]) -> float:
    """Write a WARC of `mb` megabytes (one article page in ten records; the rest large non-HTML payloads, as
    images and PDFs in a crawl) and stream it through the reader; return peak RSS growth in MB."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    from sidelines.ingest.web import read_warc
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.warc"
        blob = os.urandom(1 << 20)
        with open(path, "wb") as fh:
            writer = WARCWriter(fh, gzip=False)
            i = 0
            while fh.tell() < mb * (1 << 20):
                d = docs[i % len(docs)]
                if i % 10 == 0:
                    html = f"<html><head><title>{d.id}</title></head><body><article><p>{d.text}</p></article></body></html>"
                    payload, ctype = html.encode("utf-8"), "text/html; charset=utf-8"
                else:
                    payload, ctype = blob, "application/pdf"
                headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.0")
                writer.write_record(writer.create_warc_record(f"https://example.org/{i}", "response",
                                                              payload=io.BytesIO(payload), http_headers=headers))
                i += 1
        size = path.stat().st_size / (1 << 20)
        before = _rss_mb()
        t = time.perf_counter()
        pages = sum(1 for _ in read_warc(path))
        dt = time.perf_counter() - t
        grew = _rss_mb() - before
        print(f"WARC: {size:,.0f} MB, {i:,} records, {pages:,} pages read in {dt:.1f} s; "
              f"peak RSS {_rss_mb():.0f} MB (grew {grew:.0f} MB while streaming)")
        return grew


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=20000)
    ap.add_argument("--warc-mb", type=int, default=1024)
    ap.add_argument("--skip-dask", action="store_true")
    args = ap.parse_args()
    docs = corpus(args.docs)
    chars = sum(len(d.text) for d in docs) / len(docs)
    print(f"corpus: {len(docs):,} documents, {chars:,.0f} characters on average; {os.cpu_count()} cores")
    from sidelines._native import status
    native = status()
    print(f"code: {'compiled (mypyc)' if native.compiled else 'Python sources'}: {native.reason}")
    print(f"machine reference: {reference_seconds():.2f} s for ten million additions in a Python loop")
    t1, e1 = timed(docs, "serial", 1)
    print(f"one core:   {len(docs) / t1:7,.0f} documents/s ({e1:,} events), peak RSS {_rss_mb():.0f} MB")
    cores = os.cpu_count() or 1
    t2, e2 = timed(docs, "local", cores)
    print(f"{cores} cores:    {len(docs) / t2:7,.0f} documents/s ({e2:,} events), x{t1 / t2:.2f} over one core; "
          f"peak RSS per worker {_children_rss_mb():.0f} MB")
    if not args.skip_dask:
        t3, e3, peak = dask_timed(docs, 2)
        print(f"dask, 2 workers: {len(docs) / t3:7,.0f} documents/s ({e3:,} events), x{t1 / t3:.2f} over one core; "
              f"peak RSS per worker {peak:.0f} MB")
    if args.warc_mb:
        warc_stream(args.warc_mb, docs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
