"""The rulebook: the rules every content file must keep, applied by every
command to what Pelican read (book.py)."""

from .plugin import register

__all__ = ["register"]
