"""Every ``>>>`` example in ``analysis/`` runs and prints what it claims (the docs cannot drift)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import analysis

MODULES = ["analysis"] + sorted(m.name for m in pkgutil.walk_packages(analysis.__path__, "analysis.") if m.name != "analysis.__main__")


def test_every_module_is_collected():
    """The list walks sub-packages too (a new package's examples must not be skipped silently)."""
    assert {"analysis.charts.bias", "analysis.feedback.simulate", "analysis.cli.cmd_bias"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    tests = finder.find(module, name)
    for test in tests:
        runner.run(test)
    results = runner.summarize(verbose=False)
    assert results.failed == 0, f"{results.failed} of {results.attempted} examples in {name} failed (run: python -m doctest -v {module.__file__})"
