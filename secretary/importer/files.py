"""Where the import writes: a temporary folder beside content/ first, then
each file moved in, never over a file that is there (an error half way
takes back what was moved, so content/ is as it was); and the pictures of
another site, fetched when they can be."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from PIL import Image, UnidentifiedImageError

# Pictures only, as Pillow reads them, and the extension each is saved with
# (all on the list of types content/images/ may hold: docs/WRITING.md).
PICTURES = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
MAX_PICTURE = 10 * 1024 * 1024
TIMEOUT = 10


class NotFetched(Exception):
    """Why a picture could not be fetched, in plain words."""


def fetch_picture(url: str, timeout: float = TIMEOUT) -> tuple[bytes, str]:
    """The picture at `url` and its extension. Only http and https (never a
    file of this computer), at most MAX_PICTURE bytes, and only what Pillow
    reads as one of PICTURES."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise NotFetched("not a web address")
    request = urllib.request.Request(url, headers={"User-Agent": "branch-blog-import"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(MAX_PICTURE + 1)
    except urllib.error.HTTPError as error:
        raise NotFetched(f"the old site answered {error.code}") from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        raise NotFetched(f"could not be reached ({reason})") from None
    if len(data) > MAX_PICTURE:
        raise NotFetched(f"larger than {MAX_PICTURE // (1024 * 1024)} MB")
    try:
        with Image.open(io.BytesIO(data)) as picture:
            kind = picture.format
            picture.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise NotFetched("not a picture") from None
    if kind not in PICTURES:
        raise NotFetched(f"a {kind} picture, which the site does not publish")
    return data, PICTURES[kind]


def staging_folder(content: Path) -> Path:
    """A new temporary folder beside content/ (the same disk, so each file
    moves in at once)."""
    return Path(tempfile.mkdtemp(prefix=".import-", dir=content.parent))


def write_staged(staging: Path, files: dict[str, bytes]) -> None:
    for rel, data in files.items():
        path = staging / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def place(staging: Path, content: Path, rels: list[str]) -> None:
    """Move each staged file into content/, never over an existing file
    (os.link fails when the name is taken). On any error, what was moved
    and the folders made for it are taken away again, and the error
    raised: content/ is as it was."""
    placed: list[Path] = []
    made: list[Path] = []
    try:
        for rel in rels:
            target = content / rel
            missing = [p for p in [target.parent, *target.parent.parents] if not p.exists()]
            for folder in reversed(missing):
                folder.mkdir()
                made.append(folder)
            move_in(staging / rel, target)
            placed.append(target)
    except BaseException:
        for path in reversed(placed):
            with contextlib.suppress(OSError):
                path.unlink()
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise


def move_in(staged: Path, target: Path) -> None:
    """One file, in at once, never over another."""
    os.link(staged, target)


def remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
