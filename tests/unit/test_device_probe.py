"""``probe_device_info``: the device described by a child process, equal to ``describe_device`` here."""

from __future__ import annotations

import subprocess
import sys

from analysis import device
from analysis.device import DeviceInfo, describe_device, probe_device_info


def test_the_probe_describes_the_same_device_as_this_process():
    assert probe_device_info() == describe_device()
    assert probe_device_info("cpu") == describe_device("cpu")


def test_the_probe_does_not_import_torch_into_the_caller():
    script = "import sys; from analysis.device import probe_device_info; info = probe_device_info(); print(info.device, 'torch' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    name, torch_loaded = done.stdout.split()
    assert name in {"cpu", "cuda", "mps"}
    assert torch_loaded == "False"


def test_a_child_that_fails_gives_the_cpu_with_a_note(monkeypatch):
    monkeypatch.setattr(device, "_PROBE", "raise SystemExit('libcuda.so: cannot open shared object file')")
    info = probe_device_info()
    assert info.device == "cpu" and info.torch_version == "unknown"
    assert info.note is not None and "libcuda.so" in info.note and info.note.endswith("assuming the CPU.")


def test_a_child_that_hangs_gives_the_cpu_with_a_note(monkeypatch):
    monkeypatch.setattr(device, "_PROBE", "import time; time.sleep(30)")
    info = probe_device_info(timeout_s=1)
    assert info.device == "cpu"
    assert "did not answer within 1 s" in info.note


def test_a_child_that_prints_nonsense_gives_the_cpu_with_a_note(monkeypatch):
    monkeypatch.setattr(device, "_PROBE", "print('{\"device\": \"cpu\"}')")  # fields missing
    info = probe_device_info()
    assert isinstance(info, DeviceInfo) and info.device == "cpu" and "probe failed" in info.note
