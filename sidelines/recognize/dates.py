"""Dates in the text, resolved against the publication date.

A thin layer of our own in front of the calendar arithmetic: month and weekday names (Levantine,
Egyptian/Gulf, Maghrebi, Persian solar and Gregorian, English) come from each language's `dates.yaml`;
relative words (today, yesterday, last Tuesday, last month) need the publication date, and without it
stay unresolved rather than guessed. Solar Hijri dates are converted with `jdatetime`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import ahocorasick  # type: ignore
import jdatetime  # type: ignore

from sidelines.lexicon import LanguageData
from sidelines.model import Mention, PartialDate
from sidelines.text.normalise import normalise_key


def _alt(forms) -> str:
    forms = sorted({f for f in forms if f}, key=len, reverse=True)
    return "|".join(re.escape(f) for f in forms) or "(?!x)x"


def _table(mapping) -> dict[str, int]:
    out = {}
    for k, forms in (mapping or {}).items():
        for f in forms or ():
            out[normalise_key(str(f))] = int(k)
    return out


@dataclass(frozen=True)
class DateGrammar:
    lang: str
    explicit: re.Pattern
    month_first: re.Pattern | None
    numeric: re.Pattern
    weekday: re.Pattern
    relative: re.Pattern
    months: dict
    solar: dict
    weekdays: dict
    rel_days: dict
    rel_months: dict
    rel_years: dict
    past: frozenset
    current: frozenset
    next: frozenset
    ordinals: dict
    anchors: ahocorasick.Automaton | None   # month, weekday and relative words: where the patterns can match
    year: re.Pattern | None = None          # "عام 1986", "in 1986": a Gregorian year alone
    year_blockers: frozenset = frozenset()  # words before it that make it no date of an event (منذ، since)


def build_date_grammar(lang: LanguageData) -> DateGrammar:
    d = lang.dates
    months = _table(d.get("months"))
    solar = _table(d.get("solar_months"))
    weekdays = _table(d.get("weekdays"))
    rel_days = _table(d.get("relative_days"))
    rel_months = _table(d.get("relative_months"))
    rel_years = _table(d.get("relative_years"))
    past = frozenset(normalise_key(x) for x in d.get("past") or ())
    current = frozenset(normalise_key(x) for x in d.get("current") or ())
    nxt = frozenset(normalise_key(x) for x in d.get("next") or ())
    ordinals = {k: v for k, v in lang.ordinals.items() if v <= 31}
    art = _alt([normalise_key(x) for x in d.get("day_article") or ()])
    suff = _alt([normalise_key(x) for x in d.get("day_suffixes") or ()])
    day = rf"(?:(?:{art})\s?)?(\d{{1,2}})(?:{suff})?(?!\d)|{_alt(ordinals)}"
    rng = _alt([normalise_key(x) for x in d.get("range_words") or ()])
    of = _alt([normalise_key(x) for x in d.get("of_words") or ()])
    month = _alt(list(months) + list(solar))
    yw = _alt([normalise_key(x) for x in (d.get("year_words") or ())])
    mod = _alt(list(past | current | nxt))
    explicit = re.compile(
        rf"(?<!\w)(?:(?P<d1>{day})(?:\s*(?:{rng})\s*(?P<d2>{day}))?\s*(?:(?:{of})\s+)?)?"
        rf"(?P<m>{month})(?:\s*/\s*(?:{month}))?"
        rf"(?:\s*,?\s*(?:(?:{of})\s+(?={yw}))?(?:(?:{yw})\s*)?(?P<y>\d{{4}})(?!\d))?(?:\s+(?P<mod>{mod}))?(?!\w)")
    month_first = None
    if d.get("month_first"):
        month_first = re.compile(
            rf"(?<!\w)(?P<m>{month})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*(?:{rng})\s*(?P<d2>\d{{1,2}}))?"
            rf"(?:\s*,?\s*(?P<y>\d{{4}}))?(?!\w)")
    numeric = re.compile(r"(?<![\w/.-])(?:(?P<y1>\d{4})[-/.](?P<m1>\d{1,2})[-/.](?P<d1>\d{1,2})|"
                         r"(?P<d2>\d{1,2})[-/.](?P<m2>\d{1,2})[-/.](?P<y2>\d{4}))(?![\w/.-])")
    rel = _alt(rel_days)
    weekday = re.compile(rf"(?<!\w)(?:(?P<pmod>{mod})\s+)?(?:(?P<rel>{rel})\s*\(?\s*)?(?P<wd>{_alt(weekdays)})\s*\)?(?:\s+(?P<mod>{mod}))?(?!\w)")
    year_words = [normalise_key(x) for x in (d.get("year_alone_words") or ())]
    year = re.compile(rf"(?<!\w)(?:{_alt(year_words)})\s+(?P<y>(?:19|20)\d\d)(?!\d)") if year_words else None
    year_blockers = frozenset(normalise_key(x) for x in d.get("year_blockers") or ())
    relative = re.compile(rf"(?<!\w)(?P<rm>{_alt(rel_months)})|(?P<ry>{_alt(rel_years)})|(?P<rd>{rel})(?!\w)")
    anchors = ahocorasick.Automaton()
    for kind, words in (("month", list(months) + list(solar)), ("weekday", weekdays),
                        ("relative", list(rel_days) + list(rel_months) + list(rel_years))):
        for w in words:
            if w:
                kinds = anchors.get(w, ())
                anchors.add_word(w, (len(w), kinds[1] | {kind}) if kinds else (len(w), {kind}))
    if len(anchors):
        anchors.make_automaton()
    return DateGrammar(lang.code, explicit, month_first, numeric, weekday, relative, months, solar, weekdays,
                       rel_days, rel_months, rel_years, past, current, nxt, ordinals, anchors if len(anchors) else None,
                       year, year_blockers)


def _anchor_hits(norm: str, g: DateGrammar) -> dict[str, list[tuple[int, int]]]:
    """Where each kind of date word occurs (inside words too: a superset of where a pattern can match)."""
    hits: dict[str, list[tuple[int, int]]] = {"month": [], "weekday": [], "relative": []}
    if g.anchors is not None:
        for end, (n, kinds) in g.anchors.iter(norm):
            for kind in kinds:
                hits[kind].append((end + 1 - n, end + 1))
    return hits


def _around(norm: str, hits: list[tuple[int, int]], pad: int = 48) -> list[tuple[int, int]]:
    """Windows of `pad` characters around each hit, merged, widened to whole words: a pattern run inside them
    finds what it finds in the whole text, at a fraction of the cost."""
    windows: list[tuple[int, int]] = []
    for s, e in sorted(hits):
        lo, hi = max(0, s - pad), min(len(norm), e + pad)
        while lo > 0 and norm[lo - 1].isalnum():
            lo -= 1
        while hi < len(norm) and norm[hi].isalnum():
            hi += 1
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(hi, windows[-1][1]))
        else:
            windows.append((lo, hi))
    return windows


def _day(g: DateGrammar, s: str | None) -> int | None:
    if not s:
        return None
    digits = re.search(r"\d+", s)
    if digits:
        return int(digits.group())
    return g.ordinals.get(s.strip())


def _safe(y: int, m: int, d: int | None) -> PartialDate | None:
    try:
        if d is not None:
            date(y, m, d)
        elif not 1 <= m <= 12:
            return None
        return PartialDate(y, m, d)
    except ValueError:
        return None


def _solar(y: int, m: int, d: int | None) -> tuple[PartialDate | None, PartialDate | None]:
    try:
        if d is None:
            first = jdatetime.date(y, m, 1).togregorian()
            return PartialDate(first.year, first.month), None
        g = jdatetime.date(y, m, d).togregorian()
        return PartialDate.of(g), None
    except ValueError:
        return None, None


def _infer_year(month: int, day: int | None, mod: str | None, g: DateGrammar, published: date | None) -> int | None:
    if published is None:
        return None
    y = published.year
    if mod in g.past:
        return y if month < published.month or (day and month == published.month and day < published.day) else y - 1
    if mod in g.next:
        return y if month > published.month else y + 1
    if mod in g.current:
        return y
    candidate = date(y, month, min(day or 1, 28))
    # a day-month a little after publication is a coming date (a plan), not last year's
    return y - 1 if candidate > published + timedelta(days=90) else y


_NUMERIC_GATE = re.compile(r"\d[-/.]\d")
_YEAR_GATE = re.compile(r"(?:19|20)\d\d")


def find_dates(norm: str, g: DateGrammar, published: date | None) -> list[Mention]:
    out: list[Mention] = []
    taken = bytearray(len(norm) + 1)

    def add(start: int, end: int, d: PartialDate | None, d_end: PartialDate | None = None, kind: str = "explicit"):
        if d is None or any(taken[start:end]):
            return
        taken[start:end] = b"\x01" * (end - start)
        out.append(Mention("date", start, end, d.iso(), info=(kind,), date=d, date_end=d_end))

    # most text has no numeric date; finding where one could begin is cheaper than trying the pattern everywhere
    first = _NUMERIC_GATE.search(norm)
    for m in (g.numeric.finditer(norm, max(0, first.start() - 4)) if first else ()):
        y, mo, d = (m.group("y1"), m.group("m1"), m.group("d1")) if m.group("y1") else (m.group("y2"), m.group("m2"), m.group("d2"))
        y, mo, d = int(y), int(mo), int(d)
        if 1300 <= y < 1500:
            pd, _ = _solar(y, mo, d)
        else:
            pd = _safe(y, mo, d)
        add(m.start(), m.end(), pd)

    # the patterns run only around the words they need: most text has none, and the patterns are costly
    anchors = _anchor_hits(norm, g)
    # a month name is a whole word (مارس inside another word is not March)
    months = [(s, e) for s, e in anchors["month"]
              if not (s and (norm[s - 1].isalnum() or norm[s - 1] == "_"))
              and not (e < len(norm) and (norm[e].isalnum() or norm[e] == "_"))]
    spans = _around(norm, months)
    patterns = [g.explicit] + ([g.month_first] if g.month_first else [])
    for pat in patterns:
        for m in (m for lo, hi in spans for m in pat.finditer(norm, lo, hi)):
            mname = m.group("m")
            d1, d2 = _day(g, m.group("d1")), _day(g, m.group("d2"))
            y = int(m.group("y")) if m.group("y") else None
            mod = m.groupdict().get("mod")
            if d1 is None and y is None and mod is None:
                continue   # a bare month name is too often another word (مارس: he practised)
            if mname in g.solar:
                month = g.solar[mname]
                if y is None:
                    if published is None:
                        continue
                    jp = jdatetime.date.fromgregorian(date=published)
                    y = jp.year if month <= jp.month else jp.year - 1
                start_d, _ = _solar(y, month, d1)
                end_d = _solar(y, month, d2)[0] if d2 else None
            else:
                month = g.months[mname]
                if y is None:
                    y = _infer_year(month, d1, mod, g, published)
                    if y is None:
                        continue
                start_d = _safe(y, month, d1)
                end_d = _safe(y, month, d2) if d2 else None
            add(m.start(), m.end(), start_d, end_d)

    if published is not None:
        for m in (m for lo, hi in _around(norm, anchors["weekday"]) for m in g.weekday.finditer(norm, lo, hi)):
            wd = g.weekdays[m.group("wd")]
            mod = m.group("mod") or m.group("pmod")
            rel = m.group("rel")
            if rel is not None and g.rel_days.get(rel) == 0:
                d = published   # "today, Monday": the publication date
            elif mod in g.next:
                delta = (wd - published.weekday()) % 7 or 7
                d = published + timedelta(days=delta)
            else:
                delta = (published.weekday() - wd) % 7
                if mod in g.past and delta == 0:
                    delta = 7
                d = published - timedelta(days=delta)
            add(m.start(), m.end(), PartialDate.of(d), kind="relative")
        for m in (m for lo, hi in _around(norm, anchors["relative"]) for m in g.relative.finditer(norm, lo, hi)):
            if m.group("rm"):
                k = g.rel_months[m.group("rm")]
                y, mo = published.year, published.month + k
                while mo < 1:
                    y, mo = y - 1, mo + 12
                add(m.start(), m.end(), PartialDate(y, mo), kind="relative")
            elif m.group("ry"):
                add(m.start(), m.end(), PartialDate(published.year + g.rel_years[m.group("ry")]), kind="relative")
            elif m.group("rd"):
                add(m.start(), m.end(), PartialDate.of(published + timedelta(days=g.rel_days[m.group("rd")])), kind="relative")
    if g.year is not None:
        first = _YEAR_GATE.search(norm)
        for m in (g.year.finditer(norm, max(0, first.start() - 8)) if first else ()):
            before = norm[max(0, m.start() - 16):m.start()].split()
            if before and before[-1] in g.year_blockers:
                continue   # "منذ عام 2015", "since 2015": a span of time, not when something happened
            add(m.start(), m.end(), PartialDate(int(m.group("y"))), kind="year")
    out.sort(key=lambda x: x.start)
    # "today, Friday 24 September 2021": a weekday anchor followed by an explicit date is one date
    merged: list[Mention] = []
    for mn in out:
        if merged and merged[-1].info == ("relative",) and mn.info == ("explicit",) and \
                mn.start - merged[-1].end <= 12 and not re.search(r"[.،,;!?؟]", norm[merged[-1].end:mn.start]):
            prev = merged.pop()
            mn = Mention("date", prev.start, mn.end, mn.value, info=mn.info, date=mn.date, date_end=mn.date_end)
        merged.append(mn)
    return merged
