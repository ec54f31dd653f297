"""Read the book's sources for the tests: the table of contents, chapter code cells, imports.

Shared by tests/test_chapters.py and tests/test_layout.py. Code cells are
parsed with :mod:`ast`, so prose that merely mentions ``assert`` or an
import does not count.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
HELPERS = ROOT / "helpers"
_TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
#: Every page in _toc.yml order, as "book/<name>" (no suffix).
TOC_FILES: list[str] = [_TOC["root"]] + [ch["file"] for part in _TOC["parts"]
                                         for ch in part["chapters"]]
_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```$", re.S | re.M)
_FRONT_MATTER = re.compile(r"\A---\n.*?^---\n", re.S | re.M)
_SHORT_OPTIONS = re.compile(r"\A(?::[\w-]+:[^\n]*\n)+")


def source(name: str) -> str:
    """The MyST text of page ``name`` ("book/sigmoid")."""
    return (ROOT / f"{name}.md").read_text()


def code_cells(name: str) -> list[str]:
    """The code of every code cell of page ``name``, cell options stripped."""
    return [_SHORT_OPTIONS.sub("", _FRONT_MATTER.sub("", cell))
            for cell in _CELL.findall(source(name))]


def parsed_cells(name: str) -> list[ast.Module]:
    """Each code cell of ``name`` as a Python AST (IPython magics and shell lines dropped)."""
    trees = []
    for cell in code_cells(name):
        lines = [line for line in cell.splitlines() if not line.lstrip().startswith(("%", "!"))]
        trees.append(ast.parse("\n".join(lines)))
    return trees


def helpers_modules() -> dict[str, Path]:
    """Every module of the helpers package by dotted name ("helpers.studies.centering")."""
    found = {}
    for path in sorted(HELPERS.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imported_modules(tree: ast.AST, package: str = "helpers") -> set[str]:
    """The helpers modules an AST imports (``from helpers import a`` gives helpers.a)."""
    modules = helpers_modules()
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                out.add(full if full in modules else node.module)
    return {m for m in out if m == package or m.startswith(package + ".")}


def chapter_imports(name: str) -> set[str]:
    """The helpers modules that page ``name`` imports in its code cells."""
    return set().union(set(), *(imported_modules(t) for t in parsed_cells(name)))
