"""Uploaded files: size checked against the budget, and on disk only while they are being used.

Streamlit holds an upload in memory (limited by ``server.maxUploadSize`` in
``.streamlit/config.toml``, equal to the budget's ``upload_megabytes``). A step that needs a file on
disk — word2vec streams its corpus from a path — gets a private temporary copy that is deleted
when the step ends, whether it succeeded, failed or was stopped; nothing is kept per upload.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator

from analysis import budget


def check_size(name: str, size: int) -> None:
    """Refuse an upload larger than the budget (one sentence naming the limit)."""
    megabytes = -(-int(size) // (1 << 20))  # rounded up: 200.1 MB is over a 200 MB limit
    budget.check("upload_megabytes", megabytes, f"The upload {name}")


@contextlib.contextmanager
def temporary_file(data: bytes, suffix: str = "") -> Iterator[Path]:
    """``data`` in a private temporary file (mode 0600) that is removed when the block ends.

        >>> with temporary_file(b"hello", ".txt") as path:
        ...     path.read_bytes(), path.exists()
        (b'hello', True)
        >>> path.exists()
        False
    """
    handle, name = tempfile.mkstemp(prefix="lab-upload-", suffix=suffix)
    path = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        yield path
    finally:
        path.unlink(missing_ok=True)
