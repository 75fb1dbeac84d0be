"""The digital imprint: see imprint.py."""

from .imprint import register

__all__ = ["register"]
