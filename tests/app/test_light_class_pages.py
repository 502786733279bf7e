"""The pages a whole class uses at once (Analogies, WEAT, Feedback loop), opened by a link, do not load PyTorch.

Every server process of a class deployment pays for each import once: PyTorch is ~165 MB resident
per process (bench/load.py, docs/BENCHMARKS.md "Load"), needed only by the autoencoder, latent-space
and lesson pages (Home describes the device from a child process, `probe_device_info`). Checked in a fresh interpreter, since other tests in this process import it.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.app.conftest import ROOT


def test_analogies_weat_and_feedback_pages_run_without_importing_torch():
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from streamlit.testing.v1 import AppTest
        at = AppTest.from_file("app/Home.py", default_timeout=300)
        # a shared link opens a page directly: Home never runs (it does not load torch either: test_home.py)
        for page in ("analogies.py", "weat.py", "feedback_loop.py"):
            at.switch_page(str(Path("pages", page).resolve()))
            at.run()
            assert not at.exception, (page, [e.value for e in at.exception])
        at.button(key="fb_run").click().run()  # a simulation too
        assert not at.exception, [e.value for e in at.exception]
        print("TORCH" if "torch" in sys.modules else "NO-TORCH")
        """
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == "NO-TORCH"
