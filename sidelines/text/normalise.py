"""Normalisation for matching: one character in, at most one character out, so offsets map back to the
raw text through the positions of deleted characters alone.

Arabic and Persian letter variants are folded (أإآ→ا, ی/ى→ي, ک→ك, ؤ→و, ئ→ي), diacritics, tatweel, the
zero-width non-joiner and bidi controls are deleted, Arabic-Indic and Persian digits become ASCII, and
Latin letters are lower-cased. The same function builds lexicon keys, so a key and the text agree.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_FOLD = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ې": "ي", "ك": "ك", "ک": "ك",
    "ؤ": "و", "ئ": "ي", "ۀ": "ه", "ة": "ة", "ھ": "ه", "ە": "ه",
    "«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "ʼ": "'",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2002": " ", "\u2003": " ",
    "_": " ", "#": " ",   # hashtags (#فلاديمير_بوتين) are names written as one word
    "–": "-", "—": "-", "‐": "-", "−": "-", "٫": ".", "٬": ",",
}
for _i in range(10):
    _FOLD[chr(0x0660 + _i)] = str(_i)   # Arabic-Indic digits
    _FOLD[chr(0x06F0 + _i)] = str(_i)   # Persian digits
for _c in range(ord("A"), ord("Z") + 1):
    _FOLD[chr(_c)] = chr(_c + 32)

_DELETE = ("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0653\u0654\u0655\u0656\u0657\u0658\u0659"
           "\u065a\u065b\u065c\u065d\u065e\u065f\u0670\u0640\u200c\u200d\u200e\u200f\u202a\u202b\u202c"
           "\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u00ad")

_REPLACE = {**{k: v for k, v in _FOLD.items() if k != v}, **{c: "" for c in _DELETE}}
_CHANGED = re.compile("[" + re.escape("".join(_REPLACE)) + "]")
_DELETED = re.compile("[" + re.escape(_DELETE) + "]")
_DELETE_SET = frozenset(_DELETE)
_SPACES = re.compile(r"[ \t]+")


def fold(text: str) -> str:
    """`text` with every character folded or deleted. A document has a few dozen such characters of a handful
    of kinds, so replacing each kind present is four times as fast as `str.translate`, which looks up every
    character (x1.04 documents/s in bench/throughput.py)."""
    return _fold(text, set(_CHANGED.findall(text)))


def _fold(text: str, present: set[str]) -> str:
    for ch in present:
        text = text.replace(ch, _REPLACE[ch])
    return text


def normalise_key(text: str) -> str:
    """The matching form of a lexicon entry: folded like the text, with runs of blanks made single."""
    return _SPACES.sub(" ", fold(text)).strip()


@dataclass(frozen=True)
class Normaliser:
    """The normalised text and the map back to raw offsets."""
    raw: str
    norm: str
    _deleted_at: tuple[int, ...]   # for each deleted raw char, the normalised index it stood before

    @classmethod
    def of(cls, raw: str) -> "Normaliser":
        present = set(_CHANGED.findall(raw))
        norm = _fold(raw, present)
        # most texts delete nothing (no diacritics, no zero-width marks): then there is nothing to look for
        deleted = tuple(m.start() - k for k, m in enumerate(_DELETED.finditer(raw))) \
            if not present.isdisjoint(_DELETE_SET) else ()
        return cls(raw, norm, deleted)

    def to_raw(self, i: int) -> int:
        """Raw offset of normalised offset `i` (a start offset)."""
        return i + bisect_right(self._deleted_at, i)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            s = self.to_raw(start)
            return s, s
        return self.to_raw(start), self.to_raw(end - 1) + 1
