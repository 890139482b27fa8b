"""Readers for plain-text files, folders of them and JSONL documents.

Each yields Documents or ReadErrors, one per input that could not be read (an empty file, a binary file,
invalid UTF-8, a JSONL line that is not JSON or has no text), so one broken input never costs the rest.
"""
from __future__ import annotations

import gzip
import json
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


def _open_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return data


def _read_jsonl(path: Path) -> Iterator[Document | ReadError]:
    try:
        data = _open_bytes(path)
    except (OSError, EOFError, gzip.BadGzipFile) as e:
        yield ReadError(str(path), f"cannot read ({e})")
        return
    if not data.strip():
        yield ReadError(str(path), "empty")
        return
    for n, raw in enumerate(data.split(b"\n"), 1):
        if not raw.strip():
            continue
        where = f"{path}:{n}"
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            yield ReadError(where, f"invalid UTF-8 at byte {e.start}")
            continue
        try:
            d = json.loads(line)
        except json.JSONDecodeError as e:
            yield ReadError(where, f"not JSON ({e.msg})")
            continue
        try:
            yield _document(d, where, f"{path.stem}:{n}")
        except ValueError as e:
            yield ReadError(where, str(e))


def _read_text(path: Path, manifest: dict[str, dict]) -> Iterator[Document | ReadError]:
    try:
        text = _decode(_open_bytes(path), str(path))
    except (OSError, ValueError, EOFError, gzip.BadGzipFile) as e:
        yield ReadError(str(path), str(e))
        return
    meta = manifest.get(path.name) or manifest.get(path.stem) or {}
    try:
        yield _document({**meta, "text": text, "id": meta.get("id") or path.stem}, str(path), path.stem)
    except ValueError as e:
        yield ReadError(str(path), str(e))


def read_documents(paths, manifest: dict[str, dict] | None = None) -> Iterator[Document | ReadError]:
    manifest = manifest or {}
    for p in paths:
        path = Path(p)
        if path.is_dir():
            files = sorted(f for f in path.rglob("*") if f.is_file() and f.name.endswith((".txt", ".jsonl", ".txt.gz", ".jsonl.gz")))
            if not files:
                yield ReadError(str(path), "no .txt or .jsonl files in this folder")
            for f in files:
                if f.name == "manifest.jsonl" or f.name == "gold.jsonl":
                    continue
                yield from (_read_jsonl(f) if ".jsonl" in f.name else _read_text(f, manifest))
        elif not path.exists():
            yield ReadError(str(path), "no such file")
        elif ".jsonl" in path.name:
            yield from _read_jsonl(path)
        else:
            yield from _read_text(path, manifest)
