"""Language identification: the script a text is written in, then lingua among the languages of that script
that matter here (`sidelines/data/langid.yaml`). Documents in languages we do not read are reported and
skipped by the caller, and counted by language."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from importlib import resources

import yaml

from sidelines.lexicon import SUPPORTED_LANGUAGES

_LETTER = re.compile(r"[^\W\d_]")
_ARABIC = re.compile("[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_LATIN = re.compile("[A-Za-z\u00C0-\u024F\u1E00-\u1EFF]")


@dataclass(frozen=True)
class LangIdData:
    arabic_script: dict    # lingua name -> our code
    latin_script: dict
    other_letters: dict    # letter -> code of the language it marks
    other_share: float
    other_min: int
    sample_chars: int
    low_accuracy: bool


def load_langid_data() -> LangIdData:
    d = yaml.safe_load((resources.files("sidelines") / "data" / "langid.yaml").read_text(encoding="utf-8"))
    letters = {ch: code for code, chars in d["other_letters"].items() for ch in chars}
    return LangIdData(dict(d["arabic_script"]), dict(d["latin_script"]), letters, float(d["other_share"]),
                      int(d["other_min"]), int(d["sample_chars"]), bool(d["low_accuracy"]))


class LanguageIdentifier:
    """Built once per run; lingua loads each language's model on first use."""

    def __init__(self, data: LangIdData | None = None) -> None:
        from lingua import Language, LanguageDetectorBuilder
        self.data = data or load_langid_data()
        self._detectors = {}
        self._codes = {}
        for script, table in (("arabic", self.data.arabic_script), ("latin", self.data.latin_script)):
            langs = {getattr(Language, name): code for name, code in table.items()}
            self._codes[script] = langs
            builder = LanguageDetectorBuilder.from_languages(*langs)
            if self.data.low_accuracy:
                builder = builder.with_low_accuracy_mode()
            self._detectors[script] = builder.build()

    def identify(self, text: str) -> str | None:
        """The ISO 639-1 code of the text's language, or None when it cannot be told (no letters, or a script
        none of our candidate languages is written in)."""
        sample = text[:self.data.sample_chars]
        letters = len(_LETTER.findall(sample))
        arabic, latin = len(_ARABIC.findall(sample)), len(_LATIN.findall(sample))
        if not letters or max(arabic, latin) * 2 < letters:
            return None     # no letters, or mostly a script none of our candidates is written in
        script = "arabic" if arabic >= latin else "latin"
        if script == "arabic":
            marked = Counter(self.data.other_letters[ch] for ch in sample if ch in self.data.other_letters)
            if marked:
                code, n = marked.most_common(1)[0]
                if n >= self.data.other_min and sum(marked.values()) >= self.data.other_share * arabic:
                    return code
        lang = self._detectors[script].detect_language_of(sample)
        return self._codes[script].get(lang) if lang is not None else None


def supported(code: str | None) -> bool:
    return code in SUPPORTED_LANGUAGES
