"""Language data: one folder per language under `data/lang/`, the same files in each, keys that are
language-neutral concepts and values that are surface forms. Loaded once into an immutable object; every
form is normalised the way the text is, so the two agree."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from types import MappingProxyType
from typing import Any, Mapping

import yaml

from sidelines.text.normalise import normalise_key

LANG_FILES = ("normalise", "titles", "triggers", "occasions", "dates", "numbers", "topics", "furniture")


def _read_yaml(path) -> dict:
    with path.open("r", encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def _word_list(path) -> set[str]:
    """One word or phrase a line, `#` comments; normalised for matching."""
    out = set()
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                out.add(normalise_key(line))
    return out


def _forms(values) -> tuple[str, ...]:
    out = []
    for v in values or ():
        k = normalise_key(str(v))
        if k and k not in out:
            out.append(k)
    return tuple(out)


def _freeze(obj: Any) -> Any:
    if isinstance(obj, dict):
        return MappingProxyType({k: _freeze(v) for k, v in obj.items()})
    if isinstance(obj, list):
        return tuple(_freeze(v) for v in obj)
    return obj


@dataclass(frozen=True)
class Trigger:
    type: str
    cls: str                 # verb | noun
    side: str | None
    requires: str | None
    subtype: str | None
    tense: str | None = None
    pair: bool = False       # a dual verb (التقيا): its subject and one other actor named before it met


@dataclass(frozen=True)
class LanguageData:
    code: str
    options: Mapping[str, Any]
    clitic_prefixes: tuple[str, ...]
    clitic_suffixes: tuple[str, ...]
    article: str | None
    article_after_lam: str | None
    future_prefixes: tuple[str, ...]
    negative_prefixes: tuple[str, ...]
    state_prefixes: tuple[str, ...]
    name_particles: frozenset[str]
    roles: Mapping[str, tuple[str, ...]]
    plural_roles: Mapping[str, tuple[str, ...]]
    counterpart: tuple[str, ...]
    counterpart_plural: tuple[str, ...]
    pair_anaphors: tuple[str, ...]
    groups: tuple[str, ...]
    our_country: tuple[str, ...]
    honorifics: tuple[str, ...]
    blockers: tuple[str, ...]
    org_adjectives: Mapping[str, tuple[str, ...]]
    triggers: tuple[tuple[Trigger, tuple[str, ...]], ...]
    support_verbs: tuple[str, ...]
    support_verbs_present: tuple[str, ...]
    light_verbs: tuple[str, ...]
    words: Mapping[str, tuple[str, ...]]           # comitative, from, between, destination, location, participation
    # concept -> (words before the trigger it reaches, forms, words after it that it reaches within the clause,
    # the one tense of trigger it governs or None)
    modality: Mapping[str, tuple[int, tuple[str, ...], int, str | None]]
    occasion_words: Mapping[str, tuple[str, ...]]  # sidelines, session, extraordinary, held_in, anaphoric
    occasion_concepts: Mapping[str, tuple[str, ...]]
    dates: Mapping[str, Any]
    ordinals: Mapping[str, int]
    ordinal_suffixes: tuple[str, ...]
    topics: Mapping[str, tuple[str, ...]]
    furniture: Mapping[str, tuple[str, ...]]
    stopwords: frozenset[str]
    given_names: frozenset[str] = frozenset()
    common_words: frozenset[str] = frozenset()   # words that are also surnames: never read alone as the person
    name_initials: frozenset[str] = frozenset()
    name_inner_only: frozenset[str] = frozenset()
    marker_words: frozenset[str] = frozenset()   # one-word modality and trigger forms: never part of a name
    demonym_forms: tuple[str, ...] = ("{x}",)
    comitative_clitics: tuple[str, ...] = ()
    location_clitics: tuple[str, ...] = ()
    destination_clitics: tuple[str, ...] = ()
    capital_words: tuple[str, ...] = ()
    purpose_prefixes: tuple[str, ...] = ()
    place_readings: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @cached_property
    def clitic_prefixes_longest_first(self) -> tuple[str, ...]:
        return tuple(sorted(self.clitic_prefixes, key=len, reverse=True))

    @cached_property
    def _word_sets(self) -> dict[str, frozenset[str]]:
        return {k: frozenset(v) for k, v in self.words.items()}

    @cached_property
    def role_words(self) -> tuple[frozenset[str], frozenset[str], frozenset[str], bool]:
        """What `role_phrases` reads beside a role, once per language: conjunctions (with commas), words
        skipped after a party, possessives (with 's) and whether a party may stand before its role."""
        return (self.word_set("conjunctions") | {"،", ","}, self.word_set("skip_after_party"),
                self.word_set("possessive") | {"'s", "s"}, bool(self.option("party_before_role")))

    def word_set(self, name: str) -> frozenset[str]:
        """The words of one list of `words` (conjunctions, possessive, ...), for membership tests."""
        return self._word_sets.get(name, frozenset())

    def option(self, name: str, default: Any = None) -> Any:
        return self.options.get(name, default)


def _ordinals(numbers: dict) -> dict[str, int]:
    """Ordinal words 1..99 from units, teens and tens (الحادية والخمسين، پنجاه و یکمین, fifty-first)."""
    out: dict[str, int] = {}
    units = {int(k): v for k, v in (numbers.get("units") or {}).items()}
    tens = {int(k): v for k, v in (numbers.get("tens") or {}).items()}
    tens_ordinal = {int(k): v for k, v in (numbers.get("tens_ordinal") or {}).items()}
    teens = {int(k): v for k, v in (numbers.get("teens") or {}).items()}
    joiners = numbers.get("joiner") or ""
    joiners = joiners if isinstance(joiners, list) else [joiners]
    order = numbers.get("order", "unit_first")
    unit_cardinals = {int(k): v for k, v in (numbers.get("unit_cardinals") or {}).items()}
    for n, forms in list(units.items()) + list(teens.items()) + list(tens_ordinal.items()):
        for f in forms:
            out[normalise_key(f)] = n
    for t, tforms in tens.items():
        for u, uforms in units.items():
            for tf in tforms:
                for uf in (unit_cardinals[u] if order == "tens_first" and unit_cardinals else uforms):
                    for j in joiners:
                        if order == "unit_first":
                            out[normalise_key(f"{uf} {j}{tf}")] = t + u
                            out[normalise_key(f"{uf} {j} {tf}")] = t + u
                        else:   # tens first, the unit carries the ordinal ending (پنجاه و یکمین, fifty-first)
                            out[normalise_key(f"{tf} {j} {uf}")] = t + u
                            out[normalise_key(f"{tf}{j}{uf}")] = t + u
    return out


@cache
def load_language(code: str) -> LanguageData:
    root = resources.files("sidelines") / "data" / "lang"
    base = _read_yaml(root / "base.yaml")
    d: dict[str, Any] = {}
    for name in LANG_FILES:
        p = root / code / f"{name}.yaml"
        if p.is_file():
            d.update(_read_yaml(p))
    options = {**(base.get("options") or {}), **(d.get("options") or {})}
    given = _word_list(root / code / "given_names.txt")
    stop = _word_list(root / code / "stopwords.txt")
    common = _word_list(root / code / "common_words.txt")
    trig = []
    for t in d.get("triggers") or []:
        trig.append((Trigger(t["type"], t.get("class", "verb"), t.get("side"), t.get("requires"), t.get("subtype"), t.get("tense"),
                             bool(t.get("pair"))),
                     _forms(t.get("forms"))))
    modality = {k: (int(v.get("window", 5)), _forms(v.get("forms")), int(v.get("after", 0)), v.get("tense"))
                for k, v in (d.get("modality") or {}).items()}
    numbers = {}
    p = root / code / "numbers.yaml"
    if p.is_file():
        numbers = _read_yaml(p)
    occ_words = {k: _forms(d.get(k)) for k in ("sidelines", "session", "extraordinary", "held_in", "anaphoric")}
    return LanguageData(
        code=code,
        options=MappingProxyType(options),
        clitic_prefixes=_forms(d.get("clitic_prefixes")),
        clitic_suffixes=_forms(d.get("clitic_suffixes")),
        article=normalise_key(d["article"]) if d.get("article") else None,
        article_after_lam=normalise_key(d["article_after_lam"]) if d.get("article_after_lam") else None,
        future_prefixes=_forms(d.get("future_prefixes")),
        negative_prefixes=_forms(d.get("negative_prefixes")),
        state_prefixes=_forms(d.get("state_prefixes")),
        name_particles=frozenset(_forms(d.get("name_particles"))),
        roles=MappingProxyType({k: _forms(v) for k, v in (d.get("roles") or {}).items()}),
        plural_roles=MappingProxyType({k: _forms(v) for k, v in (d.get("plural") or {}).items()}),
        counterpart=_forms(d.get("counterpart")),
        counterpart_plural=_forms(d.get("counterpart_plural")),
        pair_anaphors=_forms(d.get("pair_anaphors")),
        groups=_forms(d.get("groups")),
        our_country=_forms(d.get("our_country")),
        honorifics=_forms(d.get("honorifics")),
        blockers=_forms(d.get("blockers")),
        org_adjectives=MappingProxyType({k: _forms(v) for k, v in (d.get("org_adjectives") or {}).items()}),
        triggers=tuple(trig),
        support_verbs=_forms(d.get("support_verbs")),
        support_verbs_present=_forms(d.get("support_verbs_present")),
        light_verbs=_forms(d.get("light_verbs")),
        words=MappingProxyType({k: _forms(d.get(k)) for k in
                                ("comitative", "from", "between", "destination", "location", "participation",
                                 "conjunctions", "possessive", "skip_after_party", "membership_suspend",
                                 "membership_restore", "demonstratives", "role_modifiers", "object_marker", "joint", "relative_pronouns", "auxiliaries", "continuation",
                                 "background_auxiliaries", "clause_openers", "kinship")}),
        modality=MappingProxyType(modality),
        occasion_words=MappingProxyType(occ_words),
        occasion_concepts=MappingProxyType({k: _forms(v) for k, v in (d.get("concepts") or {}).items()}),
        dates=_freeze({k: d.get(k) for k in ("months", "weekdays", "relative_days", "past", "current", "next",
                                               "relative_months", "relative_years", "year_words", "day_article",
                                               "range_words", "of_words", "start_words", "solar_months",
                                               "solar_year_words", "month_first", "day_suffixes",
                                               "year_alone_words", "year_blockers")}),
        ordinals=MappingProxyType(_ordinals(numbers)),
        ordinal_suffixes=_forms(numbers.get("digit_suffixes")),
        topics=MappingProxyType({k: _forms(v) for k, v in (d.get("topics") or {}).items()}),
        furniture=MappingProxyType({k: _forms(d.get(k)) for k in ("rest", "line", "caption_credits", "bullets")}),
        stopwords=frozenset(stop),
        given_names=frozenset(given),
        common_words=frozenset(common),
        name_initials=frozenset(_forms(d.get("name_initials"))),
        name_inner_only=frozenset(_forms(d.get("name_inner_only"))),
        marker_words=frozenset(f for _w, forms, *_ in modality.values() for f in forms if " " not in f) |
        frozenset(f for _t, forms in trig for f in forms if " " not in f),
        demonym_forms=tuple(d.get("demonym_forms") or ("{x}",)),
        comitative_clitics=_forms(d.get("comitative_clitics")),
        location_clitics=_forms(d.get("location_clitics")),
        destination_clitics=_forms(d.get("destination_clitics")),
        capital_words=_forms(d.get("capital_words")),
        purpose_prefixes=_forms(d.get("purpose_prefixes")),
        place_readings=MappingProxyType({normalise_key(k): v for k, v in (d.get("place_readings") or {}).items()}),
    )


SUPPORTED_LANGUAGES = ("ar", "fa", "en")
