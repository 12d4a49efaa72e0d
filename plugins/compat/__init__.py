"""Where our plugins meet Pelican's internals: see private.py."""

from .plugin import register

__all__ = ["register"]
