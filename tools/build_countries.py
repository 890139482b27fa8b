"""Build sidelines/data/kb/countries.jsonl (docs/kb.md): the 193 UN member states plus Palestine, the Holy See,
Kosovo and Taiwan.

Where each part comes from:
  - names: the press forms of tools/kb_src/countries_extra.yaml first, then CLDR's territory names in Arabic,
    Persian and English (through babel), then pycountry's English short, common and official names;
  - ISO alpha-2 from pycountry (Kosovo's user-assigned XK from the yaml); official languages from CLDR;
  - demonyms, capitals, press variants and notes from tools/kb_src/countries_extra.yaml (hand-written).
The babel and pycountry versions are recorded in each line's `source`, so the file names what it was built from.
The build is deterministic: same inputs, same bytes.

    python tools/build_countries.py           # write the file, print the counts and any problem
    python tools/build_countries.py --check   # exit 1 when the committed file differs from a fresh build
"""
from __future__ import annotations

import json
import re
import sys
from importlib.metadata import version
from pathlib import Path

import pycountry
import yaml
from babel import Locale
from babel.languages import get_official_languages

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "tools" / "kb_src" / "countries_extra.yaml"
OUT = ROOT / "sidelines" / "data" / "kb" / "countries.jsonl"
RETRIEVED = "2026-11-25"   # the day the hand-written facts were checked
LANGS = ("ar", "fa", "en")
UN_MEMBERS = 193
EXTRA_STATES = {"PSE", "VAT", "XKX", "TWN"}   # kept beside the UN members, `un_member: false`

_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_PAREN = re.compile(r"^(.*?)\s*\((.*)\)\s*$")


def _clean(form: str | None) -> list[str]:
    """A CLDR or pycountry name as the press writes it: "Myanmar (Burma)" gives both names; the ISO
    inverted forms ("Iran, Islamic Republic of") and CLDR's disambiguated ones ("Congo - Kinshasa") are not
    press forms and are left out; a leading "the " (pycountry's "the State of Eritrea") is dropped."""
    if not form:
        return []
    m = _PAREN.match(form)
    parts = [m.group(1), m.group(2)] if m else [form]
    out = []
    for p in parts:
        p = p.strip()
        if not p or ", " in p or " - " in p:
            continue
        if p.startswith("the "):
            p = p[4:]
        out.append(p)
    return out


def _list(v) -> list[str]:
    if v is None:
        return []
    return [v] if isinstance(v, str) else [str(x) for x in v]


def read_source() -> dict[str, dict]:
    return yaml.safe_load(SRC.read_text(encoding="utf-8")) or {}


def versions() -> tuple[str, str]:
    return version("babel"), version("pycountry")


def build() -> list[dict]:
    babel_v, pycountry_v = versions()
    source = (f"names: CLDR via babel {babel_v} and pycountry {pycountry_v} (ISO 3166-1 codes, English names); "
              "demonyms, capitals, press variants and notes: tools/kb_src/countries_extra.yaml, checkable at "
              "https://en.wikipedia.org/wiki/List_of_national_capitals and "
              "https://en.wikipedia.org/wiki/List_of_adjectival_and_demonymic_forms_for_countries_and_nations")
    locales = {lang: Locale(lang) for lang in LANGS}
    rows = []
    for iso3, extra in sorted(read_source().items()):
        extra = extra or {}
        c = pycountry.countries.get(alpha_3=iso3)
        iso2 = extra.get("iso2") or (c.alpha_2 if c else None)
        drop = {lang: set(_list((extra.get("drop") or {}).get(lang))) for lang in LANGS}
        names = {}
        for lang in LANGS:
            forms = _list((extra.get("names") or {}).get(lang))
            forms += _clean(locales[lang].territories.get(iso2)) if iso2 else []
            if lang == "en" and c is not None:
                for attr in ("name", "common_name", "official_name"):
                    forms += _clean(getattr(c, attr, None))
            names[lang] = list(dict.fromkeys(f for f in forms if f and f not in drop[lang]))
        if "languages" in extra:
            langs = _list(extra["languages"])
        else:
            langs = list(dict.fromkeys(x.split("_")[0] for x in get_official_languages(iso2))) if iso2 else []
        row = {
            "id": iso3, "iso2": iso2, "un_member": bool(extra.get("un_member", True)),
            "names": names,
            "demonyms": {lang: _list((extra.get("demonyms") or {}).get(lang)) for lang in LANGS},
            "capital": {lang: _list((extra.get("capital") or {}).get(lang)) for lang in LANGS},
            "languages": langs,
            "source": source, "retrieved": RETRIEVED,
        }
        if extra.get("note"):
            row["note"] = str(extra["note"])
        rows.append(row)
    return rows


def problems(rows: list[dict]) -> list[str]:
    """Coverage and script checks: what the brief and docs/kb.md require of every line."""
    out = []
    members = [r for r in rows if r["un_member"]]
    if len(members) != UN_MEMBERS:
        out.append(f"{len(members)} UN members, not {UN_MEMBERS}")
    missing = EXTRA_STATES - {r["id"] for r in rows if not r["un_member"]}
    if missing:
        out.append(f"non-member states missing or marked as members: {sorted(missing)}")
    for r in rows:
        if not r["iso2"] or not re.fullmatch(r"[A-Z]{2}", r["iso2"]):
            out.append(f"{r['id']}: no ISO alpha-2 code")
        if r["id"] not in EXTRA_STATES and pycountry.countries.get(alpha_3=r["id"]) is None:
            out.append(f"{r['id']}: not an ISO 3166-1 alpha-3 code")
        for field in ("names", "demonyms", "capital"):
            for lang in LANGS:
                forms = r[field][lang]
                if not forms:
                    out.append(f"{r['id']}: no {lang} {field}")
                for f in forms:
                    if lang in ("ar", "fa") and _LATIN.search(f):
                        out.append(f"{r['id']}: Latin letters in {field}.{lang}: {f}")
                    if lang == "en" and _ARABIC_SCRIPT.search(f):
                        out.append(f"{r['id']}: Arabic script in {field}.en: {f}")
                    if f != f.strip() or "  " in f:
                        out.append(f"{r['id']}: stray blanks in {field}.{lang}: {f!r}")
        if r["demonyms"]["ar"] and any(d.startswith("ال") and " " not in d for d in r["demonyms"]["ar"]):
            out.append(f"{r['id']}: Arabic demonym with the article (give the indefinite form)")
    return out


def render(rows: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows)


def main(argv: list[str]) -> int:
    rows = build()
    text = render(rows)
    if "--check" in argv:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT} differs from a fresh build of {SRC} (babel {versions()[0]}, pycountry {versions()[1]}); "
                  f"run python tools/build_countries.py", file=sys.stderr)
            return 1
        return 0
    bad = problems(rows)
    for p in bad:
        print(f"problem: {p}", file=sys.stderr)
    if bad:
        print(f"{OUT} not written: {len(bad)} problems", file=sys.stderr)
        return 1
    OUT.write_text(text, encoding="utf-8")
    members = sum(1 for r in rows if r["un_member"])
    print(f"{OUT}: {len(rows)} states ({members} UN members, {len(rows) - members} others: "
          f"{', '.join(r['id'] for r in rows if not r['un_member'])})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
