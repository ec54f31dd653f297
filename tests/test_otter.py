"""The otter-grader round trip: export a chapter, assign it, grade two submissions locally.

``python scripts/book.py otter sigmoid`` runs ``otter assign``; ``otter run`` (no
Docker) grades a submission. Skipped when otter-grader is not installed; with
``CI=true`` its absence is a failure (``requirements-dev.txt`` installs it).
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
import otter_export as ox  # noqa: E402
import otter_spot_checks as spot  # noqa: E402
import sympy as sp  # noqa: E402

CHAPTER = "sigmoid"


def _require_otter() -> None:
    try:
        ox.otter()
    except FileNotFoundError as err:
        if os.environ.get("CI", "").lower() in {"true", "1"}:
            pytest.fail(str(err), pytrace=False)
        pytest.skip(str(err))


def _cells(path: Path) -> list[str]:
    return ["".join(c["source"]) for c in json.loads(path.read_text())["cells"]]


def _edit(source: Path, dest: Path, replacements: dict[str, str]) -> Path:
    notebook = json.loads(source.read_text())
    done = set()
    for cell in notebook["cells"]:
        text = "".join(cell["source"])
        for old, new in replacements.items():
            if old in text:
                text = text.replace(old, new)
                done.add(old)
        cell["source"] = text
    assert done == set(replacements), f"not found in the notebook: {set(replacements) - done}"
    dest.write_text(json.dumps(notebook))
    return dest


def test_master_notebook_questions_follow_the_keys() -> None:
    notebook, questions = ox.master_notebook(CHAPTER)
    keys = ox.keys_of(CHAPTER)
    in_chapter = [label for label in re.findall(r"^:label:\s*(\S+)",
                                                (REPO / "book" / f"{CHAPTER}.md").read_text(),
                                                re.M) if label in keys]
    assert [q["label"] for q in questions] == in_chapter and set(in_chapter) == set(keys)
    for q in questions:
        assert q["points"] == getattr(keys[q["label"]], "points", 1) > 0
    sources = ["".join(c.source) for c in notebook.cells]
    text = "\n".join(sources)
    assert text.count("# BEGIN QUESTION") == len(keys) == text.count("# HIDDEN")
    assert "{solution" not in text and "```{exercise}" not in text and ":label:" not in text
    # Each question's answer has its own variable: tests may run after the whole notebook.
    for n, q in enumerate(questions, 1):
        function = getattr(keys[q["label"]], "function", None)
        variable = function.name if function is not None else f"answer_{n}"
        assert f'checks.check("{q["label"]}", {variable})' in text


def test_assign_and_grade_a_correct_and_a_wrong_submission(tmp_path: Path) -> None:
    _require_otter()
    folder = ox.assign(CHAPTER, tmp_path / "otter")
    student = folder / "student" / f"{CHAPTER}.ipynb"
    solved = folder / "autograder" / f"{CHAPTER}.ipynb"
    assert student.is_file() and solved.is_file() and ox.autograder_zip(folder).is_file()

    # The student version: prompts, no solutions, no hidden tests, no otter import.
    student_text = student.read_text()
    assert "spot_checks" not in student_text and "# HIDDEN" not in student_text
    assert "BEGIN SOLUTION" not in student_text and "import otter" not in student_text
    cells = _cells(student)
    assert sum("answer_2 = None" in c for c in cells) == 1
    assert not any("answer_2 = 15" in c for c in cells)
    assert any("answer_2 = 15" in c for c in _cells(solved))

    submissions = tmp_path / "submissions"
    submissions.mkdir()
    shutil.copy2(solved, submissions / "right.ipynb")
    _edit(solved, submissions / "wrong.ipynb",
          {"answer_2 = 15\n": "answer_2 = 14\n",
           "answer_1 = s * (1 - s) * (1 - 2 * s)": "answer_1 = s * (1 - s)"})
    gradebook = ox.grade(folder, submissions)
    rows = {r["submission"]: r for r in csv.DictReader(gradebook.read_text().splitlines())}
    keys = ox.keys_of(CHAPTER)
    total = sum(getattr(k, "points", 1) for k in keys.values())
    right, wrong = rows["right.ipynb"], rows["wrong.ipynb"]
    assert float(right["total"]) == float(right["max"]) == total
    lost = (getattr(keys["sigmoid-ex-depth"], "points", 1)
            + getattr(keys["sigmoid-ex-second-derivative"], "points", 1))
    assert float(wrong["total"]) == pytest.approx(total - lost)
    assert float(wrong["sigmoid_ex_depth"]) == 0 and float(wrong["sigmoid_ex_saturation"]) > 0


# ------------------------------------------------------------ the hidden spot checks

def test_spot_checks_accept_right_answers_in_the_accepted_forms() -> None:
    x = sp.Symbol("x")  # the student's own symbol, no assumptions
    s = 1 / (1 + sp.exp(-x))
    assert spot.check("sigmoid-ex-second-derivative", s * (1 - s) * (1 - 2 * s))
    assert spot.check("sigmoid-ex-second-derivative", "s*(1-s)*(1-2*s)".replace(
        "s", "(1/(1+exp(-x)))"))
    for answer in (15, 15.0, "15", [15], sp.Integer(15)):
        assert spot.check("sigmoid-ex-depth", answer), answer
    assert spot.check("sigmoid-ex-saturation", 4.6)   # 2 significant figures


def test_spot_checks_refuse_wrong_answers_and_garbage() -> None:
    x = sp.Symbol("x", real=True)
    s = 1 / (1 + sp.exp(-x))
    wrong = [("sigmoid-ex-second-derivative", s * (1 - s)),
             ("sigmoid-ex-second-derivative", sp.nan),
             ("sigmoid-ex-second-derivative", sp.Derivative(s, x, 2)),
             ("sigmoid-ex-second-derivative", s * (1 - s) * (1 - 2 * s) + sp.Heaviside(x - 30)),
             ("sigmoid-ex-depth", 14), ("sigmoid-ex-depth", True), ("sigmoid-ex-depth", None),
             ("sigmoid-ex-depth", "ten"), ("sigmoid-ex-saturation", 4.5),
             ("sigmoid-ex-saturation", float("nan")), ("no-such-exercise", 1)]
    for label, answer in wrong:
        assert spot.check(label, answer) is False, (label, answer)
