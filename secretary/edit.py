"""Write in the web editor on this computer: `make edit`.

Starts the two things the editor needs, together, and stops both on Ctrl+C:

- the editor's local backend (admin/local-backend.js: Decap CMS's own
  decap-server, from admin/node_modules, installed by `make edit` with npm):
  the editor reads and saves the files in content/ on this computer, with
  no sign-in and no git;
- the preview (make devserver), which serves the editor at /admin/ and the
  site beside it, and rebuilds the site when the editor saves a file.

Then it prints both addresses and opens them in the browser (where there
is a screen). Only this command and the editor's tests need node; make html
and make publish never do."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import webbrowser
from pathlib import Path

from pelican.settings import read_settings

from publishing.headers import editor_folder

from .preview import server as preview

EDITOR_SOURCE = Path(__file__).resolve().parents[1] / "admin"
# How long the backend and the first build may take to answer.
BACKEND_SECONDS = 20
PREVIEW_SECONDS = 300
NO_NODE = (
    "error: make edit needs Node.js (node and npm) for the editor's local backend; install it "
    "(Debian: sudo apt-get install nodejs npm; or run .ci/install-system-packages), then run make edit again. "
    "make html, make devserver and make publish do not need it."
)


def backend_command(source: Path) -> list[str] | None:
    """node and the local backend's script, or None when node or the
    backend's packages are missing."""
    node = shutil.which("node")
    if node is None or not (source / "node_modules" / "decap-server").is_dir():
        return None
    return [node, str(source / "local-backend.js")]


def answers(host: str, port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.5):
        return True
    return False


def start_backend(command: list[str], *, port: int, origin: str, repository: Path, stream) -> subprocess.Popen | None:
    """The local backend, in a process group of its own (Ctrl+C is this
    command's, which stops it), once it listens; None when it stopped."""
    env = {**os.environ, "PORT": str(port), "ORIGIN": origin, "GIT_REPO_DIRECTORY": str(repository)}
    env.setdefault("LOG_LEVEL", "warn")
    process = subprocess.Popen(command, env=env, cwd=Path(command[1]).parent, process_group=0)
    deadline = time.monotonic() + BACKEND_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return None
        if answers("127.0.0.1", port):
            return process
        time.sleep(0.1)
    preview.terminate(process)
    print(f"error: the editor's local backend did not start within {BACKEND_SECONDS} seconds.", file=stream)
    return None


def has_screen() -> bool:
    """Whether a browser window can be opened: anywhere but a Linux or BSD
    without a display, where Python's webbrowser would take over the
    terminal with a text browser."""
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def open_when_ready(urls: list[str], stop_event: threading.Event) -> None:
    """Opens the addresses once the preview answers (after its first build)."""
    deadline = time.monotonic() + PREVIEW_SECONDS
    while time.monotonic() < deadline and not stop_event.is_set():
        with contextlib.suppress(OSError), urllib.request.urlopen(urls[-1], timeout=2):
            for url in urls:
                webbrowser.open(url)
            return
        stop_event.wait(0.5)


def run(args) -> int:
    """`python -m secretary edit`: make edit."""
    stream = args.stream
    settings = read_settings(str(args.settings.resolve()))
    folder = editor_folder(settings)
    if not folder:
        print('error: the web editor is switched off (EDITOR_SAVE_AS = "" in the settings).', file=stream)
        return 2
    content = args.content.resolve() if args.content else Path(settings["PATH"]).resolve()
    command = backend_command(Path(settings.get("EDITOR_SOURCE") or EDITOR_SOURCE))
    if command is None:
        print(NO_NODE if shutil.which("node") is None else "error: the editor's packages are missing: run make edit, "
              "which installs them (npm ci in admin/).", file=stream)  # fmt: skip
        return 2
    site = f"http://{args.host}:{args.port}"
    # The editor's settings name the folders as content/..., inside the
    # folder that holds content/: the backend serves that folder.
    backend = start_backend(command, port=args.editor_port, origin=site, repository=content.parent, stream=stream)
    if backend is None:
        print(
            f"error: the editor's local backend could not start on port {args.editor_port}; the lines above say "
            f"why (another make edit? try make edit EDITOR_PORT={args.editor_port + 1}).",
            file=stream,
        )
        return 1
    # The preview's builds (in processes of their own) give the editor this port.
    os.environ["EDITOR_PORT"] = str(args.editor_port)
    urls = [f"{site}/{folder}/", f"{site}/"]
    print(
        f"Editor:  {urls[0]}  (it saves into {content.name}/ on this computer)\n"
        f"Preview: {urls[1]}  (rebuilt whenever the editor saves)\n"
        f"Local editor backend: http://127.0.0.1:{args.editor_port}/api/v1\n"
        "Press Ctrl+C to stop both.",
        file=stream,
        flush=True,
    )
    done = threading.Event()
    if args.browser and has_screen():
        threading.Thread(target=open_when_ready, args=(urls, done), daemon=True).start()
    try:
        return preview.run(args)
    finally:
        done.set()
        preview.terminate(backend)
