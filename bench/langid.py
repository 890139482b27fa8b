"""Language identification: how often the packaged configuration (sidelines/data/langid.yaml) agrees with
lingua at its most careful (high-accuracy mode over 1,500 characters), milliseconds per document, and memory.

Texts: the development corpus and the seeds in ../shared (read in place, never copied), with their language
taken away, and paragraphs written for the project in languages we do not read but that news of the region
comes in (French, Turkish, German, Spanish, Indonesian, Urdu, Pashto, Sorani Kurdish, Russian, Hebrew).

    python bench/langid.py
"""
from __future__ import annotations

import json
import multiprocessing
import resource
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sidelines.text.langid import LanguageIdentifier, load_langid_data  # noqa: E402

WRITTEN = {
    "fr": "Le ministre des Affaires étrangères a reçu mardi son homologue iranien à Paris. Les deux hommes ont "
          "évoqué la situation au Liban et les négociations sur le programme nucléaire, selon un communiqué.",
    "tr": "Dışişleri Bakanı, İranlı mevkidaşıyla Ankara'da bir araya geldi. Görüşmede ikili ilişkiler ve "
          "bölgedeki son gelişmeler ele alındı, bakanlık açıklamasında belirtildi.",
    "de": "Der Außenminister empfing am Dienstag seinen iranischen Amtskollegen in Berlin. Die beiden sprachen "
          "über die Lage im Libanon und die Verhandlungen über das Atomprogramm, teilte das Ministerium mit.",
    "es": "El ministro de Asuntos Exteriores recibió el martes a su homólogo iraní en Madrid. Ambos abordaron "
          "la situación en el Líbano y las negociaciones sobre el programa nuclear, según un comunicado.",
    "id": "Menteri Luar Negeri menerima kunjungan mitranya dari Iran di Jakarta pada hari Selasa. Keduanya "
          "membahas situasi di Lebanon dan perundingan mengenai program nuklir, kata kementerian.",
    "ur": "وزیر خارجہ نے منگل کو اسلام آباد میں اپنے ایرانی ہم منصب سے ملاقات کی۔ دونوں رہنماؤں نے خطے کی "
          "صورتحال اور دوطرفہ تعلقات پر تبادلہ خیال کیا۔",
    "ps": "د بهرنیو چارو وزیر د سه شنبې په ورځ په کابل کې د ایران له همکار سره ولیدل. دواړو لوریو د سیمې د "
          "وضعیت او دوه اړخیزو اړیکو په اړه خبرې وکړې.",
    "ku": "وەزیری دەرەوە ڕۆژی سێشەممە لە هەولێر لەگەڵ هاوتا ئێرانییەکەی کۆبووەوە. هەردوولا باسیان لە "
          "پەیوەندییە دوولایەنەکان و دۆخی ناوچەکە کرد.",
    "ru": "Министр иностранных дел во вторник принял в Москве своего иранского коллегу. Стороны обсудили "
          "ситуацию в регионе и двусторонние отношения.",
    "he": "שר החוץ נפגש ביום שלישי עם עמיתו האיראני. השניים דנו במצב באזור וביחסים בין המדינות.",
}


def texts() -> list[tuple[str | None, str]]:
    out: list[tuple[str | None, str]] = [(lang, text) for lang, text in WRITTEN.items()]
    dev = ROOT.parent / "shared" / "dev" / "news.jsonl"
    if dev.exists():
        out += [(None, json.loads(line)["text"]) for line in dev.open(encoding="utf-8") if line.strip()]
    seeds = ROOT.parent / "shared" / "seeds"
    out += [(None, p.read_text(encoding="utf-8")) for p in sorted(seeds.glob("*.txt"))] if seeds.is_dir() else []
    return out


def measure(careful: bool) -> tuple[list, float, float]:
    """In a fresh process: each text's language, milliseconds a document, and peak RSS in MB."""
    data = load_langid_data()
    if careful:
        data = replace(data, sample_chars=1500, low_accuracy=False)
    items = texts()
    identifier = LanguageIdentifier(data)
    identifier.identify(items[0][1])    # models load on first use: counted in memory, not in time
    t = time.perf_counter()
    got = [identifier.identify(text) for _, text in items]
    ms = (time.perf_counter() - t) / len(items) * 1000
    return got, ms, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    items = texts()
    packaged = load_langid_data()
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(1, maxtasksperchild=1) as pool:
        got, ms, rss = pool.apply(measure, (False,))
    with ctx.Pool(1, maxtasksperchild=1) as pool:
        ref, ms_ref, rss_ref = pool.apply(measure, (True,))
    print(f"{len(items)} texts: {dict(Counter(got))}")
    print("written paragraphs in languages we do not read: "
          + ", ".join(f"{want} -> {g}" for (want, _), g in zip(items, got) if want is not None))
    misread = [want for (want, _), g in zip(items, got) if want is not None and g in ("ar", "fa", "en")]
    print(f"  read as Arabic, Persian or English: {len(misread)}" + (f" ({misread})" if misread else ""))
    print(f"packaged ({packaged.sample_chars} characters, {'low' if packaged.low_accuracy else 'high'} accuracy): "
          f"{ms:.2f} ms a document, peak RSS {rss:.0f} MB")
    print(f"careful (1,500 characters, high accuracy): {ms_ref:.2f} ms a document, peak RSS {rss_ref:.0f} MB")
    agree = sum(a == b for a, b in zip(got, ref))
    print(f"agreement: {agree} of {len(items)}" +
          ("" if agree == len(items) else f"; differ: {[(a, b) for a, b in zip(got, ref) if a != b][:10]}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
