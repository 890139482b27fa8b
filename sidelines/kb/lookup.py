"""`sidelines kb who`: an office as the press names it, in any of the three languages, to its holder on a
date. The query is read by the same recognizer as news text, so every role, state and demonym form the
language data knows works here."""
from __future__ import annotations

from datetime import date

from sidelines.kb.base import Actor, KnowledgeBase
from sidelines.lexicon import load_language
from sidelines.recognize.gazetteer import build_gazetteer
from sidelines.recognize.phrases import build_units, role_phrases
from sidelines.text.normalise import normalise_key


def _script_language(text: str) -> list[str]:
    if any("\u0600" <= ch <= "\u06ff" for ch in text):
        persian = any(ch in "پچژگکی" for ch in text)
        return ["fa", "ar"] if persian else ["ar", "fa"]
    return ["en"]


def who(query: str, day: date, kb: KnowledgeBase) -> list[tuple[str, str, Actor | None]]:
    for code in _script_language(query):
        lang = load_language(code)
        norm = normalise_key(query)
        mentions = build_gazetteer(lang, kb).find(norm)
        units = build_units(norm, 0, len(norm), mentions, [])
        out = []
        for p in role_phrases(units, lang):
            for party in p.parties:
                office = kb.office_for(p.role, party)
                if office:
                    out.append((office, party, kb.at(day).holder(party, office)))
        if out:
            return out
    return []
