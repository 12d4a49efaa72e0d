"""Pagefind's search index for every build: see plugin.py."""

from .plugin import SearchBuildError, index_folder, register

__all__ = ["SearchBuildError", "index_folder", "register"]
