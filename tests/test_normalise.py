from hypothesis import given, strategies as st

from sidelines.text.normalise import Normaliser, normalise_key


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
