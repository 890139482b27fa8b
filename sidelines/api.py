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


def iter_events(items: Iterable[Document | ReadError], pipeline: Pipeline, report: RunReport) -> Iterator[Event]:
    """Events of each document in turn; a document that cannot be read or processed is reported and skipped."""
    for item in items:
        if isinstance(item, ReadError):
            report.errors.append(str(item))
            continue
        try:
            trace = pipeline.trace(item)
            events = trace.events
        except UnsupportedLanguage as e:
            report.skipped.append(f"{item.id}: {e}")
            continue
        except Exception as e:   # one broken document never costs the rest: report it with its stage
            report.errors.append(f"{item.id}: extraction failed ({type(e).__name__}: {e})")
            continue
        report.documents += 1
        report.events += len(events)
        report.learned.extend(trace.reading.learned)
        yield from events


def run(paths: Iterable[str], settings: Settings | None = None, manifest: dict | None = None,
        report: RunReport | None = None) -> list[Event]:
    """Read every path, extract and fuse: one record per real-world event."""
    pipeline = Pipeline(settings or Settings())
    report = report if report is not None else RunReport()
    return fuse(list(iter_events(read_documents(paths, manifest), pipeline, report)))
