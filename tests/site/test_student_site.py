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

from helpers.exercises import KEYS  # noqa: E402

TEACHER = se.student_chapters(BOOK)
#: What students see anyway: the student sources and the self-checks' feedback (hints).
STUDENT_SOURCES = ([se.student_source(text, name) for name, text in TEACHER.items()]
                   + [f"{ex.what}. {ex.hint}" for ex in KEYS.values()])
#: chapter -> one distinctive fragment of each of its solutions (canonical form).
FINGERPRINTS = {name: se.fingerprints(text, STUDENT_SOURCES) for name, text in TEACHER.items()}
EXERCISE_LABEL = re.compile(r"^`{3,}\{exercise\}.*\n:label:\s*(\S+)", re.M)
#: MyST that plain Jupyter shows raw: directive fences, option lines, roles.
MYST_LEFT = re.compile(r"^[`:]{3,}\{[\w:-]+\}.*$|^:label:.*$|\{(?:cite|ref|doc|numref|eq)"
                       r"(?::\w+)?\}`[^`]*`", re.M)
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
            assert f'<a id="{label}"></a>' in text, f"{name}: exercise {label} missing"
        assert text.count("### Exercise") == len(EXERCISE_LABEL.findall(TEACHER[name])), name
        assert MYST_LEFT.findall(text) == [], name
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


# ------------------------------------------------------------------ the student bundle

BUNDLE_ROOT = STUDENT_DIR / "bundle"


@pytest.fixture(scope="session")
def bundle() -> Path:
    """The built student bundle folder (``python scripts/book.py bundle``)."""
    import student_bundle as sb

    folder = BUNDLE_ROOT / sb.NAME
    if not (folder / "README.md").is_file() or not (STUDENT_DIR / f"{sb.NAME}.zip").is_file():
        fail_or_skip(f"The student bundle is not built ({folder}): "
                     "`.venv/bin/python scripts/book.py bundle`")
    return folder


def _bundle_texts(folder: Path) -> dict[str, str]:
    """Every file of the bundle folder and of its zip as text; wheels are opened too."""
    import io
    import zipfile

    def from_zip(data: bytes, prefix: str) -> dict[str, str]:
        out = {}
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for name in zf.namelist():
                content = zf.read(name)
                if name.endswith(".whl"):
                    out.update(from_zip(content, f"{prefix}{name}!"))
                else:
                    out[prefix + name] = content.decode("utf-8", errors="replace")
        return out

    texts = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            rel = path.relative_to(folder).as_posix()
            if path.suffix == ".whl":
                texts.update(from_zip(path.read_bytes(), f"{rel}!"))
            else:
                texts[rel] = (_notebook_text(path) if path.suffix == ".ipynb"
                              else path.read_text(encoding="utf-8", errors="replace"))
    archive = folder.parents[1] / f"{folder.name}.zip"
    texts.update(from_zip(archive.read_bytes(), "zip:"))
    return texts


def teacher_repositories() -> set[str]:
    """``owner/name`` of the teacher's repository: the one the build uses (GitHub Actions
    or ``git remote``) and any named in the book's pages or the README."""
    import book

    repos = {book.repository()} - {None}
    for path in [*BOOK.glob("*.md"), REPO / "README.md", REPO / "_config.yml"]:
        repos |= {m.rstrip(".") for m in re.findall(r"github\.com/([\w.-]+/[\w.-]+)",
                                                    path.read_text(encoding="utf-8"))}
    return {r.removesuffix(".git") for r in repos}


#: Text that would send a student to the teacher's material.
TEACHER_POINTERS = re.compile(r"git clone|clone the repository|teacher's edition|"
                              r"worked solutions sit|launch button|rocket icon", re.I)


def test_bundle_has_every_part(bundle: Path) -> None:
    import zipfile

    import student_bundle as sb

    with_code = sorted(name for name, text in TEACHER.items() if "{code-cell}" in text)
    assert sorted(p.stem for p in bundle.glob("*.ipynb")) == with_code
    assert "instructor" not in {p.stem for p in bundle.rglob("*")}
    (wheel,) = bundle.glob("wheels/*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for module in ("helpers/checks.py", "helpers/exercises/__init__.py",
                   "helpers/activations/__init__.py", "helpers/nn/__init__.py"):
        assert module in names, f"{module} missing from the helpers wheel"
    for rel in ("requirements.txt", "README.md", "binder/requirements.txt",
                "binder/runtime.txt", "binder/postBuild"):
        assert (bundle / rel).is_file(), rel
    assert "-r ../requirements.txt" in (bundle / "binder" / "requirements.txt").read_text()
    assert "wheels/*.whl" in (bundle / "binder" / "postBuild").read_text()
    with zipfile.ZipFile(bundle.parents[1] / f"{sb.NAME}.zip") as zf:
        zipped = sorted(n.removeprefix(f"{sb.NAME}/") for n in zf.namelist())
    assert zipped == sorted(p.relative_to(bundle).as_posix()
                            for p in bundle.rglob("*") if p.is_file())


def test_bundle_has_no_solution(bundle: Path) -> None:
    texts = _bundle_texts(bundle)
    assert len(texts) > 20
    leaks = {name: found for name, text in texts.items() if (found := _leaks(text))}
    assert leaks == {}
    assert [name for name, text in texts.items()
            if name.endswith(".ipynb") and "{solution" in text] == []


def test_bundle_notebooks_render_in_plain_jupyter(bundle: Path) -> None:
    for path in sorted(bundle.glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        markdown = "\n".join("".join(c["source"]) for c in notebook["cells"]
                             if c["cell_type"] == "markdown")
        assert MYST_LEFT.findall(markdown) == [], path.name
        labels = EXERCISE_LABEL.findall(TEACHER[path.stem])
        assert markdown.count("### Exercise") == len(labels), path.name
        assert all(c.get("outputs", []) == [] for c in notebook["cells"]), path.name


def test_student_material_has_no_way_to_the_teacher_repository(student_site: Path,
                                                               bundle: Path) -> None:
    repos = teacher_repositories()
    texts = {f"bundle/{k}": v for k, v in _bundle_texts(bundle).items()}
    for page in student_pages():
        texts[page] = (student_site / page).read_text(encoding="utf-8")
    for path in NOTEBOOKS.glob("*.ipynb"):
        texts[f"notebooks/{path.name}"] = _notebook_text(path)
    found = {name: sorted({r for r in repos if f"github.com/{r}".lower() in text.lower()}
                          | set(TEACHER_POINTERS.findall(se.html_text(text))))
             for name, text in texts.items()}
    assert {k: v for k, v in found.items() if v} == {}


def test_student_site_has_no_teacher_only_page(student_site: Path) -> None:
    import student_edition

    for name in student_edition.TEACHER_ONLY:
        assert not (student_site / "book" / f"{name}.html").exists()
        assert not (student_site / "_sources" / "book" / f"{name}.md").exists()


#: The chapter the fresh-environment test runs (short, and it has every kind of cell).
ENV_CHAPTER = "sigmoid"


def _bundle_venv(bundle: Path) -> Path:
    """A venv with the bundle's requirements, cached under ``_build/bundle-venv/<hash>``
    (keyed by requirements.txt and the Python version); other keys are deleted."""
    import hashlib
    import shutil
    import subprocess

    key = hashlib.sha256((bundle / "requirements.txt").read_bytes()
                         + sys.version.encode()).hexdigest()[:16]
    cache = REPO / "_build" / "bundle-venv"
    venv = cache / key
    ready = venv / ".ready"
    if not ready.is_file():
        if cache.is_dir():
            for old in cache.iterdir():
                shutil.rmtree(old, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q",
                        "--disable-pip-version-check", "-r", "requirements.txt"],
                       cwd=bundle, check=True)
        ready.touch()
    return venv


def test_bundle_installs_in_a_fresh_venv_and_a_chapter_runs(bundle: Path,
                                                            tmp_path: Path) -> None:
    """The README's (and Binder's) steps, then the chapter executes on that kernel."""
    import subprocess

    import nbformat
    from nbclient import NotebookClient

    venv = _bundle_venv(bundle)
    python = str(venv / "bin" / "python")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    # binder/postBuild installs helpers from the wheel (reinstalled: the wheel may be new).
    subprocess.run([python, "-m", "pip", "uninstall", "-q", "-y", "activation-book-helpers"],
                   env=env, check=False, capture_output=True)
    subprocess.run(["bash", "binder/postBuild"], cwd=bundle, env=env, check=True)
    where = subprocess.run([python, "-c", "import helpers; print(helpers.__file__)"],
                           cwd=tmp_path, env=env, check=True, capture_output=True, text=True)
    assert str(venv) in where.stdout and str(REPO / "helpers") not in where.stdout
    prefix = tmp_path / "kernel"
    subprocess.run([python, "-m", "ipykernel", "install", "--prefix", str(prefix),
                    "--name", "bundle-test"], env=env, check=True, capture_output=True)

    work = tmp_path / "work"
    work.mkdir()  # the chapter runs in a folder of its own, as a student's would
    notebook = nbformat.read(bundle / f"{ENV_CHAPTER}.ipynb", as_version=4)
    old = os.environ.copy()
    os.environ.clear()
    os.environ.update(env, JUPYTER_PATH=str(prefix / "share" / "jupyter"))
    try:
        NotebookClient(notebook, kernel_name="bundle-test", timeout=300,
                       resources={"metadata": {"path": str(work)}}).execute()
    finally:
        os.environ.clear()
        os.environ.update(old)
    outputs = "\n".join(json.dumps(c.get("outputs", [])) for c in notebook.cells
                        if c.cell_type == "code")
    assert "No answer yet" in outputs  # the self-checks ran, on the bundle's helpers
    assert '"output_type": "error"' not in outputs
