"""The post contract for Pelican: see posts.py."""

from .posts import register

__all__ = ["register"]
