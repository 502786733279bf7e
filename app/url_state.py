"""One declarative binder between a page's inputs and the URL, so a shared link reproduces the view.

A page lists its fields once — URL parameter, session-state key of the widget, type, default, bounds
or allowed choices — and calls ``binder.restore(st.session_state, st.query_params)`` before drawing its
widgets and ``binder.publish(st.session_state, st.query_params)`` after. Then:

* on the page's first run in a session the URL wins; a value that does not parse, lies outside the
  bounds or is not one of the choices falls back to the default *without an error* (a link is not
  a form to be corrected, and a hostile link must not be able to make noise);
* afterwards the widgets win, and the URL mirrors them (other parameters such as ``lang`` are kept);
* the inputs survive navigation: Streamlit forgets the widget state of a page that is not drawn,
  so the binder keeps a shadow copy and puts it back on the next visit.

Both functions take plain mappings, so the binder is tested without Streamlit.

>>> b = UrlBinder("demo.", [Field("k", "topn", int, 10, low=1, high=50), Field("m", "method", str, "add", choices=("add", "mul"))])
>>> session, url = {}, {"k": "500", "m": "mul"}
>>> b.restore(session, url)
>>> session["demo.topn"], session["demo.method"]
(50, 'mul')
>>> session["demo.topn"] = 7; b.publish(session, url); url
{'k': '7', 'm': 'mul'}
"""

from __future__ import annotations

import math
from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass
from typing import Any

_FALSE = {"0", "false", "no", "off"}
_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Field:
    """One input that lives in the URL."""

    param: str  # the URL parameter's name (short: links get pasted into slides and chats)
    key: str  # the widget's session-state key, without the binder's prefix
    kind: type  # str, int, float or bool: how the URL text is read
    default: Any  # the value when the URL has none or an unusable one
    low: float | None = None  # numbers: values below are clamped up to it
    high: float | None = None  # numbers: values above are clamped down to it
    choices: tuple | None = None  # if set, a value outside it falls back to the default
    omit_default: bool = False  # leave the parameter out of the URL while the value is the default
    max_length: int = 2000  # str: longer URL values are refused (falls back to the default)

    def parse(self, raw: str) -> Any:
        """The value ``raw`` stands for, or the default when it is not a valid value of this field.

        >>> Field("k", "k", int, 10, low=1, high=50).parse("x"), Field("k", "k", int, 10, low=1).parse("-4")
        (10, 1)
        >>> Field("e", "e", bool, True).parse("0"), Field("e", "e", bool, True).parse("maybe")
        (False, True)
        """
        try:
            value = self._convert(raw)
        except (TypeError, ValueError, OverflowError):
            return self.default
        if self.choices is not None and value not in self.choices:
            return self.default
        return value

    def _convert(self, raw: str) -> Any:
        raw = str(raw)
        if self.kind is bool:
            lowered = raw.strip().lower()
            if lowered in _TRUE or lowered in _FALSE:
                return lowered in _TRUE
            raise ValueError(raw)
        if self.kind in (int, float):
            number = float(raw) if self.kind is float else int(raw.strip())
            if not math.isfinite(number):
                raise ValueError(raw)
            if self.low is not None:
                number = max(number, self.kind(self.low))
            if self.high is not None:
                number = min(number, self.kind(self.high))
            return number
        if len(raw) > self.max_length:
            raise ValueError("too long")
        return raw

    def encode(self, value: Any) -> str:
        """The URL text for ``value`` (booleans as 1/0)."""
        return str(int(value)) if isinstance(value, bool) else str(value)


class UrlBinder:
    """The URL fields of one page; ``prefix`` namespaces their session-state keys."""

    def __init__(self, prefix: str, fields: Iterable[Field]):
        self.prefix = prefix
        self.fields = {f.param: f for f in fields}
        self._read_flag = f"_url_state.{prefix}read"

    def key(self, param: str) -> str:
        """The session-state key of the widget behind URL parameter ``param``."""
        return self.prefix + self.fields[param].key

    def _shadow(self, param: str) -> str:
        return f"_url_state.{self.key(param)}"

    def restore(self, session: MutableMapping[str, Any], url: MutableMapping[str, str]) -> None:
        """Fill the widgets' state: from the URL on the first run, else from the shadow or the default."""
        first = not session.get(self._read_flag)
        session[self._read_flag] = True
        for param, field in self.fields.items():
            key = self.key(param)
            raw = url.get(param) if first else None
            if raw is not None:
                session[key] = field.parse(raw)
            elif key not in session:
                session[key] = session.get(self._shadow(param), field.default)
            session[self._shadow(param)] = session[key]

    def publish(self, session: MutableMapping[str, Any], url: MutableMapping[str, str], only: Iterable[str] | None = None) -> None:
        """Mirror the fields (or the ``only`` ones; the others leave the URL) into the URL."""
        wanted = set(self.fields if only is None else only)
        for param, field in self.fields.items():
            value = session.get(self.key(param), field.default)
            session[self._shadow(param)] = value
            if param not in wanted or value in ("", None) or (field.omit_default and value == field.default):
                if param in url:
                    del url[param]
                continue
            text = field.encode(value)
            if url.get(param) != text:
                url[param] = text

    def apply(self, session: MutableMapping[str, Any], values: dict[str, Any]) -> None:
        """Set fields by URL parameter name (e.g. from a preset button's callback)."""
        for param, value in values.items():
            session[self.key(param)] = value
            session[self._shadow(param)] = value
