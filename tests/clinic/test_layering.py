"""The app graph runs one way: clinic ← locations ← articles ← handouts. No module of an app
imports (at module level or inside a function) an app above it."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ["clinic", "locations", "articles", "handouts"]


def upward_imports(app: str) -> list[str]:
    rank = {name: i for i, name in enumerate(LAYERS)}
    found = []
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" in path.parts:
            continue  # generated; Django resolves their dependencies itself
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if rank.get(top, -1) > rank[app]:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {module}")
    return found


@pytest.mark.parametrize("app", LAYERS)
def test_no_upward_imports(app):
    assert upward_imports(app) == []


def test_the_check_sees_an_upward_import(tmp_path, monkeypatch):
    """The scan itself: a function-level import of a higher app is reported."""
    (tmp_path / "clinic").mkdir()
    (tmp_path / "clinic" / "x.py").write_text("def f():\n    from handouts import render\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)
    assert upward_imports("clinic") == ["clinic/x.py:2 imports handouts"]
