"""Aho-Corasick gazetteers over the normalised text, one automaton per language and layer.

Layer `a` holds everything that structures a clause (roles, parties, people, triggers, prepositions,
occasion words); overlapping matches in it are resolved longest first. Topics and modality markers are
separate layers, matched independently, because they may overlap layer-a words without competing.
"""
from __future__ import annotations

import re
from operator import attrgetter
from typing import Any, Callable, Iterator

import ahocorasick  # type: ignore

from sidelines.kb import KnowledgeBase
from sidelines.lexicon import LanguageData
from sidelines.model import Mention
from sidelines.text.normalise import normalise_key


# When two layer-a matches have the same length and start, the earlier kind here wins.
_PRIORITY = ("blocker", "person", "given_name", "org", "country", "place", "occ_concept", "role", "plural_role", "counterpart",
             "trigger", "support_verb", "light_verb", "pair_anaphor", "group", "our_country", "org_adjective",
             "demonym", "honorific", "occ_sidelines", "occ_session", "occ_extraordinary", "occ_held_in",
             "occ_anaphoric", "state_prefix", "ordinal", "word")
_RANK = {k: i for i, k in enumerate(_PRIORITY)}


class Gazetteer:
    """Built once per language by `build_gazetteer`; `find` is pure."""

    def __init__(self, lang: LanguageData, automaton: ahocorasick.Automaton | None):
        self.lang = lang
        self._auto = automaton
        self._prefixes = frozenset(lang.clitic_prefixes)
        self._suffixes = frozenset(lang.clitic_suffixes)

    def _valid(self, norm: str, start: int, end: int) -> str | None:
        """The proclitic before a match ("" when none), or None when the match is not on word boundaries.
        A word character is what `str.isalnum` says: the normalised text has no underscore (it is folded to a
        blank), so `\\w` and `isalnum` agree on it."""
        ts = start
        while ts > 0 and norm[ts - 1].isalnum():
            ts -= 1
            if start - ts > 4:
                return None
        prefix = norm[ts:start]
        if prefix and prefix not in self._prefixes:
            return None
        if end < len(norm) and norm[end].isalnum() and norm[end - 1].isalnum():
            te = end
            while te < len(norm) and norm[te].isalnum():
                te += 1
                if te - end > 4:
                    return None
            if norm[end:te] not in self._suffixes:
                return None
        return prefix

    def find_all(self, norm: str, is_upper: Callable[[int], bool] | None = None) -> dict[str, list[Mention]]:
        """Mentions of every layer in one pass over the text: {"a": ..., "topic": ..., "modality": ...}.

        `is_upper(i)` tells whether the raw character behind normalised position i is upper-case; without it,
        entries that must match in capitals (US) never match.
        """
        topic: list[Mention] = []
        modality: list[Mention] = []
        ranked: list[tuple] = []     # layer a, in the order overlaps are settled: longest, first, by kind
        if self._auto is None:
            return {"a": [], "topic": topic, "modality": modality}
        other = {"topic": topic, "modality": modality}
        n = len(norm)
        valid = self._valid
        # no suffix can follow a match in most languages: a match that ends inside a word is then no word
        ends_alone = not self._suffixes
        end_idx: int
        length: int
        payloads: tuple
        for end_idx, (length, payloads) in self._auto.iter(norm):
            end = end_idx + 1
            start = end - length
            # most matches that stand are whole words: test that before reading clitics off
            if end < n and norm[end].isalnum():
                if ends_alone and norm[end_idx].isalnum():
                    continue
                prefix = valid(norm, start, end)
                if prefix is None:
                    continue
            elif start and norm[start - 1].isalnum():
                prefix = valid(norm, start, end)
                if prefix is None:
                    continue
            else:
                prefix = ""
            for layer, kind, value, info, rank in payloads:
                if info:
                    if info == _EXACT_CASE:
                        if is_upper is None or prefix or not all(is_upper(i) for i in range(start, end) if norm[i].isalpha()):
                            continue
                        info = ()
                    elif layer != "a":
                        other[layer].append(Mention(kind, start, end, value, prefix, info))
                        continue
                if layer == "a":
                    # the mention is made only if it survives the overlaps
                    ranked.append((-length, start, rank, len(ranked), kind, value, prefix, info))
                else:
                    other[layer].append(Mention(kind, start, end, value, prefix, info))
        if topic:
            topic.sort(key=_SPAN)
        if modality:
            modality.sort(key=_SPAN)
        ranked.sort()
        taken: list[Mention] = []
        used = bytearray(n + 1)
        for neg_length, start, _, _, kind, value, prefix, info in ranked:
            end = start - neg_length
            if used.find(1, start, end) != -1:
                continue
            used[start:end] = b"\x01" * (end - start)
            taken.append(Mention(kind, start, end, value, prefix, info))
        taken.sort(key=_START)
        return {"a": taken, "topic": topic, "modality": modality}

    def find(self, norm: str, layer: str = "a") -> list[Mention]:
        return self.find_all(norm)[layer]


_SPAN = attrgetter("start", "end")
_START = attrgetter("start")

# Short Latin acronyms that are also words once lower-cased ("US" / "us") match only in capitals.
_EXACT_CASE = ("exact_case",)
_ACRONYM = re.compile(r"[A-Z](?:\.?[A-Z]){1,3}\.?")


def _add(entries: dict, form: str, kind: str, value, info=()) -> None:
    key = normalise_key(form)
    if not key:
        return
    if not info and _ACRONYM.fullmatch(form):
        info = _EXACT_CASE
    lst = entries.setdefault(key, [])
    item = (kind, value, info)
    if item not in lst:
        lst.append(item)


def _automaton(entries: dict, lang: LanguageData) -> ahocorasick.Automaton | None:
    if not entries:
        return None
    auto = ahocorasick.Automaton()
    art, art_lam = lang.article, lang.article_after_lam
    for key, payloads in entries.items():
        if len(key) < 2:
            continue   # a one-letter word (و) would match inside every word; the readers test such tokens directly
        ranked = tuple((*p, _RANK.get(p[1], 99)) for p in payloads)
        auto.add_word(key, (len(key), ranked))
        if art and art_lam and key.startswith(art) and len(key) > len(art) + 1:
            alt = art_lam + key[len(art):]
            auto.add_word(alt, (len(alt), ranked))
    auto.make_automaton()
    return auto


def _lexicon_entries(lang: LanguageData) -> Iterator[tuple[str, str, str | None, Any]]:
    """(layer, kind, value, forms) for every word list of the language data."""
    single = {"counterpart": lang.counterpart, "pair_anaphor": lang.pair_anaphors, "group": lang.groups,
              "our_country": lang.our_country, "honorific": lang.honorifics, "blocker": lang.blockers,
              "support_verb": lang.support_verbs, "light_verb": lang.light_verbs, "given_name": lang.given_names,
              "state_prefix": lang.state_prefixes}
    for kind, forms in single.items():
        yield "a", kind, kind, forms
    yield "a", "counterpart", "plural", lang.counterpart_plural
    keyed = (("role", lang.roles), ("plural_role", lang.plural_roles), ("org_adjective", lang.org_adjectives),
             ("word", lang.words), ("occ_concept", lang.occasion_concepts))
    for kind, mapping in keyed:
        for value, forms in mapping.items():
            yield "a", kind, value, forms
    for k, forms in lang.occasion_words.items():
        yield "a", f"occ_{k}", k, forms
    for i, (_trig, forms) in enumerate(lang.triggers):
        yield "a", "trigger", str(i), forms
    yield "a", "ordinal", None, lang.ordinals
    for concept, forms in lang.topics.items():
        yield "topic", "topic", concept, forms


def build_gazetteer(lang: LanguageData, kb: KnowledgeBase) -> Gazetteer:
    layers: dict[str, dict] = {"a": {}, "topic": {}, "modality": {}}
    a = layers["a"]
    for form, kind, value in kb.gazetteer(lang.code):
        if kind == "demonym":
            for template in lang.demonym_forms:
                _add(a, " ".join(template.replace("{x}", w) for w in form.split()), kind, value)
        else:
            _add(a, form, kind, value)
    for layer, kind, concept, forms in _lexicon_entries(lang):
        for f in forms:
            _add(layers[layer], f, kind, str(forms[f]) if kind == "ordinal" else concept)
    for concept, (window, forms, after, tense) in lang.modality.items():
        for f in forms:
            _add(layers["modality"], f, "modality", concept, (window, after, tense))
    topics, modality = layers["topic"], layers["modality"]
    merged: dict = {}
    for layer, entries in (("a", a), ("topic", topics), ("modality", modality)):
        for key, payloads in entries.items():
            merged.setdefault(key, []).extend((layer, *p) for p in payloads)
    return Gazetteer(lang, _automaton(merged, lang))
