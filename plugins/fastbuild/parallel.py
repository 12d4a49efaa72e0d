"""Read bulletins in several processes at once.

Pelican reads one file after another; Markdown and typogrify take most of
a cold build. Before the articles generator reads, every bulletin that the
content cache does not already hold is converted by a pool of forked
processes (one per core), each running the same reader code
(reader.FastMarkdownReader.convert_here); the results
(HTML and the raw metadata lines: plain strings) come to the reader's
`prefetched` in the order Pelican reads the files, and Pelican reads on as
usual, processing the metadata itself while the pool converts the rest.
No library does this for Pelican (pelican-plugins has none), hence by hand."""

from __future__ import annotations

import collections
import logging
import multiprocessing
import os

from .reader import FastMarkdownReader

logger = logging.getLogger(__name__)

# At least this many files to convert before a pool is worth starting.
MIN_FILES = 32

# The readers the forked workers use: set only while a pool runs.
_worker_readers: list | None = None


def _convert(task):
    """One file's HTML and raw metadata, or None when it cannot be read
    (not UTF-8, say): Pelican then reads that file itself and reports it
    the way it always does, naming the file, and the others carry on."""
    index, path = task
    try:
        content, meta, _ = _worker_readers[index].convert_here(path)
    except Exception:  # noqa: BLE001 - any failure falls back to Pelican's own reading
        return None
    return content, meta


def worker_count(settings) -> int:
    wanted = settings.get("FAST_BUILD", {}).get("parallel_read")
    if not wanted:
        return 0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cores if wanted is True else min(int(wanted), cores)


class Stream:
    """The pool's results, taken in the order Pelican reads the files: Pelican
    processes the first bulletins' metadata while the pool still converts
    the rest, so neither core waits on the other. Each reader's `prefetched`
    is this object; `pop` waits for the file asked for."""

    def __init__(self, pool, paths: list[str], results):
        self.pool = pool
        self.order = collections.deque(paths)
        self.expected = set(paths)
        self.results = results
        self.ready: dict[str, tuple] = {}

    def pop(self, path, default=None):
        if path in self.ready:
            return self.ready.pop(path)
        if path not in self.expected:
            return default
        while self.order:
            done = self.order.popleft()
            self.expected.discard(done)
            result = next(self.results)
            if result is not None:
                self.ready[done] = result
            if done == path:
                break
        if not self.order:
            self.close()
        return self.ready.pop(path, default)

    def close(self) -> None:
        """All taken: the workers end. Otherwise (a build that stopped
        half way) they are stopped."""
        global _worker_readers  # noqa: PLW0603 - handed to forked workers only
        if self.pool is None:
            return
        pool, self.pool = self.pool, None
        if self.order:
            pool.terminate()
        else:
            pool.close()
        pool.join()
        _worker_readers = None


def prefetch(generator) -> int:
    """article_generator_init receiver body: start converting the
    generator's Markdown files in parallel (see Stream); returns how many
    are converted."""
    global _worker_readers  # noqa: PLW0603 - handed to forked workers only
    workers = worker_count(generator.settings)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    readers = generator.readers
    todo = []
    for relative in generator.get_files(
        generator.settings["ARTICLE_PATHS"], exclude=generator.settings["ARTICLE_EXCLUDES"]
    ):
        reader = readers.readers.get(relative.rsplit(".", 1)[-1])
        if not isinstance(reader, FastMarkdownReader):
            continue
        path = os.path.abspath(os.path.join(generator.path, relative))  # noqa: PTH118,PTH100 - as read_file keys it
        cached = readers.get_cached_data(path, None)
        if cached is None or cached == (None, None):
            todo.append((reader, path))
    if len(todo) < MIN_FILES:
        return 0
    kinds = list(dict.fromkeys(reader for reader, _ in todo))
    _worker_readers = kinds
    tasks = [(kinds.index(reader), path) for reader, path in todo]
    pool = multiprocessing.get_context("fork").Pool(workers)
    results = pool.imap(_convert, tasks, chunksize=max(1, len(tasks) // (workers * 16)))
    stream = Stream(pool, [path for _, path in todo], results)
    for reader in kinds:
        reader.prefetched = stream
    logger.debug("Reading %d bulletins in %d processes", len(todo), workers)
    return len(todo)


def finish(generator) -> None:
    """article_generator_finalized receiver: the pool is done with."""
    for reader in generator.readers.readers.values():
        stream = getattr(reader, "prefetched", None)
        if isinstance(stream, Stream):
            stream.close()
            reader.prefetched = {}
