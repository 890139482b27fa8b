"""Readers for news as it arrives from the web: saved HTML pages, WARC archives (the CC-NEWS layout) and
RSS/Atom feeds. Each yields Documents, and a ReadError naming the file and position of anything it cannot
read, then goes on with the rest where the format allows it.

Main text, title, publication date and canonical URL come from trafilatura, so menus, footers and related-
article lists stay out of the text. A WARC archive is streamed record by record with warcio: memory stays
flat whatever the size of the archive.
"""
from __future__ import annotations

import hashlib
from datetime import date, datetime, timezone
from pathlib import Path
from typing import BinaryIO, Iterator

from sidelines.model import Document

MAX_PAGE_BYTES = 5 * 2**20   # an HTML payload larger than this is not an article
MAX_FEED_BYTES = 50 * 2**20


def _day(value) -> date | None:
    if not value:
        return None
    try:
        d = date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
    return d if 1900 <= d.year <= 2100 else None


def page_document(html: bytes | str, doc_id: str, url: str | None = None, fallback_date: date | None = None) -> Document:
    """The article in an HTML page; ValueError when the page has no main text."""
    import trafilatura
    found = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                        include_tables=False, favor_precision=True)
    meta = found.as_dict() if found is not None and hasattr(found, "as_dict") else (found or {})
    text = (meta.get("text") or "").strip()
    if not text:
        raise ValueError("no main text found in the page")
    title = (meta.get("title") or "").strip() or None
    if title and not text.startswith(title):
        text = f"{title}\n{text}"    # the headline often names the meeting; keep it as the first line
    return Document(id=doc_id, text=text, published=_day(meta.get("date")) or fallback_date,
                    url=meta.get("url") or url, title=title, source=meta.get("sitename") or meta.get("hostname"))


def read_html(path: Path) -> Iterator:
    from sidelines.ingest.readers import ReadError, read_capped
    try:
        data = read_capped(path, MAX_PAGE_BYTES, "an article page")
    except ValueError as e:
        yield ReadError(str(path), str(e))
        return
    try:
        yield page_document(data, path.name.split(".")[0])
    except ValueError as e:
        yield ReadError(str(path), str(e))
    except Exception as e:   # a parser failure on one page never costs the rest
        yield ReadError(str(path), f"cannot parse the page ({type(e).__name__})")


def _warc_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone.utc).date()
    except ValueError:
        return None


def read_warc(path: Path, stream: BinaryIO | None = None) -> Iterator:
    """HTML responses of a WARC or WARC.gz file. The crawl date stands in for the publication date only
    where the page gives none (CC-NEWS crawls articles within hours of publication)."""
    from warcio.archiveiterator import ArchiveIterator
    from sidelines.ingest.readers import ReadError
    try:
        fh = stream or open(path, "rb")
    except OSError as e:
        yield ReadError(str(path), f"cannot read ({e})")
        return
    try:
        records = ArchiveIterator(fh, arc2warc=True)
        n = 0
        offset = None      # of the last record read whole
        while True:
            n += 1
            last_whole = offset
            try:
                record = next(records)
                body = None
                ctype = ""
                if record.rec_type == "response":
                    ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
                    if "html" in ctype.lower():
                        body = record.content_stream().read(MAX_PAGE_BYTES + 1)
                uri = record.rec_headers.get_header("WARC-Target-URI")
                rid = record.rec_headers.get_header("WARC-Record-ID")
                crawled = _warc_date(record.rec_headers.get_header("WARC-Date"))
                offset = records.get_record_offset()   # only once the payload is read: this reads to the end
                missing = getattr(record.raw_stream, "limit", 0) or 0
                if missing > 0:
                    raise ValueError(f"the record at byte {offset} declares {missing} bytes more than the file holds")
            except StopIteration:
                return
            except Exception as e:   # warcio raises several kinds on a record it cannot parse
                where = f"{path}@record {n}" + (f" (after the record at byte {last_whole})" if last_whole is not None else "")
                yield ReadError(where, f"malformed WARC record; the rest of the file cannot be read ({e})")
                return
            if body is None:
                continue
            rid = rid or f"{path.name}@{offset}"
            where = f"{path}@{offset}"
            if len(body) > MAX_PAGE_BYTES:
                yield ReadError(where, f"HTML payload larger than {MAX_PAGE_BYTES} bytes, skipped")
                continue
            doc_id = "warc_" + hashlib.sha1(rid.encode("utf-8")).hexdigest()[:16]
            try:
                yield page_document(body, doc_id, uri, crawled)
            except ValueError as e:
                yield ReadError(where, f"{uri}: {e}")
            except Exception as e:
                yield ReadError(where, f"{uri}: cannot parse the page ({type(e).__name__})")
    finally:
        if stream is None:
            fh.close()


def _entry_text(entry) -> str:
    import lxml.html
    parts = [c.get("value") for c in entry.get("content") or [] if c.get("value")] or [entry.get("summary") or ""]
    text = []
    for html in parts:
        try:
            text.append(lxml.html.fromstring(html).text_content() if "<" in html else html)
        except Exception:
            text.append(html)
    return "\n".join(t.strip() for t in text if t and t.strip())


def read_feed(path: Path) -> Iterator:
    """Entries of an RSS or Atom file: link, title, date and content (or summary)."""
    import feedparser
    from sidelines.ingest.readers import ReadError, read_capped
    try:
        data = read_capped(path, MAX_FEED_BYTES, "a feed file")
    except ValueError as e:
        yield ReadError(str(path), str(e))
        return
    feed = feedparser.parse(data)
    if feed.bozo:
        exc = feed.get("bozo_exception")
        line = getattr(exc, "getLineNumber", lambda: None)()
        where = f"{path}:{line}" if line else str(path)
        if not feed.entries:
            yield ReadError(where, f"not a readable feed ({exc})")
            return
        yield ReadError(where, f"broken feed XML ({exc}); the {len(feed.entries)} entries before it are read")
    for i, entry in enumerate(feed.entries, 1):
        where = f"{path}#entry{i}"
        title = (entry.get("title") or "").strip()
        body = _entry_text(entry)
        text = "\n".join(x for x in (title, body) if x)
        if not body:
            yield ReadError(where, "entry without content or summary")
            continue
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        published = date(*parsed[:3]) if parsed else None
        link = entry.get("link")
        key = entry.get("id") or link or f"{path.name}#{i}"
        yield Document(id="feed_" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16], text=text,
                       published=published if published and 1900 <= published.year <= 2100 else None,
                       url=link, title=title or None, source=(feed.feed.get("title") or None))
