"""The single place that lists the stages and the languages with their data."""
from __future__ import annotations

# Stages in the order data flows through them; each reads what the one before produces.
STAGES = (
    ("ingest", "files, JSONL → Document"),
    ("text", "Document → PreparedText (language, normalised text with offset map, sentences, furniture)"),
    ("recognize", "PreparedText → DocumentAnalysis (mentions, dates, actor phrases)"),
    ("extract", "DocumentAnalysis → DocumentReading (candidates with arguments, across sentences)"),
    ("resolve", "DocumentReading → Event (knowledge-base actors at the event's date, occasions)"),
    ("fuse", "Event → Event (one record per real-world event)"),
    ("export", "Event → JSONL (FORMAT.md)"),
)

# Languages read natively; each has a folder of the same data files under sidelines/data/lang/.
LANGUAGES = {
    "ar": "Arabic",
    "fa": "Persian",
    "en": "English",
}
