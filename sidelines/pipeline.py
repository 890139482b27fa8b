"""Runs the stages in order. Knows nothing about languages: each language's components are assembled
from its data by `Components.for_language` and kept for the life of the pipeline."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from sidelines.extract.clauses import ClauseReader
from sidelines.extract.document import DocumentReading, read_document
from sidelines.fuse import fuse
from sidelines.kb import KnowledgeBase, load_kb
from sidelines.lexicon import LanguageData, load_language
from sidelines.model import Document, Event
from sidelines.recognize.analyse import DocumentAnalysis, Recognizer
from sidelines.recognize.dates import build_date_grammar
from sidelines.recognize.gazetteer import build_gazetteer
from sidelines.registry import LANGUAGES
from sidelines.resolve.events import EventBuilder
from sidelines.settings import Settings
from sidelines.text.prepare import PreparedText, prepare


class UnsupportedLanguage(ValueError):
    """A document in a language we do not read (`code`: its ISO 639-1 code, or None when unknown)."""

    def __init__(self, code: str | None):
        super().__init__(f"language {code or 'unknown'} is not read")
        self.code = code


@dataclass(frozen=True)
class Components:
    lang: LanguageData
    recognizer: Recognizer
    reader: ClauseReader

    @classmethod
    def for_language(cls, code: str, kb: KnowledgeBase) -> "Components":
        data = load_language(code)
        return cls(data, Recognizer(data, build_gazetteer(data, kb), build_date_grammar(data), kb), ClauseReader(data, kb))


@dataclass(frozen=True)
class Trace:
    """Everything a document went through, for `sidelines explain`."""
    prepared: PreparedText
    analysis: DocumentAnalysis
    reading: DocumentReading
    events: list[Event]


class Pipeline:
    def __init__(self, settings: Settings, kb: KnowledgeBase | None = None):
        self.settings = settings
        if kb is None and settings.kb_overlay:
            from importlib import resources
            from sidelines.kb.base import load_kb_from
            kb = load_kb_from(resources.files("sidelines") / "data" / "kb", settings.kb_overlay)
        self.kb = kb or load_kb()
        self._components: dict[str, Components] = {}
        self.builder = EventBuilder(self.kb, settings)

    @cached_property
    def identifier(self):
        from sidelines.text.langid import LanguageIdentifier
        return LanguageIdentifier()

    def components(self, code: str) -> Components:
        if code not in self._components:
            self._components[code] = Components.for_language(code, self.kb)
        return self._components[code]

    def language_of(self, doc: Document) -> str:
        code = (doc.lang or "").lower()[:2] or None
        if code is None and self.settings.identify_language:
            code = self.identifier.identify(doc.text)   # a text it cannot tell stays unknown: no default
        elif code is None:
            code = self.settings.default_language
        if code not in LANGUAGES or code not in self.settings.languages:
            raise UnsupportedLanguage(code)
        return code

    def trace(self, doc: Document) -> Trace:
        code = self.language_of(doc)
        comp = self.components(code)
        prepared = prepare(doc, code, comp.lang)
        analysis = comp.recognizer.analyse(prepared)
        reading = read_document(analysis, comp.reader)
        events = fuse(self.builder.build(reading))
        return Trace(prepared, analysis, reading, events)

    def extract(self, doc: Document) -> list[Event]:
        return self.trace(doc).events
