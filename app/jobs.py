"""Long runs in a background worker with Stop, a heartbeat and cancel-when-the-browser-is-gone.

A Streamlit script thread dies at its next ``st`` call when the user clicks anything (a rerun) or
closes the browser; work done *in* that thread is lost, and a worker it merely started trains on
unseen. So a long run is a ``Job``: it runs ``fn(progress=…)`` in a worker thread and keeps, for
whoever asks, the latest fraction and message, a snapshot the work may publish (e.g. the loss so
far), the result or the error. The job lives in the session (``JobBoard`` over
``st.session_state``), so any later rerun finds it and keeps drawing its bar.

The worker never calls ``st.*``. It is ended only through its own progress callback, which raises
``StopRequested`` once the job is cancelled — by Stop, by a heartbeat that stopped coming (nobody
polls any more) or by a liveness check that says the session is gone. Functions that support
stopping catch it and return what they trained so far; that is the job's result.

The core below has no Streamlit in it; ``app/jobs_view.py`` draws a job on a page.

>>> job = Job("double", lambda progress: 2 * 21).start()
>>> job.wait(5), job.state, job.outcome()
(True, 'done', 42)
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from analysis.progress import StopRequested

log = logging.getLogger("bias-lab.jobs")

BOARD_KEY = "jobs"  # the session_state entry that holds a session's jobs, by slot


@dataclass(frozen=True)
class JobPolicy:
    """When a job gives up on its session by itself."""

    heartbeat_s: float | None = 30.0  # cancel when nobody called beat() for this long; None = never
    gone_grace_s: float = 5.0  # cancel when ``alive()`` has said False for this long (a reconnect may come)


class Job:
    """One background run: ``fn(progress=…)`` in a daemon thread, observed from any thread.

    ``state`` is ``"running"``, ``"done"`` (a result; it may be a stopped run's partial result),
    ``"failed"`` (an error, re-raised by ``outcome()``) or ``"cancelled"`` (stopped before the
    work had anything to keep: the function let ``StopRequested`` out).
    """

    def __init__(
        self,
        name: str,
        fn: Callable[..., Any],
        policy: JobPolicy | None = None,
        alive: Callable[[], bool] | None = None,
        clock: Callable[[], float] = time.monotonic,
        owner: Any = None,
        publishes: bool = False,
    ):
        self.name = name
        self.fn = fn
        self.owner = owner  # what the job works on (the page's model), to tell its job from an older one
        self.publishes = publishes  # call fn(progress=…, publish=…) so the work can hand out snapshots
        self.policy = policy or JobPolicy()
        self.alive = alive  # is the session that started the job still there? (None: not known)
        self.clock = clock
        self.fraction = 0.0
        self.message = ""
        self.snapshot: Any = None  # whatever the work publishes for the page to draw (read-only there)
        self.result: Any = None
        self.error: BaseException | None = None
        self.state = "running"
        self.cancel_reason: str | None = None  # "stop" (the button), "heartbeat lost", "session gone"
        self.cancel = threading.Event()
        self.started = self.last_beat = clock()
        self._gone_since: float | None = None
        self._finished = threading.Event()
        self.thread = threading.Thread(target=self._work, name=f"job-{name}", daemon=True)

    # --- the worker side ------------------------------------------------------------------------
    def start(self) -> "Job":
        self.thread.start()
        return self

    def progress(self, fraction: float, message: str = "") -> None:
        """The ``ProgressFn`` handed to the work: records, checks the session, raises once cancelled."""
        self.fraction, self.message = float(fraction), message
        self._check_session()
        if self.cancel.is_set():
            raise StopRequested(self.cancel_reason or "stop")

    def publish(self, snapshot: Any) -> None:
        """Hand the page something to draw (a copy: the worker goes on changing its own objects)."""
        self.snapshot = snapshot

    def _check_session(self) -> None:
        if self.cancel.is_set():
            return
        now = self.clock()
        heartbeat = self.policy.heartbeat_s
        if heartbeat is not None and now - self.last_beat > heartbeat:
            self.stop("heartbeat lost")
            return
        if self.alive is None:
            return
        try:
            alive = bool(self.alive())
        except Exception:  # noqa: BLE001 - a liveness probe that fails says nothing either way
            return
        if alive:
            self._gone_since = None
        elif self._gone_since is None:
            self._gone_since = now
        elif now - self._gone_since >= self.policy.gone_grace_s:
            self.stop("session gone")

    def _work(self) -> None:
        try:
            extra = {"publish": self.publish} if self.publishes else {}
            self.result = self.fn(progress=self.progress, **extra)
            self.state = "done"
        except StopRequested:
            self.state = "cancelled"
        except BaseException as exc:  # noqa: BLE001 - handed to the page thread by outcome()
            self.error = exc
            self.state = "failed"
        finally:
            seconds = self.clock() - self.started
            if self.cancel_reason in ("heartbeat lost", "session gone"):
                log.warning("job %s worker ended after %.1f s (%s, %s)", self.name, seconds, self.cancel_reason, self.state)
            else:
                log.info("job %s worker ended after %.1f s (%s)", self.name, seconds, self.state)
            self._finished.set()

    # --- the page side --------------------------------------------------------------------------
    def beat(self) -> None:
        """The page is still looking: postpones the heartbeat cancel."""
        self.last_beat = self.clock()

    def stop(self, reason: str = "stop") -> None:
        """Ask the work to end at its next progress report (what it trained so far is kept)."""
        if self.cancel.is_set() or self.done:
            return
        self.cancel_reason = reason
        self.cancel.set()
        if reason != "stop":
            log.warning("job %s cancelled: %s", self.name, reason)

    @property
    def done(self) -> bool:
        return self._finished.is_set()

    @property
    def stopped(self) -> bool:
        """Ended by a cancel (Stop or a lost session), with or without a partial result."""
        return self.cancel_reason is not None and self.done

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the worker ends (True) or ``timeout`` seconds pass (False)."""
        return self._finished.wait(timeout)

    def outcome(self) -> Any:
        """The result; the work's error is re-raised here, in the caller's (the page's) thread."""
        if not self.done:
            raise RuntimeError(f"job {self.name} is still running")
        if self.error is not None:
            raise self.error
        return self.result


class JobBoard:
    """A session's jobs by slot ("word2vec", "autoencoder"), kept in a mapping (``st.session_state``).

    Each session has its own board, so two sessions' jobs never see each other.

    >>> board = JobBoard({})
    >>> job = board.start("sum", lambda progress: sum(range(10)))
    >>> job.wait(5) and board.take("sum").outcome(), board.get("sum")
    (45, None)
    """

    def __init__(self, store: MutableMapping[str, Any], policy: JobPolicy | None = None, alive: Callable[[], bool] | None = None):
        self.store, self.policy, self.alive = store, policy, alive

    @property
    def _jobs(self) -> dict[str, Job]:
        if BOARD_KEY not in self.store:
            self.store[BOARD_KEY] = {}
        return self.store[BOARD_KEY]

    def start(self, slot: str, fn: Callable[..., Any], owner: Any = None, publishes: bool = False) -> Job:
        """Start ``fn`` in ``slot``; a job still running there is stopped first (one run per slot)."""
        self.stop(slot)
        job = Job(slot, fn, self.policy, self.alive, owner=owner, publishes=publishes)
        self._jobs[slot] = job
        return job.start()

    def get(self, slot: str) -> Job | None:
        return self._jobs.get(slot)

    def stop(self, slot: str, wait_s: float = 30.0) -> Job | None:
        """Stop the slot's job, wait (up to ``wait_s``) for its worker to end, and remove it."""
        job = self._jobs.pop(slot, None)
        if job is not None and not job.done:
            job.stop()
            job.wait(wait_s)
        return job

    def take(self, slot: str) -> Job | None:
        """Remove and return a slot's job (the page does so once it has used a finished one)."""
        return self._jobs.pop(slot, None)

    def running(self) -> list[Job]:
        return [job for job in self._jobs.values() if not job.done]
