"""The event store: one DuckDB file holding documents, fused events, their participants and evidence.

Writes are idempotent and fuse as they go. A document is keyed by the hash of its text, so adding it twice
does nothing the second time. Each event read from a new document is compared with the stored records of
the same type and parties (`sidelines.fuse.same_event`): it either adds its evidence to the first one that
describes the same real-world event, or becomes a new record under its own id. A record therefore keeps
the id it was first stored under, and adding documents never renames it. Everything one call to `add`
writes is one transaction.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Iterator

import duckdb

from sidelines.export.records import event_to_record, record_to_event
from sidelines.fuse.fuse import merge, same_event
from sidelines.model import Document, Event, EventType

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    hash VARCHAR PRIMARY KEY, id VARCHAR NOT NULL, lang VARCHAR, published DATE, source VARCHAR,
    source_country VARCHAR, url VARCHAR, title VARCHAR, events INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS events (
    id VARCHAR PRIMARY KEY, type VARCHAR NOT NULL, parties_key VARCHAR NOT NULL, date VARCHAR, date_end VARCHAR,
    date_lo DATE, date_hi DATE, city VARCHAR, country VARCHAR, occasion_name VARCHAR, occasion_body VARCHAR,
    occasion_key VARCHAR, occasion_event VARCHAR, topics VARCHAR[], confidence DOUBLE NOT NULL,
    record VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS participants (
    event_id VARCHAR NOT NULL, pos INTEGER NOT NULL, party VARCHAR, role VARCHAR, name VARCHAR,
    native_name VARCHAR, actor_id VARCHAR, side VARCHAR, note VARCHAR);
CREATE TABLE IF NOT EXISTS evidence (
    event_id VARCHAR NOT NULL, pos INTEGER NOT NULL, doc_id VARCHAR NOT NULL, doc_hash VARCHAR NOT NULL,
    lang VARCHAR, text VARCHAR, start INTEGER, "end" INTEGER, trigger VARCHAR);
CREATE TABLE IF NOT EXISTS copies (
    hash VARCHAR NOT NULL, id VARCHAR NOT NULL, url VARCHAR, source VARCHAR, published DATE, PRIMARY KEY (hash, id));
CREATE TABLE IF NOT EXISTS fingerprints (hash VARCHAR PRIMARY KEY, mins UINTEGER[] NOT NULL);
CREATE TABLE IF NOT EXISTS fingerprint_bands (band UTINYINT NOT NULL, value UINTEGER NOT NULL, hash VARCHAR NOT NULL);
CREATE INDEX IF NOT EXISTS fingerprint_lookup ON fingerprint_bands (band, value);
CREATE TABLE IF NOT EXISTS raw_events (
    doc_hash VARCHAR NOT NULL, raw_id VARCHAR NOT NULL, event_id VARCHAR NOT NULL, PRIMARY KEY (doc_hash, raw_id));
CREATE INDEX IF NOT EXISTS events_group ON events (type, parties_key);
CREATE INDEX IF NOT EXISTS events_occasion ON events (occasion_key);
CREATE INDEX IF NOT EXISTS participants_event ON participants (event_id);
CREATE INDEX IF NOT EXISTS evidence_event ON evidence (event_id);
"""


class StoreError(RuntimeError):
    """The store cannot be opened or written (locked by another process, not a Sidelines store)."""


def document_hash(doc: Document) -> str:
    return hashlib.sha1(doc.text.encode("utf-8")).hexdigest()


def _bounds(d: str | None, d_end: str | None) -> tuple[date | None, date | None]:
    """The first and last day a partial date can stand for ("2025-03" → 1 March .. 31 March)."""
    if not d:
        return None, None

    def lo(s: str) -> date:
        parts = [int(x) for x in s.split("-")] + [1, 1]
        return date(parts[0], parts[1], parts[2])

    def hi(s: str) -> date:
        parts = [int(x) for x in s.split("-")]
        if len(parts) == 3:
            return date(*parts)
        if len(parts) == 2:
            nxt = date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
            return date.fromordinal(nxt.toordinal() - 1)
        return date(parts[0], 12, 31)

    try:
        return lo(d), hi(d_end or d)
    except ValueError:
        return None, None


def _parties_key(e: Event) -> str:
    return "" if e.type == EventType.CONFERENCE else ",".join(sorted(e.parties))


@dataclass(frozen=True)
class Query:
    parties: tuple[str, ...] = ()       # every one of them takes part
    person: str | None = None           # an actor id, or part of a name in any script
    type: str | None = None
    since: date | None = None
    until: date | None = None
    occasion: str | None = None         # part of the occasion's name or body
    occasion_event: str | None = None   # the sideline events of this conference record
    exact_person: bool = False          # `person` is an actor id, not a name
    limit: int | None = None
    offset: int = 0


@dataclass
class AddReport:
    documents: int = 0        # new documents stored
    duplicates: int = 0       # documents already in the store
    events: int = 0           # events read from the new documents
    new_records: int = 0      # of which became new records
    merged: int = 0           # of which added evidence to a record


class Store:
    """`Store(path)` opens (or creates) a store; use as a context manager or call `close()`."""

    def __init__(self, path: str | Path, read_only: bool = False):
        self.path = str(path)
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.IOException as e:
            raise StoreError(f"{self.path}: cannot open the store ({str(e).splitlines()[0]})") from None
        if not read_only:
            self.con.execute(_SCHEMA)

    def reader(self) -> "Store":
        """Another connection to the same open database, for reading from another thread."""
        other = object.__new__(Store)
        other.path, other.con = self.path, self.con.cursor()
        return other

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    # ---- writing -------------------------------------------------------------------------------------
    def has_document(self, doc: Document) -> bool:
        """Whether this copy (same text, same id) is stored already."""
        return self.con.execute("SELECT 1 FROM copies WHERE hash = ? AND id = ?",
                                [document_hash(doc), doc.id]).fetchone() is not None

    def copies(self, doc_id: str) -> list[str]:
        """Ids of every stored document with the same (or nearly the same) text as `doc_id`."""
        return [r[0] for r in self.con.execute(
            "SELECT id FROM copies WHERE hash IN (SELECT hash FROM copies WHERE id = ?) ORDER BY id", [doc_id]).fetchall()]

    def find_copy(self, doc: Document, fp=None) -> str | None:
        """The hash of a stored document this one copies: the same text, or a near-copy by fingerprint
        (`sidelines.ingest.dedup`)."""
        return self.find_copies([(document_hash(doc), fp)])[0]

    def find_copies(self, keyed: list[tuple[str, Any]]) -> list[str | None]:
        """`find_copy` for many documents at once, given as (document hash, fingerprint or None): two
        queries in all, however many documents (a query per document was the slowest step of a run)."""
        from sidelines.ingest.dedup import CANDIDATES, MIN_SHARED_BANDS, MIN_SIMILARITY, Fingerprint, similarity
        if not keyed:
            return []
        hashes = [h for h, _ in keyed]
        exact = {r[0] for r in self.con.execute("SELECT hash FROM documents WHERE hash IN (SELECT unnest(?))",
                                                [hashes]).fetchall()}
        ks, band_ix, values = [], [], []
        for k, (h, fp) in enumerate(keyed):
            if h not in exact and fp is not None:
                for i, v in enumerate(fp.bands()):
                    ks.append(k)
                    band_ix.append(i)
                    values.append(v)
        near: dict[int, list[tuple[str, list]]] = {}
        if ks:
            for k, other, mins in self.con.execute(
                    "SELECT c.k, f.hash, f.mins FROM (SELECT q.k, b.hash FROM fingerprint_bands b "
                    "JOIN (SELECT unnest(?) AS k, unnest(?) AS band, unnest(?) AS value) q "
                    "ON b.band = q.band AND b.value = q.value GROUP BY q.k, b.hash HAVING count(*) >= ? "
                    "QUALIFY row_number() OVER (PARTITION BY q.k ORDER BY count(*) DESC, b.hash) <= ?) c "
                    "JOIN fingerprints f ON f.hash = c.hash",
                    [ks, band_ix, values, MIN_SHARED_BANDS, CANDIDATES]).fetchall():
                near.setdefault(k, []).append((other, mins))
        out: list[str | None] = []
        for k, (h, fp) in enumerate(keyed):
            if h in exact:
                out.append(h)
                continue
            best = max(((similarity(fp, Fingerprint(m)), other) for other, m in near.get(k, ())), default=(0.0, None))
            out.append(best[1] if best[0] >= MIN_SIMILARITY else None)
        return out

    def add_copies(self, pairs: list[tuple[Document, str]]) -> None:
        """Record each `(doc, of_hash)`: `doc` is a source whose text is (nearly) that of the stored document
        `of_hash`. One statement for all."""
        self._bulk("copies", [[of, d.id, d.url, d.source, d.published] for d, of in pairs], ignore=True)

    def add(self, batch: Iterable[tuple[Document, list[Event]]], fingerprints: dict | None = None) -> AddReport:
        """Store documents with the events read from them, fusing each event into the stored records.
        `fingerprints` (document hash -> `dedup.Fingerprint`) lets later near-copies be recognised.

        The batch is fused in memory against the stored records it can touch (same type and parties), then
        written in one transaction with one bulk statement a table: DuckDB answers a statement of a thousand
        rows about as fast as a statement of one."""
        report = AddReport()
        batch = list(batch)
        hashes = [document_hash(d) for d, _ in batch]
        stored = {r[0] for r in self.con.execute("SELECT hash FROM documents WHERE hash IN (SELECT unnest(?))",
                                                 [hashes]).fetchall()} if hashes else set()
        docs, copies, prints, bands, raws = [], [], [], [], []
        work = _Workset(self)
        work.prefetch(e for (_d, events), h in zip(batch, hashes) if h not in stored for e in events)
        for (doc, events), h in zip(batch, hashes):
            # every copy of a text is a source, even when its events are read only once
            copies.append([h, doc.id, doc.url, doc.source, doc.published])
            if h in stored:
                report.duplicates += 1
                continue
            stored.add(h)
            docs.append([h, doc.id, doc.lang, doc.published, doc.source, doc.source_country, doc.url, doc.title,
                         len(events)])
            fp = (fingerprints or {}).get(h)
            if fp is not None:
                prints.append([h, list(fp)])
                bands += [[i, v, h] for i, v in enumerate(fp.bands())]
            report.documents += 1
            renamed: dict[str, str] = {}
            # conferences first, so that the sideline meetings of this document can point at their record
            for e in sorted(events, key=lambda x: x.type != EventType.CONFERENCE):
                report.events += 1
                if e.occasion and e.occasion.event_id in renamed:
                    e = replace(e, occasion=replace(e.occasion, event_id=renamed[e.occasion.event_id]))
                target = work.same_as(e)
                if target is None:
                    work.put(e, h)
                    report.new_records += 1
                    renamed[e.id] = e.id
                else:
                    work.put(merge(target, e), h, target.id)
                    report.merged += 1
                    renamed[e.id] = target.id
                raws.append([h, e.id, renamed[e.id]])
        bands = self._below_cap(bands)
        self.con.execute("BEGIN TRANSACTION")
        try:
            self._bulk("copies", copies, ignore=True)
            self._bulk("documents", docs)
            self._bulk("fingerprints", prints, ignore=True)
            self._bulk("fingerprint_bands", bands)
            self._bulk("raw_events", raws, ignore=True)
            self._write_records(work.changed(), work.evidence_hash)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return report

    def _below_cap(self, bands: list[list]) -> list[list]:
        """The band rows to store: a band value listed for BUCKET_CAP texts already is boilerplate and gets no
        more (`dedup.BUCKET_CAP`), so that copy lookups stay bounded as the store grows."""
        from sidelines.ingest.dedup import BUCKET_CAP
        if not bands:
            return bands
        keys = sorted({(b, v) for b, v, _h in bands})
        counts = {(b, v): n for b, v, n in self.con.execute(
            "SELECT b.band, b.value, count(*) FROM fingerprint_bands b JOIN (SELECT unnest(?) AS band, unnest(?) AS "
            "value) q ON b.band = q.band AND b.value = q.value GROUP BY b.band, b.value",
            [[k[0] for k in keys], [k[1] for k in keys]]).fetchall()}
        kept = []
        for row in bands:
            n = counts.get((row[0], row[1]), 0)
            if n < BUCKET_CAP:
                kept.append(row)
                counts[(row[0], row[1])] = n + 1
        return kept

    def import_events(self, events: Iterable[Event]) -> int:
        """Store exported records as they are (ids, participants, evidence): no fusion, one transaction. A
        record whose id is stored already is replaced."""
        events = list({e.id: e for e in events}.values())
        self.con.execute("BEGIN TRANSACTION")
        try:
            self._write_records(events, {})
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return len(events)

    def _bulk(self, table: str, rows: list[list], ignore: bool = False) -> None:
        """Insert rows with one statement: each column goes in as one list, the lists unnested in step."""
        if not rows:
            return
        columns = list(zip(*rows))
        select = ", ".join("unnest(?)" for _ in columns)
        self.con.execute(f"INSERT {'OR IGNORE ' if ignore else ''}INTO {table} SELECT {select}",
                         [list(c) for c in columns])

    def _write_records(self, events: list[Event], evidence_hash: dict[tuple, str]) -> None:
        """Replace (or insert) whole records: their row, participants and evidence. Evidence keeps the hash
        of the document it came from: `evidence_hash[(event id, doc id, start, end)]`, else the stored one."""
        if not events:
            return
        ids = [e.id for e in events]
        known = {(r[0], r[1], r[2], r[3]): r[4] for r in self.con.execute(
            'SELECT event_id, doc_id, start, "end", doc_hash FROM evidence WHERE event_id IN (SELECT unnest(?))',
            [ids]).fetchall()}
        for table, col in (("events", "id"), ("participants", "event_id"), ("evidence", "event_id")):
            self.con.execute(f"DELETE FROM {table} WHERE {col} IN (SELECT unnest(?))", [ids])
        rows, parts, evid = [], [], []
        for e in events:
            lo, hi = _bounds(e.date, e.date_end)
            occ = e.occasion
            record = event_to_record(e)
            if occ and occ.key:
                record["occasion"]["key"] = occ.key
            rows.append([e.id, e.type.value, _parties_key(e), e.date, e.date_end, lo, hi,
                         e.location.city if e.location else None, e.location.country if e.location else None,
                         occ.name if occ else None, occ.body if occ else None, occ.key if occ else None,
                         occ.event_id if occ else None, list(e.topics), e.confidence,
                         json.dumps(record, ensure_ascii=False)])
            parts += [[e.id, i, p.party, p.role, p.name, p.native_name, p.actor_id, p.side, p.note]
                      for i, p in enumerate(e.participants)]
            for i, v in enumerate(e.evidence):
                key = (e.id, v.doc_id, v.start, v.end)
                evid.append([e.id, i, v.doc_id, evidence_hash.get(key) or known.get(key) or "", v.lang, v.text,
                             v.start, v.end, v.trigger])
        self._bulk("events", rows)
        self._bulk("participants", parts)
        self._bulk("evidence", evid)

    # ---- reading -------------------------------------------------------------------------------------
    def _load(self, ids: list[str]) -> list[Event]:
        if not ids:
            return []
        rows = self.con.execute("SELECT id, record FROM events WHERE id IN (SELECT unnest(?))", [ids]).fetchall()
        by_id = {eid: _from_record(rec) for eid, rec in rows}
        return [by_id[i] for i in ids if i in by_id]

    def _where(self, q: Query) -> tuple[str, list]:
        sql: list[str] = []
        args: list[Any] = []
        if q.type:
            sql.append("e.type = ?")
            args.append(q.type)
        if q.since:
            sql.append("e.date_hi >= ?")
            args.append(q.since)
        if q.until:
            sql.append("e.date_lo <= ?")
            args.append(q.until)
        for party in q.parties:
            sql.append("e.id IN (SELECT event_id FROM participants WHERE party = ?)")
            args.append(party)
        if q.person and q.exact_person:
            sql.append("e.id IN (SELECT event_id FROM participants WHERE actor_id = ?)")
            args.append(q.person)
        elif q.person:
            ids = [q.person, *people_named(q.person)]
            sql.append("e.id IN (SELECT event_id FROM participants WHERE actor_id IN (SELECT unnest(?)) "
                       "OR name ILIKE ? OR native_name ILIKE ?)")
            args += [ids, f"%{q.person}%", f"%{q.person}%"]
        if q.occasion_event:
            sql.append("e.occasion_event = ?")
            args.append(q.occasion_event)
        if q.occasion:
            sql.append("(e.occasion_name ILIKE ? OR e.occasion_body ILIKE ?)")
            args += [f"%{q.occasion}%", f"%{q.occasion}%"]
        return (" WHERE " + " AND ".join(sql)) if sql else "", args

    def query(self, q: Query = Query()) -> list[Event]:
        """Fused records matching every filter, by date then id; all their evidence included."""
        return self.page(q)[0]

    def page(self, q: Query = Query()) -> tuple[list[Event], int]:
        """The records of `query` and how many match in all (one query when the page is not empty)."""
        rows, total = self._page_rows(q)
        return [_from_record(r) for r in rows], total

    def page_records(self, q: Query = Query()) -> tuple[list[dict], int]:
        """`page` as exported records (FORMAT.md), read straight from their stored form."""
        rows, total = self._page_rows(q)
        out = []
        for text in rows:
            d = json.loads(text)
            if d.get("occasion"):
                d["occasion"].pop("key", None)
            out.append(d)
        return out, total

    def _page_rows(self, q: Query) -> tuple[list[str], int]:
        where, args = self._where(q)
        page = ""
        if q.limit is not None:
            page = " LIMIT ? OFFSET ?"
            args = args + [int(q.limit), int(q.offset)]
        rows = self.con.execute(f"SELECT e.record, count(*) OVER () FROM events e{where} "
                                f"ORDER BY e.date_lo NULLS LAST, e.id{page}", args).fetchall()
        total = rows[0][1] if rows else (self.count(q) if q.offset else 0)
        return [r[0] for r in rows], total

    def count(self, q: Query = Query()) -> int:
        where, args = self._where(q)
        row = self.con.execute(f"SELECT count(*) FROM events e{where}", args).fetchone()
        assert row is not None   # count(*) always gives a row
        return row[0]

    def iter_events(self, q: Query = Query(), batch: int = 2000) -> Iterator[Event]:
        """Every matching record, read a batch at a time."""
        offset = 0
        while True:
            chunk = self.query(replace(q, limit=batch, offset=offset))
            yield from chunk
            if len(chunk) < batch:
                return
            offset += batch

    def stats(self) -> dict:
        one = lambda sql: self.con.execute(sql).fetchone()[0]  # type: ignore[index]  # count(*) always gives a row
        return {"documents": one("SELECT count(*) FROM documents"), "copies": one("SELECT count(*) FROM copies"),
                "events": one("SELECT count(*) FROM events"),
                "evidence": one("SELECT count(*) FROM evidence")}


class _Workset:
    """The records one batch touches, fused in memory: for each new event, the stored records that can be
    the same event (same type and parties; dates that can overlap, or for an undated report the same
    occasion, since an undated report joins another document's record only through its occasion) and the
    records this batch has already written."""

    def __init__(self, store: "Store"):
        self.store = store
        self.dirty: dict[str, Event] = {}
        self.by_group: dict[tuple, set[str]] = {}
        self.evidence_hash: dict[tuple, str] = {}
        self.candidates: dict[tuple, list[str]] = {}    # lookup key -> ids of the stored records it matches
        self.records: dict[str, str] = {}               # id -> stored record, as read
        self.parsed: dict[str, Event] = {}

    @staticmethod
    def _key(e: Event) -> tuple | None:
        """What finds the stored records an event can be: type, parties, and its date bounds, or for an
        undated report its occasion; None when nothing stored can be the same event."""
        lo, hi = _bounds(e.date, e.date_end)
        occasion = e.occasion.key if lo is None and e.occasion and e.occasion.key else None
        if lo is None and occasion is None:
            return None
        return e.type.value, _parties_key(e), lo, hi, occasion

    def prefetch(self, events: Iterable[Event]) -> None:
        """Read the stored records every event of a batch can be the same as, in one query."""
        keys = list({k for k in map(self._key, events) if k is not None and k not in self.candidates})
        if not keys:
            return
        for k in keys:
            self.candidates[k] = []
        cols = list(zip(*keys))
        rows = self.store.con.execute(
            "SELECT q.k, e.id, e.record FROM events e JOIN (SELECT unnest(?) AS k, unnest(?) AS t, unnest(?) AS p, "
            "unnest(?::DATE[]) AS lo, unnest(?::DATE[]) AS hi, unnest(?::VARCHAR[]) AS occ) q "
            "ON e.type = q.t AND e.parties_key = q.p "
            "WHERE (q.lo IS NOT NULL AND (e.date_lo IS NULL OR (e.date_lo <= q.hi AND e.date_hi >= q.lo))) "
            "OR (q.lo IS NULL AND e.occasion_key = q.occ)",
            [list(range(len(keys))), list(cols[0]), list(cols[1]), list(cols[2]), list(cols[3]),
             list(cols[4])]).fetchall()
        for k, eid, record in rows:
            self.candidates[keys[k]].append(eid)
            self.records[eid] = record

    def _stored(self, e: Event) -> dict[str, Event]:
        key = self._key(e)
        if key is None:
            return {}
        if key not in self.candidates:
            self.prefetch([e])
        out = {}
        for eid in self.candidates[key]:
            if eid in self.dirty:
                continue   # this batch's version of it is newer
            if eid not in self.parsed:
                self.parsed[eid] = _from_record(self.records[eid])
            out[eid] = self.parsed[eid]
        return out

    def same_as(self, e: Event) -> Event | None:
        found = self._stored(e)
        for eid in self.by_group.get((e.type.value, _parties_key(e)), ()):
            found[eid] = self.dirty[eid]
        for eid in sorted(found):     # looked for in id order, whatever batch a record came in
            if same_event(found[eid], e):
                return found[eid]
        return None

    def put(self, e: Event, doc_hash: str, as_id: str | None = None) -> None:
        e = replace(e, id=as_id) if as_id else e
        for v in e.evidence:
            self.evidence_hash.setdefault((e.id, v.doc_id, v.start, v.end), doc_hash)
        self.dirty[e.id] = e
        self.by_group.setdefault((e.type.value, _parties_key(e)), set()).add(e.id)

    def changed(self) -> list[Event]:
        return list(self.dirty.values())


def _from_record(text: str) -> Event:
    d = json.loads(text)
    e = record_to_event(d)
    key = (d.get("occasion") or {}).get("key")
    return replace(e, occasion=replace(e.occasion, key=key)) if key and e.occasion else e


def people_named(text: str) -> list[str]:
    """Ids of the knowledge base's people with a name, in any script, that contains every word of `text`
    (folded as for matching: "عراقچی" finds Abbas Araghchi, whose records may carry an Arabic spelling)."""
    from sidelines.kb import load_kb
    from sidelines.text.normalise import normalise_key
    words = normalise_key(text).split()
    if not words:
        return []
    out = []
    for actor in load_kb().actors.values():
        for _lang, form in actor.names.all():
            if all(w in normalise_key(form).split() for w in words):
                out.append(actor.id)
                break
    return out


def records(events: Iterable[Event]) -> Iterator[dict]:
    for e in events:
        yield event_to_record(e)


def dumps(e: Event) -> str:
    return json.dumps(event_to_record(e), ensure_ascii=False)
