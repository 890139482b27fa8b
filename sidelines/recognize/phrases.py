"""Units and actor phrases of a sentence.

A sentence becomes a sequence of units: a recognised mention, a date, a plain word or a punctuation mark.
Actor phrases are then built from them: a role with the state or body it belongs to ("وزير خارجية مملكة
البحرين", "همتای مصری خود", "Jordan's foreign minister"), joined to the personal name next to it, which is
either a known person or a run of plain words that no lexicon claims. Where the name stands relative to
the role is read from the language's options, not from code per language.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from operator import attrgetter
from typing import Callable, Sequence, cast

from sidelines.lexicon import LanguageData
from sidelines.model import Mention, evolve

PARTY_KINDS = ("country", "demonym", "org", "org_adjective", "our_country")
ROLE_KINDS = ("role", "plural_role", "counterpart")
_DIGITS = re.compile(r"^\D{0,2}(\d{1,3})\D{0,4}$")


# Not frozen, though nothing changes one, and with an `__init__` of their own: they are made by the hundred
# per document (sidelines/records.py says why).
@dataclass(slots=True, unsafe_hash=True, init=False)
class Unit:
    kind: str            # a mention kind, "date", "tok" (a plain word) or "punct"
    start: int
    end: int
    text: str            # normalised text
    mention: Mention | None

    def __init__(self, kind: str, start: int, end: int, text: str, mention: Mention | None = None) -> None:
        self.kind = kind
        self.start = start
        self.end = end
        self.text = text
        self.mention = mention

    @property
    def value(self) -> str | None:
        return self.mention.value if self.mention else None

    @property
    def prefix(self) -> str:
        return self.mention.prefix if self.mention else ""


@dataclass(unsafe_hash=True, init=False)
class ActorPhrase:
    start: int
    end: int
    first_unit: int
    last_unit: int
    role: str | None
    plural: bool
    counterpart: bool
    group: bool
    parties: tuple[str, ...]
    our_country: bool
    name: tuple[int, int] | None             # normalised span of the personal name
    person_id: str | None                    # knowledge-base actor
    honorific: bool
    prefix: str                              # proclitic on the first word (بـ، و)
    of_office: str | None                    # "زوجة الرئيس الأمريكي": the title of the office this one serves

    def __init__(self, start: int, end: int, first_unit: int, last_unit: int, role: str | None = None,
                 plural: bool = False, counterpart: bool = False, group: bool = False, parties: tuple[str, ...] = (),
                 our_country: bool = False, name: tuple[int, int] | None = None, person_id: str | None = None,
                 honorific: bool = False, prefix: str = "", of_office: str | None = None) -> None:
        self.start = start
        self.end = end
        self.first_unit = first_unit
        self.last_unit = last_unit
        self.role = role
        self.plural = plural
        self.counterpart = counterpart
        self.group = group
        self.parties = parties
        self.our_country = our_country
        self.name = name
        self.person_id = person_id
        self.honorific = honorific
        self.prefix = prefix
        self.of_office = of_office


def build_units(norm: str, start: int, end: int, mentions: Sequence[Mention], dates: Sequence[Mention]) -> list[Unit]:
    """The units of norm[start:end]: the mentions (in text order, as the gazetteer gives them) and dates
    inside it, and the plain words and punctuation between them."""
    covered = [m for m in mentions if start <= m.start and m.end <= end]
    if dates:
        covered = sorted(covered + [d for d in dates if start <= d.start and d.end <= end], key=_START)
    units: list[Unit] = []
    pos = start
    for m in covered:
        if m.start < pos:
            continue   # a date overlapping a gazetteer match: the first one stands
        # the proclitic of a mention (و، ب، ل) is part of it, not a word
        _plain_units(norm, pos, m.start - len(m.prefix), units)
        units.append(Unit(m.kind, m.start, m.end, norm[m.start:m.end], m))
        pos = m.end
    _plain_units(norm, pos, end, units)
    return units


def _plain_units(norm: str, start: int, end: int, units: list[Unit]) -> None:
    """The plain words and marks of norm[start:end] (runs of word characters, and each other character
    that is not a blank), in order. This runs for every token of a document: most pieces between blanks
    are one word, told by `isalnum` without the regular expression, and a token's place is found from the
    end of the one before, since only blanks separate them."""
    pos = start
    for piece in norm[start:end].split():
        s = norm.find(piece, pos)
        pos = s + len(piece)
        if piece.isalnum():
            units.append(Unit("tok", s, pos, piece))
            continue
        q = s
        for w in _PLAIN.findall(piece):
            t = norm.find(w, q)
            q = t + len(w)
            units.append(Unit("tok" if w[0].isalnum() or w[0] == "_" else "punct", t, q, w))


_PLAIN = re.compile(r"\w+|[^\w\s]")
_START = attrgetter("start")


def strip_clitic(word: str, lang: LanguageData) -> str:
    for p in lang.clitic_prefixes_longest_first:
        if word.startswith(p) and len(word) - len(p) >= 3:
            return word[len(p):]
    return word


def number_of(unit: Unit, lang: LanguageData) -> int | None:
    if unit.kind == "ordinal":
        return int(cast(str, unit.value))   # an ordinal is a mention: it has a value
    if unit.kind == "tok":
        m = _DIGITS.match(unit.text)
        if m:
            return int(m.group(1))
    return None


class NameFinder:
    """Runs of plain words that can be a personal name."""

    def __init__(self, lang: LanguageData, raw_case: Callable[[int], bool], cache: dict | None = None,
                 known_surnames: frozenset | dict = frozenset()):
        self.lang = lang
        self.known_surnames = known_surnames
        self._cache = cache if cache is not None else {}
        self.title_case = lang.option("name_case") == "title"
        self.raw_case = raw_case
        self.max_len = int(lang.option("max_name_tokens", 6))

    def _word_ok(self, w: str) -> bool:
        ok = self._cache.get(w)
        if ok is None:
            # "كيم جونغ أون بترامب": a known surname behind a preposition ends the name before it
            governed = any(w.startswith(c) and w[len(c):] in self.known_surnames for c in self.lang.comitative_clitics)
            # every reading of a proclitic off the word: "ولم" is و + لم (not), never part of a name
            readings = [w[len(c):] for c in self.lang.clitic_prefixes if w.startswith(c) and len(w) - len(c) >= 2]
            ok = not (governed or (len(w) < 2 and w not in self.lang.name_particles)
                      or w in self.lang.stopwords or w in self.lang.marker_words
                      or any(r in self.lang.marker_words or (len(r) >= 3 and r in self.lang.stopwords) for r in readings)
                      or any(ch.isdigit() for ch in w))
            if len(self._cache) < 200_000:
                self._cache[w] = ok
        return ok

    def is_name_word(self, u: Unit, inner: bool = False) -> bool:
        if u.kind == "given_name":
            return True
        if inner and u.kind == "tok" and u.text in self.lang.name_inner_only:
            return True
        if u.kind != "tok" or not self._word_ok(u.text):
            return False
        if self.title_case and u.text not in self.lang.name_particles and not self.raw_case(u.start):
            return False
        return True

    def _name_token(self, u: Unit) -> bool:
        """`is_name_word` of a plain word, with the cached judgement of the word read first."""
        ok = self._cache.get(u.text)
        if ok is None:
            ok = self._word_ok(u.text)
        return ok and (not self.title_case or u.text in self.lang.name_particles or self.raw_case(u.start))

    def runs(self, units: list[Unit]) -> list[tuple[int, int, bool]]:
        """(first, last, has_honorific) unit indices of name runs; quotes around a name are transparent."""
        out: list[tuple[int, int, bool]] = []
        i, n = 0, len(units)
        max_len = self.max_len
        # each unit is judged once; only plain words and given names can be part of a name
        name_word = [u.kind == "given_name" or (u.kind == "tok" and self._name_token(u)) for u in units]
        if not any(name_word):
            return out
        while i < n:
            hon = False
            j = i
            while j < n and units[j].kind == "honorific":
                hon, j = True, j + 1
            if j < n and units[j].kind == "punct" and units[j].text == '"':
                j += 1
            k = j
            while k < n and k - j < max_len:
                if name_word[k] or (k > j and k + 1 < n and name_word[k + 1] and self.is_name_word(units[k], inner=True)):
                    k += 1
                elif units[k].text == "-" and k > j and k + 1 < n and name_word[k + 1] \
                        and units[k].start == units[k - 1].end:
                    k += 1   # al-Sisi, Amir-Abdollahian
                else:
                    break
            while k > j and units[k - 1].text in self.lang.name_particles:
                k -= 1
            long_plain = k - j > 4 and not any(units[x].text in self.lang.name_particles for x in range(j, k))
            initial_ok = j < n and (units[j].text not in self.lang.name_particles or units[j].text in self.lang.name_initials)
            if k > j and initial_ok and not long_plain:
                out.append((j, k - 1, hon))
                i = k
            else:
                i = max(i + 1, j if j > i else i + 1)
        return out


def role_phrases(units: list[Unit], lang: LanguageData) -> list[ActorPhrase]:
    """Roles with the states or bodies attached to them."""
    conj, skip_after, possessive, party_before = lang.role_words
    out = []
    i = 0
    n = len(units)
    while i < n:
        u = units[i]
        if u.kind not in ROLE_KINDS and u.kind != "group":
            i += 1
            continue
        parties: list[str] = []
        our = False
        j = i + 1
        plural = u.kind == "plural_role" or (u.kind == "counterpart" and u.value == "plural")
        first = i
        if u.kind == "role" and u.value in ("minister", "other") and j < n and units[j].kind == "tok":
            k = j
            while k < n and k - j < 2 and units[k].kind == "tok":
                k += 1
            if k < n and units[k].kind in ("demonym", "country"):
                j = k   # the portfolio's own words ("والري"، "والبلديات") stand between the title and the state
        while j < n:
            v = units[j]
            if v.kind == "state_prefix" or (v.kind == "word" and v.value in ("possessive", "role_modifiers")) or \
                    (plural and j == i + 1 and v.kind == "word" and v.value == "from"):   # "foreign ministers from X, Y"
                j += 1
                continue
            if v.kind in PARTY_KINDS:
                if v.kind == "our_country":
                    our = True
                else:
                    parties.append(cast(str, v.value))   # a party kind is a mention: it has a value
                j += 1
                while j < n and units[j].text in skip_after:
                    j += 1
                if plural and j < n:
                    k = j
                    if units[k].kind in ("punct", "tok") and units[k].text in conj or units[k].kind == "word" and units[k].value == "conjunctions":
                        k += 1
                    while k < n and units[k].kind == "state_prefix":
                        k += 1
                    if k < n and units[k].kind in ("country", "demonym", "org") and (k > j or units[k].prefix):
                        j = k
                        continue
                break
            break
        if not parties and party_before and i > 0:
            k = i - 1
            if k >= 0 and units[k].text in possessive:
                k -= 1
                if k >= 0 and units[k].text == "'":
                    k -= 1
            if k >= 0 and units[k].text == "s" and k - 1 >= 0 and units[k - 1].text == "'":
                k -= 2
            if k >= 0 and units[k].kind in ("country", "demonym", "org"):
                parties.append(cast(str, units[k].value))
                first = k
                # "the Egyptian and Jordanian foreign ministers"
                while plural and k >= 2 and units[k - 2].kind in ("country", "demonym") and \
                        (units[k - 1].text in conj or (units[k - 1].kind == "word" and units[k - 1].value == "conjunctions")):
                    k -= 2
                    parties.insert(0, cast(str, units[k].value))
                    first = k
        if u.kind == "group" and not parties:
            for k in range(i + 1, min(n, i + 10)):
                if units[k].kind == "org":
                    parties.append(cast(str, units[k].value))
                    break
                if units[k].kind in ("trigger", "punct") or units[k].kind in ROLE_KINDS:
                    break
        role = u.value if u.kind in ("role", "plural_role") else None
        of_office = None
        if j < n and units[j].kind == "role" and units[j].value == role and parties and u.kind == "role" and \
                not (j + 1 < n and units[j + 1].kind in PARTY_KINDS):
            j += 1   # an appositive title of the same office: "العاهل الأردني الملك"
        elif not parties and j == i + 1 and j < n and units[j].kind == "role" and u.kind == "role" and role == "other":
            # "مستشار الرئيس الأمريكي": the adviser of an office belongs to its state; the office is not here
            inner = role_phrases(units[j:], lang)
            if inner:
                parties = list(inner[0].parties)
                j = j + inner[0].last_unit + 1
                of_office = inner[0].role
        out.append(ActorPhrase(start=units[first].start, end=units[j - 1].end, first_unit=first, last_unit=j - 1,
                               role=role, plural=plural or (u.kind == "counterpart" and len(parties) > 1),
                               counterpart=u.kind == "counterpart", group=u.kind == "group",
                               parties=tuple(dict.fromkeys(parties)), our_country=our, prefix=units[first].prefix,
                               of_office=of_office))
        i = j
    return out


def _gap_ok(units: list[Unit], a: int, b: int) -> bool:
    """Only a comma, a quote, honorifics or nothing stand between unit a and unit b (a < b)."""
    for k in range(a + 1, b):
        if units[k].kind == "honorific":
            continue
        if units[k].kind != "punct" or units[k].text not in ('،', ',', '"', '(', ')', '-'):
            return False
    return sum(1 for k in range(a + 1, b) if units[k].kind != "honorific") <= 2


def attach_names(units: list[Unit], roles: list[ActorPhrase], names: list[tuple[int, int, bool, str | None]],
                 order: tuple[str, ...], before_needs_comma: bool = False) -> list[ActorPhrase]:
    """Join each role to the name beside it. `names` holds (first, last, honorific, person_id) unit spans.
    A name that starts with an honorific belongs to the role after it (معالي السيد X وزير خارجية النيجر)."""
    used_names: set[int] = set()
    phrases = list(roles)
    named: dict[int, tuple[int, int, bool, str | None]] = {}

    def take(ri: int, ni: int):
        named[ri] = names[ni]
        used_names.add(ni)

    # 1. an honorific name next to the role that follows it
    for ni, (f, l, hon, _pid) in enumerate(names):
        if not hon:
            continue
        for ri, r in enumerate(phrases):
            if ri not in named and r.first_unit > l and _gap_ok(units, l, r.first_unit) and not r.plural \
                    and not r.prefix:
                take(ri, ni)
                break
    # 2. the language's preferred side, then the other
    for side in order:
        for ri, r in enumerate(phrases):
            if ri in named or r.plural or r.group:
                continue
            for ni, (f, l, hon, pid) in enumerate(names):
                if ni in used_names:
                    continue
                if side == "after" and f > r.last_unit and _gap_ok(units, r.last_unit, f):
                    take(ri, ni)
                    break
                if side == "before" and l < r.first_unit and _gap_ok(units, l, r.first_unit) and not hon \
                        and (not before_needs_comma or r.first_unit - l > 1) \
                        and not r.prefix and not (r.first_unit > 0 and units[r.first_unit - 1].kind == "word"):
                    take(ri, ni)
                    break
    out = []
    for ri, r in enumerate(phrases):
        if ri in named:
            f, l, hon, pid = named[ri]
            # "King Abdullah II of Jordan": the state after the name
            if not r.parties and l + 2 < len(units) and units[l + 1].kind == "word" and \
                    units[l + 1].value == "possessive" and units[l + 2].kind in ("country", "org"):
                r = evolve(r, parties=(units[l + 2].value,), last_unit=l + 2, end=units[l + 2].end)
            # made whole rather than through `evolve`: a compiled class has no __dict__ to copy
            first = min(r.first_unit, f)
            out.append(ActorPhrase(start=min(r.start, units[f].start), end=max(r.end, units[l].end), first_unit=first,
                                   last_unit=max(r.last_unit, l), role=r.role, plural=r.plural,
                                   counterpart=r.counterpart, group=r.group, parties=r.parties,
                                   our_country=r.our_country, name=(units[f].start, units[l].end), person_id=pid,
                                   honorific=hon, prefix=units[first].prefix or r.prefix, of_office=r.of_office))
        else:
            out.append(r)
    for ni, (f, l, hon, pid) in enumerate(names):
        if ni not in used_names and (pid or hon):
            out.append(ActorPhrase(start=units[f].start, end=units[l].end, first_unit=f, last_unit=l,
                                   name=(units[f].start, units[l].end), person_id=pid, honorific=hon,
                                   prefix=units[f].prefix))
    out.sort(key=lambda p: p.start)
    return out


def kin_parties(units: list[Unit], phrases: list[ActorPhrase]) -> list[ActorPhrase]:
    """A person of no stated party takes the party of the relative named to say who they are: "الأمير وليام
    نجل ولي العهد البريطاني" is British."""
    by_first = {p.first_unit: p for p in phrases}
    out = []
    for p in phrases:
        k = p.last_unit + 1
        if k < len(units) and units[k].kind == "punct" and units[k].text in ("،", ","):
            k += 1
        kin = by_first.get(k + 1) if k < len(units) and units[k].kind == "word" and units[k].value == "kinship" else None
        if kin is not None and kin.parties and not p.parties and not p.our_country and not p.plural and p.name:
            p = evolve(p, parties=kin.parties)
        out.append(p)
    return out

