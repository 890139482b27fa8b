"""HTML pages, WARC archives, feeds, compressed streams and standard input: what is read, and what is
reported with its file and position while the rest goes on."""
import gzip
import io
import subprocess
import sys
from datetime import date

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from sidelines.ingest import ReadError, read_documents

ARTICLE = ("التقى وزير الخارجية الأردني أيمن الصفدي نظيره المصري بدر عبد العاطي في القاهرة يوم الثلاثاء، "
           "وبحثا العلاقات الثنائية والتنسيق في القضايا الإقليمية وسبل تعزيز التعاون بين البلدين الشقيقين.")


def page(body: str, title: str = "الصفدي يلتقي عبد العاطي", published: str | None = "2025-03-05") -> str:
    meta = f'<meta property="article:published_time" content="{published}T09:00:00Z">' if published else ""
    return (f"<html><head><title>{title}</title>{meta}</head><body><nav>الرئيسية | سياسة | اقتصاد | رياضة</nav>"
            f"<article><h1>{title}</h1><p>{body}</p><p>وأكد الجانبان أهمية مواصلة التشاور والتنسيق.</p></article>"
            "<footer>جميع الحقوق محفوظة</footer></body></html>")


def _split(items):
    docs = [x for x in items if not isinstance(x, ReadError)]
    errors = [x for x in items if isinstance(x, ReadError)]
    return docs, errors


def test_an_html_page_gives_its_main_text_title_and_date(tmp_path):
    (tmp_path / "a.html").write_text(page(ARTICLE), encoding="utf-8")
    (tmp_path / "empty.html").write_text("<html><head><title></title></head><body></body></html>", encoding="utf-8")
    docs, errors = _split(list(read_documents([tmp_path])))
    assert len(docs) == 1 and docs[0].id == "a"
    assert "أيمن الصفدي" in docs[0].text and "الرئيسية" not in docs[0].text and "الحقوق" not in docs[0].text
    assert docs[0].published == date(2025, 3, 5) and docs[0].title == "الصفدي يلتقي عبد العاطي"
    assert len(errors) == 1 and "empty.html" in errors[0].source and "no main text" in errors[0].reason


def _warc(records) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    for uri, ctype, body in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.0")
        rec = writer.create_warc_record(uri, "response", payload=io.BytesIO(body.encode("utf-8")), http_headers=headers,
                                        warc_headers_dict={"WARC-Date": "2025-03-06T12:00:00Z"})
        writer.write_record(rec)
    return buf.getvalue()


def test_a_warc_archive_gives_its_html_responses_and_reports_a_broken_record(tmp_path):
    good = _warc([("https://example.org/news/1", "text/html; charset=utf-8", page(ARTICLE)),
                  ("https://example.org/logo.png", "image/png", "PNG"),
                  ("https://example.org/news/2", "text/html", page(ARTICLE.replace("القاهرة", "عمان"), published=None))])
    lying = b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: https://example.org/x\r\nContent-Length: 999999\r\n\r\nshort"
    (tmp_path / "crawl.warc").write_bytes(good + lying)
    docs, errors = _split(list(read_documents([tmp_path / "crawl.warc"])))
    assert [d.url for d in docs] == ["https://example.org/news/1", "https://example.org/news/2"]
    assert docs[0].published == date(2025, 3, 5)
    assert docs[1].published == date(2025, 3, 6)        # no date in the page: the crawl date
    assert len(errors) == 1 and errors[0].source.startswith(str(tmp_path / "crawl.warc") + "@record 4")
    # compressed, each record its own gzip member (the CC-NEWS layout)
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.0")
    writer.write_record(writer.create_warc_record("https://example.org/n3", "response",
                                                  payload=io.BytesIO(page(ARTICLE).encode()), http_headers=headers))
    (tmp_path / "crawl.warc.gz").write_bytes(buf.getvalue())
    docs, errors = _split(list(read_documents([tmp_path / "crawl.warc.gz"])))
    assert len(docs) == 1 and not errors


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>أخبار</title>
<item><title>الصفدي يلتقي عبد العاطي</title><link>https://example.org/1</link>
<pubDate>Wed, 05 Mar 2025 09:00:00 GMT</pubDate><description><![CDATA[<p>{body}</p>]]></description></item>
<item><title>بلا محتوى</title><link>https://example.org/2</link></item>
</channel></rss>"""


def test_feed_entries_become_documents_and_broken_xml_is_reported(tmp_path):
    (tmp_path / "news.rss").write_text(RSS.format(body=ARTICLE), encoding="utf-8")
    docs, errors = _split(list(read_documents([tmp_path / "news.rss"])))
    assert len(docs) == 1 and docs[0].url == "https://example.org/1" and docs[0].published == date(2025, 3, 5)
    assert "<p>" not in docs[0].text and docs[0].text.startswith("الصفدي يلتقي")
    assert len(errors) == 1 and errors[0].source.endswith("news.rss#entry2")
    (tmp_path / "broken.xml").write_text("<rss><channel><item><title>x</title></item", encoding="utf-8")
    docs, errors = _split(list(read_documents([tmp_path / "broken.xml"])))
    assert not docs and errors and errors[0].source.startswith(f"{tmp_path / 'broken.xml'}:") and "broken feed XML" in errors[0].reason


def test_a_truncated_gzip_keeps_the_lines_before_the_break(tmp_path):
    lines = "".join(f'{{"id": "d{i}", "text": "line {i}"}}\n' for i in range(2000)).encode()
    data = gzip.compress(lines)
    (tmp_path / "docs.jsonl.gz").write_bytes(data[: len(data) // 2])
    items = list(read_documents([tmp_path / "docs.jsonl.gz"]))
    docs, errors = _split(items)
    assert 0 < len(docs) < 2000 and [d.id for d in docs] == [f"d{i}" for i in range(len(docs))]
    assert len(errors) == 1 and "breaks off" in errors[0].reason and errors[0].source.startswith(str(tmp_path / "docs.jsonl.gz:"))


def test_standard_input_reads_jsonl_or_one_text(tmp_path):
    code = "import sys; from sidelines.ingest import read_documents; print([d.id for d in read_documents(['-'])])"
    r = subprocess.run([sys.executable, "-c", code], input='{"id": "a", "text": "x"}\n{"id": "b", "text": "y"}\n',
                       capture_output=True, text=True)
    assert r.stdout.strip() == "['a', 'b']", r.stderr
    r = subprocess.run([sys.executable, "-c", code], input=ARTICLE, capture_output=True, text=True)
    assert r.stdout.strip() == "['stdin']", r.stderr


def test_extraction_runs_on_a_folder_of_saved_pages(tmp_path, pipeline):
    from sidelines.api import RunReport, iter_events
    from dataclasses import replace
    (tmp_path / "p.html").write_text(page(ARTICLE), encoding="utf-8")
    docs = [replace(d, lang="ar") for d in read_documents([tmp_path])]
    events = list(iter_events(docs, pipeline, RunReport()))
    assert [sorted(e.parties) for e in events] == [["EGY", "JOR"]] and events[0].date == "2025-03-04"
