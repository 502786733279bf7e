"""The one place that decides where tensors live: CUDA, then Apple's MPS, then the CPU.

Everything else takes a ``device`` argument (a string such as ``"cuda"`` or ``"cpu"``) and never
probes hardware itself, so tests can force the CPU and a page can show what will be used.

    >>> from analysis.device import pick_device
    >>> pick_device() in {"cuda", "mps", "cpu"}
    True
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, fields


def pick_device(prefer: str | None = None) -> str:
    """Return ``"cuda"``, ``"mps"`` or ``"cpu"``.

    ``prefer`` (or the environment variable ``LAB_DEVICE``) forces a device, e.g. ``"cpu"`` for a
    reproducible run; an unavailable preference falls back to the automatic choice.
    """
    import torch  # imported lazily: the embedding pages must not pay torch's import time

    wanted = (prefer or os.environ.get("LAB_DEVICE") or "").strip().lower()
    available = {"cpu": True, "cuda": torch.cuda.is_available(), "mps": _mps_available(torch)}
    if wanted in available and available[wanted]:
        return wanted
    for name in ("cuda", "mps"):
        if available[name]:
            return name
    return "cpu"


DEVICES = ("cpu", "cuda", "mps")


def resolve_device(requested: str | None = None) -> tuple[str, str | None]:
    """The device to use for ``requested`` (a name, or None for automatic) and a note to show, if any.

    An unknown name is a user error; a known device that is absent here falls back to the CPU (or
    the automatic choice) with a note saying so, which the page and the CLI show.

        >>> resolve_device("cpu")
        ('cpu', None)
    """
    from analysis.errors import AnalysisError

    wanted = (requested or "").strip().lower()
    if requested is not None and wanted not in DEVICES:
        raise AnalysisError(f"Unknown device '{requested}'; choose cpu, cuda or mps.")
    env = os.environ.get("LAB_DEVICE", "").strip().lower()
    if not wanted and env and env not in DEVICES:
        device = pick_device("")
        return device, f"LAB_DEVICE={env} is not a device (cpu, cuda or mps); using {device}."
    device = pick_device(wanted or None)
    wanted = wanted or env
    if wanted and device != wanted:
        return device, f"{wanted.upper()} is not available on this machine; using {device.upper() if device != 'cpu' else 'the CPU'} instead."
    return device, None


def out_of_memory_message(task: str, smaller: str) -> str:
    """One sentence for a GPU that ran out of memory during ``task``, suggesting ``smaller`` settings."""
    return f"The GPU ran out of memory {task}; nothing else was lost — try {smaller}, or the CPU (LAB_DEVICE=cpu)."


def _mps_available(torch_module) -> bool:
    backend = getattr(torch_module.backends, "mps", None)
    return bool(backend is not None and backend.is_available())


@dataclass(frozen=True)
class DeviceInfo:
    """What the Home page shows about the compute device."""

    device: str  # "cuda", "mps" or "cpu"
    name: str  # human-readable name, e.g. "NVIDIA H200" or "CPU (2 threads)"
    torch_version: str  # torch.__version__
    note: str | None = None  # why the description is a guess (the probe failed), else None


def describe_device(device: str | None = None) -> DeviceInfo:
    """Describe ``device`` (default: the automatic choice) for display."""
    import torch

    device = device or pick_device()
    if device == "cuda":
        name = torch.cuda.get_device_name(0)
    elif device == "mps":
        name = "Apple GPU (MPS)"
    else:
        name = f"CPU ({torch.get_num_threads()} threads)"
    return DeviceInfo(device=device, name=name, torch_version=torch.__version__)


# The child process that describes the device: importing torch costs ~150 MiB resident for the rest of
# a process's life, and Home only needs one line of text about the device.
_PROBE = "import json, sys; from dataclasses import asdict; from analysis.device import describe_device; print(json.dumps(asdict(describe_device(sys.argv[1] or None))))"


def probe_device_info(device: str | None = None, timeout_s: float = 120.0) -> DeviceInfo:
    """``describe_device`` run in a child process, so the caller never imports PyTorch.

    A server process that shows the device on its Home page would otherwise keep PyTorch loaded for
    every session (the class pages do not need it). If the child fails (no torch, a broken CUDA
    driver, a timeout) the answer is the CPU, with a ``note`` that says why.

        >>> info = probe_device_info("cpu")
        >>> info.device, info.note
        ('cpu', None)
    """
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # so the child finds analysis/
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}
    try:
        done = subprocess.run(
            [sys.executable, "-c", _PROBE, device or ""], capture_output=True, text=True, timeout=timeout_s, env=env, cwd=root
        )
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise RuntimeError(last)
        answer = json.loads(done.stdout.strip().splitlines()[-1])
        return DeviceInfo(**{field.name: answer[field.name] for field in fields(DeviceInfo)})
    except subprocess.TimeoutExpired:
        note = f"the device probe did not answer within {timeout_s:g} s"
    except (OSError, RuntimeError, ValueError, TypeError, IndexError, KeyError) as error:
        note = f"the device probe failed ({error})"
    return DeviceInfo(device="cpu", name=f"CPU ({os.cpu_count() or 1} cores)", torch_version="unknown", note=note + "; assuming the CPU.")
