"""The one way to build the book: the teacher's site, the student edition, the Pages site.

Subcommands::

    python scripts/book.py build     # clean build of the site in _build/html
    python scripts/book.py student   # the student edition in _build/student
    python scripts/book.py pages     # _build/pages: the site at the root, the student
                                     # edition under student/ (what GitHub Pages serves)
    python scripts/book.py config    # print the configuration the build uses
    python scripts/book.py bench     # bench/build.py: time a clean build

Every build runs ``jupyter-book build -W -n --keep-going`` (any warning fails)
with a configuration generated from ``_config.yml`` (:func:`book_config`):

* **Execution through one cache.** Notebooks run in Jupyter Book's ``cache`` mode,
  with one jupyter-cache folder (``_build/.jupyter_cache``) for both editions. A clean
  build empties it first, so every chapter executes once and an edit to ``helpers/``
  is never hidden behind an old output; the student edition, whose code cells are
  the teacher's, then takes every output from the cache instead of executing the
  book a second time. The cache is reused only while ``helpers/``, the data and the
  pinned requirements are what they were when it was emptied (:func:`inputs_digest`),
  since jupyter-cache itself keys on the notebooks' code alone.
* **The repository from one place** (:func:`repository`): ``GITHUB_REPOSITORY`` (set
  by GitHub Actions), else the GitHub URL of ``git remote get-url origin``. When it
  is unknown the site has no repository and no Binder button rather than a guessed
  link; the student edition never has them.

``_config.yml`` is never edited; the generated file is ``_build/_config.generated.yml``
(the student edition's is ``_build/student/src/_config.yml``). Run
``bash scripts/setup.sh`` first: it installs the packages and the site's browser assets.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import runpy
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import student_edition as se
import yaml

ROOT = Path(__file__).resolve().parent.parent
SITE_ASSETS = ROOT / "_build" / "site_assets"
#: Sphinx extensions of the build (``ipynb_download``); put on ``PYTHONPATH``.
EXTENSIONS_DIR = Path(__file__).resolve().parent / "sphinx_ext"
DOWNLOAD_EXTENSION = "ipynb_download"
GENERATED_CONFIG = "_config.generated.yml"
CACHE_DIR = ".jupyter_cache"
#: Written into the cache folder: the digest of the inputs its outputs were made from.
CACHE_STAMP = "inputs.sha256"
BINDERHUB_URL = "https://mybinder.org"
#: What a build deletes before it starts (paths inside ``_build``).
CLEAN = ("html", ".doctrees", "jupyter_execute", CACHE_DIR, GENERATED_CONFIG)

_OWNER = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})"
_NAME = r"[A-Za-z0-9._-]+?"
#: ``owner/name`` as GitHub spells repositories.
SLUG = re.compile(rf"^{_OWNER}/(?!\.\.?$)[A-Za-z0-9._-]+$")
GITHUB_URL = re.compile(
    rf"""^(?:
        (?:https?|git|ssh)://(?:[^@/]+@)?github\.com(?::\d+)?/   # https://, ssh://git@, git://
      | [^@/:]+@github\.com:                                    # git@github.com:owner/name
    )(?P<owner>{_OWNER})/(?P<name>{_NAME})(?:\.git)?/?$""",
    re.VERBOSE,
)


# --------------------------------------------------------------- the repository

def parse_github_url(url: str) -> str | None:
    """``owner/name`` of a GitHub remote URL (https or ssh), else ``None``.

    >>> parse_github_url("git@github.com:me/fork.git")
    'me/fork'
    >>> parse_github_url("/srv/git/book") is None
    True
    """
    match = GITHUB_URL.match(url.strip())
    if not match or match["name"] in {".", ".."}:
        return None
    return f"{match['owner']}/{match['name']}"


def git_origin(cwd: Path = ROOT) -> str | None:
    """The URL of the ``origin`` remote of the repository at ``cwd``, if any."""
    try:
        result = subprocess.run(["git", "remote", "get-url", "origin"], cwd=cwd,
                                capture_output=True, text=True, check=False, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None
    return result.stdout.strip() or None


def repository(env: Mapping[str, str] | None = None, cwd: Path = ROOT) -> str | None:
    """The book's GitHub repository as ``owner/name``, or ``None`` when unknown.

    From ``GITHUB_REPOSITORY`` (GitHub Actions sets it), else from the GitHub URL of
    ``git remote get-url origin``. A remote elsewhere (a local path, another host)
    gives ``None``: better no link than a guessed one.
    """
    env = os.environ if env is None else env
    slug = env.get("GITHUB_REPOSITORY", "").strip()
    if SLUG.match(slug):
        return slug
    origin = git_origin(cwd)
    return parse_github_url(origin) if origin else None


# ------------------------------------------------------------- the configuration

def _merged(config: dict, key: str, values: dict) -> dict:
    """``config[key]`` (a mapping, maybe missing) updated with ``values``, as a new dict."""
    return {**(config.get(key) or {}), **values}


def book_config(base: dict, repo: str | None, cache: Path) -> dict:
    """The configuration a build uses: ``base`` (``_config.yml``) and what the build adds.

    * notebooks execute in ``cache`` mode through the jupyter-cache folder ``cache``;
    * with ``repo`` (``owner/name``), the repository button and Binder launch button
      point at it; without, neither is shown and no repository URL is set;
    * the ``ipynb_download`` extension offers each chapter's executed notebook, which
      the theme only does when a launch button is configured.
    """
    config = dict(base)
    config["execute"] = _merged(config, "execute", {"execute_notebooks": "cache",
                                                    "cache": str(cache)})
    url = f"https://github.com/{repo}" if repo else ""
    config["repository"] = _merged(config, "repository", {"url": url})
    config["html"] = _merged(config, "html", {"use_repository_button": bool(repo)})
    config["launch_buttons"] = _merged(config, "launch_buttons",
                                       {"binderhub_url": BINDERHUB_URL if repo else ""})
    sphinx = dict(config.get("sphinx") or {})
    # Jupyter Book resolves local extension folders against the configuration file's
    # folder, and the generated file lives in _build/: give it absolute paths.
    sphinx["local_extensions"] = {name: str((ROOT / path).resolve()) for name, path
                                  in (sphinx.get("local_extensions") or {}).items()}
    sphinx_config = dict(sphinx.get("config") or {})
    extensions = list(sphinx_config.get("extensions") or [])
    if DOWNLOAD_EXTENSION not in extensions:
        extensions.append(DOWNLOAD_EXTENSION)
    sphinx_config["extensions"] = extensions
    sphinx["config"] = sphinx_config
    config["sphinx"] = sphinx
    return config


def base_config() -> dict:
    """``_config.yml`` as a dict."""
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def write_config(config: dict, path: Path, by: str) -> Path:
    """Write ``config`` as YAML to ``path``, with a header saying where it comes from."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"# Generated by {by} from _config.yml; do not edit.\n"
                    + yaml.safe_dump(config, sort_keys=False, allow_unicode=True),
                    encoding="utf-8")
    return path


# ---------------------------------------------------------------------- the cache

#: Inputs of a chapter's execution that jupyter-cache does not see (it hashes code cells).
DIGEST_GLOBS = ("helpers/**/*", "book/data/**/*", "pyproject.toml", "requirements.txt",
                "constraints.txt")


def inputs_digest(root: Path = ROOT) -> str:
    """SHA-256 over the files the chapters' outputs depend on besides their own code."""
    digest = hashlib.sha256()
    files = sorted({p for pattern in DIGEST_GLOBS for p in root.glob(pattern)
                    if p.is_file() and "__pycache__" not in p.parts})
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def prepare_cache(cache: Path, fresh: bool, root: Path = ROOT) -> bool:
    """Empty ``cache`` if ``fresh`` or if its inputs (in ``root``) changed since it was
    emptied; return True if it is reused."""
    stamp = cache / CACHE_STAMP
    digest = inputs_digest(root)
    if not fresh and stamp.is_file() and stamp.read_text().strip() == digest:
        return True
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True)
    stamp.write_text(digest + "\n")
    return False


# ---------------------------------------------------------------------- building

def jupyter_book() -> str:
    """The ``jupyter-book`` next to this Python, else the one on ``PATH``."""
    local = Path(sys.executable).parent / "jupyter-book"
    found = str(local) if local.is_file() else shutil.which("jupyter-book")
    if not found:
        raise FileNotFoundError("jupyter-book not found: run `bash scripts/setup.sh` first")
    return found


def build_command(source: Path, output: Path, config: Path) -> list[str]:
    """The build: every warning fails it, and all of them are reported first."""
    return [jupyter_book(), "build", "-W", "-n", "--keep-going", str(source),
            "--path-output", str(output), "--config", str(config)]


def run_build(source: Path, output: Path, config: Path) -> int:
    """Run :func:`build_command` with the build's Sphinx extensions importable."""
    command = build_command(source, output, config)
    print("$", " ".join(command), flush=True)
    path = os.pathsep.join(filter(None, [str(EXTENSIONS_DIR), os.environ.get("PYTHONPATH")]))
    # The chapters multiply small matrices, where BLAS threads only add overhead (and
    # thrash when the machine is busy); one thread unless the caller chose otherwise.
    env = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", **os.environ,
           "PYTHONPATH": path}
    return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode


def check_assets() -> bool:
    """True if the site's browser assets are in place (``scripts/setup.sh`` copies them)."""
    if (SITE_ASSETS / "vendor").is_dir():
        return True
    print(f"error: {SITE_ASSETS} is missing: run `bash scripts/setup.sh` first",
          file=sys.stderr)
    return False


def build(output: Path = ROOT, env: Mapping[str, str] | None = None) -> int:
    """Clean build of the teacher's site in ``output/_build/html``; every chapter executes."""
    build_dir = output / "_build"
    for name in CLEAN:
        target = build_dir / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    prepare_cache(build_dir / CACHE_DIR, fresh=True)
    repo = repository(env)
    print(f"repository: {repo or 'unknown (no repository or Binder button)'}")
    config = write_config(book_config(base_config(), repo, build_dir / CACHE_DIR),
                          build_dir / GENERATED_CONFIG, "scripts/book.py build")
    return run_build(ROOT, output, config)


def student(output: Path = ROOT, out: Path | None = None, no_build: bool = False,
            fresh: bool = False) -> int:
    """The student edition in ``out`` (default ``output/_build/student``).

    Reuses the outputs of the teacher's build in ``output`` through the shared cache
    (unless ``fresh`` or the inputs changed since, see :func:`prepare_cache`).
    """
    out = (out or output / "_build" / "student").resolve()
    cache = output / "_build" / CACHE_DIR
    started = time.perf_counter()
    se.prepare_out(out)
    staged = se.stage(out / "src")
    config = write_config(se.student_config(book_config(base_config(), None, cache)),
                          out / "src" / "_config.yml", "scripts/book.py student")
    removed = sum(len(se.find_solutions(t)) for t in se.chapters(ROOT / "book").values())
    print(f"staged {len(staged)} chapters in {out / 'src'} ({removed} solutions removed)")
    notebooks = se.write_notebooks(staged, out / "notebooks")
    print(f"wrote {len(notebooks)} student notebooks (no outputs) into {out / 'notebooks'}")
    if no_build:
        return 0
    reused = prepare_cache(cache, fresh)
    print(f"executed outputs: reused from the teacher's build ({cache})" if reused
          else "executed outputs: none to reuse; every chapter executes")
    code = run_build(out / "src", out, config)
    if code:
        print(f"error: the student edition failed to build (exit {code})", file=sys.stderr)
        return code
    print(f"\nThe student edition is built: {out / '_build' / 'html' / 'index.html'}")
    print(f"student notebooks: {out / 'notebooks'}  ({time.perf_counter() - started:.0f} s)")
    return 0


def pages(output: Path = ROOT, dest: Path | None = None) -> int:
    """Assemble what GitHub Pages serves: the site at the root, the student edition in
    ``student/``. Both must have been built (``build`` and ``student``)."""
    build_dir = output / "_build"
    dest = dest or build_dir / "pages"
    teacher, students = build_dir / "html", build_dir / "student" / "_build" / "html"
    for site, how in ((teacher, "build"), (students, "student")):
        if not (site / "index.html").is_file():
            print(f"error: {site} is not built: run `python scripts/book.py {how}` first",
                  file=sys.stderr)
            return 1
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(teacher, dest)
    if (dest / "student").exists():
        print(f"error: the site itself has a student/ folder; cannot put the student "
              f"edition there ({dest / 'student'})", file=sys.stderr)
        return 1
    shutil.copytree(students, dest / "student")
    (dest / ".nojekyll").touch()  # serve _static/, _sources/ as they are
    print(f"GitHub Pages site: {dest} (student edition in {dest / 'student'})")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT,
                        help="folder that holds _build (default: the repository)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="clean build of the site in _build/html")
    p_student = sub.add_parser("student", help="the student edition in _build/student")
    p_student.add_argument("--out", type=Path, default=None,
                           help="output folder (default: <output>/_build/student)")
    p_student.add_argument("--no-build", action="store_true",
                           help="stage the sources and write the notebooks, but build no site")
    p_student.add_argument("--fresh", action="store_true",
                           help="execute every chapter, even if the teacher's build left "
                                "outputs to reuse")
    p_pages = sub.add_parser("pages", help="assemble _build/pages for GitHub Pages")
    p_pages.add_argument("--dest", type=Path, default=None)
    sub.add_parser("config", help="print the generated configuration")
    sub.add_parser("bench", help="time a clean build (bench/build.py)", add_help=False)
    args, rest = parser.parse_known_args(argv)
    output = args.output.resolve()

    if args.command == "bench":
        sys.argv = [str(ROOT / "bench" / "build.py"), *rest]
        runpy.run_path(sys.argv[0], run_name="__main__")
        return 0
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    if args.command == "config":
        config = book_config(base_config(), repository(), output / "_build" / CACHE_DIR)
        print(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), end="")
        return 0
    if args.command == "pages":
        return pages(output, args.dest)
    if args.command == "build":
        return build(output) if check_assets() else 1
    if not args.no_build and not check_assets():
        return 1
    return student(output, args.out, args.no_build, args.fresh)


if __name__ == "__main__":
    sys.exit(main())
