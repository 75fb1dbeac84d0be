"""Newer and older post links: see neighbours.py."""

from .neighbours import register

__all__ = ["register"]
