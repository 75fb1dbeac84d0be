"""Every plugin named in PLUGINS is loaded, or the build stops: see plugincheck.py."""

from .plugincheck import register

__all__ = ["register"]
