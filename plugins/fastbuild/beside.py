"""Apply the rulebook's rules while the site is written (FAST_BUILD["rules_beside"]).

Every build applies the rulebook's rules to what Pelican read once every
generator has finished (rulebook/plugin.py, on all_generators_finalized)
and logs each problem as a warning. Nothing the writing does depends on
them, and they read nothing the writing changes after that moment; yet
they take a second or more of a large site's build in the build's process,
while the other core waits. Here they are applied in a process forked at
that moment, from the very objects the rulebook would have read, while this
process writes the pages.

What the secretary sees does not change: their warnings are logged here by
the rulebook's own `report`, before anything else is logged after that
moment (a filter on the handlers of the root logger waits for them first),
and at the latest when the writing is done (`finalized`) or when the writer
stops with an error (reuse.ReusingWriter); so the same lines come in the
same order, and a strict build fails as before. Whatever the rules log
themselves is sent back and logged first, as parallelwrite.py does for a
worker. If the forked process ends without an answer, the rules are
applied here instead. No library does this for Pelican, hence by hand."""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import pickle
import signal

from .parallelwrite import Collector, log_again

# The rules running beside this build, if any (one build at a time in one
# process: a preview's builder builds again only after this one ended).
_running: RulesBeside | None = None


class RulesBeside(logging.Filter):
    """The rules of one build, applied in a forked process; as a filter on
    the root logger's handlers, it has their warnings logged before any
    other record."""

    def __init__(self, generators, problems_of, report):
        super().__init__()
        self.generators = generators
        self.problems_of = problems_of
        self.report = report
        self.handlers = list(logging.getLogger().handlers)
        read, write = os.pipe()
        # Objects made so far are left out of the forked process's collector,
        # so that it does not copy every page of memory they share.
        gc.freeze()
        try:
            self.pid = os.fork()
        except OSError:
            gc.unfreeze()
            os.close(read)
            os.close(write)
            raise
        if self.pid == 0:
            os.close(read)
            self._apply_and_exit(write)
        gc.unfreeze()
        os.close(write)
        self.answer = read
        for handler in self.handlers:
            handler.addFilter(self)

    def _apply_and_exit(self, write: int) -> None:
        """In the forked process: apply the rules, send the problems (or
        the error) and whatever was logged, and end without running
        anything of the build's process (no exit handlers, no flushing of
        its buffers)."""
        try:
            collector = Collector()
            logging.getLogger().handlers = [collector]
            try:
                answer = ("problems", self.problems_of(self.generators))
            except BaseException as error:  # noqa: BLE001 - raised in the build's process instead
                answer = ("error", error)
            try:
                data = pickle.dumps((*answer, collector.records))
            except Exception:  # noqa: BLE001 - an error that cannot travel is sent as its text
                data = pickle.dumps(("error", RuntimeError(str(answer[1])), collector.records))
            with os.fdopen(write, "wb") as pipe:
                pipe.write(data)
        finally:
            os._exit(0)

    def filter(self, record) -> bool:
        settle()
        return True

    def _stop_listening(self) -> None:
        for handler in self.handlers:
            handler.removeFilter(self)

    def _end(self, kill: bool) -> None:
        if kill:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)

    def settle(self) -> None:
        """Wait for the rules and log what they found."""
        self._stop_listening()
        try:
            with os.fdopen(self.answer, "rb") as pipe:
                data = pipe.read()
        except BaseException:  # stopped while waiting (Ctrl+C): no process is left behind
            self._end(kill=True)
            raise
        self._end(kill=False)
        if not data:  # the process ended without an answer: apply them here
            self.report(self.problems_of(self.generators))
            return
        kind, value, records = pickle.loads(data)
        log_again(records)
        if kind == "error":
            raise value
        self.report(value)

    def stop(self) -> None:
        """Stop the rules without a word."""
        self._stop_listening()
        os.close(self.answer)
        self._end(kill=True)


def start(generators, problems_of, report) -> None:
    """all_generators_finalized receiver's body: start applying the rules
    (here and now, as the rulebook would, where no process can be forked)."""
    global _running  # noqa: PLW0603 - one build at a time in one process
    stop()
    if not hasattr(os, "fork"):
        report(problems_of(generators))
        return
    try:
        _running = RulesBeside(generators, problems_of, report)
    except OSError:  # no process to be had (too many, no memory)
        report(problems_of(generators))


def settle() -> None:
    """Log the rules' warnings now, if they are still to come."""
    global _running
    running, _running = _running, None
    if running is not None:
        running.settle()


def stop() -> None:
    """Stop rules left running, without a word (a build in this process
    that stopped with an error outside the writer)."""
    global _running
    running, _running = _running, None
    if running is not None:
        running.stop()


def stopped_by(error: BaseException) -> None:
    """The writer stopped with `error` (two pages for one address, Ctrl+C):
    the rules' warnings first, as they came before it without rules_beside
    (they are done by then, or nearly: a stop waits for them that long)."""
    settle()
