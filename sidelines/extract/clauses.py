"""Events read from one sentence: each trigger with the actor phrases of its clause.

The clause of a trigger runs from the previous trigger to the next one. Its subject is the actor phrase
before the trigger that no preposition governs, or, where the language puts the verb first, the first such
phrase after it; the other phrases are its objects. A preposition says how a phrase takes part: a
comitative (مع، با، with) marks the other party, `from` the caller, a destination word the place of a
visit. A noun trigger (لقاء، دیدار، talks) is an event only with its parties in the clause, a support verb
(عقد، أجرى) or as a headline.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from operator import attrgetter
from typing import Sequence, cast

from sidelines.extract.occasions import OccasionRef, read_occasion
from sidelines.kb import KnowledgeBase
from sidelines.lexicon import LanguageData, Trigger
from sidelines.model import Mention, PartialDate
from sidelines.recognize.analyse import SentenceAnalysis
from sidelines.recognize.phrases import ActorPhrase, Unit

_CLAUSE_PUNCT = {".", "!", "?", "؟", ";", "؛"}
# What a word before a phrase can make of it: a phrase governed so is no subject ("كان نتنياهو" is one: كان
# governs nothing)
_GOVERNED = ("comitative", "from", "destination", "location", "between", "kinship")


# Records with an `__init__` of their own: sidelines/records.py says why.
@dataclass(unsafe_hash=True, init=False)
class Arg:
    phrase: ActorPhrase
    side: str | None
    subject: bool

    def __init__(self, phrase: ActorPhrase, side: str | None = None, subject: bool = False) -> None:
        self.phrase = phrase
        self.side = side
        self.subject = subject


@dataclass(init=False)
class Candidate:
    """An event as read from one sentence, before the knowledge base and the rest of the document."""
    type: str
    trigger: Trigger
    sentence: int
    section: int
    trigger_span: tuple[int, int]
    args: list[Arg]
    bare_parties: list[str]
    date: Mention | None
    place: str | None                 # place id
    country: str | None               # location country
    destination: bool                 # the place is a visit's destination
    occasion: OccasionRef | None
    sideline: bool
    topics: list[str]
    has_subject: bool
    carried: bool
    heading: bool
    noun: bool
    joint: bool                       # "a trilateral meeting": one event of all parties
    present: bool                     # read through an imperfect support verb (يجري محادثات)
    notes: list[str]

    def __init__(self, type: str, trigger: Trigger, sentence: int, section: int, trigger_span: tuple[int, int],
                 args: list[Arg], bare_parties: list[str] | None = None, date: Mention | None = None,
                 place: str | None = None, country: str | None = None, destination: bool = False,
                 occasion: OccasionRef | None = None, sideline: bool = False, topics: list[str] | None = None,
                 has_subject: bool = True, carried: bool = False, heading: bool = False, noun: bool = False,
                 joint: bool = False, present: bool = False, notes: list[str] | None = None) -> None:
        self.type = type
        self.trigger = trigger
        self.sentence = sentence
        self.section = section
        self.trigger_span = trigger_span
        self.args = args
        self.bare_parties = bare_parties if bare_parties is not None else []
        self.date = date
        self.place = place
        self.country = country
        self.destination = destination
        self.occasion = occasion
        self.sideline = sideline
        self.topics = topics if topics is not None else []
        self.has_subject = has_subject
        self.carried = carried
        self.heading = heading
        self.noun = noun
        self.joint = joint
        self.present = present
        self.notes = notes if notes is not None else []


_KIND = attrgetter("kind")
_READ_FROM = frozenset({"trigger", "occ_sidelines", "occ_session", "occ_anaphoric"})


class ClauseReader:
    def __init__(self, lang: LanguageData, kb: KnowledgeBase):
        self.lang = lang
        # matched by text: "had" is also a support verb, and the gazetteer gives a word one kind
        self._background = frozenset(lang.words.get("background_auxiliaries", ()))
        self._conjunctions = lang.word_set("conjunctions")
        self._clause_openers = lang.word_set("clause_openers")
        self._relatives = lang.word_set("relative_pronouns")
        self.continuation = lang.word_set("continuation")
        self.kb = kb
        self.vso = lang.option("word_order") == "vso"
        self.sov = lang.option("word_order") == "sov"
        self.after_window = int(lang.option("modality_after_window", 0))
        self.noun_after = int(lang.option("noun_modality_after", 0))

    # ---- helpers -------------------------------------------------------------------------------------
    def _word(self, u: Unit, kind: str) -> bool:
        return u.kind == "word" and u.value == kind

    def _governing(self, units: list[Unit], first_unit: int, prefix: str,
                   ends: dict[int, ActorPhrase] | None = None) -> str | None:
        """The preposition right before a phrase: a word unit, or a proclitic read as one (اجتمع بالرئيس).
        A phrase joined to the one before by "and" shares its preposition (بين المقداد ولافروف)."""
        k = first_unit - 1
        if ends:
            j = k
            joined = True
            if prefix and prefix[:1] in self._conjunctions:
                pass
            elif j >= 0 and (units[j].kind == "punct" and units[j].text in ("،", ",") or self._word(units[j], "conjunctions")
                             or units[j].text in self._conjunctions):
                j -= 1
            else:
                joined = False
            if joined and j in ends:
                prev = ends[j]
                return self._governing(units, prev.first_unit, prev.prefix, ends)
        while k >= 0 and (units[k].kind == "honorific" or (units[k].kind == "punct" and units[k].text == '"')):
            k -= 1
        if k >= 0 and units[k].kind == "word":
            return units[k].value
        if k >= 0 and units[k].kind == "occ_held_in":
            return "location"
        if prefix and prefix[-1:] in self.lang.comitative_clitics:
            return "comitative"
        return None

    def _opens_clause(self, units: list[Unit], k: int) -> bool:
        """A comma at unit k followed by a word that opens a clause of its own ("، وحينها قيل", ", while")."""
        if units[k].text not in (",", "،") or k + 1 >= len(units):
            return False
        nxt = units[k + 1]
        return self._word(nxt, "clause_openers") or (nxt.kind == "tok" and nxt.text in self._clause_openers)

    def _spec(self, trig: Unit) -> Trigger:
        """The trigger a trigger unit stands for (its mention's value is the trigger's index)."""
        return self.lang.triggers[int(cast(str, trig.value))][0]

    def _noun(self, trig: Unit) -> bool:
        return self._spec(trig).cls == "noun"

    def _modal(self, sa: SentenceAnalysis, trig: Unit, left: int, right: int | None = None) -> str | None:
        spec = self._spec(trig)
        tense = spec.tense
        # a time to come after a verb in the past belongs to something else ("met ... to prepare the summit next month")
        reaches_after = tense == "present" or spec.cls == "noun"
        for m in sa.modality:
            window, after, only = m.info if len(m.info) == 3 else (m.info[0] if m.info else 5, 0, None)
            if only and only != tense:
                continue   # "قد يلتقي" (may meet), not "قد التقى" (had met)
            if after and reaches_after and m.start >= trig.end and right is not None and \
                    (right >= len(sa.units) or m.end <= sa.units[right].start):
                # "يلتقي بوتين في موسكو الأسبوع المقبل": a time still to come, in the trigger's own clause
                if sum(1 for u in sa.units if trig.end <= u.start < m.start and u.kind != "punct") <= after:
                    return m.value
            if m.end <= trig.start:
                # count words between the marker and the trigger
                gap = sum(1 for u in sa.units if m.end <= u.start < trig.start and u.kind != "punct")
                if gap <= window and m.start >= sa.units[left].start if left < len(sa.units) else True:
                    return m.value
            elif m.start >= trig.end and self.noun_after and self._noun(trig) and m.value in ("future", "hypothetical") and \
                    sum(1 for u in sa.units if trig.end <= u.start < m.start and u.kind != "punct") < self.noun_after:
                return m.value
            elif m.start >= trig.end and self.after_window:
                # Persian marks the future and the negative on the verb that closes the predicate
                verb_end = next((u.end for u in sa.units if u.start >= trig.end and u.kind in ("light_verb", "support_verb")),
                                None)
                gap = sum(1 for u in sa.units if trig.end <= u.start < m.start and u.kind != "punct")
                if gap <= self.after_window or (verb_end is not None and m.start < verb_end and m.value != "denial"):
                    return m.value
        return None

    # ---- the reader ----------------------------------------------------------------------------------
    def read(self, sa: SentenceAnalysis) -> tuple[list[Candidate], list[OccasionRef], tuple]:
        """Candidates, occasions, and the triggers that made no event with the reason why."""
        if _READ_FROM.isdisjoint(map(_KIND, sa.units)):
            return [], [], ()   # no trigger and no occasion word: nothing below can find anything
        units = list(sa.units)
        occasions: list[OccasionRef] = []
        occupied: set[int] = set()
        for i, u in enumerate(units):
            if u.kind not in _READ_FROM or any(o.first_unit <= i <= o.last_unit for o in occasions):
                continue
            session_noun = u.kind == "trigger" and self._spec(u).type == "conference" and self._spec(u).cls == "noun"
            if u.kind == "occ_sidelines" or u.kind in ("occ_session", "occ_anaphoric") or session_noun:
                start = i + 1 if u.kind == "occ_sidelines" else i
                ref = read_occasion(units, start, self.lang, self.kb)
                if ref is None:
                    continue
                if u.kind != "occ_sidelines" and not (ref.series or ref.body or ref.number or ref.concept):
                    continue   # "في اجتماع في موسكو" names no gathering
                occasions.append(ref)
                # a session noun that names a gathering stays a trigger: "اجلاس ... برگزار شد" is the event
                occupied.update(range(i + (1 if session_noun else 0), ref.last_unit + 1))
        sideline_occasions = {o.first_unit - 1 for o in occasions
                              if o.first_unit > 0 and units[o.first_unit - 1].kind == "occ_sidelines"}
        triggers = [i for i, u in enumerate(units) if u.kind == "trigger" and i not in occupied]
        # a trigger joined to the one before by "and" is one predicate (دیدار و گفتگو کرد)
        grouped: list[int] = []
        for i in triggers:
            if grouped and i - grouped[-1] <= 2 and all(units[k].kind == "word" or units[k].text in self._conjunctions for k in
                                                        range(grouped[-1] + 1, i)) and \
                    self._spec(units[i]).type == self._spec(units[grouped[-1]]).type:
                continue
            grouped.append(i)
        embedded = self._relative_clauses(units)
        # a trigger that makes no event ("في اجتماع ثلاثي") does not cut its neighbour's clause: read again
        # with the triggers that did
        rejected: list = []
        first_rejections: list | None = None
        while True:
            out, kept = [], []
            shared = None
            outer = [t for t in grouped if not any(a <= t <= b for a, b, _ in embedded)]
            for ti in grouped:
                inside = next(((a, b, ante) for a, b, ante in embedded if a <= ti <= b), None)
                if inside is not None:
                    # "لودريان، الذي وصل ... إلى العاصمة المصرية،": a clause of its own, about the phrase before it
                    a = inside[0]
                    antecedent = next((p for p in sa.phrases if p.last_unit in (a - 1, a - 2)), None)
                    left, right, skip = a, inside[1] + 1, []
                else:
                    n = outer.index(ti)
                    left = outer[n - 1] + 1 if n > 0 else 0
                    right = outer[n + 1] if n + 1 < len(outer) else len(units)
                    antecedent, skip = None, [(a, b) for a, b, _ in embedded]
                for k in range(ti + 1, right):
                    if units[k].kind == "punct" and (units[k].text in _CLAUSE_PUNCT or
                                                     self._opens_clause(units, k)):
                        right = k
                        break
                rejected_now: list = []
                cand = self._candidate(sa, units, ti, left, right, occasions, sideline_occasions, rejected_now,
                                       skip, antecedent, shared)
                if cand is None and self._modal(sa, units[ti], left, right):
                    # "ومن المقرر أن يلتقي ترامب": a meeting not yet held is still a predicate with arguments
                    # of its own, so it keeps bounding the clauses beside it
                    kept.append(ti)
                if cand is not None:
                    out.append(cand)
                    kept.append(ti)
                    shared = next((a.phrase for a in cand.args if a.subject), shared)
                rejected.extend(rejected_now)
            if first_rejections is None:
                first_rejections = list(rejected)
            if len(kept) == len(grouped):
                break
            rejected.clear()
            grouped = kept
        # "بحث مع نظيره في اتصال هاتفي": talks framed by a phone call that made no event of its own are the call
        call_spans = [(units[k].start, units[k].end) for k in range(len(units)) if units[k].kind == "trigger"
                      and self._spec(units[k]).type == "phone_call"]
        if call_spans and not any(c.type == "phone_call" for c in out):
            for c in out:
                if c.type == "meeting" and c.trigger.requires == "with":
                    c.type = "phone_call"
                    c.place = c.country = None
                    c.notes.append("talks held in a phone call")
        # "در تماس تلفنی با X ... گفتگو کرد": the talks of a phone call are the call, not a meeting
        calls = [c for c in out if c.type == "phone_call"]
        if calls:
            called = {id(a.phrase) for c in calls for a in c.args}
            out = [c for c in out if c.type != "meeting" or any(id(a.phrase) not in called for a in c.args if not a.subject)]
        self._assign_dates(sa, out)
        # an imperfect verb in running text is a report of a done event only with a date of its own
        published = sa.published
        present = [c for c in out if (c.trigger.tense == "present" or c.present) and not c.heading and
                   (c.date is None or (c.date.info != ("explicit",) and cast(PartialDate, c.date.date).as_date() != published))]
        for c in present:
            (first_rejections or []).append((sa.sentence.index, c.trigger_span,
                                             "an imperfect verb in running text with no date of its own"))
        out = [c for c in out if c not in present]
        return out, occasions, tuple(first_rejections or ())

    def _assign_dates(self, sa: SentenceAnalysis, cands: list[Candidate]) -> None:
        """Each candidate takes the nearest date between the triggers of its neighbours that are events."""
        s = sa.sentence
        for n, c in enumerate(cands):
            lo = cands[n - 1].trigger_span[1] if n > 0 else s.start
            hi = cands[n + 1].trigger_span[0] if n + 1 < len(cands) else s.end
            # a pluperfect clause is background: the dates before its auxiliary belong to the main clause
            aux = [u.start for u in sa.units if lo <= u.start < c.trigger_span[0] and u.text in self._background]
            if aux:
                lo = aux[-1]
            pool = [d for d in sa.dates if lo <= d.start < hi]
            # a year alone ("عام 1986") dates the event only where no day or month does
            pool = [d for d in pool if d.info != ("year",)] or pool
            if pool:
                c.date = min(pool, key=lambda d: abs(d.start - c.trigger_span[0]))

    def _relative_clauses(self, units: list[Unit]) -> list[tuple[int, int, ActorPhrase | None]]:
        """Spans (first, last unit) of relative clauses closed by a comma, with the phrase they describe."""
        out: list[tuple[int, int, ActorPhrase | None]] = []
        relatives = self._relatives
        for i, u in enumerate(units):
            if not (u.kind == "word" and u.value == "relative_pronouns") and u.text not in relatives:
                continue
            if self.sov:
                # a verb-final relative clause ends with its verb ("که ... سفر کرده است")
                verb = next((k for k in range(i + 1, min(len(units), i + 30))
                             if units[k].kind in ("light_verb", "support_verb") or
                             (units[k].kind == "trigger" and self._spec(units[k]).cls == "verb")), None)
                if verb is None:
                    continue
                end = verb + 1
                while end < len(units) and units[end].kind in ("light_verb", "tok") and end - verb < 2 and \
                        units[end].text in self.lang.light_verbs + self.lang.words.get("auxiliaries", ()):
                    end += 1
            else:
                close = next((k for k in range(i + 1, min(len(units), i + 26))
                              if units[k].kind == "punct" and units[k].text in (",", "،", ".", ";", "؛")), None)
                if close is None or units[close].text in (".", ";", "؛"):
                    continue   # not closed by a comma: where it ends is unknown, so it is read as before
                end = close
            if not any(units[k].kind == "trigger" for k in range(i + 1, end)):
                continue
            out.append((i, end - 1, None))
        return out

    def _candidate(self, sa: SentenceAnalysis, units: list[Unit], ti: int, left: int, right: int,
                   occasions: list[OccasionRef], sideline_occasions: set[int], rejected: list,
                   skip: Sequence[tuple[int, int]] = (), antecedent: ActorPhrase | None = None,
                   shared: ActorPhrase | None = None) -> Candidate | None:
        def reject(reason: str) -> None:
            rejected.append((sa.sentence.index, (units[ti].start, units[ti].end), reason))
        trig_unit = units[ti]
        spec = self._spec(trig_unit)
        modal = self._modal(sa, trig_unit, left, right)
        if modal:
            reject(f"a {modal} marker governs it: not an event that happened")
            return None
        if spec.tense == "present" and trig_unit.prefix in self.lang.purpose_prefixes:
            reject("a purpose (ليـ + imperfect), not a report")
            return None
        if spec.cls == "noun" and ti > 0 and self._word(units[ti - 1], "demonstratives"):
            reject("a demonstrative: it points at an event already read")
            return None
        s = sa.sentence
        in_clause = [p for p in sa.phrases if units[left].start <= p.start and p.end <= (units[right - 1].end if right > 0 else p.end)]
        in_clause = [p for p in in_clause if not any(o.first_unit <= p.first_unit <= o.last_unit for o in occasions)
                     and not any(a <= p.first_unit <= b for a, b in skip)]
        args: list[Arg] = []
        before = [p for p in in_clause if p.last_unit < ti]
        after = [p for p in in_clause if p.first_unit > ti]
        ends = {p.last_unit: p for p in sa.phrases}
        gov = {id(p): self._governing(units, p.first_unit, p.prefix, ends) for p in in_clause}
        preps = _GOVERNED
        subject = None
        candidates = before if self.sov else list(reversed(before))
        for p in candidates:
            marked = p.last_unit + 1 < len(units) and self._word(units[p.last_unit + 1], "object_marker")
            if gov[id(p)] not in preps and not marked and not p.counterpart:
                subject = p
                break
        if subject is None and (self.vso or spec.cls == "noun"):
            for p in after:
                near = sum(1 for x in range(ti + 1, p.first_unit) if units[x].kind not in ("punct", "date", "honorific")) <= 3
                if gov[id(p)] is None and not p.counterpart and near:
                    subject = p
                    break
        if subject is None and antecedent is not None:
            subject = antecedent
        if subject is None:
            # the sentence's subject before the clause (Persian: "X که ... سفر کرده است، ... با Y دیدار کرد")
            earlier = [p for p in sa.phrases if p.last_unit < left]
            for p in (earlier if self.sov else list(reversed(earlier))):
                if self._governing(units, p.first_unit, p.prefix) not in preps and not any(
                        o.first_unit <= p.first_unit <= o.last_unit for o in occasions):
                    subject = p
                    break
        collective = next((p for p in after if p.first_unit == ti + 1 and p.plural and len(p.parties) > 1), None)
        if spec.cls == "noun" and collective is not None:
            subject, before = collective, []
            after = [p for p in after if p is not collective and gov[id(p)] in ("comitative", "between")]
        co_subject = False
        conj_clitics = self._conjunctions
        if shared is not None and spec.cls == "verb" and trig_unit.prefix[:1] in conj_clitics and \
                not any(p.last_unit < ti for p in in_clause):
            # "زار دمشق والتقى الرئيس": a verb joined by "and" shares the subject of the one before
            subject = shared
            after = [p for p in after if p is not shared]
        # objects follow the verb where it comes first or second; in a verb-final language they precede it
        if self.sov:
            # and the phrase right after a noun trigger, its complement ("میزبان رئیس جمهور ترکیه بود")
            objects = [p for p in before if p is not subject] + \
                      [p for p in after if p is not subject and (gov[id(p)] in ("comitative", "between", "from") or
                                                                 (spec.cls == "noun" and p.first_unit == ti + 1))]
        else:
            objects = [p for p in after if p is not subject]
            # "Araghchi and his Saudi counterpart held talks": phrases joined to the subject before the verb
            conj = self._conjunctions
            for p in before:
                if p is subject or gov[id(p)] in preps:
                    continue
                k = p.first_unit - 1
                if k >= 1 and units[k].kind == "tok" and units[k].text in self.lang.stopwords:
                    k -= 1   # "and his Saudi counterpart"
                joined = (p.prefix and p.prefix[:1] in conj) or (k >= 0 and (units[k].text in conj or
                                                                            self._word(units[k], "conjunctions")))
                if joined and subject is not None and p.first_unit > subject.last_unit:
                    objects.insert(0, p)
                    co_subject = True
        has_with = co_subject
        for p in objects:
            g = gov[id(p)]
            if g in ("destination", "location", "kinship"):
                continue
            if g in ("comitative", "between", "from"):
                has_with = True
            args.append(Arg(p, side="caller" if g == "from" else ("between" if g == "between" else None)))
        if subject is not None:
            args.insert(0, Arg(subject, subject=True))
            if spec.pair and len(args) == 1 and not subject.plural:
                other = self._pair_partner(sa, units, subject, occasions)
                if other is not None:
                    args.append(Arg(other))
        if spec.requires == "with" and not has_with:
            reject("this verb reports talks only with a party after with/مع/با")
            return None
        bare: list[str] = []
        # bare parties: "بين سوريا وتركيا", a membership's body and member, a conference's participants
        for k in range(left, right):
            u = units[k]
            if u.kind in ("country", "org") and not any(p.first_unit <= k <= p.last_unit for p in sa.phrases) and \
                    not any(o.first_unit <= k <= o.last_unit for o in occasions):
                g = self._governing(units, k, u.prefix)
                between = g == "between" and any(self._word(units[x], "between") for x in range(ti + 1, min(ti + 3, k + 1)))
                if spec.type == "membership" or (spec.type == "conference" and g == "participation") or between:
                    bare.append(cast(str, u.value))   # a country or body is a mention: it has a value
        noun = spec.cls == "noun"
        support_units = [units[k] for k in range(left, min(right + 2, len(units)))
                         if units[k].kind in ("support_verb", "light_verb") and abs(k - ti) <= 8]
        support = bool(support_units)
        present = bool(support_units) and all(u.text in self.lang.support_verbs_present for u in support_units)
        heading = s.heading
        if spec.type == "membership":
            verbs = [cast(str, units[k].value) for k in range(max(0, ti - 4), min(len(units), ti + 3)) if units[k].kind == "word"
                     and units[k].value in ("membership_suspend", "membership_restore")]
            if not verbs:
                reject("no suspend or restore word beside the membership noun")
                return None
        elif noun and not (has_with or support or heading or bare or len(args) >= 2 and spec.type == "conference"):
            reject("a noun with no party after with/between, no support verb and not a headline")
            return None
        n_sides = sum(max(1, len(a.phrase.parties)) if a.phrase.plural else 1 for a in args)
        if noun and not has_with and not bare and spec.type in ("meeting", "phone_call") and n_sides < 2 and not support:
            reject("a noun with fewer than two parties")
            return None
        if noun and not args and not bare:
            reject("a noun with no party of its own: the event just read (خلال اللقاء)")
            return None
        cand = Candidate(type=spec.type, trigger=spec, sentence=s.index, section=s.section,
                         trigger_span=(trig_unit.start, trig_unit.end), args=args, bare_parties=bare,
                         has_subject=subject is not None, heading=heading, noun=noun, present=present)
        if spec.type == "membership":
            cand.notes.append(verbs[0])
        cand.joint = any(self._word(u, "joint") for u in units)
        in_phrase = frozenset(k for p in sa.phrases for k in range(p.first_unit, p.last_unit + 1))
        negations = tuple(m.start for m in sa.modality if m.value == "negation")
        self._where(cand, units, left, right, ti, spec, in_phrase, negations)
        # the occasion of this clause
        for o in occasions:
            if any(a <= o.first_unit <= b for a, b in skip):
                continue   # named inside a relative clause: that clause's occasion, not this one's
            if left <= o.first_unit < right or (o.first_unit - 1 in sideline_occasions and left <= o.first_unit - 1 < right):
                cand.occasion = o
                cand.sideline = (o.first_unit - 1) in sideline_occasions
                break
        if cand.occasion is None and spec.type == "conference":
            for o in occasions:
                if o.first_unit > ti:
                    cand.occasion = o
                    break
        return cand

    def _pair_partner(self, sa: SentenceAnalysis, units: list[Unit], subject: ActorPhrase,
                      occasions: list[OccasionRef]) -> ActorPhrase | None:
        """The other of the two that a dual verb names: the nearest actor before its subject, in the same
        sentence, that is someone else and that no preposition governs."""
        def who(p: ActorPhrase):
            if p.person_id:
                return p.person_id
            if p.name:   # the same name written twice is one person
                return " ".join(u.text for u in units[p.first_unit:p.last_unit + 1] if p.name[0] <= u.start < p.name[1])
            return (p.role, p.parties)
        me = who(subject)
        for p in reversed([p for p in sa.phrases if p.last_unit < subject.first_unit]):
            if any(o.first_unit <= p.first_unit <= o.last_unit for o in occasions) or p.plural or p.group:
                continue
            if self._governing(units, p.first_unit, p.prefix) in _GOVERNED or who(p) == me:
                continue
            if not (p.parties or p.person_id or p.our_country):
                continue
            return p
        return None

    def _where(self, cand: Candidate, units: list[Unit], left: int, right: int, ti: int, spec: Trigger,
               in_phrase: frozenset[int] = frozenset(),
               negations: tuple[int, ...] = ()) -> None:
        """The place of the clause: a city after a location word, or a visit's destination. A phone call has
        none: a city in its clause is what the parties talked about; nor has a place denied ("لم يكن في طهران")."""
        if spec.type == "phone_call":
            return
        for k in range(left, right):
            u = units[k]
            if negations and u.kind in ("place", "country", "demonym") and \
                    any(units[max(left, k - 4)].start <= n < units[k].start for n in negations):
                continue
            if u.kind == "demonym" and k >= 2 and k not in in_phrase and units[k - 1].text in self.lang.capital_words \
                    and units[k - 2].kind == "word" and units[k - 2].value in ("destination", "location"):
                u = Unit("place", units[k - 1].start, u.end, u.text,
                         replace(cast(Mention, u.mention), kind="place", value=f"capital:{u.value}"))
            if u.kind not in ("place", "country") or k in in_phrase:
                continue
            if u.kind == "country" and u.text in self.lang.place_readings:
                u = Unit("place", u.start, u.end, u.text,
                         replace(cast(Mention, u.mention), kind="place", value=self.lang.place_readings[u.text]))
            g = None
            kk = k - 1
            while kk >= left and (units[kk].kind == "punct" and units[kk].text == '"' or
                                  units[kk].text in self.lang.capital_words or
                                  (units[kk].kind == "demonym" and u.kind == "place")):
                kk -= 1
            if kk >= left and units[kk].kind in ("word", "occ_held_in"):
                g = "location" if units[kk].kind == "occ_held_in" else units[kk].value
            if g is None and u.prefix and u.prefix[-1:] in self.lang.destination_clitics and spec.type == "visit":
                g = "destination"   # "وصل للولايات المتحدة"
            # "زار دمشق"، "يزور السودان": the place right after a visit verb, or after its subject
            direct = g is None and k > ti and spec.type == "visit" and \
                all(x in in_phrase or units[x].kind in ("punct", "date", "honorific") for x in range(ti + 1, k))
            if u.kind == "place":
                place = self.kb.place(cast(str, u.value))
                if spec.type == "visit" and (g == "destination" or direct):
                    cand.place, cand.country, cand.destination = u.value, place.country if place else None, True
                    # "به جده عربستان": a state after the city confirms it
                    return
                if g in ("location", "destination") or (u.prefix and u.prefix[-1:] in self.lang.location_clitics):
                    if cand.place is None:
                        cand.place, cand.country = u.value, place.country if place else None
            elif u.kind == "country" and spec.type == "visit" and (g == "destination" or direct) and cand.country is None:
                cand.country, cand.destination = u.value, True
            elif u.kind == "country" and g in ("location", "destination") and cand.country is None \
                    and spec.type != "visit" and spec.requires != "with" and abs(k - ti) <= 6:
                # not after a verb of talks: "بحث مع بوتين الوضع في سوريا" is what they discussed
                cand.country = u.value
