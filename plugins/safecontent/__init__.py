"""Safe by default: metadata is plain text, escaped once, early. See plugin.py."""

from .plugin import register

__all__ = ["register"]
