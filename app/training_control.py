"""The Train / Stop / Resume logic of a live training run, as plain Python (no Streamlit).

A Streamlit script reruns on every click, and a training run spans many reruns: the Stop button's
click arrives as a rerun *during* training. So the run's state is two flags kept in the session —
``running`` (train on in this and the next reruns) and ``stopped`` (the user stopped the last run
before its target) — and every button is a transition between them. The page keeps the flags in
``st.session_state``; the tests in a plain dict.

>>> control = TrainingControl({})
>>> control.start(); control.running, control.stopped
(True, False)
>>> control.stop(); control.running, control.stopped, control.can_resume(epochs_done=40, target=200)
(False, True, True)
>>> control.start(); control.finish(); control.running, control.can_resume(epochs_done=200, target=200)
(False, False)
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any


@dataclass
class TrainingControl:
    """The flags of one training slot and the transitions the buttons make."""

    flags: MutableMapping[str, Any]  # where the flags live: st.session_state on a page
    running_key: str = "autoencoder.running"  # flag: training is under way (resumes after any rerun)
    stopped_key: str = "autoencoder.stopped"  # flag: the last run was stopped by the user

    @property
    def running(self) -> bool:
        return bool(self.flags.get(self.running_key))

    @property
    def stopped(self) -> bool:
        return bool(self.flags.get(self.stopped_key))

    def start(self) -> None:
        """Train (a new model) or Resume (the kept one): train from this rerun on."""
        self.flags[self.running_key] = True
        self.flags[self.stopped_key] = False

    def stop(self) -> None:
        """The Stop button: only a running run can be stopped (a stray click changes nothing)."""
        if self.running:
            self.flags[self.running_key] = False
            self.flags[self.stopped_key] = True

    def finish(self) -> None:
        """The run reached its target, or failed (a diverged run must not retry on every rerun)."""
        self.flags[self.running_key] = False

    def can_resume(self, epochs_done: int | None, target: int) -> bool:
        """Resume is offered for a kept model short of the target, while nothing trains."""
        return epochs_done is not None and epochs_done < target and not self.running

    def model_lost(self) -> bool:
        """The model was evicted from the shared store mid-run: stop, and say so (True) once."""
        if self.running:
            self.flags[self.running_key] = False
            return True
        return False
