"""sitemap.xml, robots.txt and the manifest: see discovery.py."""

from .discovery import register

__all__ = ["register"]
