"""Meetings and the AGM: events members can add to their calendars. See plugin.py."""

from .plugin import register

__all__ = ["register"]
