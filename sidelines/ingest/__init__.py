"""The ingest stage: files, folders and JSONL to Documents; what cannot be read is reported, not fatal."""
from sidelines.ingest.readers import ReadError, read_documents, read_manifest

__all__ = ["ReadError", "read_documents", "read_manifest"]
