"""Tests of the student notebooks' Markdown and of the student bundle's parts (no build).

The built bundle itself (leaks, links, a fresh environment running a chapter) is
tested in tests/site/test_student_site.py, after ``python scripts/book.py bundle``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
import notebook_markdown as nm  # noqa: E402
import student_bundle as sb  # noqa: E402
import student_edition as se  # noqa: E402

BOOK = nm.Book(titles={"a": "Chapter A", "b": "Chapter B", "intro": "Intro"},
               notebooks={"a", "b"},
               labels={"ex-b": ("b", "Exercise: Bee"), "chap-b": ("b", "Chapter B")},
               bibliography={"k1": ("Smith and Jones", "2001", "Smith, A, Jones, B (2001).")})


def convert(text: str, here: str = "a") -> tuple[str, list[str]]:
    cited: list[str] = []
    return nm.convert_markdown(text, BOOK, here, cited), cited


def test_exercise_becomes_a_heading_with_its_statement() -> None:
    text = ("Before.\n\n```{exercise} The title\n:label: ex-a\n\nFind $x^2$ when\n"
            "$$\\sigma'(0) = 1/4$$\n```\n")
    out, _ = convert(text)
    assert out == ('Before.\n\n<a id="ex-a"></a>\n\n### Exercise: The title\n\n'
                   "Find $x^2$ when\n$$\\sigma'(0) = 1/4$$")
    assert "```" not in out and ":label:" not in out


def test_four_backtick_exercise_with_code_and_a_colon_fence() -> None:
    text = ("````{exercise} T\n:label: e\n\nRun\n```python\nx = 1\n```\n````\n\n"
            ":::{note}\nA *note* with {cite}`k1`.\n:::\n")
    out, cited = convert(text)
    assert "```python\nx = 1\n```" in out and "````" not in out
    assert "> **Note**\n>\n> A *note* with (Smith and Jones, 2001)." in out
    assert cited == ["k1"] and ":::" not in out


def test_roles_become_links_or_text() -> None:
    out, cited = convert("See {doc}`b`, {ref}`ex-b`, {ref}`the chapter <chap-b>`, "
                         "{doc}`intro`, {cite:t}`k1`, {math}`x^2`, {term}`ReLU`, "
                         "{ref}`unknown-label` and {cite}`k1,zz`.")
    assert out == ("See [Chapter B](b.ipynb), [Exercise: Bee](b.ipynb#ex-b), "
                   "[the chapter](b.ipynb), Intro, Smith and Jones (2001), $x^2$, ReLU, "
                   "unknown-label and (Smith and Jones, 2001; zz, n.d.).")
    assert cited == ["k1", "zz"]
    assert nm.references_cell(cited, BOOK) == ("## References\n\n- Smith, A, Jones, B "
                                               "(2001).\n- zz")


def test_targets_become_anchors_and_code_fences_stay() -> None:
    out, _ = convert("(chap-a)=\n# A\n\n```text\n{doc}`kept?`\n```\n")
    assert out.startswith('<a id="chap-a"></a>\n# A')
    assert "```text" in out


def test_a_left_solution_is_refused() -> None:
    import jupytext

    notebook = jupytext.reads("# A\n\n```{solution} e\nSECRET\n```\n", fmt="md:myst")
    with pytest.raises(ValueError, match="solution"):
        nm.convert_notebook(notebook, BOOK, "a")


def test_bibliography_is_read_as_plain_text() -> None:
    bib = nm.read_bibliography(REPO / "book" / "references.bib")
    short, year, full = bib["klambauer2017selu"]
    assert short == "Klambauer et al." and year == "2017"
    assert "Günter" in full and "{" not in full and "\\" not in full


# --------------------------------------------------------------- student edition

def test_teacher_only_pages_leave_the_table_of_contents() -> None:
    toc = {"root": "book/intro", "parts": [
        {"caption": "A", "chapters": [{"file": "book/sigmoid"}]},
        {"caption": "Back", "chapters": [{"file": "book/instructor"},
                                         {"file": "book/bibliography"}]},
        {"caption": "Teachers", "chapters": [{"file": "book/instructor"}]}]}
    result = se.student_toc(toc)
    assert "instructor" not in yaml.safe_dump(result)
    assert [p["caption"] for p in result["parts"]] == ["A", "Back"]
    assert "instructor" not in se.student_chapters(REPO / "book")


def test_links_to_a_teacher_page_become_text() -> None:
    text = "Teachers: see {doc}`instructor` or {ref}`the guide <instructor>`; {doc}`sigmoid`."
    assert se.student_source(text) == ("Teachers: see the instructor page or the guide; "
                                       "{doc}`sigmoid`.")


def test_replace_section() -> None:
    text = "# T\n\n## A\n\nold a\n\n## B\n\nb\n"
    assert se.replace_section(text, "A", "new") == "# T\n\n## A\n\nnew\n\n## B\n\nb\n"
    assert se.replace_section(text, "A", None) == "# T\n\n## B\n\nb\n"
    assert se.replace_section(text, "B", "z") == "# T\n\n## A\n\nold a\n\n## B\n\nz\n"
    with pytest.raises(ValueError, match="C"):
        se.replace_section(text, "C", "x")


def test_student_intro_sends_students_to_their_teachers_notebooks() -> None:
    teacher = (REPO / "book" / "intro.md").read_text(encoding="utf-8")
    student = se.student_source(teacher, "intro")
    for text in ("git clone", "clone the repository", "launch button", "rocket", "github.com",
                 "## For instructors", "worked solutions sit"):
        assert text not in student, text
    assert "teacher hands out" in student and "## Map of the book" in student


# ------------------------------------------------------------------ the bundle

def test_requirements_pin_what_the_notebooks_import_and_no_build_tool() -> None:
    staged = {n: se.student_source(t, n) for n, t in se.student_chapters(REPO / "book").items()}
    text = sb.requirements(staged)
    pins = dict(re.findall(r"^([\w.-]+)==(\S+)$", text, re.M))
    constraints = {re.sub(r"[-_.]+", "-", k).lower(): v for k, v in
                   re.findall(r"^([\w.-]+)==(\S+)$", (REPO / "constraints.txt").read_text(),
                              re.M)}
    for name in ("numpy", "scipy", "sympy", "matplotlib", "ipywidgets", "mpmath", "ipykernel"):
        assert name in pins, name
    for name in ("jupyter-book", "sphinx", "myst-nb", "jupytext", "otter-grader", "pytest",
                 "playwright", "sphinx-exercise"):
        assert name not in pins, name
    assert {k: v for k, v in pins.items() if constraints.get(k) != v} == {}
    assert not [line for line in text.splitlines()
                if line and not line.startswith("#") and "==" not in line]


def test_students_readme_names_no_repository() -> None:
    text = sb.readme(["sigmoid"], {"sigmoid": "The sigmoid"}, "helpers-0.1-py3-none-any.whl")
    assert "`sigmoid.ipynb` — The sigmoid" in text
    assert "wheels/helpers-0.1-py3-none-any.whl" in text
    assert not re.search(r"github\.com/(?!<owner>)", text) and "clone" not in text


def test_rubric_criteria_and_model_answers_are_redacted_in_the_students_keys() -> None:
    source = ('"""Doc."""\nfrom x import Rubric\n# a comment\n'
              'A = (Rubric("Where is it zero?", 1, "1 point: at 0.", "SECRET at x = 0."),\n'
              '     Rubric(question="Q?", points=2, criteria="SECRET c",\n'
              '            model_answer="SECRET m"))\n')
    out = sb.redact_rubrics(source)
    assert "SECRET" not in out and out.count(sb.REDACTED) == 4
    assert "Where is it zero?" in out and "question='Q?'" in out and '"""Doc."""' in out
    compile(out, "key", "exec")
    plain = "import math\nX = 1  # kept as it is\n"
    assert sb.redact_rubrics(plain) == plain
