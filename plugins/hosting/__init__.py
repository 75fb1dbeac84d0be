"""Security and caching headers: see hosting.py."""

from .hosting import register

__all__ = ["register"]
