from datetime import date

import pytest

from sidelines.kb import load_kb
from sidelines.kb.validate import validate


def test_knowledge_base_is_consistent():
    problems = validate()
    assert not problems, "\n".join(problems[:40])


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
])
def test_holders_on_a_date(party, office, day, actor):
    holder = load_kb().at(date.fromisoformat(day)).holder(party, office)
    assert holder is not None and holder.id == actor
