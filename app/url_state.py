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

A field's default may depend on the fields before it (``default`` a function of their values by
URL parameter: the feedback page's knobs default to the chosen preset's values), so ``omit_default``
writes only what differs from the preset. A field may bring its own ``parser``/``encoder`` (the
feedback knobs parse against their knob table). A ``strict`` binder takes a link whole or not at
all: if one value is unusable, or the ``check`` of the values together fails, none is used and
``restore`` hands back the error for the page to show (a shared experiment that silently ran with
other settings would mislead).

Both functions take plain mappings, so the binder is tested without Streamlit.

>>> b = UrlBinder("demo.", [Field("k", "topn", int, 10, low=1, high=50), Field("m", "method", str, "add", choices=("add", "mul"))])
>>> session, url = {}, {"k": "500", "m": "mul"}
>>> b.restore(session, url).from_url
True
>>> session["demo.topn"], session["demo.method"]
(50, 'mul')
>>> session["demo.topn"] = 7; b.publish(session, url); url
{'k': '7', 'm': 'mul'}
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

from analysis.errors import AnalysisError

_FALSE = {"0", "false", "no", "off"}
_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Field:
    """One input that lives in the URL."""

    param: str  # the URL parameter's name (short: links get pasted into slides and chats)
    key: str  # the widget's session-state key, without the binder's prefix
    kind: type  # str, int, float or bool: how the URL text is read
    default: Any  # the value when the URL has none or an unusable one; or a function of the earlier fields' values
    low: float | None = None  # numbers: values below are clamped up to it
    high: float | None = None  # numbers: values above are clamped down to it
    choices: tuple | None = None  # if set, a value outside it falls back to the default
    omit_default: bool = False  # leave the parameter out of the URL while the value is the default
    max_length: int = 2000  # longer URL values are refused (fall back to the default, or fail a strict link)
    parser: Callable[[str], Any] | None = None  # replaces the built-in reading; raises ValueError or AnalysisError
    encoder: Callable[[Any], str] | None = None  # replaces the built-in writing (``encode``)

    def default_for(self, earlier: Mapping[str, Any]) -> Any:
        """The default, given the values of the fields before this one (by URL parameter).

        >>> Field("n", "n", int, lambda v: 10 * v["m"]).default_for({"m": 3})
        30
        """
        return self.default(earlier) if callable(self.default) else self.default

    def parse(self, raw: str, earlier: Mapping[str, Any] | None = None) -> Any:
        """The value ``raw`` stands for, or the default when it is not a valid value of this field.

        >>> Field("k", "k", int, 10, low=1, high=50).parse("x"), Field("k", "k", int, 10, low=1).parse("-4")
        (10, 1)
        >>> Field("e", "e", bool, True).parse("0"), Field("e", "e", bool, True).parse("maybe")
        (False, True)
        """
        try:
            return self.parse_strictly(raw)
        except (TypeError, ValueError, OverflowError, AnalysisError):
            return self.default_for(earlier or {})

    def parse_strictly(self, raw: str) -> Any:
        """The value ``raw`` stands for; raises ``ValueError`` (or the parser's ``AnalysisError``) if none.

        >>> Field("m", "m", str, "add", choices=("add", "mul")).parse_strictly("evil")
        Traceback (most recent call last):
        ...
        ValueError: 'evil' is not one of add, mul
        """
        if len(str(raw)) > self.max_length:  # before any parser: a hostile link's megabyte never reaches a message
            raise ValueError("too long")
        value = self.parser(raw) if self.parser is not None else self._convert(raw)
        if self.choices is not None and value not in self.choices:
            raise ValueError(f"{raw!r} is not one of {', '.join(map(str, self.choices))}")
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
        return raw

    def encode(self, value: Any) -> str:
        """The URL text for ``value`` (booleans as 1/0)."""
        if self.encoder is not None:
            return self.encoder(value)
        return str(int(value)) if isinstance(value, bool) else str(value)


@dataclass(frozen=True)
class Restored:
    """What ``restore`` did on this run."""

    from_url: bool = False  # the values came from the URL (first run, and the URL had some of our fields)
    error: AnalysisError | None = None  # strict binders: why the link was not used


class UrlBinder:
    """The URL fields of one page; ``prefix`` namespaces their session-state keys."""

    def __init__(
        self,
        prefix: str,
        fields: Iterable[Field],
        *,
        strict: bool = False,
        check: Callable[[dict[str, Any]], None] | None = None,
    ):
        self.prefix = prefix
        self.fields = {f.param: f for f in fields}
        self.strict = strict  # all of the link or none of it, with the reason (see the module's docstring)
        self.check = check  # strict binders: raises AnalysisError if the link's values (by parameter) do not fit together
        self._read_flag = f"_url_state.{prefix}read"

    def key(self, param: str) -> str:
        """The session-state key of the widget behind URL parameter ``param``."""
        return self.prefix + self.fields[param].key

    def _shadow(self, param: str) -> str:
        return f"_url_state.{self.key(param)}"

    def restore(self, session: MutableMapping[str, Any], url: Mapping[str, str]) -> Restored:
        """Fill the widgets' state: from the URL on the first run, else from the shadow or the default."""
        first = not session.get(self._read_flag)
        session[self._read_flag] = True
        linked = {param: url[param] for param in self.fields if first and url.get(param) is not None}
        error = None
        if linked and self.strict:
            try:
                linked = self._parse_link(linked)
            except AnalysisError as exc:
                linked, error = {}, exc
        values: dict[str, Any] = {}
        for param, field in self.fields.items():
            key = self.key(param)
            if param in linked:
                session[key] = linked[param] if self.strict else field.parse(linked[param], values)
            elif key not in session:
                shadow = self._shadow(param)
                session[key] = session[shadow] if shadow in session else field.default_for(values)
            session[self._shadow(param)] = values[param] = session[key]
        return Restored(from_url=bool(linked), error=error)

    def _parse_link(self, linked: dict[str, str]) -> dict[str, Any]:
        values = {}
        for param, raw in linked.items():
            try:
                values[param] = self.fields[param].parse_strictly(raw)
            except (TypeError, ValueError, OverflowError) as exc:
                shown = raw if len(raw) <= 40 else raw[:40] + "…"
                raise AnalysisError(f"The link's {param}={shown} is not usable ({exc}).") from None
        if self.check is not None:
            self.check(values)
        return values

    def publish(self, session: MutableMapping[str, Any], url: MutableMapping[str, str], only: Iterable[str] | None = None) -> None:
        """Mirror the fields (or the ``only`` ones; the others leave the URL) into the URL."""
        wanted = set(self.fields if only is None else only)
        values: dict[str, Any] = {}
        for param, field in self.fields.items():
            default = field.default_for(values)
            value = values[param] = session.get(self.key(param), default)
            session[self._shadow(param)] = value
            if param not in wanted or value in ("", None) or (field.omit_default and value == default):
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
