"""The `sidelines` command: parse the arguments, map them to Settings, call the API, write the output."""
from __future__ import annotations

import json
import logging
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any, List, Optional

import typer
from rich.console import Console

from sidelines.api import RunReport, run
from sidelines.evaluate import evaluate
from sidelines.export import event_to_record
from sidelines.ingest import ReadError, read_documents, read_manifest
from sidelines.settings import Settings

app = typer.Typer(add_completion=False, help="Diplomatic events from Arabic, Persian and English news.")
err = Console(stderr=True, soft_wrap=True, highlight=False)


def _settings(settings_file: Optional[Path]) -> Settings:
    return Settings.load(settings_file)


@app.command()
def extract(paths: List[Path] = typer.Argument(..., help="files or folders: .txt, .jsonl, .html, .warc, RSS/Atom feeds, each also .gz; - for standard input"),
            output: Path = typer.Option(Path("-"), "-o", "--output", help="events JSONL (default: standard output)"),
            manifest: Optional[Path] = typer.Option(None, "--manifest", help="metadata for .txt files"),
            settings_file: Optional[Path] = typer.Option(None, "--settings", help="a YAML settings file"),
            learned: Optional[Path] = typer.Option(None, "--learned", help="write people named with an office the "
                                                   "knowledge base lacks or contradicts (for `sidelines kb review`)"),
            overlay: Optional[Path] = typer.Option(None, "--kb-overlay", help="a folder of accepted learned actors"),
            db: Optional[Path] = typer.Option(None, "--db", help="add to this DuckDB store, fusing as it goes, "
                                              "instead of writing JSONL (documents already stored are skipped)"),
            executor: str = typer.Option("local", "--executor", help="serial, local (every core) or dask"),
            workers: Optional[int] = typer.Option(None, "--workers", help="worker processes (default: one per core)"),
            scheduler: Optional[str] = typer.Option(None, "--scheduler", help="a Dask scheduler address, "
                                                    "e.g. tcp://10.0.0.5:8786 (default: a local cluster)"),
            batch_size: int = typer.Option(200, "--batch-size", help="documents a store commit holds"),
            quiet: bool = typer.Option(False, "-q", "--quiet", help="no progress bar; only errors on stderr")):
    """Extract diplomatic events, one FORMAT.md record a line, or into a store with --db."""
    settings = _settings(settings_file)
    if overlay:
        settings = replace(settings, kb_overlay=str(overlay))
    man = {}
    if manifest:
        try:
            man = read_manifest(manifest)
        except (OSError, ValueError) as e:
            err.print(f"{manifest}: {e}", markup=False)
            raise typer.Exit(2)
    from sidelines.parallel import EXECUTORS
    if executor not in EXECUTORS:
        err.print(f"--executor {executor}: not an executor ({', '.join(EXECUTORS)})", markup=False)
        raise typer.Exit(2)
    if workers == 1 and executor == "local":
        executor = "serial"
    report = RunReport()
    run_opts: dict[str, Any] = {"executor": executor, "workers": workers, "scheduler": scheduler}
    if db is not None:
        _extract_into_db(db, paths, settings, man, report, quiet, run_opts, batch_size)
        return
    with _progress(paths, quiet) as progress:
        events = run([str(p) for p in paths], settings, man, report, progress=progress, **run_opts)
    out = sys.stdout if str(output) == "-" else open(output, "w", encoding="utf-8")
    try:
        for ev in events:
            out.write(json.dumps(event_to_record(ev), ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    if learned:
        from sidelines.resolve.learned import write_learned
        n = write_learned(learned, report.learned)
        if not quiet:
            err.print(f"{learned}: {n} people named with an office the knowledge base lacks or contradicts", markup=False)
    _print_problems(report, quiet)
    if not quiet:
        err.print(f"{report.documents} documents"
                  f"{f' ({report.copies} copies of texts read before, not read again)' if report.copies else ''}"
                  f", {len(events)} events"
                  f"{f', {len(report.errors)} errors' if report.errors else ''}"
                  f"{f', {report.skipped_summary()} skipped' if report.languages_skipped else ''}", markup=False)
    if report.documents == 0 and (report.errors or report.skipped):
        raise typer.Exit(1)


def _print_problems(report: RunReport, quiet: bool) -> None:
    """Every input that could not be read or processed, one line each; skipped languages unless quiet."""
    for line in report.errors:
        err.print(f"error: {line}", markup=False)
    if not quiet:
        for line in report.skipped:
            err.print(f"skipped: {line}", markup=False)


def _count_documents(paths) -> int | None:
    """How many documents the inputs hold, when that is cheap to know (plain text, JSONL, HTML), else None."""
    from sidelines.ingest.readers import kind_of
    total = 0
    files = []
    for p in paths:
        p = Path(p)
        if str(p) == "-":
            return None
        files += [f for f in p.rglob("*") if f.is_file()] if p.is_dir() else [p]
    for f in files:
        kind = kind_of(f)
        if kind in ("text", "html"):
            total += 1
        elif kind == "jsonl" and f.suffix != ".gz" and f.is_file():
            with open(f, "rb") as fh:
                total += sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
        elif kind is not None:
            return None
    return total


class _progress:
    """A rich progress bar on stderr (documents, events, documents per second, time left), or nothing."""

    def __init__(self, paths, quiet: bool):
        self.quiet = quiet or not err.is_terminal
        self.paths = paths

    def __enter__(self):
        if self.quiet:
            return None
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
        self.bar = Progress(TextColumn("{task.completed} documents, {task.fields[events]} events"), BarColumn(),
                            TextColumn("{task.fields[rate]} docs/s"), TimeElapsedColumn(), TimeRemainingColumn(),
                            console=err, transient=False)
        self.task = self.bar.add_task("extract", total=_count_documents(self.paths), events=0, rate="-")
        self.bar.start()
        self.events = 0
        import time
        self.t0 = time.perf_counter()
        return self.advance

    def advance(self, documents: int, events: int) -> None:
        import time
        self.events += events
        done = self.bar.tasks[0].completed + documents
        rate = done / max(1e-9, time.perf_counter() - self.t0)
        self.bar.update(self.task, advance=documents, events=self.events, rate=f"{rate:,.0f}")

    def __exit__(self, *exc):
        if not self.quiet:
            self.bar.stop()


def _extract_into_db(db: Path, paths, settings: Settings, man: dict, report: RunReport, quiet: bool,
                     run_opts: dict, batch_size: int) -> None:
    from sidelines.api import extract_into_store
    from sidelines.pipeline import Pipeline
    from sidelines.store import Store, StoreError
    target = Pipeline(settings) if run_opts["executor"] == "serial" else settings
    try:
        with Store(db) as store, _progress(paths, quiet) as progress:
            added = extract_into_store(read_documents([str(p) for p in paths], man), target, store, report,
                                       batch_size=batch_size, progress=progress, **run_opts)
            stats = store.stats()
    except StoreError as e:
        err.print(str(e), markup=False)
        raise typer.Exit(2)
    _print_problems(report, quiet)
    if not quiet:
        err.print(f"{db}: {added.documents} new documents ({added.duplicates} already stored), {added.events} events: "
                  f"{added.new_records} new records, {added.merged} added to existing ones; the store holds "
                  f"{stats['events']} records from {stats['documents']} documents"
                  f"{f'; {len(report.errors)} errors' if report.errors else ''}"
                  f"{f'; {report.skipped_summary()} skipped' if report.languages_skipped else ''}", markup=False)
    if added.documents == 0 and added.duplicates == 0 and (report.errors or report.skipped):
        raise typer.Exit(1)


def _open_store(db: Path):
    from sidelines.store import Store, StoreError
    if not db.is_file():
        err.print(f"{db}: no such store", markup=False)
        raise typer.Exit(2)
    try:
        return Store(db, read_only=True)
    except StoreError as e:
        err.print(str(e), markup=False)
        raise typer.Exit(2)


def _query(party: List[str], person: Optional[str], type_: Optional[str], since: Optional[str], until: Optional[str],
           occasion: Optional[str]):
    from datetime import date as _date
    from sidelines.model import EventType
    from sidelines.store import Query
    days = {}
    for name, v in (("--since", since), ("--until", until)):
        try:
            days[name] = _date.fromisoformat(v) if v else None
        except ValueError:
            err.print(f"{name} {v}: not a date (YYYY-MM-DD)", markup=False)
            raise typer.Exit(2)
    if type_ and type_ not in {t.value for t in EventType}:
        err.print(f"--type {type_}: not an event type ({', '.join(t.value for t in EventType)})", markup=False)
        raise typer.Exit(2)
    return Query(parties=tuple(p.upper() for p in party), person=person, type=type_, since=days["--since"],
                 until=days["--until"], occasion=occasion)


_PARTY = typer.Option([], "--party", help="a party code (SYR, OIC); repeat: every one takes part")
_PERSON = typer.Option(None, "--person", help="an actor id or part of a name, in any script")
_TYPE = typer.Option(None, "--type", help="meeting, phone_call, visit, conference, membership")
_SINCE = typer.Option(None, "--since", help="YYYY-MM-DD")
_UNTIL = typer.Option(None, "--until", help="YYYY-MM-DD")
_OCCASION = typer.Option(None, "--occasion", help="part of the occasion's name")


@app.command()
def query(db: Path = typer.Option(..., "--db", help="the DuckDB store"),
          party: List[str] = _PARTY, person: Optional[str] = _PERSON, type_: Optional[str] = _TYPE,
          since: Optional[str] = _SINCE, until: Optional[str] = _UNTIL, occasion: Optional[str] = _OCCASION,
          limit: Optional[int] = typer.Option(None, "--limit"),
          as_json: bool = typer.Option(False, "--json", help="fused records as JSONL (FORMAT.md), all evidence")):
    """Fused events of a store, as a table or as JSONL."""
    from dataclasses import replace as _replace
    q = _query(party, person, type_, since, until, occasion)
    with _open_store(db) as store:
        events = store.query(_replace(q, limit=limit))
    if as_json:
        for e in events:
            sys.stdout.write(json.dumps(event_to_record(e), ensure_ascii=False) + "\n")
        return
    from rich.table import Table
    table = Table(show_lines=False)
    for col in ("date", "type", "participants", "where", "occasion", "sources"):
        table.add_column(col)
    for e in events:
        who = "; ".join(f"{p.name or p.native_name or '?'} ({p.party})" if (p.name or p.native_name) else (p.party or "?")
                        for p in e.participants)
        where = ", ".join(x for x in ((e.location.city, e.location.country) if e.location else ()) if x)
        table.add_row(e.date or "", e.type.value, who, where, e.occasion.name if e.occasion else "",
                      str(len({v.doc_id for v in e.evidence})))
    Console(soft_wrap=False).print(table)
    err.print(f"{len(events)} events", markup=False)


@app.command()
def export(db: Path = typer.Option(..., "--db", help="the DuckDB store"),
           fmt: str = typer.Option(..., "--format", help="jsonl, csv, parquet, plover, graphml or gexf"),
           output: Path = typer.Option(..., "-o", "--output", help="the file to write"),
           nodes: str = typer.Option("parties", "--nodes", help="graphml/gexf: nodes are parties or actors"),
           party: List[str] = _PARTY, person: Optional[str] = _PERSON, type_: Optional[str] = _TYPE,
           since: Optional[str] = _SINCE, until: Optional[str] = _UNTIL, occasion: Optional[str] = _OCCASION):
    """Write the fused events of a store (or those matching the filters) in another format."""
    from sidelines.export.formats import WRITERS, write
    if fmt not in WRITERS:
        err.print(f"--format {fmt}: not a format ({', '.join(WRITERS)})", markup=False)
        raise typer.Exit(2)
    q = _query(party, person, type_, since, until, occasion)
    with _open_store(db) as store:
        try:
            n = write(fmt, store.iter_events(q), output, nodes)
        except (OSError, ValueError) as e:
            err.print(f"{output}: {e}", markup=False)
            raise typer.Exit(1)
    err.print(f"{output}: {n} {'edges' if fmt in ('graphml', 'gexf') else 'records'}", markup=False)


@app.command("import")
def import_(records: Path = typer.Argument(..., help="events JSONL in the FORMAT.md shape (as `export` writes it)"),
            db: Path = typer.Option(..., "--db", help="the DuckDB store to add them to")):
    """Add exported event records to a store as they are (their ids kept; no fusion)."""
    from sidelines.export.records import record_to_event
    from sidelines.store import Store, StoreError
    events, bad = [], 0
    with open(records, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                events.append(record_to_event(json.loads(line)))
            except (ValueError, KeyError, TypeError, AttributeError) as e:
                err.print(f"{records}:{n}: not an event record ({type(e).__name__}: {e})", markup=False)
                bad += 1
    try:
        with Store(db) as store:
            n = store.import_events(events)
    except StoreError as e:
        err.print(str(e), markup=False)
        raise typer.Exit(2)
    err.print(f"{db}: {n} records imported{f', {bad} lines rejected' if bad else ''}", markup=False)
    if bad and not n:
        raise typer.Exit(1)


@app.command()
def serve(db: Path = typer.Option(..., "--db", help="the DuckDB store"),
          host: str = typer.Option("127.0.0.1", "--host"), port: int = typer.Option(8000, "--port"),
          token_env: str = typer.Option("SIDELINES_TOKEN", "--token-env", help="the environment variable holding the "
                                        "token that allows POST /documents (unset: submitting is off)")):
    """The HTTP API (OpenAPI at /docs) and the dashboard at /."""
    import os
    import uvicorn
    from sidelines.serve.http import create_app
    from sidelines.store import StoreError
    token = os.environ.get(token_env) or None
    if not db.is_file() and token is None:
        err.print(f"{db}: no such store (create it with `sidelines extract … --db {db}`)", markup=False)
        raise typer.Exit(2)
    try:
        application = create_app(db, token=token)
    except StoreError as e:
        err.print(str(e), markup=False)
        raise typer.Exit(2)
    err.print(f"serving {db} on http://{host}:{port}/ (submitting documents is {'on' if token else 'off'})", markup=False)
    uvicorn.run(application, host=host, port=port, log_level="warning")


@app.command()
def explain(doc: Path = typer.Argument(..., help="a .txt file, or a JSONL file with --id"),
            doc_id: Optional[str] = typer.Option(None, "--id", help="which document of a JSONL file"),
            manifest: Optional[Path] = typer.Option(None, "--manifest"),
            settings_file: Optional[Path] = typer.Option(None, "--settings")):
    """Show each sentence, the events read from it, the words that triggered them and how each argument
    was resolved."""
    from sidelines.serve.explain import explain_document
    from sidelines.pipeline import Pipeline
    man = read_manifest(manifest) if manifest else {}
    found = None
    for item in read_documents([str(doc)], man):
        if isinstance(item, ReadError):
            err.print(str(item), markup=False)
            continue
        if doc_id is None or item.id == doc_id:
            found = item
            break
    if found is None:
        err.print(f"{doc}: no document{f' with id {doc_id}' if doc_id else ''}", markup=False)
        raise typer.Exit(1)
    explain_document(Pipeline(_settings(settings_file)).trace(found), Console(soft_wrap=True))


@app.command("eval")
def eval_(events: Path = typer.Argument(..., help="events JSONL"),
          gold: Path = typer.Option(..., "--gold", help="gold JSONL (FORMAT.md)"),
          docs_from: Optional[Path] = typer.Option(None, "--docs-from", help="score every document of this JSONL"),
          show_errors: bool = typer.Option(False, "--show-errors"),
          as_json: bool = typer.Option(False, "--json")):
    """Precision, recall, F1 and attribute accuracies against gold annotations."""
    def read(path: Path) -> list[dict]:
        rows = []
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if line.strip():
                    try:
                        rows.append(json.loads(line))
                    except json.JSONDecodeError as e:
                        err.print(f"{path}:{n}: not JSON ({e.msg})", markup=False)
                        raise typer.Exit(2)
        return rows
    docs = [d["id"] for d in read(docs_from)] if docs_from else None
    out, errors = evaluate(read(gold), read(events), docs)
    if show_errors:
        for e in errors:
            err.print("\t".join(str(x) for x in e), markup=False)
    if as_json:
        print(json.dumps(out))
    else:
        for k, v in out.items():
            print(f"{k:>18}: {v}")


kb_app = typer.Typer(add_completion=False, help="The knowledge base: who held which office when; consistency.")
app.add_typer(kb_app, name="kb")


@kb_app.command("who")
def kb_who(query: str = typer.Argument(..., help='an office as the press writes it: "وزير الخارجية الإيراني", '
                                                '"Iran\'s foreign minister", "وزیر امور خارجه ایران"'),
           on: str = typer.Option(..., "--on", help="the date, YYYY-MM-DD")):
    """Who held an office on a date."""
    from datetime import date as _date
    from sidelines.kb import load_kb
    from sidelines.kb.lookup import who
    try:
        day = _date.fromisoformat(on)
    except ValueError:
        err.print(f"--on {on}: not a date (YYYY-MM-DD)", markup=False)
        raise typer.Exit(2)
    kb = load_kb()
    answers = who(query, day, kb)
    if not answers:
        err.print(f"{query}: no office recognised", markup=False)
        raise typer.Exit(1)
    for office, party, actor in answers:
        if actor:
            print(f"{party} {office} on {on}: {actor.names.first('en')} ({actor.id})")
            continue
        gap = kb.at(day).gap(party, office)
        why = f"{gap.status}: {gap.note}" if gap else "no term recorded for this date"
        print(f"{party} {office} on {on}: no holder known ({why})")
    if not any(actor for _o, _p, actor in answers):
        raise typer.Exit(1)


@kb_app.command("occasion")
def kb_occasion(query: str = typer.Argument(..., help='a gathering as the press names it: "الدورة الـ51 لمجلس وزراء '
                                                      'خارجية منظمة التعاون الإسلامي", "the 79th session of the UN General Assembly"'),
                on: Optional[str] = typer.Option(None, "--on", help="read as news of this date (YYYY-MM-DD): which "
                                                                     "session an unnumbered name means")):
    """Which numbered session a name of a recurring gathering stands for: where and when it was held."""
    from datetime import date as _date
    from sidelines.kb import load_kb
    from sidelines.kb.lookup import occasion
    try:
        day = _date.fromisoformat(on) if on else None
    except ValueError:
        err.print(f"--on {on}: not a date (YYYY-MM-DD)", markup=False)
        raise typer.Exit(2)
    found = occasion(query, day, load_kb())
    if found is None:
        err.print(f"{query}: no gathering recognised", markup=False)
        raise typer.Exit(1)
    if found.conf is None:
        err.print(f"{query}: read as {found.name}, but no session of the knowledge base matches it", markup=False)
        raise typer.Exit(1)
    c = found.conf
    when = c.start.isoformat() if c.start else "date unknown"
    if c.end and c.end != c.start:
        when += f"..{c.end.isoformat()}"
    where = ", ".join(x for x in (c.city, c.country) if x) or "place unknown"
    print(f"{c.name} ({c.id}): {where}, {when}")
    if c.high_level:
        print(f"  high-level week (general debate): {c.high_level[0].isoformat()}..{c.high_level[1].isoformat()}")


@kb_app.command("review")
def kb_review(learned: Path = typer.Argument(..., help="the file `sidelines extract --learned` wrote"),
              accept: List[int] = typer.Option([], "--accept", help="row number to accept into the overlay"),
              reject: List[int] = typer.Option([], "--reject", help="row number never to propose again"),
              overlay: Path = typer.Option(Path("kb-overlay"), "--overlay", help="the local overlay folder")):
    """List candidates (people the knowledge base lacks) and conflicts (a text naming someone else than the
    curated holder); accept or reject them by row number. Nothing enters the overlay unless accepted here."""
    from datetime import date as _date
    from sidelines.resolve.learned import accept as do_accept, read_learned, reject as do_reject, rejected_keys
    rows = [r for r in read_learned(learned) if r["key"] not in rejected_keys(overlay)]
    for n, r in enumerate(rows, 1):
        when = f"{r['dates'][0]}..{r['dates'][-1]}" if r["dates"] else "undated"
        print(f"{n:>3} {r['kind']:<9} {r['party']:<12} {r['office']:<24} {r['native_name']}  ({when}, "
              f"{len(r['docs'])} documents){'  ' + r['note'] if r.get('note') and r['kind'] == 'conflict' else ''}")
    status = 0
    for n in accept:
        if not 1 <= n <= len(rows):
            err.print(f"--accept {n}: no such row", markup=False)
            status = 2
            continue
        if rows[n - 1]["kind"] == "conflict":
            err.print(f"--accept {n}: a curated term covers these dates; correct the curated files instead", markup=False)
            status = 2
            continue
        actor, _term = do_accept(rows[n - 1], overlay, _date.today().isoformat())
        print(f"accepted {n}: {actor['id']} into {overlay}")
    for n in reject:
        if not 1 <= n <= len(rows):
            err.print(f"--reject {n}: no such row", markup=False)
            status = 2
            continue
        do_reject(rows[n - 1], overlay)
        print(f"rejected {n}: {rows[n - 1]['native_name']}")
    if status:
        raise typer.Exit(status)


@kb_app.command("check")
def kb_check():
    """Validate the knowledge base files; exit 1 when a problem is found."""
    from sidelines.kb.validate import validate
    problems = validate()
    for p in problems:
        print(p)
    if problems:
        raise typer.Exit(1)
    print("the knowledge base is consistent")


def main(argv: list[str] | None = None) -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    app(args=argv, prog_name="sidelines")


if __name__ == "__main__":
    main()
