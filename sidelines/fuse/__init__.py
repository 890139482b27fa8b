"""The fuse stage: reports of the same real-world event become one record with all its evidence."""
from sidelines.fuse.fuse import fuse

__all__ = ["fuse"]
