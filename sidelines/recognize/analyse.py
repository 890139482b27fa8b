"""The recognize stage for one document: mentions, dates, units and actor phrases of every sentence.

Names are found in two passes: the first finds full names next to roles or honorifics and known people;
their last words then form a registry, so that a later surname on its own ("الوزير المقداد", "عراقچی")
is read as the same person.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from datetime import date
from operator import attrgetter
from typing import cast

from sidelines.kb import KBView, KnowledgeBase
from sidelines.lexicon import LanguageData
from sidelines.model import Mention, Sentence, evolve
from sidelines.recognize.dates import DateGrammar, find_dates
from sidelines.recognize.gazetteer import Gazetteer
from sidelines.recognize.phrases import (ActorPhrase, NameFinder, Unit, attach_names, build_units, kin_parties,
                                         role_phrases)
from sidelines.text.normalise import normalise_key
from sidelines.text.prepare import PreparedText


_KIND = attrgetter("kind")
_START = attrgetter("start")
_NAMING_KINDS = {"role", "plural_role", "counterpart", "honorific"}
_READ_KINDS = _NAMING_KINDS | {"trigger", "person"}
_PHRASE_KINDS = _NAMING_KINDS | {"trigger"}


def _near_role(units: list[Unit], roles: list[ActorPhrase], f: int, l: int) -> bool:
    """A run of words touches a role phrase, or is separated from one by a comma alone."""
    return any(r.first_unit == l + 1 or r.last_unit == f - 1 or
               (r.first_unit == l + 2 and units[l + 1].kind == "punct") or
               (r.last_unit == f - 2 and units[f - 1].kind == "punct") for r in roles)


class _Starts:
    """Mentions in text order, and those inside a sentence."""

    def __init__(self, items: list[Mention]) -> None:
        self.items = items
        self.keys = [m.start for m in items]

    def within(self, s: Sentence) -> tuple[Mention, ...]:
        if not self.items:
            return ()
        keys = self.keys
        lo, hi = bisect_left(keys, s.start), bisect_left(keys, s.end)
        end = s.end
        return tuple([m for m in self.items[lo:hi] if m.end <= end]) if lo < hi else ()


@dataclass(unsafe_hash=True, init=False)     # an `__init__` of its own: sidelines/records.py says why
class SentenceAnalysis:
    sentence: Sentence
    units: tuple[Unit, ...]
    phrases: tuple[ActorPhrase, ...]
    topics: tuple[Mention, ...]
    modality: tuple[Mention, ...]
    dates: tuple[Mention, ...]
    published: date | None          # the document's publication date, for readers of one sentence

    def __init__(self, sentence: Sentence, units: tuple[Unit, ...], phrases: tuple[ActorPhrase, ...],
                 topics: tuple[Mention, ...], modality: tuple[Mention, ...], dates: tuple[Mention, ...],
                 published: date | None = None) -> None:
        self.sentence = sentence
        self.units = units
        self.phrases = phrases
        self.topics = topics
        self.modality = modality
        self.dates = dates
        self.published = published


@dataclass(frozen=True)
class DocumentAnalysis:
    prepared: PreparedText
    sentences: tuple[SentenceAnalysis, ...]
    registry: dict            # surname -> (full-name span, person id or None)
    named: dict               # full-name span -> the actor phrase that named it (its role and state)


class Recognizer:
    """Assembled by the pipeline factory from one language's data, its gazetteer and the knowledge base."""

    def __init__(self, lang: LanguageData, gazetteer: Gazetteer, grammar: DateGrammar, kb: KnowledgeBase):
        self.lang = lang
        self.gazetteer = gazetteer
        self.grammar = grammar
        self.kb = kb
        self._kb_surnames = self._surnames_of_kb()
        self._word_cache: dict[str, bool] = {}   # word -> can be part of a name; owned by this recognizer
        self._readings: dict[str, tuple[str, ...]] = {}   # word -> the word with each proclitic read off
        self._constructs = bool(lang.option("indefinite_title_is_construct")) and bool(lang.article)

    def _surnames_of_kb(self) -> dict[str, str]:
        from sidelines.text.normalise import normalise_key
        seen: dict[str, set[str]] = {}
        for a in self.kb.actors.values():
            for f in a.names.by_lang.get(self.lang.code, ()):
                parts = normalise_key(f).split()
                if len(parts) >= 2 and len(parts[-1]) >= 5:
                    seen.setdefault(parts[-1], set()).add(a.id)
        # a surname read on its own must not be a word or a given name as well: "فيليب" is Philip before it is
        # Édouard Philippe, "سلامة" is safety before it is Ghassan Salamé
        return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1 and k not in self.lang.stopwords
                and k not in self.lang.given_names and k not in self.lang.common_words
                and not any(m.start == 0 and m.end == len(k) for m in self.gazetteer.find(k))}

    def analyse(self, prepared: PreparedText) -> DocumentAnalysis:
        norm = prepared.norm
        raw = prepared.doc.text
        layers = self.gazetteer.find_all(norm, lambda i: raw[prepared.text.to_raw(i)].isupper())
        mentions, topics, modality = layers["a"], layers["topic"], layers["modality"]
        mentions = [m for m in mentions if not (m.kind == "person" and self._inside_chain(norm, m))]
        dates = find_dates(norm, self.grammar, prepared.doc.published)
        finder = NameFinder(self.lang, lambda i: raw[prepared.text.to_raw(i)].isupper(), self._word_cache,
                            self._kb_surnames)
        published = prepared.doc.published
        view = self.kb.at(published) if published else None
        order = tuple(self.lang.option("name_attachment") or ("after", "before"))
        min_tokens = int(self.lang.option("min_name_tokens", 2))

        mention_at = _Starts(mentions)
        date_at = _Starts(dates)
        topic_at = _Starts(topics)
        modality_at = _Starts(modality)

        # pass 1: units and the full names beside roles or honorifics
        first: list[tuple[Sentence, list[Unit]]] = []
        registry: dict[str, tuple[tuple[int, int], str | None]] = {}
        runs_of: dict[int, list[tuple[int, int, bool]]] = {}
        roles_of: dict[int, list[ActorPhrase]] = {}
        dates_of: dict[int, tuple[Mention, ...]] = {}
        kinds_of: dict[int, set[str]] = {}    # the kinds of mention in each sentence read
        for s in prepared.sentences:
            if s.furniture:
                first.append((s, []))
                continue
            sm, sd = mention_at.within(s), date_at.within(s)
            dates_of[s.index] = sd
            kinds = {m.kind for m in sm}
            if not (kinds & _READ_KINDS or (sd and "place" in kinds)):
                first.append((s, []))   # nothing here can be an event, an actor or a dateline
                continue
            units = build_units(norm, s.start, s.end, sm, sd)
            first.append((s, units))
            kinds_of[s.index] = kinds
            if "person" in kinds:
                for u in units:
                    if u.kind == "person":
                        parts = u.text.split()
                        # the mention's text has no proclitic
                        registry.setdefault(parts[-1], ((u.start, u.end), u.value))
            if not kinds & _NAMING_KINDS:
                continue   # no role or honorific: no full name to learn here
            roles = role_phrases(units, self.lang)
            roles_of[s.index] = roles
            sentence_runs = finder.runs(units)
            runs_of[s.index] = sentence_runs
            for f, l, hon in sentence_runs:
                if l - f + 1 < min_tokens:
                    continue
                if hon or _near_role(units, roles, f, l):
                    registry.setdefault(units[l].text, ((units[f].start, units[l].end), None))
        # pass 2: surnames become people; then roles, names and their attachment
        out: list[SentenceAnalysis] = []
        readings, registered, kb_surnames = self._readings, registry.keys(), self._kb_surnames.keys()
        for s, units in first:
            if _PHRASE_KINDS.isdisjoint(map(_KIND, units)):
                # phrases matter only where an event may be read; topics and datelines need the units alone
                sd = dates_of[s.index] if s.index in dates_of else date_at.within(s)
                out.append(SentenceAnalysis(s, tuple(units), (), topic_at.within(s), modality_at.within(s), sd,
                                            prepared.doc.published))
                continue
            pre_runs = runs_of.get(s.index)
            if pre_runs is None:
                pre_runs = finder.runs(units)
            pre_roles = roles_of.get(s.index)
            if pre_roles is None:
                pre_roles = role_phrases(units, self.lang)
            # a full name keeps its words ("مراد نورتليو"); words merely next to each other ("الصفدي ولافروف
            # يتناول") do not make one, so their known surnames are read as people
            inside_runs = {k for f, l, hon in pre_runs if l - f + 1 >= min_tokens and
                           (hon or units[f].kind == "given_name" or _near_role(units, pre_roles, f, l)) and
                           any(self._surname(units[x], registry, view) is units[x] for x in range(f, l + 1))
                           for k in range(f, l + 1)}
            converted = units
            for k, u in enumerate(units):
                if u.kind != "tok" or k in inside_runs:
                    continue
                keys = readings.get(u.text)
                if keys is not None and registered.isdisjoint(keys) and kb_surnames.isdisjoint(keys):
                    continue   # the word, with any proclitic read off, is no surname known here
                person = self._surname(u, registry, view)
                if person is not u and k > 0 and self._kin_of_name(norm, units[k - 1], person, finder):
                    continue
                if person is not u:
                    if converted is units:
                        converted = list(units)
                    converted[k] = person
            if converted is units:
                roles, sentence_runs = pre_roles, pre_runs   # no surname found: the first reading stands
            else:
                units = converted
                roles, sentence_runs = role_phrases(units, self.lang), finder.runs(units)
            names: list[tuple[int, int, bool, str | None]] = []
            for f, l, hon in sentence_runs:
                if l - f + 1 >= min_tokens or hon:
                    names.append((f, l, hon, None))
            for k, u in enumerate(units):
                if u.kind == "person":
                    hon = k > 0 and units[k - 1].kind == "honorific"
                    names.append((k, k, hon, u.value))
            names.sort()
            phrases = attach_names(units, roles, names, order, bool(self.lang.option("name_before_needs_comma")))
            if "word" in kinds_of[s.index] and any(u.kind == "word" and u.value == "kinship" for u in units):
                phrases = kin_parties(units, phrases)
            if self._constructs:
                phrases = [self._construct(units, p) for p in phrases]
            if view is not None:
                phrases = [self._holder_of_served_office(p, view) for p in phrases]
                phrases = sorted((q for p in phrases for q in self._foreign_name(units, p, view)), key=_START)
            out.append(SentenceAnalysis(s, tuple(units), tuple(phrases), topic_at.within(s), modality_at.within(s),
                                        dates_of[s.index], prepared.doc.published))
        named = {p.name: p for sa in out for p in sa.phrases if p.name and (p.role or p.parties)}
        return DocumentAnalysis(prepared, tuple(out), registry, named)

    def _construct(self, units: list[Unit], p: ActorPhrase) -> ActorPhrase:
        """"مستشار ترامب": a one-word indefinite title joined to a known person is someone else's office in
        that person's state (his adviser), not the person's title."""
        if not (p.person_id and p.role and not p.parties and p.name and p.first_unit + 1 < len(units)):
            return p
        title = units[p.first_unit]
        if title.kind != "role" or title.text.split()[-1].startswith(cast(str, self.lang.article)) or \
                units[p.first_unit + 1].start != p.name[0] or p.person_id not in self.kb.actors:
            return p
        party = self.kb.actors[p.person_id].party
        return evolve(p, name=None, person_id=None, parties=(party,) if party else (), end=title.end,
                      last_unit=p.first_unit)

    def _holder_of_served_office(self, p: ActorPhrase, view: KBView) -> ActorPhrase:
        """"زوجة الرئيس الأمريكي، دونالد ترامب": the name after an office that the title serves is the office's
        holder, not the person the phrase stands for, who is then unnamed."""
        if not (p.of_office and p.person_id and p.parties) or p.person_id not in self.kb.actors:
            return p
        office = self.kb.office_for(p.of_office, p.parties[0])
        if not any(t.party == p.parties[0] and t.office == office for t in view.offices_of(p.person_id)):
            return p   # "مستشار الرئيس الأمريكي جاريد كوشنر": the adviser's own name
        return evolve(p, name=None, person_id=None, honorific=False)

    def _foreign_name(self, units: list[Unit], p: ActorPhrase, view: KBView) -> tuple[ActorPhrase, ...]:
        """"وزير الخارجية الأمريكي الملك سلمان": a known person of another state who holds no office of the
        title's state is not its holder but the next actor; the phrase splits in two."""
        actor = self.kb.actors.get(p.person_id or "")
        if actor is None or not p.parties or not p.name or actor.party in p.parties or not actor.party \
                or self.kb.party_kind(actor.party) != "state" \
                or any(self.kb.party_kind(x) != "state" for x in p.parties) \
                or any(t.party in p.parties for t in view.offices_of(actor.id)):
            return (p,)
        inside = [k for k in range(p.first_unit, p.last_unit + 1) if p.name[0] <= units[k].start < p.name[1]]
        rest = [k for k in range(p.first_unit, p.last_unit + 1) if k not in inside]
        if not inside or not rest or (rest[-1] > inside[0] and rest[0] < inside[-1]):
            return (p,)   # the name is not at one end of the phrase
        title = evolve(p, start=units[rest[0]].start, end=units[rest[-1]].end, first_unit=rest[0],
                       last_unit=rest[-1], name=None, person_id=None, honorific=False, prefix=units[rest[0]].prefix)
        person = ActorPhrase(start=p.name[0], end=p.name[1], first_unit=inside[0], last_unit=inside[-1], name=p.name,
                             person_id=p.person_id, honorific=p.honorific, prefix=units[inside[0]].prefix)
        return title, person

    def _kin_of_name(self, norm: str, before: Unit, person: Unit, finder: NameFinder) -> bool:
        """"إيفانكا ترامب", "Ivanka Trump": a known surname after a given name the person does not bear is
        another member of the family. A given name is one of the language's list, or, where names are written
        in capitals, a capitalised plain word."""
        if norm[before.end:person.start].strip():
            return False   # not the word right before it
        if before.kind == "given_name":
            given = True
        else:
            given = before.kind == "tok" and (before.text in self.lang.given_names or
                                               (finder.title_case and finder.is_name_word(before)))
        if not given or person.prefix:
            return False
        ref = cast(Mention, person.mention).value   # a "person" unit is a mention
        if ref.startswith("doc:"):
            _, a, b = ref.split(":")
            own = set(norm[int(a):int(b)].split())
        else:
            actor = self.kb.actors.get(ref)
            own = {w for f in (actor.names.by_lang.get(self.lang.code, ()) if actor else ()) for w in normalise_key(f).split()}
        return before.text not in own

    def _inside_chain(self, norm: str, m: Mention) -> bool:
        """A known name right after "بن" is the tail of a longer name: خالد بن سلمان بن عبدالعزيز is not King Salman."""
        before = norm[max(0, m.start - 12):m.start].split()
        return bool(before) and before[-1] in self.lang.name_particles and not m.prefix

    def _surname(self, u: Unit, registry: dict[str, tuple[tuple[int, int], str | None]],
                 view: KBView | None = None) -> Unit:
        if u.kind != "tok":
            return u
        word = u.text
        keys = self._readings.get(word)
        if keys is None:
            # every way of reading a proclitic off the word (ولافروف: و + لافروف, not ول + افروف)
            keys = (word,) + tuple(word[len(p):] for p in self.lang.clitic_prefixes
                                   if word.startswith(p) and len(word) - len(p) >= 2)
            if len(self._readings) < 200_000:
                self._readings[word] = keys
        for key in keys:
            if key in registry:
                (s, e), pid = registry[key]
                ref = pid or f"doc:{s}:{e}"
                prefix = word[:len(word) - len(key)]
                return Unit("person", u.start, u.end, u.text, Mention("person", u.start, u.end, ref, prefix))
        for key in keys:
            # a surname alone stands for a person of the knowledge base only while they hold an office
            if key in self._kb_surnames and (view is None or view.offices_of(self._kb_surnames[key])):
                prefix = word[:len(word) - len(key)]
                return Unit("person", u.start, u.end, u.text,
                            Mention("person", u.start, u.end, self._kb_surnames[key], prefix))
        return u
