"""Fingerprinted, bundled theme assets: see assets.py."""

from .assets import register

__all__ = ["register"]
