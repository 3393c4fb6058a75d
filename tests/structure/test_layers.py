"""Data flows one way: each layer imports only the layers below it (DESIGN.md).

    perf (dev-only)                    -> anything; nothing imports it
    ingestion (write) | website (read) | api (read, JSON) -> the data apps, never each other
    findings -> inspections -> authorities
    ofsted_kb (settings, URLs, small shared helpers) -> no app

Every import statement counts, function-local ones and migrations included: a local import
hides a cycle from Python, not from this test. The root URLconf names the apps' URL modules as
strings, which are not imports.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent

#: Each top-level package and the packages it may import.
ALLOWED = {
    "ofsted_kb": set(),
    "authorities": {"ofsted_kb"},
    "inspections": {"ofsted_kb", "authorities"},
    "findings": {"ofsted_kb", "authorities", "inspections"},
    "ingestion": {"ofsted_kb", "authorities", "inspections", "findings"},
    "website": {"ofsted_kb", "authorities", "inspections", "findings"},
    "api": {"ofsted_kb", "authorities", "inspections", "findings"},
    "perf": {"ofsted_kb", "authorities", "inspections", "findings", "ingestion", "website", "api"},
}


def imports_of(path: Path, root: Path = ROOT) -> list[tuple[int, str]]:
    """(line, module) of every import in the file, relative ones made absolute."""
    package = path.relative_to(root).with_suffix("").parts
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(package[: -node.level])
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module
            found.append((node.lineno, module))
    return found


def test_every_package_is_placed_in_a_layer():
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests"}
    assert packages == set(ALLOWED)


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_no_package_imports_one_above_it(package):
    wrong = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for line, module in imports_of(path):
            top = module.split(".")[0]
            if top in ALLOWED and top != package and top not in ALLOWED[package]:
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert wrong == []


def test_the_checker_sees_a_function_local_upward_import(tmp_path):
    module = tmp_path / "authorities" / "example.py"
    module.parent.mkdir()
    module.write_text("def f():\n    from ..findings.models import Finding\n    import website\n")
    found = [name for _, name in imports_of(module, root=tmp_path)]
    assert found == ["findings.models", "website"]
