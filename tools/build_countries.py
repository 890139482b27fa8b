"""Build sidelines/data/kb/countries.jsonl: state names in Arabic, Persian and English from CLDR (through
babel, pinned by the version recorded in each line), ISO codes from pycountry, and what CLDR lacks —
demonyms, capitals and the variants the press uses — from tools/kb_src/states_lead.tsv.

    python tools/build_countries.py           # write the file
    python tools/build_countries.py --check   # exit 1 when the committed file differs from a fresh build
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import babel
import pycountry
from babel import Locale
from babel.languages import get_official_languages

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "tools" / "kb_src" / "states_lead.tsv"
OUT = ROOT / "sidelines" / "data" / "kb" / "countries.jsonl"
RETRIEVED = "2026-11-25"
# Observer and partially recognised states kept beside the 193 UN members.
NON_MEMBERS = {"PSE", "VAT", "XKX", "TWN"}
ISO2 = {"XKX": "XK"}   # Kosovo's user-assigned code
NOTES = {
    "ISR": "capital: Jerusalem is the seat of government; its status is disputed and most embassies are in Tel Aviv",
    "PSE": "capital: Ramallah is the administrative seat; Palestine claims East Jerusalem as its capital",
    "NRU": "capital: Nauru has no official capital; Yaren is the seat of government",
    "CHE": "capital: Bern is the federal city",
    "BOL": "capital: Sucre is the constitutional capital; La Paz is the seat of government",
    "NLD": "capital: Amsterdam is the constitutional capital; the government sits in The Hague",
}


def _split(v: str) -> list[str]:
    return [x.strip() for x in v.split(";") if x.strip()]


def read_source() -> dict[str, dict]:
    rows = {}
    for line in SRC.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = (line.split("\t") + [""] * 10)[:10]
        iso3, en_dem, ar_dem, fa_dem, cap_en, cap_ar, cap_fa, ar_names, fa_names, en_names = cells
        rows[iso3] = {"demonyms": {"ar": _split(ar_dem), "fa": _split(fa_dem), "en": _split(en_dem)},
                      "capital": {"ar": _split(cap_ar), "fa": _split(cap_fa), "en": _split(cap_en)},
                      "names": {"ar": _split(ar_names), "fa": _split(fa_names), "en": _split(en_names)}}
    return rows


def build() -> list[dict]:
    ar, fa, en = Locale("ar"), Locale("fa"), Locale("en")
    src = read_source()
    out = []
    for iso3, extra in sorted(src.items()):
        c = pycountry.countries.get(alpha_3=iso3)
        iso2 = ISO2.get(iso3) or (c.alpha_2 if c else None)
        names = {}
        for code, loc in (("ar", ar), ("fa", fa), ("en", en)):
            cldr = loc.territories.get(iso2) if iso2 else None
            forms = extra["names"][code] + ([cldr] if cldr else [])
            if code == "en" and c is not None:
                forms += [c.name] + ([c.official_name] if getattr(c, "official_name", None) else [])
            names[code] = list(dict.fromkeys(f for f in forms if f))
        langs = [l.split("_")[0] for l in get_official_languages(iso2)] if iso2 and iso2 != "XK" else []
        out.append({
            "id": iso3, "iso2": iso2, "un_member": iso3 not in NON_MEMBERS,
            "names": names, "demonyms": extra["demonyms"], "capital": extra["capital"],
            "languages": list(dict.fromkeys(langs)),
            "source": f"names: CLDR via babel {babel.__version__} and pycountry {pycountry.__version__ if hasattr(pycountry, '__version__') else ''}".strip()
                      + "; demonyms, capitals and press variants: tools/kb_src/states_lead.tsv "
                        "(checkable at https://en.wikipedia.org/wiki/List_of_adjectival_and_demonymic_forms_for_countries_and_nations "
                        "and https://en.wikipedia.org/wiki/List_of_national_capitals)",
            "retrieved": RETRIEVED,
            **({"note": NOTES[iso3]} if iso3 in NOTES else {}),
        })
    return out


def render(rows: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows)


def main(argv: list[str]) -> int:
    text = render(build())
    if "--check" in argv:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT} differs from a fresh build of {SRC}", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"{OUT}: {text.count(chr(10))} states")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
