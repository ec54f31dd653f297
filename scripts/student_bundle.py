"""The student bundle: everything a teacher hands out, without a single solution.

``python scripts/book.py bundle`` writes, beside the student site
(``_build/student/``):

``bundle/<NAME>/``
    ``<chapter>.ipynb``  one notebook per chapter, solutions removed, exercises as
                         Markdown headings with typeset maths, no outputs
    ``data/``            the data the chapters read (book/data: digits, shoot-out results)
    ``wheels/``          ``helpers`` as a wheel (built from this repository)
    ``requirements.txt`` what the chapters and helpers import, pinned (no build tools)
    ``binder/``          ``requirements.txt``, ``runtime.txt``, ``postBuild`` (installs
                         the wheel): the folder works as its own Binder repository
    ``README.md``        for students: open it in Binder or on your own computer
``<NAME>.zip``
    the same folder, zipped (for an LMS upload)

The answer keys are part of ``helpers`` (``helpers/exercises/``), since the
self-checks need them; the worked solutions of the book (its ``{solution}`` blocks)
are nowhere in the bundle. Nothing links back to the teacher's repository.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.metadata as md
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import student_edition as se
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = se.ROOT
NAME = "activation-functions-student"
PYTHON = "3.11"
#: Distributions the notebooks need although no chapter imports them by name.
RUNTIME = ("ipykernel",)


# ------------------------------------------------------------------ requirements

def _top_imports(code: str) -> set[str]:
    """Top-level module names imported by ``code`` (Python; magics dropped)."""
    lines = [ln for ln in code.splitlines() if not ln.lstrip().startswith(("%", "!"))]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return set()
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def imported_modules(staged: dict[str, str]) -> set[str]:
    """Third-party modules the chapters' code cells and helpers import."""
    code = [m for text in staged.values()
            for m in re.findall(r"^```\{code-cell\}[^\n]*\n(.*?)^```$", text, re.S | re.M)]
    code += [p.read_text(encoding="utf-8") for p in (ROOT / "helpers").rglob("*.py")]
    modules = set().union(*(_top_imports(c) for c in code))
    return {m for m in modules if m not in sys.stdlib_module_names and m != "helpers"}


def _distribution_of(module: str) -> str:
    names = md.packages_distributions().get(module)
    if not names:
        raise ValueError(f"module {module!r} is imported but not installed: "
                         "run `bash scripts/setup.sh` first")
    return names[0]


def _closure(roots: set[str]) -> dict[str, str]:
    """Canonical name -> installed version, for ``roots`` and what they require."""
    pins: dict[str, str] = {}
    todo = list(roots)
    while todo:
        name = canonicalize_name(todo.pop())
        if name in pins:
            continue
        dist = md.distribution(name)
        pins[name] = dist.version
        for spec in dist.requires or []:
            req = Requirement(spec)
            if req.marker and not req.marker.evaluate({"extra": ""}):
                continue
            todo.append(req.name)
    return pins


def requirements(staged: dict[str, str]) -> str:
    """The bundle's ``requirements.txt``: every distribution the notebooks need, pinned.

    The roots are the distributions of the modules the chapters and helpers import
    (plus ipykernel); their dependencies are followed; versions are those of this
    environment, which ``constraints.txt`` pins.
    """
    roots = {_distribution_of(m) for m in imported_modules(staged)} | set(RUNTIME)
    pins = _closure(roots)
    lines = [f"{name}=={version}" for name, version in sorted(pins.items())]
    return ("# What the notebooks and helpers need, pinned. helpers itself is in wheels/\n"
            "# (pip install --no-deps wheels/*.whl after this file).\n"
            + "\n".join(lines) + "\n")


# ------------------------------------------------------------------------- wheel

#: What replaces a rubric's criteria and model answer in the students' copy of the keys.
REDACTED = "(in the instructor material)"
#: ``Rubric(question, points, criteria, model_answer)``: the teacher-only arguments.
RUBRIC_PRIVATE = {2: "criteria", 3: "model_answer"}


class _RedactRubrics(ast.NodeTransformer):
    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name != "Rubric":
            return node
        for i in RUBRIC_PRIVATE:
            if i < len(node.args):
                node.args[i] = ast.Constant(REDACTED)
        for keyword in node.keywords:
            if keyword.arg in RUBRIC_PRIVATE.values():
                keyword.value = ast.Constant(REDACTED)
        return node


def redact_rubrics(source: str) -> str:
    """A key module without its rubrics' criteria and model answers (teacher material,
    not needed by the self-checks); a module without ``Rubric(...)`` is unchanged."""
    if "Rubric(" not in source:
        return source
    tree = _RedactRubrics().visit(ast.parse(source))
    return ast.unparse(ast.fix_missing_locations(tree)) + "\n"


def build_wheel(dest: Path) -> Path:
    """Build ``helpers`` as a wheel into ``dest`` from a clean copy of the package
    (rubric criteria and model answers removed from the keys, :func:`redact_rubrics`)."""
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        shutil.copytree(ROOT / "helpers", src / "helpers",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*"))
        for key in (src / "helpers" / "exercises").glob("*.py"):
            key.write_text(redact_rubrics(key.read_text(encoding="utf-8")), encoding="utf-8")
        shutil.copy2(ROOT / "pyproject.toml", src / "pyproject.toml")
        shutil.copy2(ROOT / "LICENSE", src / "LICENSE")
        command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
                   "--disable-pip-version-check", "--wheel-dir", str(dest), str(src)]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode:
            raise RuntimeError(f"building the helpers wheel failed:\n{result.stderr}")
    (wheel,) = sorted(dest.glob("*.whl"))
    return wheel


# ------------------------------------------------------------------------- texts

POSTBUILD = """\
#!/bin/bash
# Binder runs this from the folder's root after installing binder/requirements.txt:
# it installs helpers, the package every notebook imports (its dependencies are
# already pinned and installed).
set -euo pipefail
python -m pip install --no-deps wheels/*.whl
"""

BINDER_REQUIREMENTS = """\
# Binder installs this file; the pins are in the folder's requirements.txt.
-r ../requirements.txt
"""


def readme(notebooks: list[str], titles: dict[str, str], wheel: str) -> str:
    """The students' README."""
    listing = "\n".join(f"- `{name}.ipynb` — {titles.get(name, name)}" for name in notebooks)
    return f"""\
# Activation Functions: Derived, Plotted, Broken — student notebooks

The chapters of the book as Jupyter notebooks, with their exercises. Each
exercise is followed by a self-check cell: replace `None` (or `...`) with your
answer, run the cell, and it tells you whether the answer is right, with a
hint when it is not. Run each notebook from the top: later cells use what
earlier cells computed.

{listing}

## Open the notebooks in your browser (Binder)

Use the Binder link your teacher gives you. It opens this folder in
JupyterLab, with everything installed; nothing needs to be installed on your
computer. Binder does not keep your work: download your notebook
(*File → Download*) before you close the tab.

## Or run them on your own computer

You need Python {PYTHON} or newer. In this folder:

```bash
python3 -m venv .venv
.venv/bin/pip install -r requirements.txt           # the pinned packages
.venv/bin/pip install --no-deps wheels/{wheel}      # helpers, the book's code
.venv/bin/pip install jupyterlab
.venv/bin/jupyter lab
```

(On Windows, use `.venv\\Scripts\\pip` and `.venv\\Scripts\\jupyter`.)
Then open a notebook in JupyterLab.

## What is in this folder

- the notebooks (`*.ipynb`), without outputs and without the solutions;
- `data/`: the data the chapters read (the UCI handwritten digits, CC BY 4.0, by
  E. Alpaydin and C. Kaynak; the shoot-out's results);
- `wheels/`: `helpers`, the small Python package the notebooks import (the
  activation functions, plots, networks and the self-checks);
- `requirements.txt`: the Python packages the notebooks need, with the exact
  versions the book was tested with;
- `binder/`: what Binder reads to build the environment.

## For the teacher who hands this folder out

Push the folder's contents to a repository of their own (it needs nothing
else) and give students the link
`https://mybinder.org/v2/gh/<owner>/<repository>/HEAD?urlpath=lab`, or upload
`{NAME}.zip` to your learning platform.
"""


# ------------------------------------------------------------------------ bundle

def write_bundle(out: Path, wheel_dir: Path | None = None) -> Path:
    """Write the bundle folder ``out/bundle/NAME`` and ``out/NAME.zip``; return the zip.

    ``wheel_dir``: reuse a wheel built there before (else one is built).
    """
    staged = {name: se.student_source(text, name)
              for name, text in se.student_chapters(ROOT / "book").items()}
    folder = out / "bundle" / NAME
    shutil.rmtree(out / "bundle", ignore_errors=True)
    folder.mkdir(parents=True)
    notebooks = se.write_notebooks({n: staged[n] for n in se.notebook_pages(staged)}, folder)
    wheel = (sorted(wheel_dir.glob("*.whl"))[0] if wheel_dir and any(wheel_dir.glob("*.whl"))
             else build_wheel(folder / "wheels"))
    if wheel.parent != folder / "wheels":
        (folder / "wheels").mkdir(exist_ok=True)
        shutil.copy2(wheel, folder / "wheels" / wheel.name)
    # The data the chapters read (the digits, the shoot-out's results), beside the
    # notebooks: helpers.datasets.data_file finds ./data/<name> outside a clone.
    shutil.copytree(ROOT / "book" / "data", folder / "data",
                    ignore=shutil.ignore_patterns(".*", "__pycache__"))
    (folder / "requirements.txt").write_text(requirements(staged), encoding="utf-8")
    binder = folder / "binder"
    binder.mkdir()
    (binder / "requirements.txt").write_text(BINDER_REQUIREMENTS, encoding="utf-8")
    (binder / "runtime.txt").write_text(f"python-{PYTHON}\n", encoding="utf-8")
    (binder / "postBuild").write_text(POSTBUILD, encoding="utf-8")
    (binder / "postBuild").chmod(0o755)
    titles = {name: m[1] for name, text in staged.items()
              if (m := re.search(r"^# (.+)$", text, re.M))}
    (folder / "README.md").write_text(
        readme([p.stem for p in notebooks], titles, wheel.name), encoding="utf-8")
    archive = out / f"{NAME}.zip"
    archive.unlink(missing_ok=True)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                info = zipfile.ZipInfo.from_file(path, f"{NAME}/{path.relative_to(folder)}")
                info.date_time = (2026, 1, 1, 0, 0, 0)  # reproducible archive
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, path.read_bytes())
    return archive


def digest(folder: Path) -> str:
    """SHA-256 over a bundle folder's files (names and contents), for caches."""
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(folder).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()
