"""Feeds (RSS, Atom, JSON Feed), email editions and WebSub pings: see feeds.py."""

from .feeds import register

__all__ = ["register"]
