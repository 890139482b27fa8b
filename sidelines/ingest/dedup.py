"""Syndicated copies: the same wire story published by many outlets, word for word or nearly.

A document's fingerprint is a one-permutation MinHash of its word 3-grams (over the text folded as for
matching, so hamza, ی/ي and diacritics do not count as differences): each 3-gram is hashed once, the hash
picks one of `BINS` bins, and each bin keeps its smallest value. The share of bins two fingerprints agree on
estimates the Jaccard similarity of their 3-gram sets; at `MIN_SIMILARITY` or more the texts are copies of
one story (a dateline or a changed word keep a copy above it). The bar is high on purpose: a copy taken for
a new text only costs its reading again (fusion then merges its events with the first copy's), while a new
text taken for a copy would lose its events, and templated reports that share background paragraphs but
differ in the meeting they report must stay apart. Lookups go through `BANDS` bands of
`BINS / BANDS` bins: near-copies share at least one band with high probability, so only those are compared.
"""
from __future__ import annotations

import zlib
from collections import deque
from operator import eq

from sidelines.text.normalise import normalise_key

BINS = 64
BANDS = 16
MIN_SIMILARITY = 0.9
MIN_SHARED_BANDS = 5  # a copy at MIN_SIMILARITY shares ~10 of 16 bands; fewer than 5 in about 1 case in 500
MIN_WORDS = 40        # shorter texts are compared exactly only: a few shared words are not one story
MAX_WORDS = 400       # the opening of a story is enough to recognise a copy of it
_EMPTY = 0xFFFFFFFF
# A band shared by this many texts is boilerplate (a standing paragraph, a template): later texts are not
# listed under it, so a lookup stays bounded instead of growing with the corpus. A copy still meets its
# original in the bands of its own story; one that has none left is read again, which costs time, not data.
BUCKET_CAP = 64
CANDIDATES = 8        # stored texts compared with one document, those sharing the most bands first


class Fingerprint(tuple):
    """BINS minimum values (a tuple of ints)."""

    def bands(self) -> tuple[int, ...]:
        per = BINS // BANDS
        return tuple(zlib.crc32(repr((i, self[i * per:(i + 1) * per])).encode()) for i in range(BANDS))


def fingerprint(text: str) -> Fingerprint | None:
    """The fingerprint of a text, or None when it is too short to tell near-copies apart."""
    words = normalise_key(text).split()[:MAX_WORDS]
    if len(words) < MIN_WORDS:
        return None
    mins = [_EMPTY] * BINS
    for i in range(len(words) - 2):
        h = zlib.crc32(" ".join(words[i:i + 3]).encode("utf-8"))   # stable across processes, unlike hash()
        b, v = h % BINS, h // BINS
        if v < mins[b]:
            mins[b] = v
    return Fingerprint(mins)


def similarity(a: Fingerprint, b: Fingerprint) -> float:
    """The share of bins the two agree on, among those not empty in both."""
    same = sum(map(eq, a, b))
    # bins empty in both agree without meaning anything; only short texts have empty bins
    idle = sum(1 for x, y in zip(a, b) if x == y == _EMPTY) if _EMPTY in a and _EMPTY in b else 0
    n = len(a) - idle
    return (same - idle) / n if n else 0.0


class CopyIndex:
    """Fingerprints seen in this run: `add(key, fp)`, `find(fp)` → the key of a near-copy or None."""

    def __init__(self):
        self._bands: list[dict[int, list[tuple[Fingerprint, str]]]] = [{} for _ in range(BANDS)]

    def find(self, fp: Fingerprint | None) -> str | None:
        if fp is None:
            return None
        # count shared bands first: texts that share a paragraph or two meet in a band or so, and comparing
        # every one of them would grow with the square of a templated corpus
        shared: dict[str, int] = {}
        prints: dict[str, Fingerprint] = {}
        for i, band in enumerate(fp.bands()):
            for other, key in self._bands[i].get(band, ()):
                shared[key] = shared.get(key, 0) + 1
                prints[key] = other
        for key, n in shared.items():
            if n >= MIN_SHARED_BANDS and similarity(fp, prints[key]) >= MIN_SIMILARITY:
                return key
        return None

    def add(self, key: str, fp: Fingerprint | None) -> None:
        if fp is None:
            return
        for i, band in enumerate(fp.bands()):
            bucket = self._bands[i].setdefault(band, [])
            if len(bucket) < BUCKET_CAP:
                bucket.append((fp, key))


class RecentTexts:
    """The texts a run has sent to extraction and not yet committed to the store, so that copies among them are
    recognised before the store can answer for them. Kept in generations of `size` texts; a generation is
    forgotten once every text in it is committed, so memory stays bounded however long the run."""

    def __init__(self, size: int = 1000):
        self.size = size
        self._generations: deque[list] = deque()   # [last position, {hash}, CopyIndex]

    def find(self, text_hash: str, fp: Fingerprint | None) -> str | None:
        """The hash of a text this one copies (word for word first, then nearly), or None."""
        if any(text_hash in exact for _last, exact, _near in self._generations):
            return text_hash
        for _last, _exact, near in self._generations:
            found = near.find(fp)
            if found is not None:
                return found
        return None

    def add(self, position: int, text_hash: str, fp: Fingerprint | None) -> None:
        if not self._generations or len(self._generations[-1][1]) >= self.size:
            self._generations.append([position, set(), CopyIndex()])
        generation = self._generations[-1]
        generation[0] = position
        generation[1].add(text_hash)
        generation[2].add(text_hash, fp)

    def forget_through(self, position: int) -> None:
        """Every text sent at or before `position` is committed (or reported): the store answers for it."""
        while self._generations and self._generations[0][0] <= position:
            self._generations.popleft()

    def __len__(self) -> int:
        return sum(len(exact) for _last, exact, _near in self._generations)
