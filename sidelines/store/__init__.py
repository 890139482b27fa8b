"""The DuckDB event store: documents, fused events, participants and evidence."""
from sidelines.store.duck import AddReport, Query, Store, StoreError, document_hash

__all__ = ["AddReport", "Query", "Store", "StoreError", "document_hash"]
