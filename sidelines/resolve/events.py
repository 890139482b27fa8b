"""Candidates of one document become event records: parties and people resolved at the event's date,
occasions matched to recurring gatherings, sideline meetings linked to their conference."""
from __future__ import annotations

import hashlib
from datetime import date, timedelta
from typing import cast

from sidelines.extract.clauses import Candidate
from sidelines.extract.document import DocumentReading
from sidelines.extract.occasions import OccasionRef, occasion_name
from sidelines.kb import KnowledgeBase
from sidelines.lexicon import load_language
from sidelines.kb.base import Conference
from sidelines.model import Event, EventType, Evidence, Location, Occasion, PartialDate, Participant, evolve
from sidelines.resolve.actors import ActorResolver
from sidelines.resolve.learned import learned_from


def event_id(*parts) -> str:
    return "ev_" + hashlib.sha1("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


class ResolvedOccasion:
    def __init__(self, ref: OccasionRef, conf: Conference | None, name: str, city: str | None, country: str | None,
                 start: date | None, end: date | None, gathering: bool, key: str, body: str | None):
        self.ref, self.conf, self.name, self.city, self.country = ref, conf, name, city, country
        self.start, self.end, self.gathering, self.key, self.body = start, end, gathering, key, body


class EventBuilder:
    def __init__(self, kb: KnowledgeBase, settings):
        self.kb = kb
        self.settings = settings

    # ---- occasions -----------------------------------------------------------------------------------
    def occasion(self, ref: OccasionRef, published: date | None, surface: str | None = None,
                 place_hint: str | None = None) -> ResolvedOccasion:
        """`place_hint`: where a sideline meeting of this occasion took place, when the occasion's own words
        name no place ("على هامش اجتماع وزراء خارجية مجموعة العشرين في العاصمة الأرجنتينية"): it only
        helps pick the numbered session held there around publication."""
        place = self.kb.place(ref.place) if ref.place else None
        city = place.english if place else None
        hinted = self.kb.place(place_hint) if place is None and place_hint else None
        view = self.kb.at(published)
        conf = None
        if ref.series and (ref.number or ref.extraordinary or city or hinted):
            conf = view.find_conference(ref.series, ref.number, True if ref.extraordinary else None,
                                        (city or (hinted.english if hinted else None)) if not ref.number else None,
                                        near=published)
        series = self.kb.series.get(ref.series) if ref.series else None
        if conf is not None:
            key = conf.id
            return ResolvedOccasion(ref, conf, conf.name + (f", {conf.city}" if conf.city and conf.city not in conf.name else ""),
                                    conf.city or city, conf.country or (place.country if place else ref.country),
                                    conf.start, conf.end, conf.gathering, key, conf.body or ref.body)
        key = f"{ref.series or ref.body}:{ref.number or ''}:{'x' if ref.extraordinary else ''}:{ref.place or ''}"
        gathering = series.gathering if series else ref.concept in ("summit", "council_of_foreign_ministers")
        # a gathering we cannot name from its parts ("Munich Security Conference") keeps the text's own words
        name = occasion_name(ref, self.kb, city) if (ref.series or ref.body or ref.concept or ref.number) or not surface \
            else " ".join(surface.split()).strip(' "«»“”.,،')
        return ResolvedOccasion(ref, None, name, city,
                                place.country if place else ref.country, None, None, gathering, key,
                                series.body if series else ref.body)

    # ---- one document --------------------------------------------------------------------------------
    def build(self, reading: DocumentReading) -> list[Event]:
        prepared = reading.analysis.prepared
        doc = prepared.doc
        published = doc.published

        def raw_name(span):
            return " ".join(prepared.raw(*span)[2].replace("#", " ").replace("_", " ").split()).strip(' "«»“”')

        own_roles = load_language(prepared.lang).option("own_country_roles") or ()
        actors = ActorResolver(self.kb, prepared.lang, doc.source_country, raw_name, reading.analysis.named,
                               tuple(own_roles), published)
        resolved_occ: dict[int, ResolvedOccasion] = {}

        # where the sideline meetings of each occasion took place, for an occasion that names no place itself
        hints: dict[int, str] = {}
        for c in reading.candidates:
            if c.occasion is not None and c.sideline and c.place:
                hints.setdefault(id(c.occasion), c.place)

        def occ_of(ref: OccasionRef | None) -> ResolvedOccasion | None:
            if ref is None:
                return None
            if id(ref) not in resolved_occ:
                resolved_occ[id(ref)] = self.occasion(ref, published, prepared.raw(ref.start, ref.end)[2],
                                                      hints.get(id(ref)))
            return resolved_occ[id(ref)]

        events: list[Event] = []
        visits: list[Event] = []
        for c in reading.candidates:
            built = self._build_one(c, reading, actors, occ_of(c.occasion), published)
            for ev in built:
                events.append(ev)
                if ev.type == EventType.VISIT:
                    visits.append(ev)
        events = [self._visit_context(e, visits) for e in events]
        events = self._conference_events(events, reading, occ_of, published)
        for e in events:
            reading.learned.extend(learned_from(e))
        return events

    def _date(self, c: Candidate, occ: ResolvedOccasion | None, published: date | None):
        # a candidate's date is a date mention: it always has a date
        if c.date is not None and cast(PartialDate, c.date.date).day is None and occ is not None and occ.start is not None \
                and occ.gathering and occ.start.isoformat().startswith(cast(PartialDate, c.date.date).iso()):
            # "in June" on the sidelines of a session held in June: the session's days
            start, end = occ.start, occ.end or occ.start
            return start.isoformat(), (end.isoformat() if end != start else None), "date from the occasion"
        if c.date is not None:
            d, e = cast(PartialDate, c.date.date), c.date.date_end
            if published and date(d.year, d.month or 1, d.day or 1) > published:
                return None, None, "future"     # a plan, not an event that happened (its first day is to come)
            return d.iso(), (e.iso() if e else None), None
        if occ is not None and occ.start is not None and occ.gathering:
            start, end = occ.start, occ.end or occ.start
            if published and start <= published < end:
                end = published
            if start == end:
                return start.isoformat(), None, "date from the occasion"
            return start.isoformat(), end.isoformat(), "date from the occasion"
        return None, None, None

    def _participants(self, c: Candidate, actors: ActorResolver, view) -> tuple[list[Participant], str | None]:
        """The candidate's phrases resolved, with their sides, one participant per party."""
        parts: list[Participant] = []
        subject_party = None
        for a in c.args:
            for p in actors.resolve(a.phrase, view):
                side = a.side
                if a.subject:
                    side = {"reception": "host", "received_call": "callee"}.get(c.trigger.side or "", side)
                    if c.type == "phone_call" and side is None:
                        side = "caller"
                    if c.type == "visit":
                        side = "guest"
                    subject_party = subject_party or p.party
                elif c.trigger.side == "reception":
                    side = "guest"
                elif c.trigger.side == "received_call":
                    side = side or "caller"
                elif c.type == "phone_call" and side is None:
                    side = "callee"
                parts.append(evolve(p, side=None if side == "between" else side))
        # "تلقى ... اتصالا هاتفيا من X": where the other party is the caller, the subject took the call
        if c.type == "phone_call" and parts and parts[0].side == "caller" and any(p.side == "caller" for p in parts[1:]):
            parts[0] = evolve(parts[0], side="callee")
        # "his counterpart": the office of the other party
        roles = [p.role for p in parts if p.role and p.note != "counterpart"]
        fixed = []
        for p in parts:
            if p.note == "counterpart":
                p = actors.fill_from_kb(evolve(p, role=roles[0] if roles else None, note=None), view)
            fixed.append(p)
        return _dedupe([p for p in fixed if p.party]), subject_party

    def _build_one(self, c: Candidate, reading: DocumentReading, actors: ActorResolver,
                   occ: ResolvedOccasion | None, published: date | None) -> list[Event]:
        prepared = reading.analysis.prepared
        doc = prepared.doc
        date_iso, date_end, why = self._date(c, occ, published)
        if why == "future":
            reading.dropped.append((c.sentence, c.trigger_span, "its date is after publication: a plan"))
            return []
        # the knowledge base as of the event's day (a partial date: over its days), else of publication
        view = self.kb.at(*_days(date_iso, published)) if date_iso else self.kb.at(published)
        parts, subject_party = self._participants(c, actors, view)
        parties = {p.party for p in parts if p.party}   # `_participants` keeps only participants with a party
        for b in c.bare_parties:
            if b not in parties:
                parts.append(Participant(party=b))
                parties.add(b)
        etype = c.type
        location = None
        city = None
        country = c.country
        if c.place:
            place = self.kb.place(c.place)
            city = place.english if place else None
            country = country or (place.country if place else None)
        if city is None and country is None and occ is not None and c.sideline:
            city, country = occ.city, occ.country
        if city is None and country is None and occ is not None and etype == "conference":
            city, country = occ.city, occ.country
        if city or country:
            location = Location(city, country)
        # distributive reading: one subject, several objects in one plural phrase ("با وزرای ترکیه، عمان و مصر")
        # "X met Y and then Z" is two meetings: one subject, objects of several states, nothing joint
        object_parties = {p.party for p in parts if p.side not in ("host", "caller", "guest")} - {subject_party}
        distributive = etype in ("meeting", "phone_call") and c.has_subject and not c.joint and \
            not any(a.subject and a.phrase.plural for a in c.args) and len(object_parties) >= 2 and subject_party is not None
        n_states = sum(1 for p in parties if self.kb.party_kind(p) == "state")
        group = any(a.phrase.group for a in c.args)
        if etype == "meeting" and not distributive and (n_states >= self.settings.conference_min_parties or group):
            etype = "conference"
        elif etype == "conference" and occ is None and not group and 2 <= len(parties) and \
                n_states < self.settings.conference_min_parties and all(self.kb.party_kind(p) == "state" for p in parties):
            etype = "meeting"

        def drop(reason: str) -> list:
            reading.dropped.append((c.sentence, c.trigger_span, reason))
            return []

        if etype in ("meeting", "phone_call") and len(parties) < 2:
            return drop(f"fewer than two parties resolved ({', '.join(sorted(parties)) or 'none'})")
        if etype == "conference" and occ is not None and occ.body and not c.sideline and occ.body not in parties:
            parts.append(Participant(party=occ.body))   # the body whose session this is
            parties.add(occ.body)
        if etype == "conference" and len(parties) < 2 and not (occ and occ.body):
            return drop("a gathering with fewer than two known parties and no known body")
        if etype == "visit":
            visitor = {p.party for p in parts if p.side == "guest"} or ({subject_party} if subject_party else set())
            if not country or country in visitor or not visitor:
                return drop("a visit needs a visitor's state and a destination in another state")
            parts = [p for p in parts if p.party in visitor]
        if etype == "membership":
            orgs = [p for p in parties if self.kb.party_kind(p) == "organisation"]
            states = [p for p in parties if self.kb.party_kind(p) == "state"]
            if len(orgs) != 1 or len(states) != 1:
                return drop("a membership needs one organisation and one state")
            parts = [Participant(party=orgs[0]), Participant(party=states[0])]
        occasion = Occasion(name=occ.name, body=occ.body, key=occ.key) \
            if occ is not None and (etype == "conference" or c.sideline) else None
        s = reading.analysis.sentences[c.sentence].sentence
        rs, re_, text = prepared.raw(s.start, s.end)
        trig = prepared.raw(*c.trigger_span)[2]
        evidence = Evidence(doc.id, prepared.lang, text, rs, re_, trig)
        confidence = self._confidence(c, parts)
        expl = tuple(c.notes + ([why] if why else []))
        base = Event(id="", type=EventType(etype), participants=tuple(parts), date=date_iso, date_end=date_end,
                     location=location, occasion=occasion, topics=tuple(c.topics), evidence=(evidence,),
                     confidence=confidence, explanation=expl)
        subject = [p for p in parts if p.party == subject_party][:1]
        others = [p for p in parts if p not in subject]
        if distributive and len(subject) == 1:
            out = []
            for o in others:
                out.append(evolve(base, participants=(subject[0], o)))
            return [evolve(e, id=event_id(doc.id, e.type.value, sorted(e.parties), rs)) for e in out]
        return [evolve(base, id=event_id(doc.id, etype, sorted(parties), rs))]

    def _confidence(self, c: Candidate, parts: list[Participant]) -> float:
        score = 0.9 if not c.noun else 0.8
        if c.heading:
            score -= 0.1
        if c.carried:
            score -= 0.15
        named = sum(1 for p in parts if p.actor_id)
        unresolved = sum(1 for p in parts if not p.actor_id and not p.native_name)
        score += 0.03 * min(named, 2) - 0.05 * unresolved
        if c.date is None:
            score -= 0.05
        return round(max(0.05, min(0.99, score)), 2)

    def _visit_context(self, e: Event, visits: list[Event]) -> Event:
        """A meeting of someone who is on a visit, on a day inside it, took place where the visit went."""
        if e.location is not None or e.type not in (EventType.MEETING, EventType.PHONE_CALL) or e.type == EventType.PHONE_CALL:
            return e
        for v in visits:
            visitor = {p.party for p in v.participants}
            if not visitor & e.parties or v.location is None:
                continue
            same_sentence = any((x.doc_id, x.start) == (y.doc_id, y.start) for x in e.evidence for y in v.evidence)
            if not same_sentence:
                if not (e.date and v.date):
                    continue
                lo, hi = v.date, v.date_end or v.date
                if not (lo <= e.date <= hi + "~"):
                    continue
            if v.location.country in e.parties or True:
                return evolve(e, location=v.location, explanation=e.explanation + ("place from the visit",))
        return e

    def _conference_events(self, events: list[Event], reading: DocumentReading, occ_of, published) -> list[Event]:
        """Every gathering that sideline meetings point to is a conference event; link them."""
        prepared = reading.analysis.prepared
        doc = prepared.doc
        by_key: dict[str, Event] = {}
        for e in events:
            if e.type == EventType.CONFERENCE and e.occasion and e.occasion.key:
                by_key.setdefault(e.occasion.key, e)
        for e in list(events):
            if e.type == EventType.CONFERENCE or not e.occasion or not e.occasion.key or e.occasion.key in by_key:
                continue
            ref = next((c.occasion for c in reading.candidates if c.occasion and occ_of(c.occasion).key == e.occasion.key), None)
            occ = occ_of(ref) if ref else None
            if occ is None or not occ.gathering or not occ.body:
                continue
            date_iso = occ.start.isoformat() if occ.start else e.date
            date_end = occ.end.isoformat() if occ.end and occ.end != occ.start else None
            parties = [Participant(party=occ.body)] if occ.body else []
            conf = Event(id=event_id(doc.id, "conference", occ.key), type=EventType.CONFERENCE,
                         participants=tuple(parties), date=date_iso, date_end=date_end,
                         location=Location(occ.city, occ.country) if (occ.city or occ.country) else None,
                         occasion=Occasion(occ.name, occ.body, occ.key), topics=(), evidence=e.evidence,
                         confidence=0.6, explanation=("a gathering that sideline meetings point to",))
            by_key[occ.key] = conf
            events.append(conf)
        out = []
        for e in events:
            if e.type != EventType.CONFERENCE and e.occasion and e.occasion.key in by_key:
                e = evolve(e, occasion=evolve(e.occasion, event_id=by_key[e.occasion.key].id))
            out.append(e)
        return out


def _days(iso: str, published: date | None) -> tuple[date, date]:
    """The first and last day a date written to the year, month or day stands for, none after publication."""
    first = date.fromisoformat((iso + "-01-01")[:10])
    if len(iso) == 4:
        last = date(first.year, 12, 31)
    elif len(iso) == 7:
        last = (date(first.year + first.month // 12, first.month % 12 + 1, 1) - timedelta(days=1))
    else:
        last = first
    if published is not None and first <= published < last:
        last = published
    return first, last


def _dedupe(parts: list[Participant]) -> list[Participant]:
    """One participant per party, keeping the one the text says most about."""
    best: dict[str | None, Participant] = {}
    order: list[str | None] = []
    for p in parts:
        if p.party not in best:
            best[p.party] = p
            order.append(p.party)
            continue
        cur = best[p.party]
        score = lambda x: (x.actor_id is not None) * 2 + (x.native_name is not None) + (x.role is not None)
        if score(p) > score(cur):
            best[p.party] = evolve(p, side=p.side or cur.side)
    return [best[k] for k in order]
