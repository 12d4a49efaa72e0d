"""Read bulletins in several processes at once.

Pelican reads one file after another; Markdown and typogrify take most of
a cold build. Before the articles generator reads, every bulletin that the
content cache does not already hold is converted by a pool of forked
processes (one per core), each running the same reader code; the results
(HTML and the raw metadata lines: plain strings) wait in the reader's
`prefetched` and Pelican reads on as usual, processing the metadata itself.
No library does this for Pelican (pelican-plugins has none), hence by hand."""

from __future__ import annotations

import logging
import multiprocessing
import os

logger = logging.getLogger(__name__)

# At least this many files to convert before a pool is worth starting.
MIN_FILES = 32

# The reader the forked workers use: set only while a pool runs.
_worker_reader = None


def _convert(path):
    """One file's HTML and raw metadata, or None when it cannot be read
    (not UTF-8, say): Pelican then reads that file itself and reports it
    the way it always does, naming the file, and the others carry on."""
    try:
        content, meta, _ = _worker_reader.convert_document(path)
    except Exception:  # noqa: BLE001 - any failure falls back to Pelican's own reading
        return None
    return content, meta


def worker_count(settings) -> int:
    wanted = settings.get("FAST_BUILD", {}).get("parallel_read")
    if not wanted:
        return 0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cores if wanted is True else min(int(wanted), cores)


def prefetch(generator) -> int:
    """article_generator_init receiver body: convert the generator's
    Markdown files in parallel; returns how many were converted."""
    global _worker_reader  # noqa: PLW0603 - handed to forked workers only
    workers = worker_count(generator.settings)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    from safecontent.reader import SafeMarkdownReader

    readers = generator.readers
    todo = []
    for relative in generator.get_files(
        generator.settings["ARTICLE_PATHS"], exclude=generator.settings["ARTICLE_EXCLUDES"]
    ):
        reader = readers.readers.get(relative.rsplit(".", 1)[-1])
        if not isinstance(reader, SafeMarkdownReader):
            continue
        path = os.path.abspath(os.path.join(generator.path, relative))  # noqa: PTH118,PTH100 - as read_file keys it
        cached = readers.get_cached_data(path, None)
        if cached is None or cached == (None, None):
            todo.append((reader, path))
    if len(todo) < MIN_FILES:
        return 0
    by_reader = {}
    for reader, path in todo:
        by_reader.setdefault(reader, []).append(path)
    for reader, paths in by_reader.items():
        _worker_reader = reader
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                results = pool.map(_convert, paths, chunksize=max(1, len(paths) // (workers * 8)))
        finally:
            _worker_reader = None
        reader.prefetched.update(
            (path, result) for path, result in zip(paths, results, strict=True) if result is not None
        )
    logger.debug("Read %d bulletins in %d processes", len(todo), workers)
    return len(todo)
