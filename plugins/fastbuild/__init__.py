"""Faster builds with byte-identical output: see plugin.py."""

from .plugin import register

__all__ = ["register"]
