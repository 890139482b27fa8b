"""Language, normalised text and sentences of a document, with page furniture marked."""
from __future__ import annotations

import re
from dataclasses import dataclass

from sidelines.lexicon import LanguageData
from sidelines.model import Document, Sentence
from sidelines.text.normalise import Normaliser

_SEPARATOR = re.compile(r"^\s*[*=_#~\-]{3,}\s*$")
_WORD = re.compile(r"\w+")
_OVER_30_WORDS = re.compile(r"\W*+(?:\w++\W++){30}\w")
# A sentence ends at . ! ? ؟ followed by a blank and not inside a number (2.5) or after a short abbreviation.
_MARKS = (".", "!", "?", "؟")     # what a sentence end begins with
_END = re.compile("([" + re.escape("".join(_MARKS)) + r"""]+)["')\]]*(\s+)""")
_CLOSED = re.compile(r"[.!?؟:]\s*[\"')]*$")   # a line that ends like a sentence is not a heading


@dataclass(frozen=True)
class PreparedText:
    doc: Document
    lang: str
    text: Normaliser
    sentences: tuple[Sentence, ...]

    @property
    def norm(self) -> str:
        return self.text.norm

    def raw(self, start: int, end: int) -> tuple[int, int, str]:
        s, e = self.text.raw_span(start, end)
        return s, e, self.doc.text[s:e]


def _sentence_ends(norm: str, start: int, end: int) -> list[re.Match[str]]:
    """What `_END.finditer(norm, start, end)` finds, trying the expression only where a mark stands: its own
    scan tests every character against the set of marks, at many times the cost of `str.find`."""
    out: list[re.Match[str]] = []
    nxt = [norm.find(c, start, end) for c in _MARKS]    # the next place of each mark at or after `pos`
    pos = start
    while True:
        p = -1
        for i in range(len(_MARKS)):
            q = nxt[i]
            if q != -1 and q < pos:
                q = nxt[i] = norm.find(_MARKS[i], pos, end)
            if q != -1 and (p == -1 or q < p):
                p = q
        if p == -1:
            return out
        m = _END.match(norm, p, end)
        if m is None:
            pos = p + 1
        else:
            out.append(m)
            pos = m.end()


def _split_line(norm: str, start: int, end: int, abbreviations: frozenset[str]) -> list[tuple[int, int]]:
    """Sentence spans inside one line."""
    out = []
    s = start
    for m in _sentence_ends(norm, start, end):
        cut = m.end(1)
        # the last word before the mark; a longer one is neither an abbreviation nor an initial
        words = norm[max(s, m.start(1) - 24):m.start(1)].rsplit(None, 1)
        last = words[-1] if words else ""
        if last.rstrip(".") in abbreviations or (len(last) == 1 and last.isalpha()):
            continue
        nxt = norm[m.end():m.end() + 1]
        if nxt.isdigit() and norm[m.start(1) - 1:m.start(1)].isdigit():
            continue
        if norm[s:cut].strip():
            out.append((s, cut))
        s = m.end()
    if norm[s:end].strip():
        out.append((s, end))
    return [piece for span in out for piece in _bounded(norm, *span)]


MAX_SENTENCE = 2000   # characters; no report of a meeting needs more, and reading cost grows with length


def _bounded(norm: str, start: int, end: int):
    """A run-on "sentence" (a page without full stops, a 10 MB line) cut at clause marks, else at spaces,
    into pieces of at most MAX_SENTENCE characters, so that reading it stays linear in its length."""
    while end - start > MAX_SENTENCE:
        window = norm[start:start + MAX_SENTENCE]
        cut = max(window.rfind(c) for c in ("،", ",", "؛", ";", ":"))
        if cut < MAX_SENTENCE // 2:
            cut = window.rfind(" ")
        if cut < MAX_SENTENCE // 4:
            cut = MAX_SENTENCE - 1
        yield start, start + cut + 1
        start += cut + 1
    if norm[start:end].strip():
        yield start, end


def _strip(norm: str, s: int, e: int) -> tuple[int, int]:
    while s < e and norm[s].isspace():
        s += 1
    while e > s and norm[e - 1].isspace():
        e -= 1
    return s, e


def prepare(doc: Document, lang: str, data: LanguageData) -> PreparedText:
    """Normalise `doc.text` and split it into sentences, marking page furniture, headings and short lines."""
    text = Normaliser.of(doc.text)
    norm = text.norm
    furniture = data.furniture
    rest, line_marks, bullets = (tuple(furniture.get(k, ())) for k in ("rest", "line", "bullets"))
    credits = tuple(furniture.get("caption_credits", ()))
    abbreviations = frozenset(data.option("abbreviations") or ())
    sentences: list[Sentence] = []
    section = 0
    in_tail = False
    teaser_left = 0
    pos = 0
    for line_no, line in enumerate(norm.split("\n")):
        ls, le = _strip(norm, pos, pos + len(line))
        pos += len(line) + 1
        if ls >= le:
            continue
        body = norm[ls:le]
        if _SEPARATOR.match(body):
            section += 1
            continue
        head = body.strip(" :：-—\"'").strip()
        short = _OVER_30_WORDS.match(body) is None
        heading = short and not _CLOSED.search(body)
        if teaser_left > 0 and not heading:
            teaser_left = 0    # the article resumes after the teasers
        is_furniture = in_tail or teaser_left > 0
        if teaser_left > 0:
            teaser_left -= 1
        if head.startswith(rest):
            in_tail = True
            is_furniture = True
        elif head.startswith(line_marks):
            is_furniture = True
            # a "read also" marker alone on its line announces one teaser line
            teaser_left = 5 if len(_WORD.findall(head)) <= 3 else 0
        elif body.startswith(bullets):
            is_furniture = True
        elif body.endswith(credits) or body.rstrip(".").endswith(credits):
            is_furniture = True
        for s, e in _split_line(norm, ls, le, abbreviations):
            s, e = _strip(norm, s, e)
            sentences.append(Sentence(index=len(sentences), start=s, end=e, line=line_no, section=section,
                                      furniture=is_furniture, heading=heading and not is_furniture))
    return PreparedText(doc=doc, lang=lang, text=text, sentences=tuple(sentences))
