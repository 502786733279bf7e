"""The usage examples in the docstrings of ``analysis.feedback`` run and print what they claim."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import analysis.feedback

MODULES = ["analysis.feedback"] + [f"analysis.feedback.{m.name}" for m in pkgutil.iter_modules(analysis.feedback.__path__)]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
    if module.__doc__ and ">>>" in module.__doc__:
        assert result.attempted > 0
