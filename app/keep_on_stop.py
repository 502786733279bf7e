"""Stop that keeps what was done: a click during a long run ends it with a partial result.

Streamlit answers a click during a run by raising its rerun exception from the next ``st.*`` call
— here the progress bar's update — which would unwind through the simulation and lose every step
finished so far. ``KeepOnStop`` wraps the progress function: it catches that exception and raises
``analysis.progress.StopRequested`` instead, so the analysis function returns its partial result;
``resume()`` then re-raises the original rerun (after the caller stored the result), so the click
and its widget values take effect exactly as Streamlit intended.
"""

from __future__ import annotations

from analysis.progress import ProgressFn, StopRequested

try:  # the class Streamlit raises for a rerun; its module moved between releases
    from streamlit.runtime.scriptrunner_utils.exceptions import RerunException
except ImportError:  # pragma: no cover - older Streamlit
    from streamlit.runtime.scriptrunner.script_runner import RerunException  # type: ignore[no-redef]


class KeepOnStop:
    """A ``ProgressFn`` that turns Streamlit's mid-run rerun into ``StopRequested`` (and remembers it)."""

    def __init__(self, progress: ProgressFn):
        self.progress = progress  # the real progress function (a Streamlit bar)
        self.interrupt: RerunException | None = None  # the rerun caught, re-raised by resume()

    def __call__(self, fraction: float, message: str = "") -> None:
        if self.interrupt is not None:  # already stopping: touch no widget again
            raise StopRequested
        try:
            self.progress(fraction, message)
        except RerunException as exc:
            self.interrupt = exc
            raise StopRequested from None

    @property
    def stopped(self) -> bool:
        return self.interrupt is not None

    def resume(self) -> None:
        """Let the rerun that stopped the run happen now (nothing when the run finished)."""
        if self.interrupt is not None:
            raise self.interrupt
