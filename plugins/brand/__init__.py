"""The team's colour, logo and typeface: see brand.py."""

from .brand import register

__all__ = ["register"]
