"""The web editor at /admin/ (Decap CMS): see plugin.py and docs/EDITING.md."""

from .plugin import register

__all__ = ["register"]
