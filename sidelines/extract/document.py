"""Reading across sentences: the subject carried from one sentence to the next ("كما التقى نظيره ..."),
topics of the sentences that follow an event ("وبحث الوزيران ..."), the occasion a document is about
("على هامش أعمال المؤتمر", "در حاشیه این اجلاس"), datelines ("نيويورك، ٢٤ سبتمبر ٢٠٢١") and the date of
the narrative."""
from __future__ import annotations

from dataclasses import dataclass, field

from sidelines.extract.clauses import Arg, Candidate, ClauseReader
from sidelines.extract.occasions import OccasionRef
from sidelines.model import Mention
from sidelines.recognize.analyse import DocumentAnalysis, SentenceAnalysis

TOPIC_REACH = 3     # sentences after an event whose topics still belong to it
_TALKS = ("meeting", "phone_call")


@dataclass
class DocumentReading:
    analysis: DocumentAnalysis
    candidates: list[Candidate]
    occasions: list[tuple[int, OccasionRef]] = field(default_factory=list)   # (sentence, occasion)
    dateline_place: dict[int, str] = field(default_factory=dict)              # section -> place id
    rejected: list = field(default_factory=list)   # (sentence, trigger span, reason): why a trigger made no event
    dropped: list = field(default_factory=list)    # (sentence, trigger span, reason): why a candidate made no record
    learned: list = field(default_factory=list)    # LearnedActor: offices the text gives that the KB lacks or contradicts


def _is_dateline(sa: SentenceAnalysis) -> tuple[str | None, Mention | None]:
    if not sa.dates:
        return None, None   # most sentences: no date, so no dateline
    kinds = [u.kind for u in sa.units if u.kind != "punct"]
    if not kinds or len(kinds) > 6 or "date" not in kinds or "place" not in kinds:
        return None, None
    if any(k not in ("place", "date", "country", "tok") for k in kinds) or kinds.count("tok") > 1:
        return None, None
    place = next(u.value for u in sa.units if u.kind == "place")
    date = next(u.mention for u in sa.units if u.kind == "date")
    return place, date


def _topic_concepts(sa: SentenceAnalysis) -> list[str]:
    out = []
    for t in sa.topics:
        if any(p.start <= t.start < p.end for p in sa.phrases if p.name):
            continue
        if t.value not in out:
            out.append(t.value)
    return out


def _unify(o: OccasionRef, pool: list[OccasionRef]) -> OccasionRef:
    """An occasion with everything the document says elsewhere about the same gathering."""
    out = o
    for other in pool:
        if other is not o and _compatible(out, other):
            out = _merge(out, other)
    return out


def read_document(analysis: DocumentAnalysis, reader: ClauseReader) -> DocumentReading:
    reading = DocumentReading(analysis, [])
    per_sentence: list[tuple[SentenceAnalysis, list[Candidate], list[OccasionRef]]] = []
    datelines: dict[int, tuple] = {}
    for sa in analysis.sentences:
        if sa.sentence.furniture:
            continue
        place, dl_date = datelines[sa.sentence.index] = _is_dateline(sa)
        if place:
            per_sentence.append((sa, [], []))
            continue
        cands, occasions, rejected = reader.read(sa)
        reading.rejected.extend(rejected)
        per_sentence.append((sa, cands, occasions))
    pool = [o for _sa, _c, occs in per_sentence for o in occs if not o.anaphoric]
    unified = {id(o): _unify(o, pool) for o in pool}
    current_occasion: OccasionRef | None = None
    last: Candidate | None = None
    last_sentence = -10
    dateline_date: dict[int, Mention] = {}
    narrative: Mention | None = None
    narrative_section = -1
    for sa, cands, occasions in per_sentence:
        s = sa.sentence
        place, dl_date = datelines[s.index]
        if place:
            reading.dateline_place[s.section] = place
            dateline_date[s.section] = dl_date
            narrative, narrative_section = dl_date, s.section
            continue
        for o in occasions:
            if o.anaphoric:
                continue
            current_occasion = unified[id(o)]
            reading.occasions.append((s.index, current_occasion))
        topics = _topic_concepts(sa)
        for c in cands:
            if c.occasion is not None:
                if c.occasion.anaphoric:
                    c.occasion = current_occasion or (unified[id(pool[0])] if pool else None)
                else:
                    c.occasion = unified.get(id(c.occasion), c.occasion)
            if c.date is None and s.section in dateline_date:
                c.date = dateline_date[s.section]
                c.notes.append("date from the dateline")
            if c.date is None and narrative is not None and narrative_section == s.section and c.occasion is None \
                    and not sa.dates:
                c.date = narrative
                c.notes.append("date carried from an earlier sentence")
            if c.place is None and c.country is None and s.section in reading.dateline_place and c.type != "visit":
                c.place = reading.dateline_place[s.section]
                c.notes.append("place from the dateline")
            # the subject carried over from the event just read ("كما التقى نظيره الأوزبكي")
            if not c.has_subject and c.type in ("meeting", "phone_call", "visit") and last is not None \
                    and last.section == c.section and _opens_clause(sa, c, reader.lang.stopwords):
                subj = next((a for a in last.args if a.subject), None)
                if subj is not None:
                    c.args.insert(0, Arg(subj.phrase, subject=True))
                    c.has_subject = True
                    c.carried = True
                    c.notes.append("subject carried from the previous sentence")
            # "كما التقى ..."، "also met": the scene of the event just read, where this one names none
            if last is not None and last.section == c.section and c.place is None and c.country is None and \
                    (c.type in _TALKS) == (last.type in _TALKS) and _continues(sa, reader.continuation) and \
                    c.type != "phone_call":
                c.place, c.country = last.place, last.country
                if c.place or c.country:
                    c.notes.append("place of the event before ('also met')")
            # the same series of meetings: "وفي الإطار ذاته، التقى الوزير X نظيره ..." keeps the occasion
            if c.occasion is None and last is not None and last.occasion is not None and last.sideline and \
                    c.type == last.type and c.section == last.section and c.date is None and c.place is None \
                    and _same_subject(c, last):
                c.occasion, c.sideline = last.occasion, True
                c.notes.append("occasion carried from the previous meeting")
            c.topics.extend(t for t in topics if t not in c.topics)
            reading.candidates.append(c)
        if cands:
            last, last_sentence = cands[-1], s.index
        elif last is not None and s.index - last_sentence <= TOPIC_REACH and s.section == last.section:
            last.topics.extend(t for t in topics if t not in last.topics)
        for d in sa.dates:
            if d.info != ("year",):   # a year alone is no day for the next sentences to carry
                narrative, narrative_section = d, s.section
    return reading


def _opens_clause(sa: SentenceAnalysis, c: Candidate, stopwords: frozenset[str] = frozenset()) -> bool:
    """The trigger is among the first words of its sentence (after conjunctions and adverbials), or, in a
    verb-final sentence, no phrase before it could be its subject."""
    words = [u for u in sa.units if u.kind != "punct" and u.start < c.trigger_span[0]]
    if any(u.kind == "tok" and len(u.text) > 2 and u.text not in stopwords and not u.text.isdigit() for u in words):
        return False   # a word no lexicon knows may be the subject itself
    if len(words) <= 5:
        return True
    return all(a.phrase.first_unit > 0 and sa.units[a.phrase.first_unit - 1].kind == "word" for a in c.args)


def _continues(sa: SentenceAnalysis, words: frozenset[str]) -> bool:
    """The sentence opens with a word that continues the account ("كما"، "كذلك"، "همچنین", "also")."""
    first = next((u for u in sa.units if u.kind != "punct"), None)
    return first is not None and (first.text in words or (first.kind == "word" and first.value == "continuation"))


def _same_subject(a: Candidate, b: Candidate) -> bool:
    sa = next((x.phrase for x in a.args if x.subject), None)
    sb = next((x.phrase for x in b.args if x.subject), None)
    if sa is None or sb is None:
        return False
    if sa is sb:
        return True
    return bool((sa.person_id and sa.person_id == sb.person_id) or (sa.role == sb.role and sa.parties == sb.parties and sa.parties))


def _compatible(a: OccasionRef, b: OccasionRef) -> bool:
    """No field of one contradicts the other, and they share at least one that names the gathering."""
    for f in ("number", "series", "body", "place"):
        x, y = getattr(a, f), getattr(b, f)
        if x and y and x != y:
            return False
    if a.concept and b.concept and a.concept != b.concept:
        return False
    shared = any(getattr(a, f) and getattr(a, f) == getattr(b, f) for f in ("number", "series", "body", "place", "concept"))
    return shared or (a.extraordinary and b.extraordinary)


def _merge(a: OccasionRef, b: OccasionRef) -> OccasionRef:
    from dataclasses import replace
    return replace(a, series=a.series or b.series, body=a.body or b.body, number=a.number or b.number,
                   extraordinary=a.extraordinary or b.extraordinary, place=a.place or b.place,
                   country=a.country or b.country, concept=a.concept or b.concept)
