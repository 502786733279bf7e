"""The progress-reporting convention shared by every long-running function in ``analysis``.

A long function takes ``progress: ProgressFn | None``, calls it with a fraction in [0, 1] and a short
English message, and never knows whether a Streamlit bar, a terminal, or nothing is listening.
A progress function may raise ``StopRequested`` to end the work early; functions that support
stopping catch it and return what they have so far.
"""

from __future__ import annotations

from typing import Callable, Optional

ProgressFn = Callable[[float, str], None]


class StopRequested(Exception):
    """Raised by a progress callback when the user pressed Stop."""


def report(progress: Optional[ProgressFn], fraction: float, message: str = "") -> None:
    """Call ``progress`` if there is one, with the fraction clipped to [0, 1]."""
    if progress is not None:
        progress(min(1.0, max(0.0, float(fraction))), message)


def subrange(progress: Optional[ProgressFn], start: float, stop: float, prefix: str = "") -> Optional[ProgressFn]:
    """A progress function for one step of a longer job: its 0–1 maps onto ``start``–``stop``.

    ``prefix`` is put before each message (``"Google analogies: "``); None stays None.

        >>> seen = []
        >>> step = subrange(lambda f, m: seen.append((round(f, 2), m)), 0.5, 0.9, "step 2: ")
        >>> step(0.5, "half")
        >>> seen
        [(0.7, 'step 2: half')]
    """
    if progress is None:
        return None
    return lambda fraction, message="": report(progress, start + (stop - start) * fraction, prefix + message)
