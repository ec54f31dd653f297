"""Tests of the built student edition (``python scripts/student_edition.py``).

No solution anywhere (pages, ``_sources``, the ``.ipynb`` downloads, the student
notebooks), every exercise still there, notebooks without outputs, and, like the
main site, nothing loaded from other hosts. Locally the tests skip when the student
edition is not built; with ``CI=true`` they fail. ``STUDENT_BUILD_DIR`` points them at
another build (default ``<repo>/_build/student``).
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest
from conftest import NON_PAGE_DIRS, fail_or_skip
from test_site_static import CSS_REMOTE, remote_refs

REPO = Path(__file__).resolve().parents[2]
BOOK = REPO / "book"
STUDENT_DIR = Path(os.environ.get("STUDENT_BUILD_DIR", REPO / "_build" / "student")).resolve()
STUDENT_SITE = STUDENT_DIR / "_build" / "html"
NOTEBOOKS = STUDENT_DIR / "notebooks"
NOT_BUILT = "<student edition not built>"


sys.path.insert(0, str(REPO / "scripts"))
import student_edition as se  # noqa: E402

TEACHER = se.chapters(BOOK)
STUDENT_SOURCES = [se.student_source(text) for text in TEACHER.values()]
#: chapter -> one distinctive fragment of each of its solutions (canonical form).
FINGERPRINTS = {name: se.fingerprints(text, STUDENT_SOURCES) for name, text in TEACHER.items()}
EXERCISE_LABEL = re.compile(r"^`{3,}\{exercise\}.*\n:label:\s*(\S+)", re.M)
#: sphinx-exercise's markup of a solution (``<div class="solution ... admonition">``).
SOLUTION_MARKUP = re.compile(r'class="[^"]*\bsolution\b[^"]*"|id="[^"]*-solution-\d+"'
                             r"|>\s*Solution to\b")


def student_pages() -> list[str]:
    if not STUDENT_SITE.is_dir():
        return []
    return [p.relative_to(STUDENT_SITE).as_posix() for p in sorted(STUDENT_SITE.rglob("*.html"))
            if NON_PAGE_DIRS.isdisjoint(p.relative_to(STUDENT_SITE).parts[:-1])]


PAGES = student_pages() or [NOT_BUILT]


@pytest.fixture(scope="session")
def student_site() -> Path:
    """The built student site; fails in CI / skips locally when it is missing."""
    if not (STUDENT_SITE / "index.html").is_file():
        fail_or_skip(f"The student edition is not built ({STUDENT_SITE / 'index.html'} not "
                     "found). Build it: `bash scripts/student.sh` "
                     "(or `.venv/bin/python scripts/student_edition.py`).")
    return STUDENT_SITE


def _notebook_text(path: Path) -> str:
    """Every cell source and text output of a notebook."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    texts = []
    for cell in notebook["cells"]:
        texts.append("".join(cell["source"]))
        for output in cell.get("outputs", []):
            texts.append("".join(output.get("text", "")))
            for value in output.get("data", {}).values():
                texts.append("".join(value) if isinstance(value, list) else str(value))
    return "\n".join(texts)


def _leaks(text: str) -> list[str]:
    found = se.canonical(text)
    return [f"{name}: {fragment!r}" for name, prints in FINGERPRINTS.items()
            for fragment in prints if fragment in found]


def test_solutions_have_fingerprints() -> None:
    n_solutions = sum(len(se.find_solutions(text)) for text in TEACHER.values())
    assert n_solutions >= 10
    assert sum(map(len, FINGERPRINTS.values())) == n_solutions


def test_title_marks_the_student_edition(student_site: Path) -> None:
    intro = (student_site / "book" / "intro.html").read_text(encoding="utf-8")
    assert re.search(r"<title>[^<]*student edition", intro)


@pytest.mark.parametrize("student_page", PAGES)
def test_page_has_no_solution(student_site: Path, student_page: str) -> None:
    html = (student_site / student_page).read_text(encoding="utf-8")
    assert SOLUTION_MARKUP.findall(html) == []
    assert _leaks(se.html_text(html)) == []


@pytest.mark.parametrize("student_page", PAGES)
def test_page_loads_nothing_from_other_hosts(student_site: Path, student_page: str) -> None:
    html = (student_site / student_page).read_text(encoding="utf-8")
    assert remote_refs(html) == [], f"{student_page} loads resources from other hosts"


def test_stylesheets_load_nothing_from_other_hosts(student_site: Path) -> None:
    bad = {css.relative_to(student_site).as_posix(): urls
           for css in sorted(student_site.rglob("*.css"))
           if (urls := CSS_REMOTE.findall(css.read_text(encoding="utf-8", errors="replace")))}
    assert bad == {}


def test_site_serves_its_own_browser_assets(student_site: Path) -> None:
    for rel in ("vendor/mathjax/tex-chtml.js", "vendor/requirejs/require.js",
                "vendor/@jupyter-widgets/html-manager/dist/embed-amd.js",
                "js/mathjax-hub-compat.js"):
        assert (student_site / rel).is_file(), f"{rel} missing from the student site"


def test_sources_and_downloads_have_no_solution(student_site: Path) -> None:
    sources = sorted((student_site / "_sources").rglob("*"))
    md = [p for p in sources if p.suffix == ".md"]
    ipynb = [p for p in sources if p.suffix == ".ipynb"]
    with_code = sorted(name for name, text in TEACHER.items() if "{code-cell}" in text)
    assert len(md) == len(TEACHER), "the student site's _sources are incomplete"
    assert sorted(p.stem for p in ipynb) == with_code, "an .ipynb download is missing"
    for name in with_code:
        page = (student_site / "book" / f"{name}.html").read_text(encoding="utf-8")
        assert "download-notebook-button" in page and f"{name}.ipynb" in page, name
    for path in md:
        text = path.read_text(encoding="utf-8")
        assert "{solution" not in text, path.name
        assert _leaks(text) == [], path.name
    for path in ipynb:
        text = _notebook_text(path)
        assert "{solution" not in text, path.name
        assert _leaks(text) == [], path.name


@pytest.mark.parametrize("chapter", sorted(TEACHER))
def test_every_exercise_is_still_there(student_site: Path, chapter: str) -> None:
    labels = EXERCISE_LABEL.findall(TEACHER[chapter])
    html = (student_site / "book" / f"{chapter}.html").read_text(encoding="utf-8")
    missing = [label for label in labels if f'id="{label}"' not in html]
    assert missing == []
    assert html.count('class="exercise admonition') >= len(labels)


def test_student_notebooks_have_exercises_and_no_outputs_or_solutions(
        student_site: Path) -> None:
    with_code = sorted(name for name, text in TEACHER.items() if "{code-cell}" in text)
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")) == with_code
    for name in with_code:
        path = NOTEBOOKS / f"{name}.ipynb"
        notebook = json.loads(path.read_text(encoding="utf-8"))
        assert notebook["metadata"]["kernelspec"]["name"] == "python3"
        code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
        assert all(c["outputs"] == [] and c["execution_count"] is None for c in code), name
        text = _notebook_text(path)
        assert "{solution" not in text and _leaks(text) == [], name
        for label in EXERCISE_LABEL.findall(TEACHER[name]):
            assert f":label: {label}" in text, f"{name}: exercise {label} missing"
        assert text.count("checks.check(") == TEACHER[name].count("checks.check("), name


def test_fingerprints_would_be_seen_in_the_teacher_site(site_dir: Path) -> None:
    """The leak check works: each fingerprint is found on the teacher's own page.

    The fingerprints come from the sources the teacher's site was built from (its
    ``_sources``), so a site older than the chapters does not fail this.
    """
    built = {p.stem: p.read_text(encoding="utf-8")
             for p in sorted((site_dir / "_sources" / "book").glob("*.md"))}
    students = [se.student_source(text) for text in built.values()]
    checked, missing = 0, []
    for name, text in built.items():
        page = se.canonical(se.html_text(
            (site_dir / "book" / f"{name}.html").read_text(encoding="utf-8")))
        for fragment in se.fingerprints(text, students):
            checked += 1
            if fragment not in page:
                missing.append(f"{name}: {fragment!r}")
    assert checked >= 10 and missing == []


@pytest.mark.parametrize("student_page", PAGES)
def test_no_way_back_to_the_solutions(student_site: Path, student_page: str) -> None:
    """No Binder launch and no repository button: both open the chapters with solutions."""
    html = (student_site / student_page).read_text(encoding="utf-8")
    assert "mybinder.org" not in html
    assert "btn-source-repository-button" not in html and "Source repository" not in html
