"""Hostile input, generated: every reader and the extractor either give records or report the input with
its position, and never crash, hang or touch other files. Bounded for CI; a longer run:

    SIDELINES_FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest -q tests/test_fuzz.py
"""
import gzip
import json
import os
import sys
from datetime import date

from hypothesis import HealthCheck, given, settings, strategies as st

from sidelines.ingest import ReadError, read_documents
from sidelines.model import Document

EXAMPLES = int(os.environ.get("SIDELINES_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                             HealthCheck.too_slow])

# Arabic and Persian letters, Latin, digits of three scripts, punctuation, bidi controls, zero-width marks,
# and words the lexicons know, so that generated text reaches deep into the readers of clauses.
WORDS = ["التقى", "وزير", "الخارجية", "الإيراني", "عباس", "عراقجي", "نظيره", "التركي", "في", "جدة", "يوم", "الجمعة",
         "على", "هامش", "الدورة", "الـ51", "وزیر", "امور", "خارجه", "دیدار", "کرد", "met", "Foreign", "Minister",
         "in", "on", "Tuesday", "اتصالا", "هاتفيا", "من", "و", "،", ".", "؟", ":", "\n", "«", "»", "(", ")"]
ODD = ["\u202e", "\u202b", "\u2066", "\u2069", "\u200f", "\u200e", "\u200b", "\u200c", "\u200d", "\ufeff", "\u0640",
       "\u064b", "\u0651", "\x00", "\ud7ff", "\U0001f600", "٣", "۴", "\t", "\r\n"]
texts = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(ODD), st.text(max_size=12)), max_size=80).map(" ".join)


@FUZZ
@given(text=texts, published=st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))),
       lang=st.sampled_from(["ar", "fa", "en", None]))
def test_extraction_never_crashes_and_every_evidence_slices_its_text(pipeline, text, published, lang):
    from sidelines.api import RunReport, events_of
    p = pipeline if lang else replace_settings(pipeline)
    report = RunReport()
    events = events_of(Document("fuzz", text, published, lang), p, report)
    assert not report.errors, report.errors            # a crash inside the pipeline is reported there
    for e in events or []:
        for v in e.evidence:
            assert text[v.start:v.end] == v.text


_LANGID = {}


def replace_settings(pipeline):
    """A pipeline that identifies the language itself (documents without `lang`)."""
    from sidelines.pipeline import Pipeline
    from sidelines.settings import Settings
    if "p" not in _LANGID:
        _LANGID["p"] = Pipeline(Settings(), pipeline.kb)
    return _LANGID["p"]


SUFFIXES = [".txt", ".jsonl", ".html", ".warc", ".xml", ".rss", ".txt.gz", ".jsonl.gz", ".html.gz", ".warc.gz"]


@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES), cut=st.integers(min_value=0, max_value=3000))
def test_every_reader_survives_random_and_truncated_bytes(tmp_path_factory, data, suffix, cut):
    d = tmp_path_factory.mktemp("fz")
    path = d / f"input{suffix}"
    if suffix.endswith(".gz"):
        blob = gzip.compress(data)
        path.write_bytes(blob[: max(1, min(cut, len(blob)))] if cut % 2 else blob)   # half the time truncated
    else:
        path.write_bytes(data)
    for item in read_documents([path]):
        assert isinstance(item, (Document, ReadError))
        if isinstance(item, ReadError):
            assert str(path) in item.source and item.reason


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                           max_leaves=20)


@FUZZ
@given(lines=st.lists(st.one_of(json_values.map(lambda v: json.dumps(v)),
                                st.fixed_dictionaries({"id": json_values, "text": json_values, "published": json_values}).map(json.dumps),
                                st.text(max_size=40)), max_size=12))
def test_jsonl_lines_of_every_wrong_shape_are_reported_by_line(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("jl") / "docs.jsonl"
    path.write_text("\n".join(l.replace("\n", " ") for l in lines), encoding="utf-8", errors="surrogatepass")
    items = list(read_documents([path]))
    for item in items:
        assert isinstance(item, (Document, ReadError))
        if isinstance(item, Document):
            assert isinstance(item.text, str) and item.text.strip()
        else:
            assert item.source.startswith(str(path))


def test_deeply_nested_html_and_a_decompression_bomb_are_reported_not_fatal(tmp_path):
    (tmp_path / "nested.html").write_text("<div>" * 200_000 + "text" + "</div>" * 200_000, encoding="utf-8")
    items = list(read_documents([tmp_path / "nested.html"]))
    assert len(items) == 1 and isinstance(items[0], (Document, ReadError))
    # 30 MB of one line compresses to a few kB; it must be skipped without being held whole
    bomb = tmp_path / "bomb.jsonl.gz"
    with gzip.open(bomb, "wb") as fh:
        fh.write(b'{"id": "a", "text": "' + b"x" * (30 * 2**20) + b'"}\n')
        fh.write(b'{"id": "b", "text": "after the bomb"}\n')
    import tracemalloc
    tracemalloc.start()
    items = list(read_documents([bomb]))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [i.id for i in items if isinstance(i, Document)] == ["b"]
    assert any(isinstance(i, ReadError) and "longer than" in i.reason and i.source.endswith(":1") for i in items)
    assert peak < 60 * 2**20


HOSTILE = ["/etc/passwd", "../../../../etc/shadow", "file:///etc/hosts", "~/.ssh/id_rsa", "C:\\Windows\\win.ini",
           "${HOME}", "$(rm -rf /)", "`id`", "{{7*7}}", "%s%s%s", "\\\\server\\share"]


def test_the_extractor_treats_text_as_data_and_opens_no_file(pipeline):
    opened = []
    watching = {"on": False}

    def hook(event, args):
        if watching["on"] and event in ("open", "os.listdir", "os.scandir", "subprocess.Popen", "os.system"):
            opened.append((event, args[0] if args else None))
    sys.addaudithook(hook)
    docs = [Document(f"h{i}", f"التقى وزير الخارجية الأردني {h} نظيره المصري في {h} يوم الثلاثاء. {h} met {h} in {h}.",
                     date(2025, 3, 5), lang) for i, h in enumerate(HOSTILE) for lang in ("ar", "en")]
    for d in docs:          # languages loaded before watching: the pipeline's own data files are not the text's doing
        pipeline.extract(d)
    watching["on"] = True
    try:
        for d in docs:
            pipeline.extract(d)
    finally:
        watching["on"] = False
    assert opened == []
