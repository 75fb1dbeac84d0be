"""Static search with Pagefind: see search.py."""

from .search import register

__all__ = ["register"]
