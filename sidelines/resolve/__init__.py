"""The resolve stage: mentions to knowledge-base actors at the event's date, "his counterpart" to an
office and a state, occasions to recurring gatherings, and candidates to event records."""
