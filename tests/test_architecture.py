"""The shape of the package: small modules, no hidden state, lenses composed by a registry."""

from __future__ import annotations

import ast

import pandas as pd
import pytest

from analysis import paths
from analysis.lenses import default_registry
from analysis.lenses.base import Lens, Registry
from analysis.pipeline import build

from .example_lens import QUESTIONS

PACKAGE = paths.PACKAGE_DIR
MAX_LINES = 800


def _modules():
    return sorted(PACKAGE.rglob("*.py"))


def test_no_module_is_over_800_lines():
    long = {str(p.relative_to(PACKAGE)): n for p in _modules() if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert not long


def test_no_module_keeps_a_cache_or_other_mutable_state_at_module_level():
    found = []
    for path in _modules():
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, (ast.Global, ast.Nonlocal)):
                found.append(f"{path.name}: global statement")
            if isinstance(node, ast.Attribute) and node.attr in ("lru_cache", "cache"):
                found.append(f"{path.name}:{node.lineno}: functools.{node.attr}")
            if isinstance(node, ast.Name) and node.id in ("lru_cache",):
                found.append(f"{path.name}:{node.lineno}: lru_cache")
        for node in tree.body:
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(getattr(node, "value", None),
                                                                         (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)):
                names = [t.id for t in (node.targets if isinstance(node, ast.Assign) else [node.target]) if isinstance(t, ast.Name)]
                found += [f"{path.name}:{node.lineno}: {n}" for n in names if not n.isupper() and n != "__all__"]
    assert not found


def test_no_lens_is_loaded_by_name():
    for path in _modules():
        text = path.read_text()
        assert "import_module(f" not in text and "__import__(" not in text, path


def test_the_registry_orders_lenses_by_what_they_read():
    order = [lens.name for lens in default_registry().ordered()]
    for lens in default_registry().lenses:
        for table in lens.reads:
            maker = default_registry().producer(table)
            if maker is not None and maker.name != lens.name:
                assert order.index(maker.name) < order.index(lens.name)


def test_a_lens_reading_a_table_nobody_writes_is_refused_with_its_name():
    orphan = Lens(name="orphan", reads=("nothing_makes_this",))
    with pytest.raises(ValueError, match="orphan.*nothing_makes_this"):
        Registry([orphan])


def test_a_new_lens_is_one_module_registered_and_built_end_to_end(tmp_path):
    registry = default_registry().with_lens(QUESTIONS)
    build(paths.RAW_DIR, tmp_path, figures_dir=tmp_path / "figures", registry=registry, jobs=1, parse_cache=False)
    table = pd.read_csv(tmp_path / "questions_by_outlet.csv")
    assert set(table["outlet"]) == {"AFP", "Reuters", "RT", "Sputnik"}
    assert (tmp_path / "own_questions.csv").is_file() and (tmp_path / "figures" / "example_questions.png").is_file()
