"""Chapter sources follow the template (DESIGN.md section 3) and cover the registry.

These read the MyST sources only; the build executes them and tests/site checks
the rendered pages.
"""

from __future__ import annotations

import ast
import re

import pytest
from book_sources import ROOT, TOC_FILES, code_cells, parsed_cells, source

from helpers import activations as act

# Teacher material in the back matter: generated tables, not a chapter.
TEACHER_PAGES = {"book/instructor"}
NOTEBOOKS = [f for f in TOC_FILES if "jupytext:" in (ROOT / f"{f}.md").read_text()
             and f not in TEACHER_PAGES]
SECTIONS = ["Overview", "Derive", "See", "Break it", "Exercises", "Summary"]
# Chapters that compare or guide rather than derive a new function.
GUIDE_CHAPTERS = {"book/properties", "book/choosing", "book/training_failures", "book/claims"}


def test_every_toc_entry_exists_and_every_chapter_is_in_the_toc():
    on_disk = {f"book/{p.stem}" for p in (ROOT / "book").glob("*.md")}
    assert set(TOC_FILES) == on_disk


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_chapter_sections_in_template_order(name):
    headings = re.findall(r"^## (.+)$", source(name), re.M)
    wanted = ["Overview", "Exercises", "Summary"] if name in GUIDE_CHAPTERS else SECTIONS
    found = [h for h in headings if h in SECTIONS]
    assert [h for h in found if h in wanted] == wanted, headings
    assert headings[0] == "Overview"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_one_imports_cell_first(name):
    cells = code_cells(name)
    importing = [i for i, c in enumerate(cells) if re.search(r"^(from|import) ", c, re.M)]
    assert importing == [0], f"imports belong in the first cell only, found in cells {importing}"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_exercises_have_solutions_and_self_checks(name):
    text = source(name)
    exercises = re.findall(r"\{exercise\}[^\n]*\n:label: ([\w-]+)", text)
    solutions = re.findall(r"\{solution\} ([\w-]+)", text)
    assert len(exercises) >= 3
    assert sorted(exercises) == sorted(solutions)
    assert text.count(":class: dropdown") >= len(solutions)
    assert sum("checks.check(" in c for c in code_cells(name)) >= len(exercises)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_figure_cell_has_alt_text_and_caption(name):
    for cell in code_cells(name):
        if "figure:" in cell or "image:" in cell:
            assert re.search(r"alt: \S", cell) and re.search(r"caption: \S", cell), cell[:200]


def asserts(tree: ast.AST) -> bool:
    """True if the code has an ``assert`` statement or calls ``assert_identity``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert):
            return True
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name == "assert_identity":
                return True
    return False


def derive_cells(name: str) -> list[ast.Module]:
    """The parsed code cells between the "## Derive" heading and the next "## " heading."""
    text = source(name)
    start = text.index("\n## Derive")
    end = text.index("\n## ", start + 1)
    before = len(_cell_starts(text[:start]))
    inside = len(_cell_starts(text[:end])) - before
    return parsed_cells(name)[before:before + inside]


def _cell_starts(text: str) -> list[str]:
    return re.findall(r"^```\{code-cell\}", text, re.M)


@pytest.mark.parametrize("name", [n for n in NOTEBOOKS if n not in GUIDE_CHAPTERS])
def test_derivations_are_verified_by_an_assertion_in_code(name):
    assert any(asserts(cell) for cell in derive_cells(name)), \
        "the Derive section needs a code cell with assert or assert_identity"


def test_the_assertion_check_reads_code_not_prose():
    assert asserts(ast.parse("symbolic.assert_identity(a, b)"))
    assert asserts(ast.parse("assert a == b"))
    assert not asserts(ast.parse("x = 'assert a == b'  # assert_identity in a comment"))


def test_every_registered_activation_is_derived_and_plotted_in_a_chapter():
    plotted = {}
    for name in NOTEBOOKS:
        text = source(name)
        if "function_and_gradient" in text and ("dexpr" in text or "derivative" in text):
            for a in act.names():
                if f'"{a}"' in text:
                    plotted.setdefault(a, name)
    assert sorted(set(act.names()) - set(plotted)) == []


def test_cited_keys_exist_in_the_bibliography():
    bib = (ROOT / "book" / "references.bib").read_text()
    keys = set(re.findall(r"^@\w+\{([^,]+),", bib, re.M))
    cited = set()
    for name in TOC_FILES:
        for group in re.findall(r"\{cite(?::\w+)?\}`([^`]+)`", source(name)):
            cited.update(k.strip() for k in group.split(","))
    assert cited and cited <= keys, cited - keys


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_chapters_leave_drawing_to_helpers(name):
    """Figures come from helpers (plotting, widgets, ...), not matplotlib calls in cells."""
    drawing = re.compile(r"\bplt\.|\bax\.\w+\(|\.(plot|semilogy|scatter|contourf|bar)\(|"
                         r"new_figure\(|import matplotlib")
    offending = [c.strip().splitlines()[-1] for c in code_cells(name) if drawing.search(c)]
    assert offending == []
