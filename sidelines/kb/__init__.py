"""The knowledge base: states, organisations, places, people, their offices with terms, and recurring
occasions, loaded once from the packaged JSONL files. Code reaches it through `KnowledgeBase.at(date)`."""
from sidelines.kb.base import KnowledgeBase, KBView, load_kb

__all__ = ["KnowledgeBase", "KBView", "load_kb"]
