"""Redirects from old addresses: see redirects.py."""

from .redirects import register

__all__ = ["register"]
