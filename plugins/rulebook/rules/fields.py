"""The fields a secretary may write in each kind of file."""

from __future__ import annotations
