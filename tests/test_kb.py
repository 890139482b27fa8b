from datetime import date

import pytest

from sidelines.kb import load_kb
from sidelines.kb.validate import validate


def test_knowledge_base_is_consistent():
    problems = validate(coverage=False)
    assert not problems, "\n".join(problems[:40])


def test_a_row_without_an_id_is_reported_not_a_crash(tmp_path):
    import shutil
    from importlib import resources
    root = tmp_path / "kb"
    shutil.copytree(str(resources.files("sidelines") / "data" / "kb"), root)
    with open(root / "places.jsonl", "a", encoding="utf-8") as fh:
        fh.write('{"names": {"en": ["Nowhere"]}, "source": "test", "retrieved": "2026-12-07"}\n')
    problems = validate(root, coverage=False)
    assert any(p.startswith("places.jsonl: line ") and p.endswith(": no id") for p in problems), problems[:5]


def test_every_required_office_has_a_holder_gap_or_vacancy_on_every_day():
    problems = [p for p in validate() if "no holder, gap or vacancy" in p]
    assert not problems, f"{len(problems)} offices with holes, e.g. " + "; ".join(problems[:5])


def test_a_vacancy_is_no_holder():
    view = load_kb().at(date(2023, 6, 1))
    assert view.holder("LBN", "head_of_state") is None
    assert view.gap("LBN", "head_of_state").status == "vacant"


def test_no_single_holder_office_has_two_holders_on_one_day():
    kb = load_kb()
    for (party, office) in {(t.party, t.office) for t in kb.terms}:
        if office in ("deputy_foreign_minister", "envoy", "minister"):
            continue
        terms = kb.terms_for(party, office)
        for t in terms:
            for day in (t.start, t.end):
                if day is None:
                    continue
                holders = {x.actor for x in terms if x.covers(day) and x.start != day and x.end != day}
                assert len(holders) <= 1, (party, office, day, holders)


@pytest.mark.parametrize("party,office,day,actor", [
    ("IRN", "foreign_minister", "2024-03-01", "hossein-amir-abdollahian"),
    ("IRN", "foreign_minister", "2025-03-07", "abbas-araghchi"),
    ("RUS", "foreign_minister", "2023-07-03", "sergey-lavrov"),
    ("OIC", "secretary_general", "2021-09-24", "yousef-al-othaimeen"),
    ("OIC", "secretary_general", "2022-10-24", "hissein-brahim-taha"),
    ("SYR", "foreign_minister", "2023-07-03", "faisal-mekdad"),
    ("SYR", "foreign_minister", "2025-06-21", "asaad-al-shaibani"),
    ("USA", "foreign_minister", "2018-10-16", "mike-pompeo"),
    ("IRN", "head_of_government", "2018-03-01", "hassan-rouhani"),
    ("IRN", "head_of_state", "2018-03-01", "ali-khamenei"),
    ("TUR", "head_of_government", "2012-03-01", "recep-tayyip-erdogan"),
])
def test_holders_on_a_date(party, office, day, actor):
    holder = load_kb().at(date.fromisoformat(day)).holder(party, office)
    assert holder is not None and holder.id == actor


def test_a_term_with_an_unknown_end_stops_before_the_next_holder():
    kb = load_kb()
    assert kb.at(date(2024, 12, 21)).holder("SYR", "foreign_minister").id == "asaad-al-shaibani"


def test_kb_who_reads_the_office_in_three_languages():
    from sidelines.kb.lookup import who
    kb = load_kb()
    for query in ("وزير الخارجية الإيراني", "وزیر امور خارجه ایران", "Iranian foreign minister"):
        assert [(o, p, a.id) for o, p, a in who(query, date(2024, 3, 1), kb)] == \
            [("foreign_minister", "IRN", "hossein-amir-abdollahian")], query
        assert who(query, date(2025, 3, 7), kb)[0][2].id == "abbas-araghchi"


def test_the_countries_file_matches_its_sources():
    import subprocess
    import sys
    from pathlib import Path
    root = Path(__file__).resolve().parents[1]
    r = subprocess.run([sys.executable, str(root / "tools" / "build_countries.py"), "--check"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize("query, day, expected", [
    ("الدورة الـ51 لمجلس وزراء خارجية منظمة التعاون الإسلامي", None, ("oic-cfm-51", "Istanbul", "2025-06-21")),
    ("the 51st session of the OIC Council of Foreign Ministers", None, ("oic-cfm-51", "Istanbul", "2025-06-21")),
    ("اجلاس سران سازمان همکاری اسلامی", date(2024, 5, 6), ("oic-summit-15", "Banjul", "2024-05-04")),
])
def test_kb_occasion_finds_the_numbered_session(query, day, expected):
    from sidelines.kb.lookup import occasion
    c = occasion(query, day, load_kb()).conf
    assert (c.id, c.city, c.start.isoformat()) == expected


def test_kb_occasion_without_a_day_does_not_guess_an_unnumbered_session():
    from sidelines.kb.lookup import occasion
    assert occasion("القمة العربية", None, load_kb()).conf is None
    assert occasion("a quiet afternoon", None, load_kb()) is None


def test_a_view_over_a_period_holds_whoever_served_within_it():
    kb = load_kb()
    year = kb.at(date(2024, 1, 1), date(2024, 12, 31))
    # three foreign ministers of Iran in 2024: "the Iranian foreign minister in 2024" names none of them
    assert year.holder("IRN", "foreign_minister") is None
    assert [t.office for t in year.offices_of("abbas-araghchi")] == ["foreign_minister"]
    assert kb.at(date(2024, 1, 1)).offices_of("abbas-araghchi") == []
    first_quarter = kb.at(date(2024, 1, 1), date(2024, 3, 31))
    assert first_quarter.holder("IRN", "foreign_minister").id == "hossein-amir-abdollahian"
