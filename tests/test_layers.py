"""The architecture holds: the import-linter contracts of pyproject.toml (records, then the stages,
then the store, then corpus, then render, then the CLI and the web app; no cycle between the modules
of a package), and no module grows past `MAX_LINES`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "src" / "newsprism"
MAX_LINES = 500


def lint_imports(config: Path) -> subprocess.CompletedProcess[str]:
    code = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(config_filename=sys.argv[1], no_cache=True))"
    return subprocess.run(
        [sys.executable, "-c", code, str(config)], cwd=REPO, capture_output=True, text=True, timeout=120
    )


def test_every_module_keeps_to_its_layer():
    pytest.importorskip("importlinter")
    done = lint_imports(REPO / "pyproject.toml")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "2 kept, 0 broken" in done.stdout


def test_a_stage_that_imports_the_layer_above_it_breaks_the_contract(tmp_path):
    """The contracts can fail: the same layers with the store moved to the bottom, below the records
    and the ingest stage it reads with, break."""
    pytest.importorskip("importlinter")
    config = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    bottom = '    "newsprism.records | newsprism.settings | newsprism.errors",\n'
    wrong = config.replace('    "newsprism.store",\n', "").replace(bottom, bottom + '    "newsprism.store",\n')
    assert wrong != config
    (tmp_path / "pyproject.toml").write_text(wrong, encoding="utf-8")
    done = lint_imports(tmp_path / "pyproject.toml")
    assert done.returncode != 0
    assert "newsprism.store is not allowed to import newsprism.records" in done.stdout


def test_no_module_is_longer_than_the_limit():
    lengths = {
        path.relative_to(PACKAGE).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in PACKAGE.rglob("*.py")
    }
    too_long = {name: n for name, n in sorted(lengths.items()) if n > MAX_LINES}
    assert not too_long, f"modules over {MAX_LINES} lines: {too_long}"


def test_no_module_imports_one_that_imports_it_back():
    """No cycle between any two modules, the imports inside functions included (grimp reads them
    all): a package's __init__ and its own modules too, which the sibling contract does not see."""
    grimp = pytest.importorskip("grimp")
    graph = grimp.build_graph("newsprism", cache_dir=None)
    cycles = sorted(
        {
            tuple(sorted((module, imported)))
            for module in graph.modules
            for imported in graph.find_modules_directly_imported_by(module)
            if graph.chain_exists(importer=imported, imported=module)
        }
    )
    assert not cycles, f"modules that import each other, directly or through others: {cycles}"
