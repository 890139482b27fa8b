"""Build actors.jsonl and offices.jsonl from the per-party sources in tools/kb_src/holders/.

One YAML file per state or organisation (JOR.yaml, OIC.yaml) holds the people who held its offices, their
terms, and the periods no trusted source covers (`gap: unknown`) or in which an office stood empty
(`gap: vacant`). Where a president heads the government (the US; Turkey since 9 July 2018), the president
is recorded under head_of_government too, with the dates of that arrangement. Every fact names its source;
the builder refuses a file with a missing source, a bad date, an unknown office or a person defined twice,
and writes nothing then.

    python tools/build_holders.py           # rebuild the three files
    python tools/build_holders.py --check   # exit 1 if the committed files differ from a fresh build
    python tools/build_holders.py --src DIR --out DIR   # build other sources elsewhere (drafts, staging)
"""
from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sidelines.kb.validate import MULTI_HOLDER  # noqa: E402

SRC = ROOT / "tools" / "kb_src" / "holders"
OUT = ROOT / "sidelines" / "data" / "kb"
OFFICES = ("head_of_state", "head_of_government", "foreign_minister", "deputy_foreign_minister", "secretary_general",
           "envoy", "minister")
GAPS = ("unknown", "vacant")
LANGS = ("ar", "fa", "en")


class SourceError(ValueError):
    pass


def _day(v, where: str, field: str) -> str | None:
    if v is None:
        return None
    if isinstance(v, date):
        return v.isoformat()
    try:
        return date.fromisoformat(str(v)).isoformat()
    except ValueError:
        raise SourceError(f"{where}: {field} is not a full ISO date: {v!r}") from None


def _names(d, where: str) -> dict:
    out = {}
    for lang, forms in (d or {}).items():
        if lang not in LANGS:
            raise SourceError(f"{where}: names in unknown language {lang!r}")
        forms = [forms] if isinstance(forms, str) else list(forms or [])
        forms = [str(f).strip() for f in forms if str(f).strip()]
        if forms:
            out[lang] = list(dict.fromkeys(forms))
    if "en" not in out:
        raise SourceError(f"{where}: no English name")
    return {k: out[k] for k in sorted(out)}


def build(src: Path = SRC) -> tuple[list[dict], list[dict]]:
    actors: dict[str, dict] = {}
    offices: list[dict] = []
    files = sorted(src.glob("*.yaml"))
    if not files:
        raise SourceError(f"{src}: no source files")
    for path in files:
        where = path.name
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as e:
            raise SourceError(f"{where}: not valid YAML: {str(e).splitlines()[0]}") from None
        party = doc.get("party")
        if party != path.stem:
            raise SourceError(f"{where}: party {party!r} does not match the file name")
        retrieved = _day(doc.get("retrieved"), where, "retrieved")
        if not retrieved:
            raise SourceError(f"{where}: no retrieved date")
        for p in doc.get("people") or []:
            pid = p.get("id")
            w = f"{where}: person {pid}"
            if not pid or pid in actors:
                raise SourceError(f"{w}: missing or defined twice")
            if not p.get("source"):
                raise SourceError(f"{w}: no source")
            # the party whose file defines the person: the one the press means when it names a person who holds
            # the same office in several (the British monarch, also head of state of Canada and Australia)
            row = {"id": pid, "names": _names(p.get("names"), w), "born": _day(p.get("born"), w, "born"),
                   "died": _day(p.get("died"), w, "died"), "party": party, "source": p["source"],
                   "retrieved": retrieved}
            if p.get("note"):
                row["note"] = p["note"]
            actors[pid] = row
        for t in doc.get("terms") or []:
            office = t.get("office")
            w = f"{where}: {office} term {t.get('actor') or t.get('gap')} from {t.get('from')}"
            if office not in OFFICES:
                raise SourceError(f"{w}: unknown office")
            start, end = _day(t.get("from"), w, "from"), _day(t.get("to"), w, "to")
            if start and end and start > end:
                raise SourceError(f"{w}: ends before it starts")
            row = {"office": office, "party": t.get("party") or party}
            if t.get("gap"):
                if t["gap"] not in GAPS or t.get("actor"):
                    raise SourceError(f"{w}: a gap is `unknown` or `vacant` and names no one")
                if not (start and end) or not t.get("note"):
                    raise SourceError(f"{w}: a gap needs both days and a note")
                row.update(id=f"{row['party']}/{office}/{t['gap']}/{start}", actor=None, status=t["gap"],
                           valid_from=start, valid_to=end, note=t["note"], retrieved=retrieved)
                if t.get("source"):
                    row["source"] = t["source"]
            else:
                if not t.get("actor") or not t.get("source"):
                    raise SourceError(f"{w}: a term names its holder and its source")
                row.update(id=f"{row['party']}/{office}/{t['actor']}/{start}", actor=t["actor"], valid_from=start,
                           valid_to=end, source=t["source"], retrieved=retrieved)
                if t.get("end_unknown") and office in MULTI_HOLDER:
                    # closed by the next row of the office, which for an office many hold at once is someone else's
                    raise SourceError(f"{w}: end_unknown cannot close a term of an office held by several at once; "
                                      "give last_seen on an open term, or attested_only")
                for flag in ("acting", "start_unknown", "end_unknown", "attested_only"):
                    if t.get(flag):
                        row[flag] = True
                if t.get("last_seen"):
                    if end:
                        raise SourceError(f"{w}: last_seen is for a term still open")
                    row["last_seen"] = _day(t["last_seen"], w, "last_seen")
                if t.get("note"):
                    row["note"] = t["note"]
            offices.append(row)
    for r in offices:
        if r["actor"] and r["actor"] not in actors:
            raise SourceError(f"{r['id']}: holder {r['actor']!r} is defined in no source file")
    ids = [r["id"] for r in offices]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise SourceError(f"terms defined twice: {dup[:5]}")
    return sorted(actors.values(), key=lambda r: r["id"]), sorted(offices, key=lambda r: r["id"])


def _render(rows: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows)


def _option(argv: list[str], name: str, default: Path) -> Path:
    if name in argv:
        i = argv.index(name)
        if i + 1 >= len(argv):
            raise SystemExit(f"build_holders: {name} needs a directory")
        return Path(argv[i + 1])
    return default


def main(argv: list[str]) -> int:
    src, out = _option(argv, "--src", SRC), _option(argv, "--out", OUT)
    try:
        actors, offices = build(src)
    except SourceError as e:
        print(f"build_holders: {e}", file=sys.stderr)
        return 2
    outputs = {"actors.jsonl": _render(actors), "offices.jsonl": _render(offices)}
    if "--check" in argv:
        stale = [n for n, text in outputs.items() if not (out / n).is_file() or (out / n).read_text(encoding="utf-8") != text]
        if stale:
            print(f"build_holders: {', '.join(stale)} differ from a fresh build of {src}", file=sys.stderr)
            return 1
        return 0
    out.mkdir(parents=True, exist_ok=True)
    for name, text in outputs.items():
        (out / name).write_text(text, encoding="utf-8")
    print(f"{len(actors)} people, {sum(1 for r in offices if r['actor'])} terms, "
          f"{sum(1 for r in offices if not r['actor'])} gaps")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
