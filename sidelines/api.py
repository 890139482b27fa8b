"""The public API: a few functions that return typed records. Serialisation lives in export."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator

from sidelines.fuse import fuse
from sidelines.ingest import ReadError, read_documents
from sidelines.model import Document, Event
from sidelines.pipeline import Pipeline, UnsupportedLanguage
from sidelines.settings import Settings


@dataclass
class RunReport:
    documents: int = 0
    events: int = 0
    errors: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    learned: list = field(default_factory=list)   # people named with an office the knowledge base lacks


def extract_events(document: Document, settings: Settings | None = None, pipeline: Pipeline | None = None) -> list[Event]:
    """Events of one document."""
    return (pipeline or Pipeline(settings or Settings())).extract(document)


def events_of(item: Document, pipeline: Pipeline, report: RunReport) -> list[Event] | None:
    """Events of one document, or None when it cannot be processed (reported in `report`)."""
    try:
        trace = pipeline.trace(item)
    except UnsupportedLanguage as e:
        report.skipped.append(f"{item.id}: {e}")
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
        yield from events_of(item, pipeline, report) or ()


def run(paths: Iterable[str], settings: Settings | None = None, manifest: dict | None = None,
        report: RunReport | None = None) -> list[Event]:
    """Read every path, extract and fuse: one record per real-world event."""
    pipeline = Pipeline(settings or Settings())
    report = report if report is not None else RunReport()
    return fuse(list(iter_events(read_documents(paths, manifest), pipeline, report)))


def extract_into_store(items: Iterable[Document | ReadError], pipeline: Pipeline, store, report: RunReport,
                       batch_size: int = 200):
    """Extract the documents the store does not hold yet and add them, fusing as it goes. Documents are
    committed a batch at a time: an interrupted run keeps every batch before the interruption, and a
    re-run skips what is stored (documents are keyed by the hash of their text)."""
    from sidelines.store import AddReport
    total = AddReport()
    batch: list[tuple[Document, list[Event]]] = []

    def flush():
        if batch:
            r = store.add(batch)
            for k in vars(total):
                setattr(total, k, getattr(total, k) + getattr(r, k))
            batch.clear()

    for item in items:
        if isinstance(item, ReadError):
            report.errors.append(str(item))
            continue
        if store.has_document(item):
            total.duplicates += 1
            continue
        events = events_of(item, pipeline, report)
        if events is None:
            continue   # reported, not stored: a later run can still read it
        batch.append((item, events))
        if len(batch) >= batch_size:
            flush()
    flush()
    return total
