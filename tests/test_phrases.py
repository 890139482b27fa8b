"""Units: the plain words and marks between mentions are the runs of word characters and the single other
characters that are not blanks, at their own offsets."""
import re

from hypothesis import given, strategies as st

from sidelines.model import Mention
from sidelines.recognize.phrases import build_units

_TOKEN = re.compile(r"\w+|[^\w\s]")


@given(st.lists(st.sampled_from(list("ab Zو12_،,.\"'()-\u064e\u00a0\u2009\t\nوزير") + ["الخارجية", "  "]),
                max_size=40).map("".join))
def test_plain_units_are_the_words_and_marks_of_the_text(text):
    units = build_units(text, 0, len(text), [], [])
    expected = [("tok" if m.group()[0].isalnum() or m.group()[0] == "_" else "punct", m.start(), m.end(), m.group())
                for m in _TOKEN.finditer(text)]
    assert [(u.kind, u.start, u.end, u.text) for u in units] == expected


def test_a_mention_and_its_proclitic_stand_between_plain_words():
    text = "التقى بالوزير اليوم، في عمان"
    start = text.index("الوزير")
    m = Mention("role", start, start + len("الوزير"), "minister", prefix="ب")
    units = build_units(text, 0, len(text), [m], [])
    assert [(u.kind, u.text) for u in units] == [("tok", "التقى"), ("role", "الوزير"), ("tok", "اليوم"),
                                                ("punct", "،"), ("tok", "في"), ("tok", "عمان")]
    assert all(text[u.start:u.end] == u.text for u in units)
