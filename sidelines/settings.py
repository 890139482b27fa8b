"""One Settings object: packaged defaults, then an optional user file (YAML), then explicit overrides."""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class Settings:
    conference_min_parties: int = 4       # a meeting of this many states or more is a conference
    languages: tuple[str, ...] = ("ar", "fa", "en")
    default_language: str | None = None   # used when a document names none and identification is off
    identify_language: bool = True
    keep_unsupported: bool = False
    kb_overlay: str | None = None         # a folder of accepted learned actors (sidelines kb review)
    document_seconds: float = 30.0        # time budget of one document; past it, the document is reported and skipped
    dedupe_copies: bool = True            # a syndicated copy of a text already read is not read again (run)

    @classmethod
    def load(cls, path: str | Path | None = None, **overrides) -> "Settings":
        s = cls()
        if path:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
            known = {f.name for f in fields(cls)}
            unknown = set(data) - known
            if unknown:
                raise ValueError(f"{path}: unknown settings {sorted(unknown)}")
            values: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
            s = replace(s, **values)
        return replace(s, **{k: v for k, v in overrides.items() if v is not None})
