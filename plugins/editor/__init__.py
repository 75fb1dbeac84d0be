"""The web editor at /admin/ (Decap CMS): see editor.py."""

from .editor import register

__all__ = ["register"]
