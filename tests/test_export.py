from datetime import date

from sidelines.export import event_to_record, record_to_event
from sidelines.model import Document


def test_export_then_import_gives_back_the_same_events(pipeline):
    doc = Document("d", "On the sidelines of the extraordinary session of the OIC Council of Foreign Ministers in "
                        "Jeddah, Iranian Foreign Minister Abbas Araghchi met Turkish Foreign Minister Hakan Fidan.",
                   date(2025, 3, 7), "en")
    events = pipeline.extract(doc)
    assert events
    for e in events:
        back = record_to_event(event_to_record(e))
        assert event_to_record(back) == event_to_record(e)
