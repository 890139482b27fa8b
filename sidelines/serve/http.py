"""The HTTP API and the dashboard, over one store: `create_app(db)`; `sidelines serve` runs it.

Read endpoints are open; `POST /documents` is off unless a token is configured, and then needs it as a
bearer token (compared in constant time). Every filter is bound as a query parameter, never spliced into SQL.
"""
from __future__ import annotations

import hmac
import json
import threading
from collections import OrderedDict
from contextlib import asynccontextmanager
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Optional

from fastapi import Depends, FastAPI, HTTPException, Query as Q, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from sidelines.export import event_to_record
from sidelines.model import Document, EventType
from sidelines.store import Query, Store
from sidelines.text.normalise import normalise_key

STATIC = Path(str(resources.files("sidelines") / "serve" / "static"))
MAX_BODY = 5 * 2**20          # bytes a POST may carry
MAX_DOCUMENTS = 500           # documents one POST may carry
MAX_PAGE = 500
CACHE_ENTRIES = 2048          # answers to reads kept, by URL


class DocumentIn(BaseModel):
    id: str = Field(min_length=1, max_length=300)
    text: str = Field(min_length=1)
    published: Optional[date] = None
    lang: Optional[str] = Field(default=None, max_length=8)
    url: Optional[str] = Field(default=None, max_length=2000)
    title: Optional[str] = Field(default=None, max_length=2000)
    source: Optional[str] = Field(default=None, max_length=300)
    source_country: Optional[str] = Field(default=None, max_length=3)


class DocumentsIn(BaseModel):
    documents: list[DocumentIn] = Field(min_length=1, max_length=MAX_DOCUMENTS)


def _json(content) -> Response:
    """Serialised here: the records are plain JSON already, and FastAPI's generic encoder would walk them
    again at several times the cost of the query."""
    return Response(json.dumps(content, ensure_ascii=False, separators=(",", ":")), media_type="application/json")


def _city_ids() -> dict[tuple[str, str | None], str]:
    """(folded English city name, country) -> the knowledge base's id of the city, as coordinates.jsonl keys it."""
    from sidelines.kb import load_kb
    kb = load_kb()
    ids: dict[tuple[str, str | None], str] = {}
    for c in kb.countries.values():
        for f in c.capital.by_lang.get("en", ()):
            ids[(normalise_key(f), c.code)] = f"capital:{c.code}"
    for p in kb.places.values():
        for f in p.names.by_lang.get("en", ()):
            ids[(normalise_key(f), p.country)] = p.id
    return ids


def _coordinates() -> dict[str, tuple[float, float]]:
    path = resources.files("sidelines") / "data" / "kb" / "coordinates.jsonl"
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            out[r["id"]] = (r["lat"], r["lon"])
    return out


def create_app(db: str | Path, token: str | None = None, pipeline=None) -> FastAPI:
    """The API over the store at `db`. With a token, the store is opened for writing and `POST /documents`
    is on; without one the store is opened read-only."""
    store = Store(db, read_only=token is None)
    lock = threading.Lock()      # one write at a time
    local = threading.local()

    def reader() -> Store:
        """This thread's own connection to the store: reads run side by side."""
        db = getattr(local, "store", None)
        if db is None:
            db = local.store = store.reader()
        return db

    @asynccontextmanager
    async def lifespan(_app):
        yield
        store.close()

    app = FastAPI(title="Sidelines", version="0.1.0", lifespan=lifespan,
                  description="Diplomatic events read from Arabic, Persian and English news, each with its evidence.")
    app.state.store = store

    # Answers to reads, by URL. The store cannot change under them: opened read-only, no other process can
    # write it while we hold it; opened for writing, every accepted POST /documents clears them.
    answers = app.state.answers = Answers()
    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(x) for x in first.get("loc", ()))
        return JSONResponse({"error": f"{where}: {first.get('msg', 'invalid request')}"}, status_code=422)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        return JSONResponse({"error": f"internal error ({type(exc).__name__})"}, status_code=500)

    def filters(party: list[str] = Q([], description="party code; repeat: every one takes part"),
                person: Optional[str] = Q(None, max_length=200), type: Optional[EventType] = None,
                since: Optional[date] = None, until: Optional[date] = None,
                occasion: Optional[str] = Q(None, max_length=200)) -> Query:
        return Query(parties=tuple(p.upper() for p in party[:10]), person=person, type=type.value if type else None,
                     since=since, until=until, occasion=occasion)

    @app.get("/events")
    def events(q: Query = Depends(filters), limit: int = Q(50, ge=1, le=MAX_PAGE), offset: int = Q(0, ge=0)):
        """Fused events matching every filter, by date, a page at a time."""
        from dataclasses import replace
        items, total = reader().page_records(replace(q, limit=limit, offset=offset))
        return _json({"total": total, "limit": limit, "offset": offset, "items": items})

    @app.get("/events/{event_id}")
    def event(event_id: str):
        """One fused event with the evidence of every document, and the copies of each document."""
        db = reader()
        found = db._load([event_id])
        if not found:
            raise HTTPException(404, f"no event {event_id}")
        rec = event_to_record(found[0])
        copies = {v["doc_id"]: db.copies(v["doc_id"]) for v in rec["evidence"]}
        linked = [event_to_record(e) for e in db.query(Query(occasion_event=event_id))] \
            if rec["type"] == "conference" else []
        rec["copies"] = copies
        rec["sideline_events"] = linked
        return _json(rec)

    @app.get("/actors")
    def actors(limit: int = Q(100, ge=1, le=1000), party: Optional[str] = Q(None, max_length=20)):
        """People in the stored events (those resolved to the knowledge base), most active first."""
        sql = ("SELECT actor_id, any_value(name), any_value(party), count(DISTINCT event_id) AS n FROM participants "
               "WHERE actor_id IS NOT NULL" + (" AND party = ?" if party else "") +
               " GROUP BY actor_id ORDER BY n DESC, actor_id LIMIT ?")
        rows = reader().con.execute(sql, ([party.upper()] if party else []) + [limit]).fetchall()
        return _json([{"actor_id": a, "name": n, "party": p, "events": c} for a, n, p, c in rows])

    @app.get("/actors/{actor_id}/timeline")
    def timeline(actor_id: str):
        """Every stored event of one person, by date, with the counterparts of each."""
        items = reader().query(Query(person=actor_id, exact_person=True))
        if not items:
            raise HTTPException(404, f"no events of {actor_id}")
        me = next(p for p in items[0].participants if p.actor_id == actor_id)
        return _json({"actor_id": actor_id, "name": me.name or me.native_name, "party": me.party,
                      "events": [event_to_record(e) for e in items]})

    @app.get("/network")
    def network(q: Query = Depends(filters), actors: bool = Q(False, description="nodes are people, not parties")):
        """The interaction network: nodes with their number of events, edges with theirs and first and last dates."""
        items = list(reader().iter_events(q))
        nodes: dict[str, dict] = {}
        edges: dict[tuple, dict] = {}
        for e in items:
            keys = [(p.actor_id if actors else p.party) for p in e.participants]
            ends = sorted({k for k in keys if k})
            for n in ends:
                label = next((p.name or p.native_name for p in e.participants if p.actor_id == n), n) if actors else n
                nodes.setdefault(n, {"id": n, "label": label, "events": 0})["events"] += 1
            for i, a in enumerate(ends):
                for b in ends[i + 1:]:
                    edge = edges.setdefault((a, b), {"source": a, "target": b, "events": 0, "first": None, "last": None,
                                                     "types": {}})
                    edge["events"] += 1
                    edge["types"][e.type.value] = edge["types"].get(e.type.value, 0) + 1
                    if e.date:
                        edge["first"] = min(filter(None, (edge["first"], e.date)))
                        edge["last"] = max(filter(None, (edge["last"], e.date)))
        return _json({"nodes": sorted(nodes.values(), key=lambda n: n["id"]), "edges": list(edges.values())})

    coords = _coordinates()
    city_ids = _city_ids()

    @app.get("/places")
    def places(q: Query = Depends(filters)):
        """Where the events took place, with coordinates for the map (cities the knowledge base knows)."""
        out: dict[tuple, dict] = {}
        items = list(reader().iter_events(q))
        for e in items:
            if not (e.location and e.location.city):
                continue
            key = (normalise_key(e.location.city), e.location.country)
            place = out.setdefault(key, {"city": e.location.city, "country": e.location.country, "events": 0,
                                         "lat": None, "lon": None})
            place["events"] += 1
            pid = city_ids.get(key)
            if pid in coords:
                place["lat"], place["lon"] = coords[pid]
        return _json(sorted(out.values(), key=lambda p: -p["events"]))

    def authorised(request: Request):
        if token is None:
            raise HTTPException(403, "submitting documents is off: start the server with a token to allow it")
        given = request.headers.get("authorization", "")
        if not hmac.compare_digest(given.encode("utf-8"), f"Bearer {token}".encode("utf-8")):
            raise HTTPException(401, "a valid bearer token is needed to submit documents")

    @app.post("/documents", dependencies=[Depends(authorised)])
    async def submit(request: Request):
        """Extract events from submitted articles and add them to the store (needs the token)."""
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
            raise HTTPException(413, f"the body may carry at most {MAX_BODY} bytes")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY:
                raise HTTPException(413, f"the body may carry at most {MAX_BODY} bytes")
        try:
            payload = DocumentsIn.model_validate_json(bytes(body))
        except ValueError as e:
            msg = str(e).splitlines()
            raise HTTPException(422, f"not a list of documents: {msg[1] if len(msg) > 1 else msg[0]}") from None
        from sidelines.api import RunReport, extract_into_store
        from sidelines.pipeline import Pipeline
        from sidelines.settings import Settings
        nonlocal pipeline
        if pipeline is None:
            pipeline = Pipeline(Settings())
        docs = [Document(d.id, d.text, d.published, d.lang, d.source, d.source_country, d.url, d.title)
                for d in payload.documents]
        report = RunReport()
        with lock:
            added = extract_into_store(docs, pipeline, store, report)
            answers.clear()
        return {"documents": added.documents, "duplicates": added.duplicates, "events": added.events,
                "new_records": added.new_records, "merged": added.merged, "errors": report.errors,
                "skipped": report.skipped, "languages_skipped": dict(report.languages_skipped)}

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def dashboard():
        return FileResponse(STATIC / "index.html")

    app.add_middleware(AnswerCache, answers=answers)
    return app


class Answers:
    """The answers to reads, by URL, newest last; `clear()` when the store changes. A generation count
    keeps an answer computed before a change from being kept after it."""

    def __init__(self, size: int = CACHE_ENTRIES):
        self.size, self.generation = size, 0
        self.kept: OrderedDict[str, tuple[bytes, list]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str):
        with self.lock:
            found = self.kept.get(key)
            if found is not None:
                self.kept.move_to_end(key)
            return found

    def put(self, key: str, generation: int, body: bytes, headers: list) -> None:
        with self.lock:
            if generation != self.generation:
                return
            self.kept[key] = (body, headers)
            while len(self.kept) > self.size:
                self.kept.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.generation += 1
            self.kept.clear()


class AnswerCache:
    """Replays kept answers to reads. A plain ASGI layer: Starlette's BaseHTTPMiddleware costs more per
    request than the query it would save on a small store."""

    CACHED = frozenset({"events", "actors", "network", "places"})

    def __init__(self, app, answers: Answers):
        self.app, self.answers = app, answers

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"].split("/")[1] not in self.CACHED:
            return await self.app(scope, receive, send)
        key = scope["path"] + "?" + scope.get("query_string", b"").decode("latin-1")
        kept = self.answers.get(key)
        if kept is not None:
            body, headers = kept
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        generation = self.answers.generation
        start: dict = {}
        chunks: list[bytes] = []

        async def keep(message):
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body") and start.get("status") == 200:
                    self.answers.put(key, generation, b"".join(chunks), list(start.get("headers", ())))
            await send(message)

        await self.app(scope, receive, keep)
