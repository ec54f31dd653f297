"""The house plan of helpers/: layers, the dependency rule, module sizes, back-links.

Engine modules (helpers/*.py, helpers/activations/) never import studies
(helpers/studies/) or homework (helpers/checks.py, helpers/exercises/); no
import circles; no imports inside functions beyond two (for optional heavy
dependencies); no module over 500 lines. Every module's docstring links to
its chapter(s) in a form checked against _toc.yml and the chapters' imports.
Modules are discovered by walking the package, so new ones are covered.
"""

from __future__ import annotations

import ast
import importlib
import re

import pytest
from book_sources import (
    ROOT,
    TOC_FILES,
    chapter_imports,
    helpers_modules,
    imported_modules,
)

MODULES = helpers_modules()
MAX_LINES = 500
MAX_LOCAL_IMPORTS = 2
NO_CHAPTER = "none (used by other helpers modules only)"


def layer(module: str) -> str:
    if module.startswith(("helpers.studies.", "helpers.exercises.")) or module in (
            "helpers.studies", "helpers.exercises"):
        return "studies" if module.startswith("helpers.studies") else "homework"
    if module == "helpers.checks":
        return "homework"
    return "engine"


def tree(module: str) -> ast.Module:
    return ast.parse(MODULES[module].read_text())


def imports_of(module: str) -> set[str]:
    return imported_modules(tree(module)) - {"helpers", module}


def local_imports(module: str) -> list[int]:
    """Line numbers of import statements inside a function or class body."""
    lines = []
    for node in ast.walk(tree(module)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            lines += [inner.lineno for inner in ast.walk(node)
                      if isinstance(inner, (ast.Import, ast.ImportFrom))]
    return sorted(set(lines))


def test_the_walk_finds_the_three_layers():
    layers = {layer(m) for m in MODULES}
    assert {"engine", "studies", "homework"} <= layers
    assert "helpers.activations" in MODULES and "helpers.studies.centering" in MODULES


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer(m) == "engine"))
def test_engine_never_imports_studies_or_homework(module):
    wrong = sorted(m for m in imports_of(module) if layer(m) != "engine")
    assert wrong == [], f"{module} imports {wrong}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer(m) == "studies"))
def test_studies_never_import_homework(module):
    wrong = sorted(m for m in imports_of(module) if layer(m) == "homework")
    assert wrong == [], f"{module} imports {wrong}"


def test_no_import_circles():
    graph = {m: imports_of(m) & set(MODULES) for m in MODULES}
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt):] + [nxt]
                pytest.fail("import circle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])


def test_the_circle_detector_finds_a_circle(monkeypatch):
    """The check above can fail: feed it a made-up circle."""
    fake = {"helpers.a": {"helpers.b"}, "helpers.b": {"helpers.a"}}
    monkeypatch.setattr(f"{__name__}.MODULES", dict.fromkeys(fake, None))
    monkeypatch.setattr(f"{__name__}.imports_of", lambda m: fake[m])
    with pytest.raises(pytest.fail.Exception, match="helpers.a -> helpers.b -> helpers.a"):
        test_no_import_circles()


def test_at_most_two_function_local_imports():
    found = {m: local_imports(m) for m in MODULES if local_imports(m)}
    assert sum(len(v) for v in found.values()) <= MAX_LOCAL_IMPORTS, found


def test_local_import_detector_sees_one():
    code = "import os\n\ndef f():\n    import json\n    return json\n"
    nodes = [n for n in ast.walk(ast.parse(code)) if isinstance(n, ast.FunctionDef)]
    assert [i.lineno for n in nodes for i in ast.walk(n) if isinstance(i, ast.Import)] == [4]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_over_500_lines(module):
    assert len(MODULES[module].read_text().splitlines()) <= MAX_LINES


# --- back-links ---------------------------------------------------------------

IMPORTS = {name: chapter_imports(name) for name in TOC_FILES}


def checking_chapters(module: str) -> list[str]:
    """Chapters whose check cells use a label that the key module ``module`` defines."""
    labels = {ex.label for ex in importlib.import_module(module).EXERCISES}
    calls = re.compile(r"checks\.check\(\s*[\"']([^\"']+)[\"']")
    return [f"{name}.md" for name in TOC_FILES
            if labels & set(calls.findall((ROOT / f"{name}.md").read_text()))]


def importing_chapters(module: str) -> list[str]:
    """Chapters (``book/<file>.md``, _toc.yml order) whose code cells import ``module``.

    A key module of ``helpers.exercises`` is reached through ``checks.check(label, ...)``,
    so the chapters that use one of its labels count as importing it.
    """
    if module.startswith("helpers.exercises.") and hasattr(
            importlib.import_module(module), "EXERCISES"):
        return checking_chapters(module)
    return [f"{name}.md" for name in TOC_FILES if module in IMPORTS[name]]


def docstring(module: str) -> str:
    text = ast.get_docstring(tree(module), clean=True)
    assert text, f"{module} has no docstring"
    return text


def _listed(value: str) -> list[str]:
    files = [f.strip() for f in value.split(",")]
    toc = {f"{name}.md" for name in TOC_FILES}
    missing = [f for f in files if f not in toc or not (ROOT / f).exists()]
    assert missing == [], f"not chapters of _toc.yml: {missing}"
    return files


BACK_LINKED = sorted(m for m in MODULES if m not in (
    "helpers", "helpers.studies", "helpers.exercises"))


@pytest.mark.parametrize("module", BACK_LINKED)
def test_back_link_names_the_right_chapters(module):
    text = docstring(module)
    is_key_module = module.startswith("helpers.exercises.") and hasattr(
        importlib.import_module(module), "EXERCISES")
    if layer(module) == "studies" or is_key_module:
        first = text.splitlines()[0]
        match = re.fullmatch(r"Chapter: (.+)", first)
        assert match, f"{module}: first docstring line must be 'Chapter: book/<file>.md'"
        assert sorted(_listed(match.group(1))) == sorted(importing_chapters(module))
    else:
        match = re.search(r"^Introduced in: (.+)$", text, re.M)
        assert match, f"{module}: needs a line 'Introduced in: book/<file>.md'"
        users = importing_chapters(module)
        if match.group(1) == NO_CHAPTER:
            assert users == [], f"{module} says no chapter imports it, but {users} do"
        else:
            assert _listed(match.group(1)) == users[:1], users


def test_back_links_see_chapter_imports():
    """The chapter side of the check reads real imports (not a mention in prose)."""
    assert importing_chapters("helpers.studies.centering") == ["book/sigmoid.md"]
    assert importing_chapters("helpers.activations")[0] == "book/why_activations.md"
