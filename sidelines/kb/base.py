from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Iterable, Iterator, Mapping, Sequence

import yaml

from sidelines.text.normalise import normalise_key

KB_FILES = ("countries", "organisations", "places", "actors", "offices", "conferences")


@dataclass(frozen=True)
class Names:
    by_lang: Mapping[str, tuple[str, ...]]

    def first(self, lang: str) -> str | None:
        v = self.by_lang.get(lang) or ()
        return v[0] if v else None

    def all(self) -> Iterator[tuple[str, str]]:
        for lang, forms in self.by_lang.items():
            for f in forms:
                yield lang, f


def _names(d: Mapping | None) -> Names:
    out = {}
    for lang, v in (d or {}).items():
        if isinstance(v, str):
            v = [v]
        out[lang] = tuple(x for x in v if x)
    return Names(MappingProxyType(out))


@dataclass(frozen=True)
class Country:
    code: str
    names: Names
    demonyms: Names
    capital: Names
    languages: tuple[str, ...] = ()      # official languages (ISO 639-1), from CLDR


@dataclass(frozen=True)
class Organisation:
    code: str
    names: Names
    head_title: str | None
    parent: str | None


@dataclass(frozen=True)
class Place:
    id: str
    country: str
    names: Names

    @property
    def english(self) -> str | None:
        return self.names.first("en")


@dataclass(frozen=True)
class Actor:
    id: str
    names: Names
    born: date | None = None
    died: date | None = None
    party: str | None = None    # the state or body the person is first of (see tools/build_holders.py)


@dataclass(frozen=True)
class Term:
    office: str
    party: str
    actor: str
    start: date | None
    end: date | None
    acting: bool = False
    end_unknown: bool = False   # the term ended on a day no source we trust gives: it runs until the next holder

    def covers(self, d: date) -> bool:
        return (self.start is None or self.start <= d) and (self.end is None or d <= self.end)

    def overlaps(self, first: date, last: date) -> bool:
        return (self.start is None or self.start <= last) and (self.end is None or first <= self.end)


@dataclass(frozen=True)
class Gap:
    """Days on which an office had no holder (`vacant`) or no trusted source establishes one (`unknown`)."""
    office: str
    party: str
    status: str
    start: date
    end: date
    note: str

    def covers(self, d: date) -> bool:
        return self.start <= d <= self.end


@dataclass(frozen=True)
class Conference:
    id: str
    series: str
    body: str | None
    number: int | None
    extraordinary: bool
    name: str
    city: str | None
    country: str | None
    start: date | None
    end: date | None
    gathering: bool
    # the high-level week inside a period (the UN General Assembly's general debate), where known
    high_level: tuple[date, date] | None = None


@dataclass(frozen=True)
class Series:
    id: str
    body: str | None
    concept: str
    name: str
    gathering: bool
    default_for_body_session: bool = False
    implied_by_org: str | None = None


def _date(v) -> date | None:
    return date.fromisoformat(v) if v else None


def _req_date(v) -> date:
    return date.fromisoformat(v)


def _read_jsonl(path) -> Iterator[dict]:
    if not path.is_file():
        return
    with path.open("r", encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as e:
                raise ValueError(f"{path}:{n}: not JSON ({e.msg})") from None


class KnowledgeBase:
    """Immutable after loading; build with `load_kb()`."""

    def __init__(self, countries, organisations, places, actors, terms, conferences, series, gaps=()):
        self.countries: Mapping[str, Country] = MappingProxyType(countries)
        self.organisations: Mapping[str, Organisation] = MappingProxyType(organisations)
        self.places: Mapping[str, Place] = MappingProxyType(places)
        self.actors: Mapping[str, Actor] = MappingProxyType(actors)
        self.terms: tuple[Term, ...] = tuple(terms)
        self.conferences: tuple[Conference, ...] = tuple(conferences)
        self.series: Mapping[str, Series] = MappingProxyType(series)
        self.gaps: tuple[Gap, ...] = tuple(gaps)
        self.titles: Mapping[str, dict] = MappingProxyType(_load_titles())
        by_office: dict[tuple[str, str], list[Term]] = {}
        by_actor: dict[str, list[Term]] = {}
        for t in self.terms:
            by_office.setdefault((t.party, t.office), []).append(t)
            by_actor.setdefault(t.actor, []).append(t)
        self._by_office = MappingProxyType({k: tuple(v) for k, v in by_office.items()})
        self._by_actor = MappingProxyType({k: tuple(v) for k, v in by_actor.items()})

    def office_for(self, title: str | None, party: str | None) -> str | None:
        """The office a title names in a state ("president" heads the government in Iran)."""
        t = self.titles.get(title or "")
        if t is None:
            return title
        return (t.get("by_party") or {}).get(party, t.get("default"))

    def at(self, when: date | None, until: date | None = None) -> "KBView":
        """The knowledge base on `when`, or over the days from `when` to `until`."""
        return KBView(self, when, until)

    def terms_of(self, actor_id: str) -> tuple[Term, ...]:
        return self._by_actor.get(actor_id, ())

    def terms_for(self, party: str, office: str) -> tuple[Term, ...]:
        return self._by_office.get((party, office), ())

    def party_kind(self, code: str | None) -> str | None:
        if code in self.countries:
            return "state"
        if code in self.organisations:
            return "organisation"
        return None

    def gazetteer(self, lang: str) -> Iterable[tuple[str, str, str]]:
        """(surface form, kind, value) for every name the text may use in `lang`."""
        for c in self.countries.values():
            for f in c.names.by_lang.get(lang, ()):
                yield f, "country", c.code
            for f in c.demonyms.by_lang.get(lang, ()):
                yield f, "demonym", c.code
            for f in c.capital.by_lang.get(lang, ()):
                yield f, "place", f"capital:{c.code}"
        for o in self.organisations.values():
            for f in o.names.by_lang.get(lang, ()):
                yield f, "org", o.code
            if lang != "en":   # acronyms are written in Latin letters in any script
                for f in o.names.by_lang.get("en", ()):
                    if f.isupper() and 2 <= len(f) <= 8:
                        yield f, "org", o.code
        for p in self.places.values():
            for f in p.names.by_lang.get(lang, ()):
                yield f, "place", p.id
        for a in self.actors.values():
            for f in a.names.by_lang.get(lang, ()):
                if len(f.split()) >= 2:
                    yield f, "person", a.id

    def place(self, place_id: str) -> Place | None:
        if place_id.startswith("capital:"):
            code = place_id.split(":", 1)[1]
            c = self.countries.get(code)
            if not c:
                return None
            return Place(place_id, code, c.capital)
        return self.places.get(place_id)


class KBView:
    """The knowledge base as of one date, or over the days of a partial date ("in 2013", "in March 2012"):
    then a person holds an office if their term overlaps those days, and an office whose holder changed
    within them has no single holder."""

    def __init__(self, kb: KnowledgeBase, when: date | None, until: date | None = None):
        self.kb = kb
        self.when = when
        self.until = until if until is not None and when is not None and until > when else when

    def _in_view(self, t: Term) -> bool:
        assert self.when is not None and self.until is not None   # only called once `when` is known
        return t.covers(self.when) if self.until == self.when else t.overlaps(self.when, self.until)

    def holder(self, party: str, office: str, name: str | None = None) -> Actor | None:
        """The holder of an office on this date; where several hold it at once, the one whose name has the
        given surname."""
        if self.when is None:
            return None
        maybe = [self.kb.actors.get(t.actor) for t in self.kb.terms_for(party, office) if self._in_view(t)]
        found = list({a.id: a for a in maybe if a is not None}.values())
        if len(found) > 1 and self.until != self.when and name is None:
            return None   # the office changed hands within the period: which holder the text means is not known
        if name is not None:
            last = normalise_key(name).split()[-1:] or [""]
            found = [a for a in found if any(normalise_key(f).split()[-1:] == last for _l, f in a.names.all())]
        return found[0] if len(found) == 1 or (found and name is None) else None

    def gap(self, party: str, office: str) -> Gap | None:
        """The recorded vacancy or unknown period of an office that covers this date."""
        if self.when is None:
            return None
        return next((g for g in self.kb.gaps if g.party == party and g.office == office and g.covers(self.when)), None)

    def offices_of(self, actor_id: str) -> list[Term]:
        if self.when is None:
            return []
        return [t for t in self.kb.terms_of(actor_id) if self._in_view(t)]

    def find_conference(self, series: str | None, number: int | None = None, extraordinary: bool | None = None,
                        city: str | None = None, near: date | None = None, window_days: int = 45) -> Conference | None:
        best, best_distance = None, None
        for c in self.kb.conferences:
            if series and c.series != series:
                continue
            if number is not None and c.number != number:
                continue
            if extraordinary is not None and c.extraordinary != extraordinary:
                continue
            if city and c.city and normalise_key(c.city) != normalise_key(city):
                continue
            if number is not None:
                return c
            ref = near or self.when
            if ref is None or c.start is None:
                continue
            if not (-window_days <= (ref - c.start).days <= window_days + ((c.end - c.start).days if c.end else 0)):
                continue
            # the session nearest the day: two sessions of one series can fall inside the window
            distance = 0 if c.start <= ref <= (c.end or c.start) else min(abs((ref - c.start).days),
                                                                         abs((ref - (c.end or c.start)).days))
            if best_distance is None or distance < best_distance:
                best, best_distance = c, distance
        return best


def _close_unknown_ends(terms: list[Term], gaps: Sequence[Gap] = ()) -> list[Term]:
    """A term whose end is unknown runs until the day before the next holder of the same office took it, or
    the day before a period recorded as unknown or vacant."""
    out = []
    for t in terms:
        if t.end_unknown and t.end is None and t.start is not None:
            both: list[Term | Gap] = [*terms, *gaps]
            later = [x.start for x in both
                     if (x.party, x.office) == (t.party, t.office) and x.start and x.start > t.start]
            if later:
                t = Term(t.office, t.party, t.actor, t.start, min(later) - timedelta(days=1), t.acting, True)
        out.append(t)
    return out


def _load_titles() -> dict:
    p = resources.files("sidelines") / "data" / "kb" / "titles.yaml"
    return yaml.safe_load(p.read_text(encoding="utf-8")) or {}


def _load_series() -> dict[str, Series]:
    p = resources.files("sidelines") / "data" / "kb" / "series.yaml"
    raw = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    return {k: Series(k, v["body"], v["concept"], v["name"], bool(v.get("gathering", True)),
                      bool(v.get("default_for_body_session", False)), v.get("implied_by_org"))
            for k, v in raw.items()}


def load_kb_from(root, overlay: str | Path | None = None) -> KnowledgeBase:
    countries, orgs, places, actors, terms, gaps, confs = {}, {}, {}, {}, [], [], []
    for d in _read_jsonl(root / "countries.jsonl"):
        countries[d["id"]] = Country(d["id"], _names(d.get("names")), _names(d.get("demonyms")), _names(d.get("capital")),
                                     tuple(d.get("languages") or ()))
    for d in _read_jsonl(root / "organisations.jsonl"):
        orgs[d["id"]] = Organisation(d["id"], _names(d.get("names")), d.get("head_title"), d.get("parent"))
    for d in _read_jsonl(root / "places.jsonl"):
        places[d["id"]] = Place(d["id"], d["country"], _names(d.get("names")))
    roots = [root] + ([Path(overlay)] if overlay and Path(overlay).is_dir() else [])
    for d in (d for r in roots for d in _read_jsonl(r / "actors.jsonl")):
        actors[d["id"]] = Actor(d["id"], _names(d.get("names")), _date(d.get("born")), _date(d.get("died")),
                                d.get("party"))
    for d in (d for r in roots for d in _read_jsonl(r / "offices.jsonl")):
        if d.get("actor") is None:
            # a period no source covers, or an empty office: no one is its holder, and a term with an unknown
            # end stops before it
            gaps.append(Gap(d["office"], d["party"], d.get("status") or "unknown", _req_date(d["valid_from"]),
                            _req_date(d["valid_to"]), d.get("note") or ""))
            continue
        terms.append(Term(d["office"], d["party"], d["actor"], _date(d.get("valid_from")), _date(d.get("valid_to")),
                          bool(d.get("acting")), bool(d.get("end_unknown"))))
    terms = _close_unknown_ends(terms, gaps)
    for d in _read_jsonl(root / "conferences.jsonl"):
        confs.append(Conference(d["id"], d["series"], d.get("body"), d.get("number"), bool(d.get("extraordinary")),
                                (d.get("name") or {}).get("en") or d["id"], d.get("city"), d.get("country"),
                                _date(d.get("valid_from")), _date(d.get("valid_to")), bool(d.get("gathering", True)),
                                (_req_date(d["high_level_from"]), _req_date(d["high_level_to"])) if d.get("high_level_from") else None))
    return KnowledgeBase(countries, orgs, places, actors, terms, confs, _load_series(), gaps)


@cache
def load_kb() -> KnowledgeBase:
    """The packaged knowledge base, loaded once per process."""
    return load_kb_from(resources.files("sidelines") / "data" / "kb")
