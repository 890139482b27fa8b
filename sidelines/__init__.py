"""Sidelines: who met whom, in what capacity, when, where, on the sidelines of what — from Arabic, Persian
and English news, with every fact traceable to the sentence it came from."""
from sidelines import _native

_native.install()   # before any compiled module is imported: a stale build is never the one that runs

from sidelines.api import extract_events, run  # noqa: E402

__all__ = ["extract_events", "run"]
__version__ = "0.1.0"
