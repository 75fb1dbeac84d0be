"""The corrections log: see corrections.py."""

from .corrections import register

__all__ = ["register"]
