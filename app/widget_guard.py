"""A guard Streamlit lacks: an integer number box sent NaN or ±infinity.

Every number box travels over the websocket as a double, so a crafted client (not the browser's box,
which refuses such text) can send NaN or ±inf to a box of integers. Streamlit turns a non-finite
value into the box's default for float boxes, but calls ``int(value)`` for integer boxes first, and
the page shows a ``ValueError`` traceback. ``install()`` gives integer boxes the float boxes' rule:
a non-finite value becomes the default, silently (tests/hostile/test_urls.py).
"""

from __future__ import annotations

import math


def install() -> None:
    """Patch ``NumberInputSerde.deserialize`` once per process (nothing if Streamlit moved it)."""
    try:
        from streamlit.elements.widgets.number_input import NumberInputSerde
    except ImportError:  # pragma: no cover - another Streamlit layout: its own behaviour stands
        return
    if getattr(NumberInputSerde, "_lab_non_finite_guard", False):
        return
    original = NumberInputSerde.deserialize

    def deserialize(self, ui_value):
        if isinstance(ui_value, float) and not math.isfinite(ui_value):
            ui_value = None  # Streamlit reads None as "the box's default"
        return original(self, ui_value)

    NumberInputSerde.deserialize = deserialize
    NumberInputSerde._lab_non_finite_guard = True
