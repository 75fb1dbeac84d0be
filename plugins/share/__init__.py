"""Share links: see share.py."""

from .share import register

__all__ = ["register"]
