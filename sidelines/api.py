"""The public API: a few functions that return typed records. Serialisation lives in export."""
from __future__ import annotations

import signal
import threading
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from sidelines.fuse import fuse
from sidelines.ingest import ReadError, read_documents
from sidelines.model import Document, Event, evolve
from sidelines.pipeline import Pipeline, UnsupportedLanguage
from sidelines.settings import Settings


@dataclass
class RunReport:
    documents: int = 0
    events: int = 0
    errors: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    learned: list = field(default_factory=list)   # people named with an office the knowledge base lacks
    languages_skipped: Counter = field(default_factory=Counter)   # code ("unknown" when none) -> documents
    copies: int = 0     # documents recognised as copies of a text read earlier in the run, not read again

    def skipped_summary(self) -> str:
        """"3 in languages not read (fr 2, unknown 1)", or "" when none was skipped."""
        n = sum(self.languages_skipped.values())
        if not n:
            return ""
        counts = ", ".join(f"{code} {k}" for code, k in sorted(self.languages_skipped.items(), key=lambda x: (-x[1], x[0])))
        return f"{n} in languages not read ({counts})"


def extract_events(document: Document, settings: Settings | None = None, pipeline: Pipeline | None = None) -> list[Event]:
    """Events of one document."""
    return (pipeline or Pipeline(settings or Settings())).extract(document)


class DocumentTimeout(BaseException):
    """Raised by the timer: a BaseException, so that no `except Exception` on the way swallows it."""


class DocumentTimer:
    """Per-document time budgets for a run of documents in this thread: `with timer.budget():` raises
    DocumentTimeout once a document has taken `seconds`. The timer signal's handler is installed for the
    run (`with DocumentTimer(seconds):`), not for each document, which costs two system calls instead of
    four. Only the main thread of a process gets signals, which is where the CLI and the workers read
    documents; elsewhere no budget is set."""

    def __init__(self, seconds: float | None):
        self.seconds = seconds or 0.0
        self.active = self.seconds > 0 and hasattr(signal, "setitimer") and \
            threading.current_thread() is threading.main_thread()
        self._inside = False
        self._previous: Any = None    # the handler the run replaced, put back at its end

    def _expire(self, _sig, _frame) -> None:
        if self._inside:
            raise DocumentTimeout()

    def __enter__(self) -> "DocumentTimer":
        if self.active:
            self._previous = signal.signal(signal.SIGALRM, self._expire)
        return self

    def __exit__(self, *exc) -> None:
        if self.active:
            self._inside = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)

    @contextmanager
    def budget(self):
        if not self.active:
            yield
            return
        self._inside = True
        # The timer fires again every tenth of a second: Python swallows an exception raised while a
        # finaliser (__del__, a weakref callback) runs, and in a process with a large heap the first signal
        # often lands in one. That made the budget a no-op in long-lived processes.
        signal.setitimer(signal.ITIMER_REAL, self.seconds, 0.1)
        try:
            yield
        finally:
            self._inside = False     # first, and with no call before it: a signal from here on raises nothing
            signal.setitimer(signal.ITIMER_REAL, 0)


@contextmanager
def _time_budget(seconds: float | None):
    """One document's budget, for a caller that reads a single document."""
    with DocumentTimer(seconds) as timer, timer.budget():
        yield


def events_of(item: Document, pipeline: Pipeline, report: RunReport,
              timer: DocumentTimer | None = None) -> list[Event] | None:
    """Events of one document, or None when it cannot be processed (reported in `report`). `timer` holds
    the time budget of a run of documents; without it, one is set for this document."""
    budget = pipeline.settings.document_seconds
    try:
        with (timer.budget() if timer is not None else _time_budget(budget)):
            trace = pipeline.trace(item)
    except DocumentTimeout:
        report.errors.append(f"{item.id}: not read within the time budget of {budget:g} s "
                             f"({len(item.text):,} characters); skipped")
        return None
    except UnsupportedLanguage as e:
        report.skipped.append(f"{item.id}: {e}")
        report.languages_skipped[e.code or "unknown"] += 1
        return None
    except Exception as e:   # one broken document never costs the rest: report it with its stage
        report.errors.append(f"{item.id}: extraction failed ({type(e).__name__}: {e})")
        return None
    report.documents += 1
    report.events += len(trace.events)
    report.learned.extend(trace.reading.learned)
    return list(trace.events)


def iter_events(items: Iterable[Document | ReadError], pipeline: Pipeline, report: RunReport) -> Iterator[Event]:
    """Events of each document in turn; a document that cannot be read or processed is reported and skipped."""
    for item in items:
        if isinstance(item, ReadError):
            report.errors.append(str(item))
            continue
        # a budget of its own for each document: the caller may do anything between them
        yield from events_of(item, pipeline, report) or ()


def _documents(items: Iterable[Document | ReadError], report: RunReport) -> Iterator[Document]:
    for item in items:
        if isinstance(item, ReadError):
            report.errors.append(str(item))
        else:
            yield item


def _outcomes(documents: Iterable[Document], target: Pipeline | Settings, report: RunReport, executor: str,
              workers: int | None, scheduler: str | None):
    """The outcome of each document in input order: in this process with a Pipeline, else on the executor
    of `sidelines.parallel`; what workers report is gathered into `report`."""
    from sidelines.parallel import Outcome, extract_many
    if isinstance(target, Pipeline):
        for d in documents:
            yield Outcome(d, events_of(d, target, report))
        return
    for o in extract_many(documents, target, executor, workers, scheduler):
        report.errors.extend(o.errors)
        report.skipped.extend(o.skipped)
        report.languages_skipped.update(o.languages_skipped)
        report.learned.extend(o.learned)
        if o.events is not None:
            report.documents += 1
            report.events += len(o.events)
        yield o


def run(paths: Iterable[str], settings: Settings | None = None, manifest: dict | None = None,
        report: RunReport | None = None, executor: str = "serial", workers: int | None = None,
        scheduler: str | None = None, progress=None) -> list[Event]:
    """Read every path, extract (on the executor of `sidelines.parallel`) and fuse: one record per
    real-world event.

    A syndicated copy of a text read earlier in the run (word for word, or nearly: `ingest.dedup`) that holds
    every sentence an event was read from in the text it copies is not read again: those sentences become
    its evidence too, with offsets into the copy's own text. A near-copy that changed one of them is read."""
    from sidelines.ingest.dedup import RecentTexts, fingerprint
    from sidelines.store import document_hash
    settings = settings or Settings()
    report = report if report is not None else RunReport()
    target = Pipeline(settings) if executor == "serial" else settings
    recent = RecentTexts()
    first_of: dict[str, str] = {}                 # text hash -> id of the document first read with it
    copies_of: dict[str, list[Document]] = {}     # document id -> the copies of it met later
    sent = 0

    def fresh() -> Iterator[Document]:
        nonlocal sent
        for d in _documents(read_documents(paths, manifest), report):
            if not settings.dedupe_copies:
                yield d
                continue
            h, fp = document_hash(d), fingerprint(d.text)
            of = recent.find(h, fp)
            if of is not None:
                copies_of.setdefault(first_of[of], []).append(d)
                report.copies += 1
                if progress:
                    progress(1, 0)
                continue
            recent.add(sent, h, fp)
            first_of[h] = d.id
            sent += 1
            # syndicated copies follow their story within days: texts far behind are forgotten, so that
            # memory for copies stays bounded however long the run
            recent.forget_through(sent - RECENT_TEXTS)
            yield d

    events: list[Event] = []
    unread: set[str] = set()    # documents that failed or were skipped: their copies go their own way
    for o in _outcomes(fresh(), target, report, executor, workers, scheduler):
        events.extend(o.events or ())
        if o.events is None:
            unread.add(o.document.id)
        if progress:
            progress(1, len(o.events or ()))
    if copies_of:
        events, unplaced = _place_copies(events, copies_of, unread)
        # a copy that changed a sentence an event was read from is read after all: its words may differ
        report.copies -= len(unplaced)
        for o in _outcomes(iter(unplaced), target, report, executor, workers, scheduler):
            events.extend(o.events or ())
            if progress:
                progress(0, len(o.events or ()))
    return fuse(events)


RECENT_TEXTS = 50_000   # how many texts back a run looks for the original of a copy (run; the store looks further)


def _place_copies(events: list[Event], copies_of: dict[str, list[Document]],
                  unread: set[str]) -> tuple[list[Event], list[Document]]:
    """Each event with the evidence its sentences give in the copies of their documents, and the copies to be
    read themselves: those that do not hold every evidence sentence of their original word for word, and
    those of an original that could not be read (so that each is reported, or read, on its own)."""
    sentences: dict[str, set[str]] = {}
    for e in events:
        for ev in e.evidence:
            sentences.setdefault(ev.doc_id, set()).add(ev.text)
    placed: dict[str, list[Document]] = {}
    unplaced: list[Document] = []
    for original, copies in copies_of.items():
        for copy in copies:
            if original not in unread and all(t in copy.text for t in sentences.get(original, ())):
                placed.setdefault(original, []).append(copy)
            else:
                unplaced.append(copy)
    out = []
    for e in events:
        added = tuple(evolve(ev, doc_id=copy.id, start=start, end=start + len(ev.text))
                      for ev in e.evidence for copy in placed.get(ev.doc_id, ())
                      for start in (copy.text.find(ev.text),))
        out.append(evolve(e, evidence=e.evidence + added) if added else e)
    return out, unplaced


COPY_WINDOW = 256   # documents looked up in the store together for copies of stored texts


def extract_into_store(items: Iterable[Document | ReadError], pipeline: Pipeline | Settings, store, report: RunReport,
                       batch_size: int = 200, executor: str = "serial", workers: int | None = None,
                       scheduler: str | None = None, progress=None):
    """Extract the documents the store does not hold yet and add them, fusing as it goes.

    A document whose text the store (or this run) already has, word for word or nearly (a syndicated copy),
    is recorded as a source of that text and not read again. The others are extracted by the executor
    (`sidelines.parallel`) and committed a batch at a time, in input order: an interrupted run keeps every
    batch before the interruption, and running again resumes after it with the same result as a run that
    was never interrupted. `progress(documents, events)` is called after each document."""
    from sidelines.ingest.dedup import Fingerprint, RecentTexts, fingerprint
    from sidelines.store import AddReport, document_hash
    total = AddReport()
    batch: list[tuple[Document, list[Event]]] = []
    fingerprints: dict[str, Fingerprint] = {}
    recent = RecentTexts()
    sent = 0   # documents sent to extraction so far; outcomes come back in the same order
    done = 0

    def flush():
        if batch:
            hashes = [document_hash(d) for d, _ in batch]
            # the reader runs ahead of the workers: only this batch's fingerprints go with it
            r = store.add(batch, {h: fingerprints.pop(h) for h in hashes if h in fingerprints})
            for k in vars(total):
                setattr(total, k, getattr(total, k) + getattr(r, k))
            batch.clear()
        recent.forget_through(done - 1)

    def sift(window: list[Document]) -> Iterator[Document]:
        nonlocal sent
        keyed = [(d, document_hash(d), fingerprint(d.text)) for d in window]
        in_store = store.find_copies([(h, fp) for _, h, fp in keyed])
        copies = []
        for (item, h, fp), stored_of in zip(keyed, in_store):
            of = recent.find(h, fp) or stored_of
            if of is not None:
                copies.append((item, of))
                total.duplicates += 1
                if progress:
                    progress(1, 0)
                continue
            recent.add(sent, h, fp)
            sent += 1
            if fp is not None:
                fingerprints[h] = fp
            yield item
        store.add_copies(copies)

    def fresh() -> Iterator[Document]:
        # copies are looked up in the store a window of documents at a time, not one query per document
        window: list[Document] = []
        for item in _documents(items, report):
            window.append(item)
            if len(window) >= COPY_WINDOW:
                yield from sift(window)
                window = []
        yield from sift(window)

    for outcome in _outcomes(fresh(), pipeline, report, executor, workers, scheduler):
        done += 1
        if progress:
            progress(1, len(outcome.events or ()))
        if outcome.events is None:
            fingerprints.pop(document_hash(outcome.document), None)
            continue   # reported, not stored: a later run can still read it
        batch.append((outcome.document, outcome.events))
        if len(batch) >= batch_size:
            flush()
    flush()
    return total
