"""Output written only where it changed, and files of removed content swept: see incremental.py."""

from .incremental import register

__all__ = ["register"]
