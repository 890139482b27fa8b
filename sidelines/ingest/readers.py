"""Readers for plain text, JSONL, HTML pages, WARC archives and RSS/Atom feeds, gzip-compressed or not,
folders of them, and standard input ("-").

Each yields Documents or ReadErrors, one per input that could not be read (an empty file, a binary file,
invalid UTF-8, a JSONL line that is not JSON or has no text, a truncated gzip stream, a page without text,
a malformed WARC record, broken feed XML), naming the file and position, so one broken input never costs
the rest. The reader of a file is chosen by its name (`READERS`).
"""
from __future__ import annotations

import gzip
import json
import zlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterator

from sidelines.model import Document


@dataclass(frozen=True)
class ReadError:
    source: str          # file, or file:line
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


def _date(v, where: str) -> date | None:
    if not v:
        return None
    try:
        d = date.fromisoformat(str(v)[:10])
    except ValueError:
        raise ValueError(f"published is not an ISO date: {v!r}") from None
    # a publication year outside 1900-2100 is a broken field: the date is unknown, not trusted
    return d if 1900 <= d.year <= 2100 else None


def read_manifest(path: str | Path) -> dict[str, dict]:
    """Metadata for plain-text files, keyed by file name and by id."""
    out: dict[str, dict] = {}
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
            except json.JSONDecodeError as e:
                raise ValueError(f"{path}:{n}: not JSON ({e.msg})") from None
            for k in (d.get("path"), d.get("id")):
                if k:
                    out[Path(k).name] = d
                    out[str(k)] = d
    return out


def _decode(data: bytes, where: str) -> str:
    if not data.strip():
        raise ValueError("empty")
    if b"\x00" in data[:4096]:
        raise ValueError("binary content (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ValueError(f"invalid UTF-8 at byte {e.start}") from None


def _document(d: dict, where: str, default_id: str) -> Document:
    if not isinstance(d, dict):
        raise ValueError("a JSON line must be an object")
    text = d.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("no 'text'")
    return Document(id=str(d.get("id") or default_id), text=text, published=_date(d.get("published"), where),
                    lang=d.get("lang"), source=d.get("source"), source_country=d.get("source_country"),
                    url=d.get("url"), title=d.get("title"))


MAX_TEXT_BYTES = 20 * 2**20   # a plain-text file larger than this is not one article


def open_binary(path: Path):
    """The file's bytes as a stream, decompressed when its name ends in .gz."""
    return gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")


def read_capped(path: Path, limit: int = MAX_TEXT_BYTES, what: str = "one article") -> bytes:
    """The (decompressed) bytes of a file; ValueError, with the reason, when it cannot be read, holds more
    than `limit` bytes or none."""
    try:
        with open_binary(path) as fh:
            data = fh.read(limit + 1)
    except (OSError, EOFError, zlib.error) as e:
        raise ValueError(f"cannot read ({e})") from None
    if len(data) > limit:
        raise ValueError(f"larger than {limit} bytes: not {what}")
    if not data.strip():
        raise ValueError("empty")
    return data


def _lines(stream) -> Iterator[tuple[int, bytes | None, str | None]]:
    """(line number, bytes, None) for each line; (n, None, reason) once if the stream breaks off."""
    n = 0
    try:
        while True:
            raw = stream.readline(MAX_TEXT_BYTES + 1)
            if not raw:
                return
            n += 1
            if len(raw) > MAX_TEXT_BYTES and not raw.endswith(b"\n"):
                # a line longer than any article (or a decompression bomb): skip it without holding it
                while True:
                    rest = stream.readline(1 << 20)
                    if not rest or rest.endswith(b"\n"):
                        break
                yield n, b"", f"a line longer than {MAX_TEXT_BYTES} bytes, skipped"
                continue
            yield n, raw, None
    except (EOFError, OSError, gzip.BadGzipFile, zlib.error) as e:
        yield n + 1, None, f"the compressed stream breaks off after line {n} ({e})"


def _read_jsonl(path: Path, stream=None) -> Iterator[Document | ReadError]:
    try:
        fh = stream if stream is not None else open_binary(path)
    except OSError as e:
        yield ReadError(str(path), f"cannot read ({e})")
        return
    seen = False
    try:
        for n, raw, broken in _lines(fh):
            if broken and raw is None:
                yield ReadError(f"{path}:{n}", broken)
                return
            if broken:
                yield ReadError(f"{path}:{n}", broken)
                continue
            assert raw is not None   # `_lines` gives bytes whenever it gives no reason
            if not raw.strip():
                continue
            seen = True
            yield from _jsonl_line(path, n, raw)
    finally:
        if stream is None:
            fh.close()
    if not seen:
        yield ReadError(str(path), "empty")


def _jsonl_line(path, n: int, raw: bytes) -> Iterator[Document | ReadError]:
        where = f"{path}:{n}"
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            yield ReadError(where, f"invalid UTF-8 at byte {e.start}")
            return
        try:
            d = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as e:
            yield ReadError(where, f"not JSON ({getattr(e, 'msg', 'nested too deeply')})")
            return
        try:
            yield _document(d, where, f"{Path(str(path)).name.split('.')[0]}:{n}")
        except (ValueError, TypeError) as e:
            yield ReadError(where, str(e))


def _read_text(path: Path, manifest: dict[str, dict]) -> Iterator[Document | ReadError]:
    try:
        text = _decode(read_capped(path), str(path))
    except ValueError as e:
        yield ReadError(str(path), str(e))
        return
    stem = path.name.split(".")[0]
    meta = manifest.get(path.name) or manifest.get(path.stem) or manifest.get(stem) or {}
    try:
        yield _document({**meta, "text": text, "id": meta.get("id") or stem}, str(path), stem)
    except ValueError as e:
        yield ReadError(str(path), str(e))


def kind_of(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    for suffix, kind in ((".jsonl", "jsonl"), (".ndjson", "jsonl"), (".txt", "text"), (".html", "html"),
                         (".htm", "html"), (".warc", "warc"), (".arc", "warc"), (".rss", "feed"), (".atom", "feed"),
                         (".xml", "feed")):
        if name.endswith(suffix):
            return kind
    return None


def _reader(kind: str, manifest: dict):
    from sidelines.ingest import web
    return {"jsonl": _read_jsonl, "text": lambda p: _read_text(p, manifest), "html": web.read_html,
            "warc": web.read_warc, "feed": web.read_feed}[kind]


def _read_stdin(stream) -> Iterator[Document | ReadError]:
    """Standard input: JSONL documents when it starts with "{", else one plain-text document."""
    head = stream.peek(64)[:64] if hasattr(stream, "peek") else b""
    if head.lstrip()[:1] == b"{":
        yield from _read_jsonl(Path("<stdin>"), stream)
        return
    data = stream.read(MAX_TEXT_BYTES + 1)
    try:
        if len(data) > MAX_TEXT_BYTES:
            raise ValueError(f"larger than {MAX_TEXT_BYTES} bytes: not one article")
        yield _document({"text": _decode(data, "<stdin>"), "id": "stdin"}, "<stdin>", "stdin")
    except ValueError as e:
        yield ReadError("<stdin>", str(e))


def read_documents(paths, manifest: dict[str, dict] | None = None) -> Iterator[Document | ReadError]:
    manifest = manifest or {}
    for p in paths:
        if str(p) == "-":
            import sys
            yield from _read_stdin(sys.stdin.buffer)
            continue
        path = Path(p)
        if path.is_dir():
            files = sorted(f for f in path.rglob("*") if f.is_file() and kind_of(f) is not None
                           and f.name not in ("manifest.jsonl", "gold.jsonl"))
            if not files:
                yield ReadError(str(path), "no readable files in this folder (.txt, .jsonl, .html, .warc, .rss, "
                                           ".atom, .xml, or the same with .gz)")
            for f in files:
                yield from _reader(kind_of(f) or "", manifest)(f)   # `files` holds only files of a known kind
        elif not path.exists():
            yield ReadError(str(path), "no such file")
        else:
            kind = kind_of(path)
            if kind is None:
                # an unknown name is read as plain text, as before: the decoder rejects binary content
                kind = "text"
            yield from _reader(kind, manifest)(path)
