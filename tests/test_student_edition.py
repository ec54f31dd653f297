"""Tests of scripts/student_edition.py: removing the solutions from the chapter sources.

Fast (no build): constructed MyST inputs, then every real chapter.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import jupytext
import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
BOOK = REPO / "book"


sys.path.insert(0, str(REPO / "scripts"))
import student_edition as se  # noqa: E402

strip = se.strip_solutions

EXERCISE = """```{exercise} Title
:label: ex-a

Do it.
```

```{code-cell} ipython3
answer = None
checks.check_value(answer, expected=1, what="a")
```
"""


def test_text_without_solutions_is_unchanged() -> None:
    text = "# Title\n\nSome *text*.\n\n" + EXERCISE + "\n```python\nx = 1\n```\n"
    assert strip(text) == text
    assert strip("") == ""
    assert strip("no newline at end") == "no newline at end"


def test_three_backtick_solution_is_removed() -> None:
    text = EXERCISE + "\n```{solution} ex-a\n:class: dropdown\n\nSECRET one.\n```\n\n## Next\n"
    assert strip(text) == EXERCISE + "\n## Next\n"


def test_four_backtick_solution_with_nested_python_fence() -> None:
    solution = ("````{solution} ex-a\n:class: dropdown\n\nSECRET prose.\n\n"
                "```python\nanswer = 42  # SECRET code\n```\n\nMore SECRET.\n````\n")
    text = EXERCISE + "\n" + solution + "\n## Summary\n\n- done\n"
    result = strip(text)
    assert "SECRET" not in result and "{solution}" not in result
    assert result == EXERCISE + "\n## Summary\n\n- done\n"


def test_a_shorter_inner_fence_does_not_close_the_solution() -> None:
    # The inner ``` closes only the inner fence; the ```` is the solution's end.
    text = "````{solution} ex-a\n```\nSECRET\n```\nSECRET too\n````\nkept\n"
    assert strip(text) == "kept\n"


def test_a_longer_closing_fence_closes_the_solution() -> None:
    assert strip("```{solution} ex-a\nSECRET\n`````\nkept\n") == "kept\n"


def test_colon_fences() -> None:
    text = ("before\n\n:::{solution} ex-a\n:class: dropdown\nSECRET\n:::\n\nafter\n\n"
            "::::{solution} ex-b\nSECRET\n:::{note}\ninner SECRET\n:::\n::::\n\nend\n")
    assert strip(text) == "before\n\nafter\n\nend\n"


def test_multiple_solutions_and_one_at_the_end_of_the_file() -> None:
    text = (EXERCISE + "\n```{solution} ex-a\nSECRET 1\n```\n\n"
            + EXERCISE.replace("ex-a", "ex-b")
            + "\n````{solution} ex-b\n:class: dropdown\n```python\nSECRET 2\n```\n````")
    result = strip(text)
    assert "SECRET" not in result
    assert result.count("{exercise}") == 2 and result.count("{code-cell}") == 2
    assert ":label: ex-a" in result and ":label: ex-b" in result
    assert [b.target for b in se.find_solutions(text)] == ["ex-a", "ex-b"]


def test_unclosed_solution_runs_to_the_end_like_myst() -> None:
    assert strip("kept\n\n```{solution} ex-a\nSECRET\n") == "kept\n"


def test_solution_syntax_inside_code_is_left_alone() -> None:
    text = ("`````markdown\n````{solution} ex-a\nshown as an example\n````\n`````\n\n"
            "```{code-cell} ipython3\ns = '''\n```{solution} x\n'''\n```\n")
    assert se.find_solutions(text) == []
    assert strip(text) == text


def test_solution_inside_a_markdown_directive_is_removed() -> None:
    text = "````{admonition} Box\nkept\n\n```{solution} ex-a\nSECRET\n```\n````\nafter\n"
    assert strip(text) == "````{admonition} Box\nkept\n\n````\nafter\n"


def test_gated_solution_with_code_cells() -> None:
    text = ("kept\n\n```{solution-start} ex-a\n:class: dropdown\n```\n\nSECRET\n\n"
            "```{code-cell} ipython3\nSECRET = 1\n```\n\n```{solution-end}\n```\n\nafter\n")
    assert strip(text) == "kept\n\nafter\n"
    with pytest.raises(ValueError, match="solution-end"):
        strip("```{solution-start} ex-a\n```\nno end\n")


def test_solution_labels_and_body_are_found() -> None:
    text = "````{solution} ex-a\n:label: sol-a\n:class: dropdown\n\nBody line.\n````\n"
    (block,) = se.find_solutions(text)
    assert block.target == "ex-a" and block.labels == ("sol-a",)
    assert block.body.strip() == "Body line."


def test_references_to_a_removed_solution_are_refused() -> None:
    teacher = {
        "a": "```{solution} ex-a\n:label: sol-a\nBody.\n```\n",
        "b": "As {ref}`the solution <sol-a>` shows, ... and {ref}`ex-a`.\n",
    }
    with pytest.raises(ValueError, match="sol-a"):
        se.check_no_dangling(teacher)
    teacher["b"] = "See {ref}`ex-a`.\n"
    se.check_no_dangling(teacher)  # references to the exercise are fine


def test_fingerprints_pick_solution_only_text() -> None:
    teacher = (EXERCISE + "\n```{solution} ex-a\nThe answer is $x^2$ because of *the* "
               "[chain rule](https://example.org), isn't it?\n```\n")
    student = strip(teacher)
    (fragment,) = se.fingerprints(teacher, [student])
    assert fragment == "because of the chain rule isn t it"
    page = "<p>because of <em>the</em> <a href='x'>chain rule</a>, isn&#8217;t it?</p>"
    assert fragment in se.canonical(se.html_text(page))
    assert fragment not in se.canonical(page)  # the markup would hide it
    # A solution whose every fragment also appears in the chapter gives none.
    text = "Do it now please.\n```{solution} ex-a\nDo it now please.\n```\n"
    assert se.fingerprints(text, ["Do it now please.\n"]) == []


def test_student_config_marks_the_edition_and_serves_the_site_assets() -> None:
    teacher = yaml.safe_load((REPO / "_config.yml").read_text())
    teacher["repository"]["url"] = "https://github.com/me/fork"
    teacher["html"]["use_repository_button"] = True
    teacher["launch_buttons"]["binderhub_url"] = "https://mybinder.org"
    config = se.student_config(teacher)
    assert config["title"].endswith(se.TITLE_SUFFIX)
    extra = config["sphinx"]["config"]["html_extra_path"]
    assert extra == [str(REPO / "_build" / "site_assets")] and Path(extra[0]).is_absolute()
    assert config["sphinx"]["config"]["hide_solutions"] is True
    # No way back to the chapters with their solutions, whatever the teacher's build has.
    assert config["launch_buttons"]["binderhub_url"] == ""
    assert config["repository"]["url"] == "" and config["html"]["use_repository_button"] is False
    assert "me/fork" not in yaml.safe_dump(config)
    # Everything else is the teacher's configuration.
    assert config["execute"] == teacher["execute"]
    assert config["sphinx"]["config"]["extensions"] == teacher["sphinx"]["config"]["extensions"]


def test_stage_copies_the_book_without_solutions(tmp_path: Path) -> None:
    staged = se.stage(tmp_path)
    assert sorted(staged) == sorted(set(CHAPTERS) - set(se.TEACHER_ONLY))
    toc = yaml.safe_load((REPO / "_toc.yml").read_text())
    assert yaml.safe_load((tmp_path / "_toc.yml").read_text()) == se.student_toc(toc)
    for name in se.TEACHER_ONLY:  # teacher material: neither staged nor in the contents
        assert not (tmp_path / "book" / f"{name}.md").exists()
        assert f"book/{name}" not in (tmp_path / "_toc.yml").read_text()
    for name, text in staged.items():
        assert (tmp_path / "book" / f"{name}.md").read_text() == text
        assert "{solution" not in text
    assert "git clone" not in staged["intro"] and "teacher hands out" in staged["intro"]
    assert (tmp_path / "book" / "references.bib").is_file()


# ----------------------------------------------------------------- the real chapters

CHAPTERS = sorted(p.stem for p in BOOK.glob("*.md"))
EXERCISE_LABEL = re.compile(r"^`{3,}\{exercise\}.*\n:label:\s*(\S+)", re.M)


def test_the_book_has_solutions_to_remove() -> None:
    assert sum(len(se.find_solutions((BOOK / f"{c}.md").read_text())) for c in CHAPTERS) >= 10


def test_no_chapter_refers_to_a_solution() -> None:
    se.check_no_dangling(se.chapters(BOOK))


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_real_chapter_loses_its_solutions_and_keeps_its_exercises(chapter: str) -> None:
    teacher = (BOOK / f"{chapter}.md").read_text(encoding="utf-8")
    student = se.student_source(teacher)
    assert "{solution" not in student
    assert re.findall(r"\{solution\}", teacher) == [] or student != teacher
    assert EXERCISE_LABEL.findall(student) == EXERCISE_LABEL.findall(teacher)
    assert student.count("{code-cell}") == teacher.count("{code-cell}")
    # Each solution answers an exercise of the same chapter, which stays.
    for block in se.find_solutions(teacher):
        assert block.target in EXERCISE_LABEL.findall(student)
    # Still a MyST notebook Jupytext reads, with the same code cells and kernel.
    notebook = jupytext.reads(student, fmt="md:myst")
    original = jupytext.reads(teacher, fmt="md:myst")
    code = [c.source for c in notebook.cells if c.cell_type == "code"]
    assert code == [c.source for c in original.cells if c.cell_type == "code"]
    assert "{solution" not in "".join(c.source for c in notebook.cells)
    if code:
        assert notebook.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_real_solution_has_a_fingerprint(chapter: str) -> None:
    teacher = (BOOK / f"{chapter}.md").read_text(encoding="utf-8")
    students = [se.student_source(t) for t in se.chapters(BOOK).values()]
    prints = se.fingerprints(teacher, students)
    assert len(prints) == len(se.find_solutions(teacher))
    for fragment in prints:
        assert fragment in se.canonical(teacher)


def test_write_notebooks_has_no_outputs(tmp_path: Path) -> None:
    staged = {"a": (BOOK / "sigmoid.md").read_text(), "b": "# No code\n\nText.\n"}
    staged = {k: se.strip_solutions(v) for k, v in staged.items()}
    (path,) = se.write_notebooks(staged, tmp_path)
    assert path.name == "a.ipynb"
    notebook = jupytext.read(path)
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    cells = [c for c in notebook.cells if c.cell_type == "code"]
    assert cells and all(c.outputs == [] and c.execution_count is None for c in cells)
    assert "{solution" not in path.read_text()
    # Exercises as plain Jupyter renders them: a heading and the statement, no MyST.
    markdown = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    assert "### Exercise: The second derivative of the sigmoid" in markdown
    assert '<a id="sigmoid-ex-depth"></a>' in markdown
    assert not re.search(r"^[`:]{3,}\{|^:label:|\{(?:cite|ref|doc)[:\w]*\}`", markdown, re.M)
