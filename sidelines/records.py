"""The records that recognition makes by the hundred per document: sentences, mentions and the dates they
carry. They are part of the model (`sidelines.model` exports them) and live here, among the compiled
modules (sidelines/_native.py), so that the compiled stages build and read them natively.

They are not frozen, though nothing changes one, and each has its own `__init__`: a frozen dataclass takes
four times as long to build, and a compiled class built through the `__init__` that `dataclass` writes
goes back into the interpreter for every record (ten times the cost of its own).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(slots=True, unsafe_hash=True, init=False)
class Sentence:
    """A sentence of the normalised text; `start`/`end` are offsets into `PreparedText.norm`."""
    index: int
    start: int
    end: int
    line: int
    section: int
    furniture: bool
    heading: bool
    dateline: bool

    def __init__(self, index: int, start: int, end: int, line: int, section: int, furniture: bool = False,
                 heading: bool = False, dateline: bool = False) -> None:
        self.index = index
        self.start = start
        self.end = end
        self.line = line
        self.section = section
        self.furniture = furniture
        self.heading = heading
        self.dateline = dateline


@dataclass(slots=True, unsafe_hash=True, init=False)
class PartialDate:
    year: int
    month: int | None
    day: int | None

    def __init__(self, year: int, month: int | None = None, day: int | None = None) -> None:
        self.year = year
        self.month = month
        self.day = day

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def as_date(self) -> date | None:
        return date(self.year, self.month, self.day) if self.day and self.month else None

    @staticmethod
    def of(d: date) -> PartialDate:
        return PartialDate(d.year, d.month, d.day)


@dataclass(slots=True, unsafe_hash=True, init=False)
class Mention:
    """A recognised span of the normalised text. `kind` names the lexicon layer (role, country, trigger,
    date, ...); `value` is the concept, code or knowledge-base id it stands for."""
    kind: str
    start: int
    end: int
    value: str
    prefix: str                # a proclitic attached to the first word (و، ب، ل)
    info: tuple                # kind-specific, immutable details
    date: PartialDate | None
    date_end: PartialDate | None

    def __init__(self, kind: str, start: int, end: int, value: str, prefix: str = "", info: tuple = (),
                 date: PartialDate | None = None, date_end: PartialDate | None = None) -> None:
        self.kind = kind
        self.start = start
        self.end = end
        self.value = value
        self.prefix = prefix
        self.info = info
        self.date = date
        self.date_end = date_end
