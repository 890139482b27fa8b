"""The extract stage: event triggers and their arguments, read clause by clause, then across sentences."""
