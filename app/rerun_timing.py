"""Opt-in timing of every script run on the server, for the load test (``bench/load.py``).

A latency measured in a browser mixes the server's work with the browser's own rendering; on a
machine where both share the CPU the two cannot be told apart from outside. With
``LAB_RERUN_TIMES=/some/file`` set, each full script run appends one JSON line
``{"t": <unix time>, "page": <url path>, "s": <seconds>, "end": "done" | <exception name>}`` to that
file: the time from the top of ``app/Home.py`` to the end of the page's script, waits for the GIL
(other sessions' work) included, the browser excluded. Unset (the default), nothing is measured or
written. Fragment reruns (a job's progress bar) do not pass through here.

    >>> import json, os, tempfile, time
    >>> os.environ[ENV] = path = os.path.join(tempfile.mkdtemp(), "reruns.jsonl")
    >>> with timed_rerun("analogies", time.perf_counter()):
    ...     pass
    >>> run = json.loads(open(path).read()); (run["page"], run["end"], run["s"] >= 0)
    ('analogies', 'done', True)
    >>> del os.environ[ENV]
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

ENV = "LAB_RERUN_TIMES"


def rerun_log_path() -> str | None:
    """The file to append to, or None when timing is off."""
    return os.environ.get(ENV) or None


@contextmanager
def timed_rerun(page: str, started: float) -> Iterator[None]:
    """Time the script run from ``started`` (``time.perf_counter()`` at the top of the entrypoint)."""
    path = rerun_log_path()
    if path is None:
        yield
        return
    end = "done"
    try:
        yield
    except BaseException as exc:  # Streamlit's rerun/stop are exceptions: record them, then let them go
        end = type(exc).__name__
        raise
    finally:
        line = json.dumps({"t": time.time(), "page": page, "s": round(time.perf_counter() - started, 6), "end": end})
        with open(path, "a", encoding="utf-8") as out:  # one short write per run: lines do not interleave
            out.write(line + "\n")
