"""Share cards for every published post: see cards.py."""

from .cards import register

__all__ = ["register"]
