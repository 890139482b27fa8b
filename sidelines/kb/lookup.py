"""`sidelines kb who` and `sidelines kb occasion`: an office as the press names it, in any of the three
languages, to its holder on a date; a gathering as the press names it ("الدورة الـ51 لمجلس وزراء الخارجية")
to the numbered session of the knowledge base. Queries are read by the same recognizer as news text, so every
form the language data knows works here."""
from __future__ import annotations

from datetime import date

from sidelines.kb.base import Actor, KnowledgeBase
from sidelines.lexicon import load_language
from sidelines.recognize.gazetteer import build_gazetteer
from sidelines.recognize.phrases import build_units, role_phrases
from sidelines.text.normalise import Normaliser


def _script_language(text: str) -> list[str]:
    if any("\u0600" <= ch <= "\u06ff" for ch in text):
        persian = any(ch in "پچژگکی" for ch in text)
        return ["fa", "ar"] if persian else ["ar", "fa"]
    return ["en"]


def _units(query: str, lang, kb: KnowledgeBase):
    """The query read as a sentence of news text (acronyms such as OIC and US match in capitals only)."""
    text = Normaliser.of(query)
    mentions = build_gazetteer(lang, kb).find_all(text.norm, lambda i: query[text.to_raw(i)].isupper())["a"]
    return build_units(text.norm, 0, len(text.norm), mentions, [])


def who(query: str, day: date, kb: KnowledgeBase) -> list[tuple[str, str, Actor | None]]:
    for code in _script_language(query):
        lang = load_language(code)
        units = _units(query, lang, kb)
        out = []
        for p in role_phrases(units, lang):
            for party in p.parties:
                office = kb.office_for(p.role, party)
                if office:
                    out.append((office, party, kb.at(day).holder(party, office)))
        if out:
            return out
    return []


def occasion(query: str, day: date | None, kb: KnowledgeBase):
    """The recurring gathering a phrase names (`resolve.events.ResolvedOccasion`), read as news text published
    on `day` (which session "the extraordinary session" or "the summit in Doha" is depends on the day); None
    when the phrase names none."""
    from sidelines.extract.occasions import read_occasion
    from sidelines.resolve.events import EventBuilder
    for code in _script_language(query):
        lang = load_language(code)
        units = _units(query, lang, kb)
        for i in range(len(units)):
            ref = read_occasion(units, i, lang, kb)
            if ref is not None and (ref.series or ref.body or ref.number):
                found = EventBuilder(kb, None).occasion(ref, day, query)
                if found.conf is None and day is not None and ref.series:
                    # asked about a day, an unnumbered name means the session held around it (news text
                    # does not get this reading: there the day is only the publication date)
                    found.conf = kb.at(day).find_conference(ref.series, None, True if ref.extraordinary else None,
                                                            near=day)
                return found
    return None
