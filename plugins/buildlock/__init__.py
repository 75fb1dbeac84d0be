"""One build at a time into an output folder and a cache: see buildlock.py."""

from .buildlock import register

__all__ = ["register"]
