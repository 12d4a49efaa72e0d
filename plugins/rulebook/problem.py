"""One mistake in one content file, as every command reports it:

    content/bulletins/x.md:3: Care_groups: unknown care group "Older Adult"; did you mean "Older Adults"?

Plain data: nothing here imports Pelican, so the care-groups plugin, the
rulebook, `make check` and the build share it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One mistake in one file: what the secretary needs to fix it."""

    path: str
    field: str
    message: str
    line: int | None = None
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.message}"
