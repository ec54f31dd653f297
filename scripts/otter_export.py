"""A chapter as an otter-grader assignment: student version, autograder, grading.

``python scripts/book.py otter <chapter>`` writes ``_build/otter/<chapter>/``:

``source/<chapter>.ipynb``
    the master notebook in otter's format: the student edition of the chapter
    (exercises as Markdown, no solution text), where every checked exercise is a
    question worth the points of its key (``getattr(key, "points", 1)``) whose answer
    cell holds the book's starter code as the prompt and a right answer as the
    solution, followed by two tests: the public one is the self-check
    (``checks.check(label, answer).correct``), the hidden one
    (``spot_checks.check``, :mod:`otter_spot_checks`) judges the answer against the
    key on its own, at spot values the student never sees.
``student/``, ``autograder/``
    what ``otter assign`` makes of it: the notebook to hand out (no solutions, no
    hidden tests, and no ``otter`` import: students need only the bundle's
    environment) and the autograder zip with the solutions notebook.

``python scripts/book.py otter <chapter> --grade DIR`` then grades every notebook in
``DIR`` with ``otter run`` (locally, no Docker) and writes ``grades.csv`` there.

Each question's answer variable is ``answer_<n>`` rather than the book's ``answer``:
otter may run a question's tests after the whole notebook has run, when ``answer``
would hold the last exercise's value.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import notebook_markdown as nm
import student_edition as se

ROOT = se.ROOT
SPOT_CHECKS = Path(__file__).resolve().parent / "otter_spot_checks.py"
CHECK_CALL = re.compile(r"""checks\.check\(\s*["']([\w-]+)["']""")


def otter() -> str:
    """The ``otter`` command next to this Python, else on ``PATH``."""
    local = Path(sys.executable).parent / "otter"
    found = str(local) if local.is_file() else shutil.which("otter")
    if not found:
        raise FileNotFoundError("otter-grader is not installed: "
                                "pip install -r requirements-dev.txt -c constraints.txt")
    return found


def keys_of(chapter: str) -> dict[str, object]:
    """Label -> answer key, for the checked exercises of ``chapter``."""
    from helpers.exercises import KEYS

    return {label: ex for label, ex in KEYS.items() if ex.chapter == f"book/{chapter}.md"}


def question_name(label: str) -> str:
    """An otter question name (an identifier) for an exercise label."""
    return re.sub(r"\W", "_", label)


def solution_code(block_body: str) -> str:
    """The Python of a solution: its ```` ```python ```` fences, joined."""
    return "\n".join(m.strip("\n") for m in
                     re.findall(r"^```(?:python|ipython3?)\s*\n(.*?)^```\s*$", block_body,
                                re.S | re.M))


def _split_exercises(markdown: str) -> list[tuple[str | None, str]]:
    """A Markdown cell cut into (exercise label or None, MyST text) pieces."""
    lines = markdown.splitlines()
    pieces: list[tuple[str | None, str]] = []
    prose: list[str] = []
    i = 0
    while i < len(lines):
        match = se.FENCE.match(lines[i])
        directive = se.DIRECTIVE.match(match["info"]) if match else None
        if directive and directive["name"] == "exercise":
            close = se._find_close(lines, i, match["fence"][0], len(match["fence"]))
            block = lines[i:close + 1]
            label = next((m[1] for ln in block if (m := re.match(r"^:label:\s*(\S+)", ln))),
                         None)
            if "\n".join(prose).strip():
                pieces.append((None, "\n".join(prose)))
            pieces.append((label, "\n".join(block)))
            prose, i = [], close + 1
            continue
        prose.append(lines[i])
        i += 1
    if "\n".join(prose).strip():
        pieces.append((None, "\n".join(prose)))
    return pieces


def _answer_cell(cell_source: str, label: str, key: object, solution: str, n: int) -> str:
    """The solution cell: the starter as otter's prompt, a right answer as the solution."""
    var = f"answer_{n}"
    rename = (lambda text: re.sub(r"\banswer\b", var, text))
    lines = cell_source.splitlines()
    at = next(i for i, ln in enumerate(lines) if CHECK_CALL.search(ln))
    starter, check = "\n".join(lines[:at]).rstrip(), "\n".join(lines[at:])
    if key.kind == "number":
        value = key.answer()
        right = f"{var} = {int(round(value)) if key.precision.whole else repr(float(value))}"
    elif solution and (re.search(r"^\s*answer\s*=", solution, re.M) or key.kind == "function"):
        right = rename(solution)
    else:  # no usable worked solution: the key's expression
        right = f"import sympy\n{var} = sympy.sympify({str(key.answer())!r})"
    return "\n".join(['""" # BEGIN PROMPT', rename(starter), '"""  # END PROMPT',
                      "# BEGIN SOLUTION NO PROMPT", right, "# END SOLUTION", rename(check)])


def master_notebook(chapter: str) -> tuple[object, list[dict]]:
    """The otter master notebook of ``chapter`` and its questions (name, label, points)."""
    import jupytext
    import nbformat

    teacher = se.chapters(ROOT / "book")[chapter]
    keys = keys_of(chapter)
    if not keys:
        raise ValueError(f"book/{chapter}.md has no checked exercises to grade")
    solutions = {b.target: solution_code(b.body) for b in se.find_solutions(teacher)}
    staged = {n: se.student_source(t, n) for n, t in se.student_chapters(ROOT / "book").items()}
    book = nm.book_index(staged, se.notebook_pages(staged), ROOT / "book" / "references.bib")
    source = jupytext.reads(staged[chapter], fmt="md:myst")
    cited: list[str] = []
    md = (lambda text: nbformat.v4.new_markdown_cell(nm.convert_markdown(text, book, chapter,
                                                                          cited)))
    raw = nbformat.v4.new_raw_cell
    code = nbformat.v4.new_code_cell
    config = ("# ASSIGNMENT CONFIG\n"
              f"name: {chapter}\n"
              "init_cell: false\ncheck_all_cell: false\nexport_cell: false\n"
              "run_tests: true\n"
              "autograder_files:\n  - spot_checks.py\n")
    cells = [raw(config)]
    questions: list[dict] = []
    pending: str | None = None
    for cell in source.cells:
        if cell.cell_type == "markdown":
            for label, text in _split_exercises(cell.source):
                if label in keys:
                    pending = label
                    questions.append({"name": question_name(label), "label": label,
                                      "points": getattr(keys[label], "points", 1)})
                    cells.append(raw(f"# BEGIN QUESTION\nname: {question_name(label)}\n"
                                     f"points: {questions[-1]['points']}\n"
                                     "check_cell: false"))
                cells.append(md(text))
            continue
        match = CHECK_CALL.search(cell.source)
        if pending and match and match[1] == pending:
            n = len(questions)
            var = f"answer_{n}"
            function = getattr(keys[pending], "function", None)
            given = function.name if function is not None else var
            body = _answer_cell(cell.source, pending, keys[pending],
                                solutions.get(pending, ""), n)
            cells += [raw("# BEGIN SOLUTION"), code(body), raw("# END SOLUTION"),
                      raw("# BEGIN TESTS"),
                      code(f'assert checks.check("{pending}", {given}).correct'),
                      code(f'# HIDDEN\nimport spot_checks\n'
                           f'assert spot_checks.check("{pending}", {given})'),
                      raw("# END TESTS"), raw("# END QUESTION")]
            pending = None
            continue
        if pending:
            raise ValueError(f"{chapter}: exercise {pending} is not followed by its check cell")
        cells.append(code(cell.source, metadata=cell.metadata))
    if cited:
        cells.append(nbformat.v4.new_markdown_cell(nm.references_cell(cited, book)))
    missing = sorted(set(keys) - {q["label"] for q in questions})
    if missing:
        raise ValueError(f"{chapter}: no exercise cell found for the keys {missing}")
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python",
                                       "name": "python3"}
    notebook.metadata["language_info"] = {"name": "python"}
    return notebook, questions


def assign(chapter: str, out: Path) -> Path:
    """Export ``chapter`` and run ``otter assign``; return the assignment folder."""
    import nbformat

    folder = out / chapter
    shutil.rmtree(folder, ignore_errors=True)
    source = folder / "source"
    source.mkdir(parents=True)
    notebook, questions = master_notebook(chapter)
    nbformat.write(notebook, source / f"{chapter}.ipynb")
    shutil.copy2(SPOT_CHECKS, source / "spot_checks.py")
    (folder / "questions.json").write_text(json.dumps(questions, indent=1) + "\n")
    command = [otter(), "assign", f"{chapter}.ipynb", str(folder.resolve())]
    print("$", " ".join(command), flush=True)
    result = subprocess.run(command, cwd=source, check=False)
    if result.returncode:
        raise RuntimeError(f"otter assign failed for {chapter} (exit {result.returncode})")
    return folder


def autograder_zip(folder: Path) -> Path:
    """The autograder zip ``otter assign`` wrote into ``folder/autograder``."""
    zips = sorted((folder / "autograder").glob("*.zip"))
    if not zips:
        raise FileNotFoundError(f"no autograder zip in {folder / 'autograder'}: "
                                "run `python scripts/book.py otter <chapter>` first")
    return zips[-1]


def run(folder: Path, submission: Path) -> dict[str, float]:
    """Grade one submission with ``otter run`` (no Docker): question -> score, and
    ``"total"`` and ``"max"``."""
    with tempfile.TemporaryDirectory() as tmp:
        command = [otter(), "run", "--no-logo", "-a", str(autograder_zip(folder)),
                   "-o", tmp, str(submission.resolve())]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        results = Path(tmp) / "results.json"
        if result.returncode or not results.is_file():
            raise RuntimeError(f"otter run failed on {submission}:\n{result.stdout}\n"
                               f"{result.stderr}")
        data = json.loads(results.read_text())
    scores: dict[str, float] = {}
    maxima: dict[str, float] = {}
    for test in data.get("tests", []):
        name = re.sub(r"\s*\(.*$", "", str(test.get("name", ""))).strip()
        scores[name] = scores.get(name, 0.0) + float(test.get("score") or 0)
        maxima[name] = maxima.get(name, 0.0) + float(test.get("max_score") or 0)
    scores["total"] = sum(v for k, v in scores.items())
    scores["max"] = sum(maxima.values())
    return scores


def grade(folder: Path, submissions: Path) -> Path:
    """Grade every ``*.ipynb`` in ``submissions``; write and return ``grades.csv``."""
    questions = [q["name"] for q in json.loads((folder / "questions.json").read_text())]
    rows = []
    for path in sorted(submissions.glob("*.ipynb")):
        print(f"grading {path.name}", flush=True)
        scores = run(folder, path)
        rows.append({"submission": path.name,
                     **{q: round(scores.get(q, 0.0), 3) for q in questions},
                     "total": round(scores["total"], 3), "max": round(scores["max"], 3)})
    gradebook = submissions / "grades.csv"
    with gradebook.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, ["submission", *questions, "total", "max"])
        writer.writeheader()
        writer.writerows(rows)
    return gradebook
