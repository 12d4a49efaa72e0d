"""The mapping file: which label or category of the old blog means which
care group or champion (`import-labels.txt` beside the settings, never in
content/). The first import writes it with every label found and nothing
mapped; the secretary fills it in and imports again. A name is matched as
a bulletin's Care_groups and Champions are (caregroups/model.py: case and
spacing do not matter; "did you mean" for a near miss)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rulebook.problem import Problem

from caregroups.model import Directory, match_key, plain_text

NO_COLON = '"{}" has no colon; write it as `Old label: Older Adults`'
HEADER = """\
# The labels (Blogger) and categories and tags (WordPress) of the old blog,
# and what each means on this site. `make import` reads this file.
#
# After a label's colon, write the care groups or champions it means, as
# their files in content/care-groups/ and content/champions/ name them,
# separated by commas:
#
#     Home care: Older Adults
#     Helen's column: Helen Davies
#
# Leave it empty to keep the label as a tag of the bulletins. Then run the
# import again (with DRY_RUN=1 first to see what it would do).
#
# A line starting with "# " is a note like this one; a label that starts
# with "#" itself (#strike) is a label. One starting "# " is written "\\# ".
"""


@dataclass
class Mapping:
    """Each label written in the file -> the care groups and champions it means."""

    path: Path
    exists: bool
    labels: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    text: str = ""
    notes: list[str] = field(default_factory=list)

    def of(self, label: str) -> tuple[list[str], list[str]] | None:
        """The care groups and champions a label means; None when unmapped."""
        found = self.labels.get(label) or self.labels.get(match_key(label))
        return found if found and (found[0] or found[1]) else None

    def knows(self, label: str) -> bool:
        return label in self.labels or match_key(label) in self.labels

    def with_labels(self, labels: list[str]) -> str:
        """The file's text with the labels it does not list yet, unmapped."""
        new = [label for label in labels if not self.knows(label)]
        if not new:
            return self.text
        text = self.text if self.exists else HEADER
        if new and text and not text.endswith("\n"):
            text += "\n"
        return text + "".join(f"{written(label)}:\n" for label in new)


def written(label: str) -> str:
    """A label as its line starts (see HEADER: "# " starts a note)."""
    return "\\" + label if label.startswith(("# ", "\\")) or label == "#" else label


def is_note(line: str) -> bool:
    return not line.strip() or line.strip() == "#" or line.lstrip().startswith("# ")


def names_of(directory: Directory) -> dict[str, str]:
    found = {}
    for entry in directory.entries:
        found.setdefault(match_key(entry.name), plain_text(entry.name))
        found.setdefault(match_key(entry.slug), plain_text(entry.name))
    return found


def read_mapping(path: Path, care_groups: Directory, champions: Directory) -> Mapping:
    mapping = Mapping(path, path.is_file())
    if not mapping.exists:
        return mapping
    data = path.read_bytes()
    try:
        mapping.text = data.decode("utf-8-sig")  # a BOM, as Notepad saves, is not part of the first label
    except UnicodeDecodeError:
        try:
            mapping.text = data.decode("cp1252")
        except UnicodeDecodeError:
            mapping.problems.append(
                Problem(path.name, "File", "is neither UTF-8 nor Windows text; save it again as UTF-8", 1)
            )
            return mapping
        mapping.notes.append(
            f"{path.name} is not UTF-8; it was read as Windows text (é as cp1252 writes it) and is written "
            "back as UTF-8"
        )
    groups, people = names_of(care_groups), names_of(champions)
    for number, line in enumerate(mapping.text.splitlines(), start=1):
        if is_note(line):
            continue
        label, colon, value = line.strip().removeprefix("\\").rpartition(":")
        if not colon or not label.strip():
            mapping.problems.append(Problem(path.name, "Label", NO_COLON.format(line.strip()), number))
            continue
        found: tuple[list[str], list[str]] = ([], [])
        for name in (n.strip() for n in value.split(",")):
            if not name:
                continue
            key = match_key(name)
            if key in groups:
                found[0].append(groups[key])
            elif key in people:
                found[1].append(people[key])
            else:
                hint = care_groups.suggest(name) or champions.suggest(name)
                fix = (
                    f'did you mean "{hint}"?'
                    if hint
                    else "known ones: " + ", ".join(sorted({*groups.values(), *people.values()}))
                )
                mapping.problems.append(
                    Problem(path.name, label.strip(), f'"{name}" is not a care group or champion; {fix}', number)
                )
        mapping.labels[label.strip()] = found
        mapping.labels.setdefault(match_key(label), found)
    return mapping
