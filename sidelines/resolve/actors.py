"""Who a phrase names, on the date of the event.

A named phrase gets the canonical actor of the knowledge base when the name agrees with the holder of the
office the text gives; a name that disagrees is kept as written and reported, never overwritten. A phrase
with a role and a state but no name gets the holder's name. A role with no state ("the Foreign Minister")
is the last holder of that role named in the document, or the outlet's own country's.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from typing import Callable

from sidelines.kb import KBView, KnowledgeBase
from sidelines.kb.base import Actor
from sidelines.model import Participant, evolve
from sidelines.recognize.phrases import ActorPhrase
from sidelines.text.normalise import normalise_key

GENERIC_ROLES = (None, "minister", "other", "delegation")
MULTI_HOLDER = ("deputy_foreign_minister", "envoy", "ambassador")   # offices several people hold at once
# offices a source's own country is assumed for when the text names none
OWN_COUNTRY_ROLES = ("foreign_minister", "deputy_foreign_minister")


def _tokens(s: str) -> set[str]:
    return {t for t in normalise_key(s).replace("-", " ").split() if len(t) > 1}


def names_agree(text_name: str, actor: Actor, lang: str) -> bool:
    """The text's name and the actor's: same surname, or two shared words."""
    t = _tokens(text_name)
    if not t:
        return False
    tn = normalise_key(text_name).split()
    joined = "".join(tn)
    for _lang, f in actor.names.all():
        a = _tokens(f)
        fa = normalise_key(f).split()
        if t & a and (len(t & a) >= 2 or (tn and fa and tn[-1] == fa[-1]) or len(t) == 1 and t <= a):
            return True
        # "شي جينبينغ" and "شي جين بينغ": the same name spaced or spelled a little differently
        other = "".join(fa)
        if other and SequenceMatcher(None, joined, other).ratio() >= 0.85:
            return True
    return False


@dataclass
class DocumentMemory:
    """What one document has established about its actors, for later references."""
    by_role: dict = field(default_factory=dict)        # role -> last Participant with that role
    by_span: dict = field(default_factory=dict)        # name span -> Participant
    by_actor: dict = field(default_factory=dict)       # actor id -> Participant


class ActorResolver:
    def __init__(self, kb: KnowledgeBase, lang: str, source_country: str | None, raw_name: Callable[[tuple[int, int]], str],
                 named: dict | None = None, own_country_roles: tuple[str, ...] = OWN_COUNTRY_ROLES,
                 published: date | None = None):
        self.named = named or {}
        self.published = published
        self.own_country_roles = tuple(own_country_roles)
        self.kb = kb
        self.lang = lang
        self.source_country = source_country
        self.raw_name = raw_name           # normalised span -> raw text
        self.memory = DocumentMemory()
        # an unqualified "the Foreign Minister" is the outlet's own only where the outlet writes in its
        # country's language (a Syrian paper in Arabic, yes; CNN or the BBC in Arabic, no)
        country = kb.countries.get(source_country or "")
        self.own_country = source_country if country is not None and lang in country.languages else None

    def _from_actor(self, actor: Actor, view: KBView, role: str | None, party: str | None, native: str | None,
                    notes: list[str]) -> Participant:
        # a person in office in several parties at once stands first for their own (the Queen for the UK)
        # and a president who also heads the government (Trump; Erdoğan since 2018) first as head of state,
        # so that "his counterpart" is a president too
        terms = sorted(view.offices_of(actor.id), key=lambda t: (t.party != actor.party, t.office != "head_of_state"))
        if party and role not in GENERIC_ROLES:
            match = [t for t in terms if t.party == party and t.office == role]
            then = [t for t in terms if t.party == party]
            if not match and then and self._title_at_publication(actor, party, role, view):
                # "الرئيس التركي أردوغان" recalling 2012: the title he holds as the article is written, not the
                # office he held on the event's date, which the knowledge base gives
                notes.append(f"the text gives {native or actor.names.first('en')} the title of {role} held at "
                             f"publication; on {view.when} the office was {then[0].office}")
                role = then[0].office
            elif not match and terms:
                notes.append(f"the text names {native or actor.names.first('en')} as {role} of {party}; "
                             f"the knowledge base has {terms[0].office} of {terms[0].party} on {view.when}")
        elif terms:
            fits = [t for t in terms if party is None or t.party == party]
            # the office the text names, where the person holds several (a president who heads the government)
            best = next((t for t in fits if t.office == role), fits[0] if fits else terms[0])
            if role in GENERIC_ROLES or role == best.office:
                role, party = best.office, party or best.party
        if native and len(native.split()) == 1 and actor.names.first(self.lang):
            native = actor.names.first(self.lang)   # a surname on its own: the full name as the press writes it
        return Participant(party=party, role=role, name=actor.names.first("en"),
                           native_name=native or actor.names.first(self.lang), actor_id=actor.id,
                           note="; ".join(notes) or None)

    def _on_this_date(self, known: Participant, view: KBView) -> Participant:
        """A participant the document named earlier, perhaps for an event of another date, with the office
        they held on this view's date where the knowledge base says it was another."""
        actor_id = known.actor_id
        if actor_id is None or actor_id not in self.kb.actors:
            return known
        held = sorted((t for t in view.offices_of(actor_id) if t.party == known.party),
                      key=lambda t: t.office != "head_of_state")
        if held and not any(t.office == known.role for t in held):
            return evolve(known, role=held[0].office, note=None)
        return known

    def _title_at_publication(self, actor: Actor, party: str, role: str, view: KBView) -> bool:
        """The person held `role` of `party` on the publication date, and the event's date is another."""
        if self.published is None or view.when is None or view.until is None or view.when <= self.published <= view.until:
            return False
        return any(t.party == party and t.office == role for t in self.kb.at(self.published).offices_of(actor.id))

    def resolve(self, p: ActorPhrase, view: KBView) -> list[Participant]:
        notes: list[str] = []
        native = self.raw_name(p.name) if p.name else None
        parties = list(p.parties)
        if p.our_country and self.source_country:
            parties.append(self.source_country)
        role = self.kb.office_for(p.role, parties[0] if parties else None)
        pid = p.person_id
        if pid and pid.startswith("doc:"):
            # a surname on its own ("الوزير المقداد", "طه"): the person the document named in full
            _, s, e = pid.split(":")
            span = (int(s), int(e))
            known = self.memory.by_span.get(span)
            if known is None and span in self.named and self.named[span] is not p:
                first = self.resolve(self.named[span], view)
                known = first[0] if first else None
            if known is not None and known.party:
                known = self._on_this_date(known, view)
                if p.role not in GENERIC_ROLES and p.role != known.role and known.role in GENERIC_ROLES:
                    known = evolve(known, role=p.role)
                return [evolve(known, side=None)]
            native = self.raw_name(span)
            pid = None
        if pid and pid in self.kb.actors:
            actor = self.kb.actors[pid]
            prev = self.memory.by_actor.get(pid)
            # what the document said of them before, unless it said nothing (no office known on that date)
            if prev is not None and prev.party and not parties and role in GENERIC_ROLES:
                return [evolve(self._on_this_date(prev, view), side=None)]
            part = self._from_actor(actor, view, role, parties[0] if parties else None, native, notes)
            if part.party is None and prev is not None:
                # not holding a curated office on this date: the document may have said who they are
                part = evolve(part, party=prev.party, role=prev.role if part.role in GENERIC_ROLES else part.role)
            self._remember(part, p)
            return [part]
        if p.plural and len(parties) > 1:
            if p.counterpart:   # "نظيريه الأردني والمصري": offices come from the other party
                return [Participant(party=x, note="counterpart") for x in parties]
            return [self.fill_from_kb(Participant(party=x, role=role), view) for x in parties]
        if p.counterpart:
            party = parties[0] if parties else None
            part = Participant(party=party, role=None, native_name=native, note="counterpart")
            return [part]
        party = parties[0] if parties else None
        if party is None and role is not None and not p.plural:
            # "the Foreign Minister" unqualified: the outlet's own, else the last one the document named
            if self.own_country and (role in self.own_country_roles or p.role in self.own_country_roles):
                party = self.source_country
                role = self.kb.office_for(p.role, party)
                notes.append("state taken from the outlet's country")
            else:
                prev = self.memory.by_role.get(role)
                if prev is not None and (native is None or (prev.native_name and _tokens(native) & _tokens(prev.native_name))):
                    return [evolve(prev, side=None)]
        part = Participant(party=party, role=role, native_name=native, note="; ".join(notes) or None)
        part = self.fill_from_kb(part, view)
        if part.party or part.actor_id:
            self._remember(part, p)
        return [part]

    def fill_from_kb(self, part: Participant, view: KBView) -> Participant:
        if not part.party or part.role in GENERIC_ROLES:
            return part
        if part.role in MULTI_HOLDER and part.native_name is None:
            return part   # "the UN envoy": one of several holders, which one the office alone does not say
        holder = view.holder(part.party, part.role, part.native_name if part.role in MULTI_HOLDER else None)
        if holder is None:
            return part
        if part.native_name is None:
            return evolve(part, name=holder.names.first("en"), native_name=holder.names.first(self.lang),
                           actor_id=holder.id)
        if names_agree(part.native_name, holder, self.lang):
            return evolve(part, name=holder.names.first("en"), actor_id=holder.id)
        note = (f"the knowledge base has {holder.names.first('en')} as {part.role} of {part.party} on {view.when}; "
                f"the text names {part.native_name}")
        return evolve(part, note="; ".join(x for x in (part.note, note) if x))

    def _remember(self, part: Participant, p: ActorPhrase) -> None:
        if p.name:
            self.memory.by_span[p.name] = part
        if part.actor_id:
            self.memory.by_actor[part.actor_id] = part
        if part.role:
            self.memory.by_role[part.role] = part
