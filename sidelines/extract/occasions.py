"""Occasions: "على هامش أعمال الدورة الحادية والخمسين لمجلس وزراء خارجية ... المنعقدة في إسطنبول",
"در حاشیه اجلاس فوق‌العاده وزرای خارجه سازمان همکاری اسلامی در جده", "on the sidelines of the 79th
session of the UN General Assembly". An occasion is read from the words after a sidelines marker (or after
a verb that opens a session), and matched against the knowledge base's recurring gatherings."""
from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from sidelines.kb import KnowledgeBase
from sidelines.lexicon import LanguageData
from sidelines.recognize.phrases import Unit, number_of

_STOP_PUNCT = {".", "،", ",", "؛", ";", ":", "!", "?", "؟", "(", ")"}
_CONCEPT_OF_PLURAL = {"foreign_minister": "council_of_foreign_ministers", "head_of_state": "summit"}
_CONCEPT_NAMES = {"council_of_foreign_ministers": "Council of Foreign Ministers", "general_assembly": "General Assembly",
                  "summit": "Summit", "astana_round": "Astana format"}
_PASS_KINDS = {"occ_session", "occ_concept", "occ_extraordinary", "occ_held_in", "occ_anaphoric", "ordinal", "org",
               "org_adjective", "place", "country", "demonym", "tok", "word", "state_prefix"}


@dataclass(unsafe_hash=True, init=False)     # an `__init__` of its own: sidelines/records.py says why
class OccasionRef:
    start: int
    end: int
    first_unit: int
    last_unit: int
    series: str | None
    body: str | None
    number: int | None
    extraordinary: bool
    place: str | None                 # place id
    country: str | None
    anaphoric: bool
    concept: str | None

    def __init__(self, start: int, end: int, first_unit: int, last_unit: int, series: str | None = None,
                 body: str | None = None, number: int | None = None, extraordinary: bool = False,
                 place: str | None = None, country: str | None = None, anaphoric: bool = False,
                 concept: str | None = None) -> None:
        self.start = start
        self.end = end
        self.first_unit = first_unit
        self.last_unit = last_unit
        self.series = series
        self.body = body
        self.number = number
        self.extraordinary = extraordinary
        self.place = place
        self.country = country
        self.anaphoric = anaphoric
        self.concept = concept

    @property
    def specific(self) -> bool:
        return bool(self.series or self.body or self.number or self.place)


def read_occasion(units: list[Unit], i: int, lang: LanguageData, kb: KnowledgeBase) -> OccasionRef | None:
    """The occasion named by the units from index i on, or None when they name none."""
    n = len(units)
    j = i
    number = None
    extraordinary = False
    orgs: list[str] = []
    concept = None
    place = None
    country = None
    saw_session = False
    anaphoric = False
    held = False
    last = i - 1
    while j < n:
        u = units[j]
        if u.kind == "punct" and u.text in _STOP_PUNCT:
            break
        if u.kind == "punct" and u.text in ('"', "'"):
            j += 1
            continue
        if u.kind == "trigger":
            t = lang.triggers[int(cast(str, u.value))][0]   # a trigger is a mention: it has a value
            if t.cls != "noun":
                break
            saw_session = True   # a meeting noun inside an occasion name (الاجتماع، اجلاس)
        elif u.kind == "occ_session":
            saw_session = True
        elif u.kind == "occ_anaphoric":
            anaphoric = True
            saw_session = True
        elif u.kind == "occ_concept":
            concept = u.value
        elif u.kind == "occ_extraordinary":
            extraordinary = True
        elif u.kind == "occ_held_in":
            held = True
        elif u.kind in ("org", "org_adjective"):
            orgs.append(cast(str, u.value))
        elif u.kind == "place":
            p = kb.place(cast(str, u.value))
            place = u.value
            country = p.country if p else country
        elif u.kind == "country":
            if held or place:
                country = country or u.value
            else:
                pass   # a state named inside an occasion (الدول الأعضاء) is not its body
        elif u.kind == "plural_role":
            # "اجتماع وزراء خارجية ..."، "اجلاس وزرای خارجه ...": a meeting of ministers names its kind
            concept = concept or _CONCEPT_OF_PLURAL.get(cast(str, u.value))
        elif u.kind == "date":
            break
        elif u.kind not in _PASS_KINDS:
            break
        num = number_of(u, lang)
        if num is not None and u.kind in ("ordinal", "tok") and number is None:
            number = num
        elif u.kind == "tok" and not saw_session and j > i + 1 and not any(
                units[x].kind in ("occ_session", "occ_concept") for x in range(j + 1, min(n, j + 3))):
            break   # a name word may come before its session noun ("Munich Security Conference")
        elif u.kind in ("tok", "word") and orgs and not held:
            break   # the name ends with its body, unless a place follows ("المنعقدة في إسطنبول")
        last = j
        j += 1
    if last < i:
        return None
    series = None
    body = None
    for code in orgs:
        for s in kb.series.values():
            if s.implied_by_org == code:
                series, body, concept = s.id, s.body, s.concept
        if body is None:
            body = code   # the Human Rights Council's 58th session is its own, not the UN General Assembly's
    if series is None and body is None and concept:
        only = [s for s in kb.series.values() if s.concept == concept]
        # "the General Assembly" on its own is the UN's; a series without a body is named by its own words
        if len(only) == 1 and (only[0].implied_by_org or only[0].body is None):
            series, body = only[0].id, only[0].body
    if series is None and body:
        for s in kb.series.values():
            if s.body == body and concept and s.concept == concept:
                series = s.id
        if series is None and concept is None and number is not None:
            for s in kb.series.values():
                if s.body == body and s.default_for_body_session:
                    series = s.id
    if not (saw_session or concept or series) and not anaphoric:
        return None
    if not (series or body or number or place or concept):
        anaphoric = True    # "على هامش أعمال المؤتمر": the gathering the document is about
    first = i
    while first < last and units[first].kind == "state_prefix":
        first += 1   # "the Munich Security Conference": the name starts after the article
    return OccasionRef(start=units[first].start, end=units[last].end, first_unit=i, last_unit=last, series=series,
                       body=body, number=number, extraordinary=extraordinary, place=place, country=country,
                       anaphoric=anaphoric and not (series or body or number), concept=concept)


def _ordinal_en(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def occasion_name(ref: OccasionRef, kb: KnowledgeBase, city: str | None) -> str:
    series = kb.series.get(ref.series) if ref.series else None
    what = series.name if series else " ".join(x for x in (ref.body, _CONCEPT_NAMES.get(ref.concept or "")) if x)
    if ref.concept == "summit" and not series:
        head = f"{_ordinal_en(ref.number)} {what}" if ref.number else (what or "Summit")
        if ref.extraordinary:
            head = f"Extraordinary {head}"
        return f"{head}, {city}" if city else head
    if ref.number:
        head = f"{_ordinal_en(ref.number)} session of the {what}"
    elif ref.extraordinary:
        head = f"Extraordinary session of the {what}" if what else "Extraordinary session"
    else:
        head = f"Session of the {what}" if what else "Session"
    if ref.extraordinary and ref.number:
        head = f"{_ordinal_en(ref.number)} extraordinary session of the {what}"
    return f"{head}, {city}" if city else head
