"""GitHub annotations: in GitHub Actions (GITHUB_ACTIONS=true), `make check`,
`make publish` and the gates also print each problem as a workflow command,

    ::error file=content/bulletins/x.md,line=3,title=make check%3A Care_groups::unknown care group ...

which GitHub shows on the commit's page and in the pull request, on the
source file's line, so a bulletin the site refused is seen where it was
written rather than only deep in the Actions log.

Written here rather than taken from a package: a workflow command is one
line, and its escaping is GitHub's own two rules (actions/toolkit's
command.ts, escapeData and escapeProperty), which are all there is to it;
github-action-utils, the package that prints them, writes to sys.stdout
only, not to the stream each command reports on."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

from rulebook.problem import Problem

# GitHub's levels of annotation; a Problem's severity maps onto them.
LEVELS = {"error": "error", "warning": "warning"}


def in_github_actions(environ: Mapping[str, str] = os.environ) -> bool:
    return environ.get("GITHUB_ACTIONS") == "true"


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(
    message: str, *, level: str = "error", file: str | None = None, line: int | None = None, title: str | None = None
) -> str:
    """One workflow command: `::level file=...,line=...,title=...::message`."""
    properties = {"file": file, "line": line, "title": title}
    given = ",".join(f"{name}={escape_property(str(value))}" for name, value in properties.items() if value)
    return f"::{level}{' ' + given if given else ''}::{escape_data(message)}"


def problem_annotation(problem: Problem, tool: str = "make check") -> str:
    """A content file's problem, on its file and line."""
    return annotation(
        problem.message,
        level=LEVELS.get(problem.severity, "notice"),
        file=problem.path,
        line=problem.line,
        title=f"{tool}: {problem.field}",
    )


def print_problems(problems: Iterable[Problem], stream, tool: str = "make check", environ=os.environ) -> None:
    """The problems as annotations, in GitHub Actions only."""
    if not in_github_actions(environ):
        return
    for problem in problems:
        print(problem_annotation(problem, tool), file=stream)
