from datetime import date

import pytest

from sidelines.lexicon import load_language
from sidelines.recognize.dates import build_date_grammar, find_dates
from sidelines.text.normalise import normalise_key

CASES = [
    ("ar", "اليوم الجمعة 24  سبتمبر 2021 الدكتور", "2021-09-24", "2021-09-24", None),
    ("ar", "نيويورك، ٢٤ سبتمبر ٢٠٢١", "2021-09-25", "2021-09-24", None),
    ("ar", "استمرت يومي 20 و21 من حزيران الفائت", "2023-07-03", "2023-06-20", "2023-06-21"),
    ("ar", "في الفترة من الـ 23 إلى الـ 26 من تشرين الأول/أكتوبر الجاري", "2022-10-24", "2022-10-23", "2022-10-26"),
    ("ar", "جمّدت عضويتها في كانون الثاني 2012", "2025-06-21", "2012-01", None),
    ("ar", "بداية آذار الماضي", "2025-06-21", "2025-03", None),
    ("ar", "في الثامن من كانون الأول الماضي", "2025-06-21", "2024-12-08", None),
    ("ar", "أكد اليوم الإثنين", "2022-10-24", "2022-10-24", None),
    ("ar", "التقاه الثلاثاء الماضي", "2025-06-21", "2025-06-17", None),
    ("ar", "وصل أمس إلى", "2025-06-21", "2025-06-20", None),
    ("ar", "في 10 أيار الفائت", "2023-07-03", "2023-05-10", None),
    ("fa", "روز پنجشنبه ۱۶ اسفند ۱۴۰۳ در جده", "2025-03-07", "2025-03-06", None),
    ("fa", "امروز (سه‌شنبه) در تهران", "2025-03-11", "2025-03-11", None),
    ("fa", "دیروز با", "2025-03-07", "2025-03-06", None),
    ("en", "on Monday, March 3, 2025 in", "2025-03-05", "2025-03-03", None),
    ("en", "met on 10 May in Moscow", "2023-07-03", "2023-05-10", None),
    ("en", "talks on June 20-21 in Astana", "2023-07-03", "2023-06-20", "2023-06-21"),
    ("en", "last Tuesday", "2025-06-21", "2025-06-17", None),
    ("en", "last month", "2025-06-21", "2025-05", None),
    ("ar", "خلال زيارة إلى كندا عام 1986.", "2018-02-23", "1986", None),
    ("ar", "زارها في مارس/ آذار من العام ٢٠١٢ ولم", "2018-09-11", "2012-03", None),
    ("fa", "در سال ۲۰۱۳ با باراک اوباما", "2019-05-02", "2013", None),
    ("en", "visited Muscat in 2014 and", "2019-06-10", "2014", None),
]


@pytest.mark.parametrize("lang,text", [
    ("ar", "في أول لقاء منذ عام 2015"),
    ("ar", "حتى عام 2030"),
    ("fa", "از سال ۲۰۱۵ تاکنون"),
    ("fa", "تا سال ۲۰۳۰"),
    ("en", "the first since 2015"),
])
def test_a_year_after_since_or_until_is_no_date(lang, text):
    g = build_date_grammar(load_language(lang))
    assert find_dates(normalise_key(text), g, date(2025, 1, 8)) == []


@pytest.mark.parametrize("lang,text,published,want,want_end", CASES)
def test_dates(lang, text, published, want, want_end):
    g = build_date_grammar(load_language(lang))
    found = find_dates(normalise_key(text), g, date.fromisoformat(published))
    assert found, text
    assert found[0].value == want
    assert (found[0].date_end.iso() if found[0].date_end else None) == want_end


def test_relative_dates_need_a_publication_date():
    g = build_date_grammar(load_language("ar"))
    assert find_dates(normalise_key("التقى اليوم الإثنين"), g, None) == []


def test_a_bare_month_name_is_not_a_date():
    g = build_date_grammar(load_language("ar"))
    assert find_dates(normalise_key("مارس ضغوطا كبيرة"), g, date(2025, 1, 1)) == []
