"""The one command-line entry, `python -m secretary COMMAND`: shared
options, one error boundary, DEBUG read in one place."""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys

import pytest
from sitekit import ROOT

from secretary import cli


def test_a_content_folder_that_does_not_exist_is_named(tmp_path):
    out = io.StringIO()
    status = cli.main(["check", "--settings", str(ROOT / "pelicanconf.py"), "--content", str(tmp_path / "nope")], out)
    assert status == 2
    assert out.getvalue() == (
        f"error: there is no folder {tmp_path / 'nope'}; name the content folder (it holds bulletins/)\n"
    )


def test_an_unexpected_failure_is_one_plain_line_unless_debug(monkeypatch):
    from secretary.checks import content

    def broken(args):
        raise OSError("the disk is full")

    monkeypatch.setattr(content, "run", broken)
    monkeypatch.delenv("DEBUG", raising=False)
    out = io.StringIO()
    assert cli.main(["check", "--settings", str(ROOT / "pelicanconf.py")], out) == 2
    assert out.getvalue() == "error: check stopped: the disk is full (DEBUG=1 shows where)\n"
    monkeypatch.setenv("DEBUG", "1")
    with pytest.raises(OSError, match="the disk is full"):
        cli.main(["check", "--settings", str(ROOT / "pelicanconf.py")], io.StringIO())


def test_output_cut_short_by_its_reader_is_no_traceback(tmp_path):
    """`make newpost | head`: the reader may stop before the command has
    said everything (here it stops before the first line)."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    env = {**os.environ, "PYTHONPATH": f"{ROOT}:{ROOT / 'plugins'}", "TITLE": "Branch meeting"}
    env.pop("DEBUG", None)
    command = [sys.executable, "-m", "secretary", "newpost", "--settings", str(ROOT / "pelicanconf.py")]
    command += ["--content", str(content)]
    with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        process.stdout.close()
        errors = process.stderr.read()
        status = process.wait()
    assert errors == ""
    assert status == 1
    assert len(list((content / "bulletins").glob("*-branch-meeting.md"))) == 1


def test_a_stop_signal_is_one_plain_line_and_its_status(monkeypatch):
    """SIGTERM stops a command as Ctrl+C does (so every `finally` runs),
    with one plain line and the shell's status for it."""
    from secretary.checks import content

    def stopped(args):
        os.kill(os.getpid(), signal.SIGTERM)
        raise AssertionError("SIGTERM did not stop the command")

    monkeypatch.setattr(content, "run", stopped)
    before = signal.getsignal(signal.SIGTERM)
    out = io.StringIO()
    assert cli.main(["check", "--settings", str(ROOT / "pelicanconf.py")], out) == 143
    assert out.getvalue() == "stopped: check was interrupted before it finished.\n"
    assert signal.getsignal(signal.SIGTERM) is before
