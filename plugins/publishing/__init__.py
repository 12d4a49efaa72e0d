"""What only publishing needs: one build time, scheduled bulletins and the
_headers file. See plugin.py."""

from .plugin import register

__all__ = ["register"]
