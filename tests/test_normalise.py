from hypothesis import given, strategies as st

from sidelines.text.normalise import _REPLACE, Normaliser, fold, normalise_key


def test_folds_letters_digits_and_deletes_marks():
    n = Normaliser.of("التقى ١٢ أيّار وزیر الخارجیة\u200cها")
    assert n.norm == "التقي 12 ايار وزير الخارجيةها"


@given(st.text(alphabet=st.sampled_from(list("abc أإآىیکك\u064b\u0651\u200c\u0640٣۴ Z.،")), max_size=60))
def test_offsets_map_back_to_the_same_characters(raw):
    n = Normaliser.of(raw)
    for i, ch in enumerate(n.norm):
        r = n.to_raw(i)
        assert normalise_key(raw[r]) == ch or (ch == " " and raw[r].isspace())


@given(st.text(max_size=80))
def test_normalisation_is_idempotent(raw):
    once = Normaliser.of(raw).norm
    assert Normaliser.of(once).norm == once


def test_raw_span_covers_deleted_marks_inside():
    raw = "وزيرُ الخارجيّة"
    n = Normaliser.of(raw)
    s, e = n.raw_span(0, len(n.norm))
    assert raw[s:e] == raw


@given(st.text(alphabet=st.sampled_from(list("التقى وزير الخارجية نظيره الأردني في عمّان اليوم.\u200c\u064e٣") + ["\n"]),
               max_size=120))
def test_extraction_never_fails_and_evidence_points_into_the_text(pipeline, text):
    from datetime import date
    from sidelines.model import Document
    doc = Document("p", text, date(2025, 3, 7), "ar", source_country="JOR")
    for e in pipeline.extract(doc):
        for ev in e.evidence:
            assert text[ev.start:ev.end] == ev.text


@given(st.text(alphabet=st.sampled_from(list("abcXYZ أإآىیکكة#_«»\u064b\u0651\u200c\u200f\u0640٣۴\u00a0—")), max_size=80))
def test_fold_is_the_character_by_character_mapping(raw):
    # fold replaces one kind of character at a time: no replacement may create a character another one changes
    assert fold(raw) == "".join(_REPLACE.get(c, c) for c in raw)


def _sentences(text: str, lang: str = "en"):
    from sidelines.lexicon import load_language
    from sidelines.model import Document
    from sidelines.text.prepare import prepare
    return prepare(Document("h", text, None, lang), lang, load_language(lang)).sentences


def test_a_line_of_thirty_words_without_a_stop_is_a_heading_and_of_thirty_one_is_not():
    thirty = " ".join(["word"] * 29 + ["end"])
    assert _sentences(thirty)[0].heading
    assert not _sentences(thirty + " more")[0].heading
    assert not _sentences(thirty + ".")[0].heading   # a closed line is a sentence, however short


def test_an_abbreviation_does_not_end_a_sentence_and_a_long_last_word_does():
    assert len(_sentences("The envoy met Mr. Smith in Geneva on Monday. They talked.")) == 2
    assert len(_sentences("They met at the Intercontinentalisationhotel. They talked.")) == 2


@given(st.lists(st.sampled_from(list("ab2 .!?؟\"')]\n\t،") + ["..", " ?", "\u00a0"]), max_size=40).map("".join), st.data())
def test_sentence_ends_are_found_where_the_expression_finds_them(text, data):
    # the marks are looked up with str.find and the expression tried only there: the same ends as its own scan
    from sidelines.text.prepare import _END, _sentence_ends
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    expected = [(m.start(), m.end(), m.groups()) for m in _END.finditer(text, start, end)]
    assert [(m.start(), m.end(), m.groups()) for m in _sentence_ends(text, start, end)] == expected
