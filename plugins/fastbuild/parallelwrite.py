"""Render pages on every core (FAST_BUILD["parallel_write"]).

Pelican renders and writes one page after another. With this option the
writer (reuse.ReusingWriter) does all of Pelican's bookkeeping for each page
as usual (its file name, the check that no two pages share one, the
`content_written` signal the sitemap listens to) but only notes the page to
render; when every generator has written (the `finalized` signal), the
noted pages are rendered by a pool of forked processes, one per core, each
writing its share of files. The workers run this module's function only and
return: nothing of Pelican's own run is forked (as in parallel.py), so it is
as safe when Pelican runs inside a test or the preview server.

What a worker logs (a broken link found while rendering) is sent back and
logged again in the main process, page by page in the order Pelican would
have rendered them, through the same loggers (so Pelican's filter of
repeated messages still applies) and handlers. No library does this for
Pelican, hence by hand."""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import os
import pickle
from dataclasses import dataclass

from pelican.log import FilteredMessage

# Fewer pages than this are rendered in this process: a pool costs more.
MIN_PAGES = 48


@dataclass
class Job:
    """A page to render: what Pelican's _write_file had in hand."""

    path: str  # the file to write
    name: str  # its name in the site
    key: bytes | None  # reuse_output's key, when the page may be remembered
    template: object  # the Jinja template
    # Its local context, kept small: what differs from the context all pages
    # share (the writer's snapshot of it) and what it lacks of that.
    own: dict
    lacks: tuple
    shared: dict  # the snapshot
    context: dict  # the context Pelican sets `localsiteurl` in (a copy, for some pages)
    localsiteurl: str | None
    site_context: dict  # the one the site's bulletins and pages read it from

    @property
    def localcontext(self) -> dict:
        localcontext = {**self.shared, **self.own}
        for name in self.lacks:
            del localcontext[name]
        return localcontext


# Handed to forked workers only: set while a pool runs.
_jobs: list[Job] | None = None
_render = None


class Collector(logging.Handler):
    """In a worker: keeps what is logged, to be sent back."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[dict] = []

    @property
    def count(self) -> int:
        return sum(1 for r in self.records if r["levelno"] >= logging.WARNING)

    def emit(self, record):
        fields = dict(record.__dict__, exc_info=None, exc_text=None)
        try:
            pickle.dumps(fields)
        except Exception:  # noqa: BLE001 - any argument that cannot travel is sent as text
            fields.update(msg=record.getMessage(), args=None)
        self.records.append(fields)


_collector: Collector | None = None


def _start_worker():
    global _collector  # noqa: PLW0603 - one per worker process
    _collector = Collector()
    logging.getLogger().handlers = [_collector]


def _work(index: int):
    start = len(_collector.records)
    texts = _render(_jobs[index], _collector)
    records = _collector.records[start:]
    del _collector.records[start:]
    return texts, records


def worker_count(settings) -> int:
    wanted = settings.get("FAST_BUILD", {}).get("parallel_write")
    if not wanted or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cores if wanted is True else min(int(wanted), cores)


def render_all(jobs: list[Job], workers: int, render, counter) -> list:
    """Each job's result from render(job, counter) (reuse.render_job), in
    order: in a pool of forked workers, or here when there are few."""
    global _jobs, _render
    if workers < 2 or len(jobs) < MIN_PAGES:
        return [render(job, counter) for job in jobs]
    _jobs, _render = jobs, render
    # Objects made so far are left out of the collector's reach in the
    # workers, so that it does not copy every shared page of memory.
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=_start_worker) as pool:
            results = pool.map(_work, range(len(jobs)), chunksize=max(1, len(jobs) // (workers * 8)))
    finally:
        gc.unfreeze()
        _jobs, _render = None, None
    texts = []
    for result, records in results:
        log_again(records)
        texts.append(result)
    return texts


def log_again(records: list[dict]) -> None:
    """Log here what a worker's Collector kept, through the same loggers
    (so Pelican's filter of repeated messages still applies) and handlers."""
    for fields in records:
        record = logging.makeLogRecord(fields)
        logger = logging.getLogger(record.name)
        if logger.isEnabledFor(record.levelno):
            with contextlib.suppress(FilteredMessage):  # Pelican's filter of repeated messages
                logger.handle(record)
