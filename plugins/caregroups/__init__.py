"""Care groups and champions for the branch blog: see plugin.py."""

from .plugin import register

__all__ = ["register"]
