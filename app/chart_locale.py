"""Charts' own numbers (axis ticks, tooltips) in the reader's language: 0,5 and 1.000 in German.

Vega-Lite formats tick labels itself, so catalogue strings cannot reach them; its ``config.locale``
can. One Altair theme, enabled once at start, adds the German number locale to every chart built
in a German session. Altair applies the active theme inside ``chart.to_dict()``, which Streamlit
calls in the session's own script thread, so each session gets its own language even though the
theme registry is process-wide. In an English session the theme adds nothing, exactly as
Streamlit's own switch to the "none" theme does; outside a script run (library tests, the CLI,
the report's offline SVGs) it is Altair's default theme, so nothing changes there.

>>> german_locale()["number"]["decimal"], german_locale()["number"]["thousands"]
(',', '.')
"""

from __future__ import annotations

from typing import Any

import altair as alt

THEME = "lab-language"  # the registered theme's name
_previous: list = []  # the theme that was active before ours (Altair's default): used outside script runs


def german_locale() -> dict[str, Any]:
    """d3-format's number locale for German (as Vega-Lite's ``config.locale`` takes it)."""
    return {"number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", "\u00a0€"]}}


def theme_for(language: str | None) -> dict[str, Any]:
    """The theme's spec: ``language`` is the session's, or None outside a script run."""
    if language is None:
        return (_previous[0] if _previous else alt.theme.get())()
    if language == "de":
        return {"config": {"locale": german_locale()}}
    return {}


def _session_language() -> str | None:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if get_script_run_ctx(suppress_warning=True) is None:
        return None
    from app.i18n import current_language

    return current_language()


def install() -> None:
    """Register and enable the theme (idempotent: every rerun of the entrypoint calls it)."""
    if alt.theme.active != THEME:
        _previous[:] = [alt.theme.get()]
        alt.theme.register(THEME, enable=True)(lambda: theme_for(_session_language()))
