"""The export stage: event records in the shape of FORMAT.md."""
from sidelines.export.records import event_to_record, record_to_event

__all__ = ["event_to_record", "record_to_event"]
