"""The layering rules of docs/ARCHITECTURE.md, checked on the source (imports read with ``ast``).

* ``analysis/`` is a plain library: it imports neither Streamlit nor the app.
* Pages call the library, never the command line's handlers (``analysis.cli``).
* Drawing stays in ``analysis/charts/``: the numeric modules do not import Altair.
* Presentation apart from computation: only ``analysis/charts/`` and ``analysis/tables/`` import
  pandas or Altair; the numeric modules return numpy arrays, dataclasses and ``StepTable``.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The presentation packages: the only places in analysis/ that build data frames or draw.
PRESENTATION = ("analysis/charts/", "analysis/tables/")
# Modules that still draw outside analysis/charts/, each with its owner's reason; shrink, never grow.
ALTAIR_OUTSIDE_CHARTS: set[str] = set()  # every Altair chart lives in analysis/charts/


def imported_modules(path: Path) -> set[str]:
    """Every module name a file imports, at any depth (lazy imports inside functions count)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def sources(folder: str) -> list[Path]:
    files = sorted((ROOT / folder).rglob("*.py"))
    assert files, f"no Python files under {folder}/"
    return files


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def top_level(name: str) -> str:
    return name.split(".")[0]


def test_imported_modules_sees_lazy_and_from_imports(tmp_path):
    sample = tmp_path / "m.py"
    sample.write_text("import os\nfrom a.b import c\ndef f():\n    import streamlit as st\n", encoding="utf-8")
    assert {"os", "a.b", "a.b.c", "streamlit"} <= imported_modules(sample)


@pytest.mark.parametrize("path", sources("analysis"), ids=rel)
def test_library_imports_neither_streamlit_nor_app(path):
    bad = sorted(n for n in imported_modules(path) if top_level(n) in {"streamlit", "app", "pages"})
    assert not bad, f"{rel(path)} imports {bad}: analysis/ must stay usable without the app"


@pytest.mark.parametrize("path", sources("pages"), ids=rel)
def test_pages_do_not_import_the_cli(path):
    bad = sorted(n for n in imported_modules(path) if n == "analysis.cli" or n.startswith("analysis.cli."))
    assert not bad, f"{rel(path)} imports {bad}: pages call the library, not the CLI handlers"


def test_only_chart_modules_import_altair():
    drawing = {rel(p) for p in sources("analysis") if any(top_level(n) == "altair" for n in imported_modules(p))}
    outside = {p for p in drawing if not p.startswith("analysis/charts/")}
    assert outside <= ALTAIR_OUTSIDE_CHARTS, f"move the charts of {sorted(outside - ALTAIR_OUTSIDE_CHARTS)} to analysis/charts/"
    assert drawing, "no chart module imports altair: the check would pass vacuously"


@pytest.mark.parametrize("path", [p for p in sources("analysis") if not rel(p).startswith(PRESENTATION)], ids=rel)
def test_numeric_modules_import_neither_pandas_nor_altair(path):
    bad = sorted(n for n in imported_modules(path) if top_level(n) in {"pandas", "altair"})
    assert not bad, f"{rel(path)} imports {bad}: return plain typed data and build frames in {' or '.join(PRESENTATION)}"


def test_the_presentation_packages_are_where_pandas_is_used():
    users = {rel(p) for p in sources("analysis") if any(top_level(n) == "pandas" for n in imported_modules(p))}
    assert users and all(p.startswith(PRESENTATION) for p in users), sorted(users)
    assert any(p.startswith("analysis/tables/") for p in users), "the check would pass vacuously"


def test_the_repository_passes_its_ruff_configuration():
    """pyproject.toml's [tool.ruff] is the style every file keeps (ruff comes with requirements-dev.txt)."""
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed (pip install -r requirements-dev.txt)")
    done = subprocess.run([ruff, "check", "--no-cache", str(ROOT)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-1000:]
