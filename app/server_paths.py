"""The app's side of the server-path setting: which source options a page offers, and the check.

Reading files *on the server* by a typed path is off unless the operator set
``LAB_ALLOW_SERVER_PATHS=1`` or ``LAB_SERVER_PATH_FOLDERS`` (see ``analysis.paths`` and
docs/RELIABILITY.md); uploads always work. Pages drop the "path" option when it is off, and every
read by path goes through ``check`` as well, so a URL or a stale widget cannot get around it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from analysis.paths import server_path, server_paths_enabled


def sources(options: Sequence[str], path_option: str = "path") -> list[str]:
    """``options`` without ``path_option`` when server paths are off.

        >>> import os
        >>> os.environ.pop("LAB_ALLOW_SERVER_PATHS", None) and None
        >>> os.environ.pop("LAB_SERVER_PATH_FOLDERS", None) and None
        >>> sources(["default", "path", "upload"])
        ['default', 'upload']
    """
    return [o for o in options if o != path_option or server_paths_enabled()]


def check(path: str, what: str = "file", folder_ok: bool = False) -> Path:
    """The typed ``path`` if the setting allows it and it is a regular file; else ``PathRefused``."""
    return server_path(path, what, folder_ok=folder_ok)
