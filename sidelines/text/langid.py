"""Language identification with lingua, restricted to the languages that matter and those they are
confused with. Documents in other languages are reported and skipped by the caller."""
from __future__ import annotations

from sidelines.lexicon import SUPPORTED_LANGUAGES


class LanguageIdentifier:
    """Built once per run; the detector loads its models on first use."""

    def __init__(self) -> None:
        from lingua import Language, LanguageDetectorBuilder
        self._codes = {Language.ARABIC: "ar", Language.PERSIAN: "fa", Language.ENGLISH: "en", Language.URDU: "ur"}
        self._detector = LanguageDetectorBuilder.from_languages(*self._codes).build()

    def identify(self, text: str) -> str | None:
        sample = text[:1500]
        if not sample.strip():
            return None
        lang = self._detector.detect_language_of(sample)
        return self._codes.get(lang) if lang is not None else None


def supported(code: str | None) -> bool:
    return code in SUPPORTED_LANGUAGES
