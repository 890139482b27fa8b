"""Extraction on every core, or on a Dask cluster, in input order.

`extract_many(documents, settings, executor=...)` yields (document, events or None, errors) in the order the
documents came in, whichever worker read them, so a run's output and a store's record ids do not depend on
the executor. Documents travel to workers in chunks; each worker process builds its pipeline once.

Executors (`EXECUTORS`):
- "serial": this process.
- "local": a pool of worker processes, one per core by default.
- "dask": `dask.distributed`, on the cluster at `scheduler` (e.g. "tcp://10.0.0.5:8786"), or on a local
  cluster of `workers` processes when no address is given. The same code runs on a laptop, a cluster or an HPC
  scheduler started through dask-jobqueue.
"""
from __future__ import annotations

import os
from collections import deque
from dataclasses import dataclass, field
from itertools import islice
from typing import Callable, Iterable, Iterator

from sidelines.model import Document, Event
from sidelines.settings import Settings


@dataclass
class Outcome:
    document: Document
    events: list[Event] | None            # None: the document was skipped or failed (see errors/skipped)
    errors: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    learned: list = field(default_factory=list)
    languages_skipped: dict = field(default_factory=dict)   # code -> 1 when skipped for its language


_WORKER_PIPELINES: dict = {}


def _pipeline(settings: Settings):
    from sidelines.pipeline import Pipeline
    p = _WORKER_PIPELINES.get(settings)
    if p is None:
        p = _WORKER_PIPELINES[settings] = Pipeline(settings)
    return p


def read_chunk(settings: Settings, docs: list[Document]) -> list[tuple]:
    """Run in a worker: what each document of a chunk gave (an Outcome's fields after the document), without
    the document itself, which the caller holds: sending every text back would double what crosses between
    processes. `outcomes_of` puts the two together again."""
    from sidelines.api import DocumentTimer, RunReport, events_of
    pipeline = _pipeline(settings)
    out = []
    with DocumentTimer(settings.document_seconds) as timer:
        for doc in docs:
            report = RunReport()
            events = events_of(doc, pipeline, report, timer)
            out.append((events, report.errors, report.skipped, report.learned, dict(report.languages_skipped)))
    return out


def outcomes_of(docs: list[Document], results: list[tuple]) -> list[Outcome]:
    return [Outcome(doc, *r) for doc, r in zip(docs, results)]


def extract_chunk(settings: Settings, docs: list[Document]) -> list[Outcome]:
    """The outcome of each document of a chunk, in this process."""
    return outcomes_of(docs, read_chunk(settings, docs))


def _chunks(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(items)
    while True:
        chunk = list(islice(it, size))
        if not chunk:
            return
        yield chunk


def _serial(settings, chunks, workers, scheduler) -> Iterator[list[Outcome]]:
    for chunk in chunks:
        yield extract_chunk(settings, chunk)


def _local(settings, chunks, workers, scheduler) -> Iterator[list[Outcome]]:
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor
    n = workers or os.cpu_count() or 1
    if n == 1:
        yield from _serial(settings, chunks, 1, None)
        return
    # fork shares the loaded code with the workers; each builds its own pipeline on its first chunk
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
    with ProcessPoolExecutor(max_workers=n, mp_context=ctx) as pool:
        yield from _windowed(lambda chunk: (chunk, pool.submit(read_chunk, settings, chunk)),
                             lambda job: outcomes_of(job[0], job[1].result()), chunks, 4 * n)


def _dask(settings, chunks, workers, scheduler) -> Iterator[list[Outcome]]:
    from dask.distributed import Client, LocalCluster
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        import logging
        cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        client = Client(cluster)
    try:
        n = max(1, len(client.scheduler_info().get("workers", {})) or (workers or 1))
        yield from _windowed(lambda chunk: (chunk, client.submit(read_chunk, settings, chunk, pure=False)),
                             lambda job: outcomes_of(job[0], job[1].result()), chunks, 4 * n)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _windowed(submit: Callable, result: Callable, chunks: Iterator, window: int) -> Iterator:
    """Results in submission order, with at most `window` chunks in flight (memory stays bounded)."""
    pending: deque = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


EXECUTORS: dict[str, Callable] = {"serial": _serial, "local": _local, "dask": _dask}


# Documents a chunk by default: a Dask task costs the scheduler a round trip, so a chunk there is larger
# (two workers on two cores: 1,859 documents/s with chunks of 32, 2,083 with 128 and more).
CHUNK_SIZES = {"serial": 32, "local": 32, "dask": 128}


def extract_many(documents: Iterable[Document], settings: Settings, executor: str = "local",
                 workers: int | None = None, scheduler: str | None = None,
                 chunk_size: int | None = None) -> Iterator[Outcome]:
    """The outcome of every document, in input order."""
    try:
        run = EXECUTORS[executor]
    except KeyError:
        raise ValueError(f"unknown executor {executor!r} (one of {', '.join(EXECUTORS)})") from None
    size = chunk_size or CHUNK_SIZES[executor]
    for outcomes in run(settings, _chunks(documents, size), workers, scheduler):
        yield from outcomes
