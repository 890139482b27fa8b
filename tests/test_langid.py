"""Language identification: the languages we read are told apart, and the languages of the region we do not
read come out as themselves (to be counted and skipped), never as Arabic, Persian or English."""
import json

import pytest

from sidelines.api import RunReport, run
from sidelines.settings import Settings
from sidelines.text.langid import LanguageIdentifier

TEXTS = [
    ("ar", "استقبل وزير الخارجية العماني في مسقط اليوم نظيره الإيراني، وبحث الجانبان العلاقات الثنائية وسبل "
           "تعزيزها، إضافة إلى التطورات الإقليمية والدولية ذات الاهتمام المشترك."),
    ("fa", "وزیر امور خارجه کشورمان امروز در تهران با همتای عمانی خود دیدار و گفت‌وگو کرد و دو طرف درباره "
           "روابط دوجانبه و تحولات منطقه تبادل نظر کردند."),
    ("en", "The Omani foreign minister received his Iranian counterpart in Muscat on Tuesday, and the two "
           "discussed bilateral relations and the situation in the region."),
    ("fr", "Le ministre omanais des Affaires étrangères a reçu mardi à Mascate son homologue iranien, avec "
           "lequel il a évoqué les relations bilatérales et la situation dans la région."),
    ("tr", "Umman Dışişleri Bakanı salı günü Maskat'ta İranlı mevkidaşını kabul etti; iki bakan ikili "
           "ilişkileri ve bölgedeki durumu görüştü."),
    ("de", "Der omanische Außenminister hat am Dienstag in Maskat seinen iranischen Amtskollegen empfangen; "
           "die beiden sprachen über die bilateralen Beziehungen und die Lage in der Region."),
    ("es", "El ministro omaní de Asuntos Exteriores recibió el martes en Mascate a su homólogo iraní, con quien "
           "abordó las relaciones bilaterales y la situación en la región."),
    ("ur", "عمان کے وزیر خارجہ نے منگل کو مسقط میں اپنے ایرانی ہم منصب کا استقبال کیا اور دونوں نے دوطرفہ "
           "تعلقات اور خطے کی صورتحال پر بات چیت کی۔"),
    ("ps", "د عمان د بهرنیو چارو وزیر د سه شنبې په ورځ په مسقط کې د ایران له همکار سره ولیدل او دواړو د "
           "سیمې د وضعیت په اړه خبرې وکړې."),
    ("ku", "وەزیری دەرەوەی عومان ڕۆژی سێشەممە لە مەسقەت پێشوازی لە هاوتا ئێرانییەکەی کرد و هەردوولا باسیان "
           "لە پەیوەندییەکان و دۆخی ناوچەکە کرد."),
    (None, "Министр иностранных дел Омана во вторник принял в Маскате своего иранского коллегу и обсудил с "
           "ним двусторонние отношения."),
    (None, "12345 67890 — 2025/03/04 (+968) ..."),
]


@pytest.fixture(scope="module")
def identifier():
    return LanguageIdentifier()


@pytest.mark.parametrize("want,text", TEXTS, ids=[f"{w}-{i}" for i, (w, _t) in enumerate(TEXTS)])
def test_identify(identifier, want, text):
    assert identifier.identify(text) == want


def test_a_persian_article_quoting_one_pashto_name_stays_persian(identifier):
    text = ("وزیر امور خارجه کشورمان امروز در تهران با سفیر افغانستان دیدار کرد. در این دیدار که "
            "«ډاکټر» نیز حضور داشت، دو طرف درباره روابط دوجانبه و همکاری‌های اقتصادی و تحولات منطقه "
            "تبادل نظر کردند و بر گسترش همکاری‌ها تاکید کردند.")
    assert identifier.identify(text) == "fa"


def test_documents_in_other_languages_are_counted_and_skipped_and_the_rest_is_read(tmp_path):
    docs = [{"id": "ar1", "text": "التقى وزير الخارجية الأردني أيمن الصفدي في عمان اليوم نظيره المصري بدر "
                                  "عبد العاطي، وبحث الجانبان العلاقات الثنائية والتطورات في المنطقة.",
             "published": "2025-03-04"},
            {"id": "fr1", "text": TEXTS[3][1], "published": "2025-03-04"},
            {"id": "tr1", "text": TEXTS[4][1], "published": "2025-03-04"},
            {"id": "ru1", "text": TEXTS[10][1], "published": "2025-03-04"}]
    path = tmp_path / "docs.jsonl"
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    report = RunReport()
    events = run([str(path)], Settings(), report=report)
    assert report.documents == 1 and [e.parties for e in events] == [frozenset({"EGY", "JOR"})]
    assert dict(report.languages_skipped) == {"fr": 1, "tr": 1, "unknown": 1}
    assert report.skipped_summary() == "3 in languages not read (fr 1, tr 1, unknown 1)"
    assert not report.errors


def test_a_default_language_is_no_answer_for_a_text_identification_cannot_tell():
    from sidelines.model import Document
    from sidelines.pipeline import Pipeline, UnsupportedLanguage
    pipeline = Pipeline(Settings(default_language="ar"))
    with pytest.raises(UnsupportedLanguage):
        pipeline.language_of(Document("ru", TEXTS[10][1]))
    assert Pipeline(Settings(default_language="ar", identify_language=False)).language_of(Document("x", "...")) == "ar"
