"""Where the import writes: a temporary folder beside content/ first, then
each file moved in, never over a file that is there (an error half way
takes back what was moved, so content/ is as it was); and the pictures of
another site, fetched when they can be."""

from __future__ import annotations

import contextlib
import http.client
import io
import ipaddress
import os
import shutil
import socket
import ssl
import tempfile
import threading
import time
import urllib.error
import urllib.request
import warnings
from pathlib import Path
from urllib.parse import urlsplit

from PIL import Image, ImageOps, UnidentifiedImageError

# Pictures only, as Pillow reads them, and the extension each is saved with
# (all on the list of types content/images/ may hold: docs/WRITING.md).
PICTURES = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
MAX_PICTURE = 10 * 1024 * 1024
MAX_IMPORT = 200 * 1024 * 1024  # all the pictures of one import
MAX_ALL_FRAMES = 100_000_000  # pixels over all of a picture's frames (an animation is cleaned frame by frame)
DEADLINE = 20.0  # seconds for one picture, however slowly its server sends it (its headers too)
FETCH_TIME = 300.0  # seconds of fetching in one import; then the rest are listed to fetch by hand
MAX_REDIRECTS = 3
CHUNK = 64 * 1024
READ_WAIT = 5.0


class NotFetched(Exception):
    """Why a picture could not be fetched, in plain words."""


def private_host(host: str) -> str | None:
    """Why `host` is not fetched from: it is this computer or a network of
    its own (any address that is not global: loopback, private, link-local,
    reserved, shared like 100.64.0.0/10), where an
    address in an export could reach a router's or a printer's pages. None
    when every address it has is public."""
    try:
        found = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as error:
        raise NotFetched(f"could not be reached ({getattr(error, 'strerror', None) or error})") from None
    for *_, address in found:
        ip = ipaddress.ip_address(str(address[0]).split("%", 1)[0])
        # Not global: loopback, private, link-local, reserved, shared (100.64.0.0/10, a carrier's or a VPN's).
        if not ip.is_global or ip.is_multicast:
            return f"{host} is this computer or a private network ({ip}), which an import never fetches from"
    return None


class Watchdog:
    """One deadline for a picture, whatever its server does: at the
    deadline, every connection made for it is shut (a read waiting on it
    returns at once), so a server trickling its headers (which urllib reads
    before any byte of the picture, each read waiting up to READ_WAIT anew)
    is stopped too. By hand: urllib's timeout is per read, never overall."""

    def __init__(self, seconds: float):
        self.sockets: list[socket.socket] = []
        self.fired = False
        self.lock = threading.Lock()
        self.timer = threading.Timer(seconds, self.fire)
        self.timer.daemon = True

    def __enter__(self) -> Watchdog:
        self.timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self.timer.cancel()

    def fire(self) -> None:
        with self.lock:
            self.fired = True
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def watch(self, sock: socket.socket) -> None:
        with self.lock:
            self.sockets.append(sock)
            if self.fired:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


def watched(base: type[http.client.HTTPConnection], watchdog: Watchdog):
    """A connection class of urllib's (http or https) whose socket the watchdog may shut."""

    class Watched(base):
        def connect(self):
            super().connect()
            watchdog.watch(self.sock)

    return Watched


class WatchedHTTP(urllib.request.HTTPHandler):
    def __init__(self, watchdog: Watchdog):
        super().__init__()
        self.watchdog = watchdog

    def http_open(self, req):
        return self.do_open(watched(http.client.HTTPConnection, self.watchdog), req)


class WatchedHTTPS(urllib.request.HTTPSHandler):
    def __init__(self, watchdog: Watchdog):
        super().__init__()
        self.watchdog = watchdog

    def https_open(self, req):
        return self.do_open(
            watched(http.client.HTTPSConnection, self.watchdog), req, context=ssl.create_default_context()
        )


class Redirects(urllib.request.HTTPRedirectHandler):
    """Redirects followed only to http and https, at most MAX_REDIRECTS,
    each new host checked as the first was."""

    max_redirections = MAX_REDIRECTS

    def __init__(self, allow_local: bool):
        super().__init__()
        self.allow_local = allow_local

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: PLR0917 - urllib's own signature
        parts = urlsplit(newurl)
        if parts.scheme not in ("http", "https"):
            raise NotFetched(f"the old site sent it on to {parts.scheme or 'an'}: address, which is not fetched")
        if not self.allow_local and (why := private_host(parts.hostname or "")):
            raise NotFetched(f"the old site sent it on: {why}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch_picture(url: str, *, allow_local: bool = False, deadline: float = DEADLINE,
                  budget: int = MAX_PICTURE) -> tuple[bytes, str]:  # fmt: skip
    """The picture at `url` and its extension, saved again without what its
    file says of the camera, the place or the owner (see `clean`). Only
    http and https (never a file of this computer), never this computer or
    its networks unless `allow_local` (the tests' own server), at most
    MAX_PICTURE bytes (and `budget`, what is left of the import's
    MAX_IMPORT) within `deadline` seconds in all, and only what Pillow reads
    as one of PICTURES."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise NotFetched("not a web address")
    if not allow_local and (why := private_host(parts.hostname)):
        raise NotFetched(why)
    limit = min(MAX_PICTURE, budget)
    if limit <= 0:
        raise NotFetched(f"the import has fetched {MAX_IMPORT // (1024 * 1024)} MB of pictures already")
    if deadline <= 0:
        raise NotFetched("its server took longer than 0 seconds to send it")
    request = urllib.request.Request(url, headers={"User-Agent": "branch-blog-import"})
    watchdog = Watchdog(deadline)
    opener = urllib.request.build_opener(Redirects(allow_local), WatchedHTTP(watchdog), WatchedHTTPS(watchdog))
    end = time.monotonic() + deadline
    try:
        # Each read waits at most READ_WAIT; the deadline is checked between reads, and the watchdog shuts
        # the connection at the deadline whatever is being read (the status line, a header, the picture).
        with watchdog, opener.open(request, timeout=min(deadline, READ_WAIT)) as response:
            chunks, size = [], 0
            while size <= limit:
                left = end - time.monotonic()
                if left <= 0:
                    raise NotFetched(f"its server took longer than {deadline:g} seconds to send it")
                chunk = response.read1(CHUNK) if hasattr(response, "read1") else response.read(CHUNK)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            data = b"".join(chunks)
    except NotFetched:
        raise
    except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as error:
        raise not_fetched(error, deadline, watchdog) from None
    if watchdog.fired:  # shut at the deadline: what was read is not the whole picture
        raise NotFetched(f"its server took longer than {deadline:g} seconds to send it")
    if len(data) > limit:
        if limit < MAX_PICTURE:
            raise NotFetched(f"the import has fetched {MAX_IMPORT // (1024 * 1024)} MB of pictures already")
        raise NotFetched(f"larger than {MAX_PICTURE // (1024 * 1024)} MB")
    return clean(data)


def not_fetched(error: Exception, deadline: float, watchdog: Watchdog) -> NotFetched:
    """Why a fetch that failed failed, in plain words."""
    if watchdog.fired or isinstance(error, TimeoutError):
        return NotFetched(f"its server took longer than {deadline:g} seconds to send it")
    if isinstance(error, urllib.error.HTTPError):
        if error.code in (301, 302, 303, 307, 308):
            return NotFetched(f"the old site sent it on more than {MAX_REDIRECTS} times, or in a circle")
        return NotFetched(f"the old site answered {error.code}")
    return NotFetched(f"could not be reached ({getattr(error, 'reason', error)})")


def clean(data: bytes) -> tuple[bytes, str]:
    """The picture saved again by Pillow, as the same kind, with nothing of
    its file's metadata (EXIF with its GPS place and camera owner, XMP,
    ICC profile, comments): turned first as its EXIF said it was shown
    (exif_transpose). A picture larger than Pillow's MAX_IMAGE_PIXELS (a
    "decompression bomb": a small file that would fill the memory) is
    refused."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as picture:
                kind = picture.format
                if kind not in PICTURES:
                    raise NotFetched(f"a {kind} picture, which the site does not publish")
                frames = getattr(picture, "n_frames", 1)
                # Pillow's MAX_IMAGE_PIXELS is for one frame; an animation's frames are each decoded again.
                if frames * picture.width * picture.height > MAX_ALL_FRAMES:
                    raise NotFetched(
                        f"refused: too large ({frames} frames of {picture.width} x {picture.height} pixels, more "
                        f"than the {MAX_ALL_FRAMES // 1_000_000} million pixels in all that a picture of the site "
                        "may have)"
                    )
                picture.load()
                out = io.BytesIO()
                if frames > 1:
                    # An animation (GIF, WebP): its frames and timing, nothing else.
                    picture.info.pop("comment", None)
                    picture.save(out, format=kind, save_all=True, exif=b"", icc_profile=None, xmp=b"")
                else:
                    shown = ImageOps.exif_transpose(picture)
                    shown.info = {}
                    options = {"quality": 95} if kind in ("JPEG", "WEBP") else {}
                    if kind in ("GIF", "PNG") and "transparency" in picture.info:  # a palette's see-through colour
                        options["transparency"] = picture.info["transparency"]
                    shown.save(out, format=kind, **options)
    except NotFetched:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise NotFetched("refused: too large (more pixels than a picture of the site may have)") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise NotFetched("not a picture") from None
    return out.getvalue(), PICTURES[kind]


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
