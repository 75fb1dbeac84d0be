"""Reaching supporters: the sign-up form, the join and subscribe pages, `invoke alert`."""

from .supporters import register

__all__ = ["register"]
