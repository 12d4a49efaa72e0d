"""The import's log (`import-log.txt` beside import-labels.txt): each old
post or page imported, by its old address and its export's own name for it
(Blogger's entry id, WordPress's ?p=12), and the file it became. A later
import skips each one listed ("imported before as ..."), even when the
secretary has since renamed, fixed or deleted the file: what was fixed is
never brought back as it was. To import one again, remove its lines.

Plain text, one line each: `<old address or id> -> content/bulletins/...md`;
lines starting with "# " are notes."""

from __future__ import annotations

from pathlib import Path

from rulebook.slugs import address_contacts

HEADER = """\
# What `make import` brought in: each old post's address (or its export's name for it) -> the file it became.
# A later import skips each one listed here, even when its file has since been renamed or deleted.
# To import one again, remove its lines.
"""
ARROW = " -> "


class Ledger:
    def __init__(self, path: Path | None):
        self.path = path
        self.name = path.name if path else "import-log.txt"
        self.known: dict[str, str] = {}  # key -> file inside content/
        self.text = ""
        if path is not None and path.is_file():
            self.text = path.read_bytes().decode("utf-8-sig", errors="replace")
            for line in self.text.splitlines():
                if not line.strip() or line.startswith("#"):
                    continue
                key, arrow, rel = line.rpartition(ARROW)
                if arrow and key.strip():
                    self.known.setdefault(key.strip(), rel.strip().split("/", 1)[-1])

    @staticmethod
    def keys(entry) -> list[str]:
        """Its old address and its export's name for it; an old address
        holding a phone number or an e-mail address is not written here
        (the name is enough) when there is a name."""
        old = entry.old_address
        if old and entry.uid and address_contacts(old):
            old = ""
        return [key for key in dict.fromkeys((old, entry.uid)) if key]

    def find(self, entry) -> str | None:
        """The file (inside content/) an old post became in an earlier import, or None."""
        for key in self.keys(entry):
            if key in self.known:
                return self.known[key]
        return None

    def with_files(self, planned, root: str) -> str:
        """The log's text with the files just written added."""
        lines = [
            f"{key}{ARROW}{root}/{one.rel}\n"
            for one in planned
            for key in self.keys(one.entry)
            if " ->" not in key and "\n" not in key
        ]
        text = self.text or HEADER
        if lines and not text.endswith("\n"):
            text += "\n"
        return text + "".join(lines)
