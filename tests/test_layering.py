"""Data flows one way: extractors/ and search/ never import the interfaces (cli, web, service)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# package → top-level packages it must never import
FORBIDDEN = {
    "schema": {"extractors", "search", "service", "web", "cli"},
    "extractors": {"search", "service", "web", "cli"},
    "search": {"extractors", "service", "web", "cli"},
    "service": {"web", "cli"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layering_no_backward_imports(package):
    offenders = []
    for path in (ROOT / package).rglob("*.py"):
        bad = _imports(path) & FORBIDDEN[package]
        if bad:
            offenders.append(f"{path.relative_to(ROOT)} imports {sorted(bad)}")
    assert not offenders, offenders


def test_layering_extractors_never_touch_the_store():
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "extractors").rglob("*.py")
                 if "schema.store" in p.read_text(encoding="utf-8")]
    assert not offenders
