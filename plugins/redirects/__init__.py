"""Pages at the old blogs' addresses that send readers on: see plugin.py."""

from .plugin import register

__all__ = ["register"]
