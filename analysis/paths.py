"""Which typed paths may be read: only regular files, and on a shared server only where allowed.

Two rules, both checked before a file is opened:

* ``regular_file(path)``: the path must name an ordinary file — not a folder, device, FIFO or
  socket, and nothing under ``/proc``, ``/sys`` or ``/dev`` (``/proc/self/environ`` reports itself
  as a regular file of size 0, and ``/dev/zero`` never ends). The CLI, which runs as the user,
  applies this rule alone.
* ``server_path(path)``: the app applies it on top. Reading the *server's* files because a visitor
  typed a path is off unless the operator turned it on: ``LAB_ALLOW_SERVER_PATHS=1`` allows any
  regular file the server can read; ``LAB_SERVER_PATH_FOLDERS=/data:/srv/corpora`` (``os.pathsep``
  separated) allows only files inside those folders (symbolic links resolved first).

    >>> from analysis.paths import server_paths_enabled
    >>> server_paths_enabled({})
    False
    >>> server_paths_enabled({"LAB_ALLOW_SERVER_PATHS": "1"})
    True
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path

from analysis.errors import AnalysisError

# Pseudo-file systems: their "files" are the kernel's state (environment, memory maps) or devices.
_SYSTEM_ROOTS = (Path("/proc"), Path("/sys"), Path("/dev"))
_TRUE = {"1", "true", "yes", "on"}


class PathRefused(AnalysisError):
    """A typed path that the lab will not read; the message says why and what to do instead."""


def regular_file(path: str | Path, what: str = "file") -> Path:
    """``path`` (``~`` expanded) when it names a readable regular file; else one sentence why not."""
    p = refuse_system_path(path, what)
    try:
        mode = p.stat().st_mode
    except FileNotFoundError:
        raise PathRefused(f"No such {what}: {p}.") from None
    except OSError as exc:
        raise PathRefused(f"Cannot read {p}: {exc.strerror or 'not accessible'}.") from None
    if stat.S_ISDIR(mode):
        raise PathRefused(f"{p} is a folder; give the path of a {what}.")
    if not stat.S_ISREG(mode):
        raise PathRefused(f"{p} is not a regular file (a device, pipe or socket); only regular files are read.")
    if not os.access(p, os.R_OK):
        raise PathRefused(f"Cannot read {p}: permission denied.")
    return p


def refuse_system_path(path: str | Path, what: str = "file") -> Path:
    """``path`` unless it lies under ``/proc``, ``/sys`` or ``/dev`` (for folders, which are not regular files)."""
    p = Path(str(path).strip()).expanduser()
    if any(_is_within(_resolve(p), root) for root in _SYSTEM_ROOTS):
        raise PathRefused(f"{p} is a system file (/proc, /sys or /dev), not a {what}; it is never read.")
    return p


def server_paths_enabled(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the app may read typed server paths at all (either setting present)."""
    environ = os.environ if environ is None else environ
    return environ.get("LAB_ALLOW_SERVER_PATHS", "").strip().lower() in _TRUE or bool(allowed_folders(environ))


def allowed_folders(environ: Mapping[str, str] | None = None) -> list[Path]:
    """The folders of ``LAB_SERVER_PATH_FOLDERS`` (resolved), empty when unset."""
    environ = os.environ if environ is None else environ
    raw = environ.get("LAB_SERVER_PATH_FOLDERS", "")
    return [_resolve(Path(part).expanduser()) for part in raw.split(os.pathsep) if part.strip()]


def server_path(path: str | Path, what: str = "file", environ: Mapping[str, str] | None = None, folder_ok: bool = False) -> Path:
    """A path typed into the app, checked against the server-path setting and ``regular_file``.

    ``folder_ok`` admits a folder (MNIST/CIFAR-10 folders) inside the allowed folders.
    """
    environ = os.environ if environ is None else environ
    if not server_paths_enabled(environ):
        raise PathRefused(
            "Reading files by path on the server is switched off; upload the file instead "
            "(the server's operator can allow it with LAB_ALLOW_SERVER_PATHS=1 or LAB_SERVER_PATH_FOLDERS)."
        )
    p = Path(str(path).strip()).expanduser()
    folders = allowed_folders(environ)
    if folders and environ.get("LAB_ALLOW_SERVER_PATHS", "").strip().lower() not in _TRUE:
        resolved = _resolve(p)
        if not any(_is_within(resolved, folder) for folder in folders):
            shown = ", ".join(str(f) for f in folders)
            raise PathRefused(f"{p} is outside the folders this server reads from ({shown}).")
    if folder_ok and p.is_dir() and not any(_is_within(_resolve(p), root) for root in _SYSTEM_ROOTS):
        return p
    return regular_file(p, what)


def _resolve(p: Path) -> Path:
    try:
        return p.resolve(strict=False)
    except (OSError, RuntimeError):  # a symlink loop: compare the path as typed
        return p.absolute()


def _is_within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


__all__ = ["PathRefused", "allowed_folders", "refuse_system_path", "regular_file", "server_path", "server_paths_enabled"]
