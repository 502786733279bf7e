from streamlit.testing.v1 import AppTest

from tests.app.conftest import ENTRYPOINT, assert_clean, open_page


def test_home_shows_default_embedding_and_device():
    at = AppTest.from_file(ENTRYPOINT, default_timeout=120).run()
    assert_clean(at)
    values = [m.value for m in at.metric]
    assert "glove-6b-50d" in values
    assert any(v in ("CPU", "CUDA", "MPS") for v in values)


def test_switch_to_german_translates_the_page():
    at = AppTest.from_file(ENTRYPOINT, default_timeout=120).run()
    at.sidebar.radio(key="lang").set_value("de").run()
    assert_clean(at)
    assert at.title[0].value == "Bias- & Embedding-Labor"
    assert "PyTorch-Gerät" in [m.label for m in at.metric]


def test_home_page_through_navigation():
    at = open_page("home.py")
    assert_clean(at)


def test_home_links_every_other_page_with_a_description():
    from app.navigation import NAVIGATION, PAGES_DIR

    at = AppTest.from_file(ENTRYPOINT, default_timeout=120).run()
    assert_clean(at)
    labels = [link.proto.label for link in at.get("page_link")]
    expected = [f for _, f, _, _, _ in NAVIGATION if f != "home.py" and (PAGES_DIR / f).exists()]
    assert len(labels) == len(expected) == 10  # nine analysis pages and the Lesson
    assert "**Analogies**" in labels and "**Audit report**" in labels
    assert not any("⟨" in c.value for c in at.caption)


def test_home_describes_the_device_without_loading_torch():
    """Opening the root URL (Home) must not load PyTorch into the server: ~165 MB per process."""
    import subprocess
    import sys
    import textwrap

    from tests.app.conftest import ROOT

    script = textwrap.dedent(
        """
        import sys
        from streamlit.testing.v1 import AppTest
        at = AppTest.from_file("app/Home.py", default_timeout=300).run()
        assert not at.exception, [e.value for e in at.exception]
        values = [m.value for m in at.metric]
        assert any(v in ("CPU", "CUDA", "MPS") for v in values), values
        print("TORCH" if "torch" in sys.modules else "NO-TORCH")
        """
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == "NO-TORCH"


def test_a_failed_device_probe_is_a_visible_note(monkeypatch):
    from analysis.device import DeviceInfo
    from app import state

    state.device_info.clear()
    guess = DeviceInfo("cpu", "CPU (2 cores)", "unknown", note="the device probe failed (boom); assuming the CPU.")
    monkeypatch.setattr("analysis.device.probe_device_info", lambda: guess)
    try:
        at = AppTest.from_file(ENTRYPOINT, default_timeout=120).run()
        assert_clean(at)
        assert "CPU" in [m.value for m in at.metric]
        assert any("the device probe failed (boom)" in c.value for c in at.caption)
    finally:
        state.device_info.clear()
