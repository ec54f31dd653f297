"""Tests of scripts/book.py, the one build entry point, and of the scripts that call it.

Fast (no build): the repository URL, the generated configuration as Jupyter Book reads
it, the execution cache's reuse rule, the Pages layout, and the shell scripts' result
line and checksum fallback.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from jupyter_book.config import get_final_config

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
import student_edition as se  # noqa: E402

import book  # noqa: E402

PLACEHOLDER = "activation-functions-book/activation-functions-book"


# ------------------------------------------------------------------ the repository

@pytest.mark.parametrize("url", [
    "https://github.com/me/fork", "https://github.com/me/fork.git",
    "https://github.com/me/fork/", "http://github.com/me/fork.git",
    "https://x-access-token:abc@github.com/me/fork.git",
    "git@github.com:me/fork.git", "git@github.com:me/fork",
    "ssh://git@github.com/me/fork.git", "ssh://git@github.com:22/me/fork",
    "git://github.com/me/fork.git", "  https://github.com/me/fork.git\n",
])
def test_github_urls_give_owner_and_name(url: str) -> None:
    assert book.parse_github_url(url) == "me/fork"


def test_names_with_dots_and_dashes() -> None:
    assert book.parse_github_url("git@github.com:my-org/my.book-2.git") == "my-org/my.book-2"
    assert book.parse_github_url("https://github.com/o/name.github.io") == "o/name.github.io"


@pytest.mark.parametrize("url", [
    "/work/wt/buildpath", "../book", "file:///srv/git/book.git",
    "https://gitlab.com/me/fork.git", "git@gitlab.com:me/fork.git",
    "https://github.com/me", "https://github.com/me/fork/tree/main",
    "https://github.com.evil.org/me/fork", "https://github.com/me/..", "",
])
def test_other_remotes_are_unknown(url: str) -> None:
    assert book.parse_github_url(url) is None


def _git_repo(path: Path, origin: str | None) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    if origin:
        subprocess.run(["git", "-C", str(path), "remote", "add", "origin", origin], check=True)
    return path


def test_repository_prefers_github_repository(tmp_path: Path) -> None:
    repo = _git_repo(tmp_path / "r", "git@github.com:someone/else.git")
    assert book.repository({"GITHUB_REPOSITORY": "me/fork"}, repo) == "me/fork"


def test_repository_from_the_git_remote(tmp_path: Path) -> None:
    assert book.repository({}, _git_repo(tmp_path / "ssh", "git@github.com:a/b.git")) == "a/b"
    assert book.repository({}, _git_repo(tmp_path / "https",
                                         "https://github.com/c/d")) == "c/d"


def test_repository_unknown(tmp_path: Path) -> None:
    local = _git_repo(tmp_path / "clone", str(tmp_path / "upstream"))  # CI's case
    assert book.repository({}, local) is None
    assert book.repository({}, _git_repo(tmp_path / "none", None)) is None
    plain = tmp_path / "not-a-repo"
    plain.mkdir()
    assert book.repository({"GITHUB_REPOSITORY": ""}, plain) is None
    # A malformed value is not trusted; the remote decides.
    assert book.repository({"GITHUB_REPOSITORY": "no slash here"}, local) is None


# ------------------------------------------------------------- the configuration

def _sphinx(config: dict, tmp_path: Path) -> dict:
    """The Sphinx configuration Jupyter Book derives from ``config`` (as the build does)."""
    path = book.write_config(config, tmp_path / "_config.generated.yml", "a test")
    return get_final_config(user_yaml=path, cli_config={"latex_individualpages": False},
                            sourcedir=REPO, raise_on_invalid=True)[0]


def test_config_with_a_repository_links_it_and_binder(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    sphinx = _sphinx(book.book_config(book.base_config(), "me/fork", cache), tmp_path)
    theme = sphinx["html_theme_options"]
    assert theme["repository_url"] == "https://github.com/me/fork"
    assert theme["use_repository_button"] is True
    assert theme["launch_buttons"]["binderhub_url"] == "https://mybinder.org"
    assert theme["launch_buttons"]["notebook_interface"] == "jupyterlab"
    assert theme["repository_branch"] == "main"
    assert sphinx["nb_execution_mode"] == "cache"
    assert sphinx["nb_execution_cache_path"] == str(cache)
    assert sphinx["extensions"].count(book.DOWNLOAD_EXTENSION) == 1


def test_config_without_a_repository_has_no_button_and_no_binder(tmp_path: Path) -> None:
    config = book.book_config(book.base_config(), None, tmp_path / "cache")
    theme = _sphinx(config, tmp_path)["html_theme_options"]
    assert theme["repository_url"] == ""
    assert theme["use_repository_button"] is False
    assert not theme["launch_buttons"]["binderhub_url"]
    assert "github.com" not in yaml.safe_dump(config) and "mybinder" not in yaml.safe_dump(config)


def test_the_student_edition_never_links_the_repository(tmp_path: Path) -> None:
    config = se.student_config(book.book_config(book.base_config(), "me/fork", tmp_path))
    theme = _sphinx(config, tmp_path)["html_theme_options"]
    assert theme["repository_url"] == "" and theme["use_repository_button"] is False
    assert not theme["launch_buttons"]["binderhub_url"]
    assert "me/fork" not in yaml.safe_dump(config)


def test_committed_config_guesses_no_repository() -> None:
    text = (REPO / "_config.yml").read_text(encoding="utf-8")
    assert PLACEHOLDER not in text and "github.com/" not in text
    base = book.base_config()
    assert base["launch_buttons"]["binderhub_url"] == ""
    assert base["html"]["use_repository_button"] is False


def test_book_config_leaves_the_base_alone() -> None:
    base = book.base_config()
    before = yaml.safe_dump(base)
    book.book_config(base, "me/fork", Path("/tmp/c"))
    assert yaml.safe_dump(base) == before


def test_favicon_is_configured_and_exists() -> None:
    favicon = book.base_config()["html"]["favicon"]
    assert (REPO / favicon).is_file() and "<svg" in (REPO / favicon).read_text()


def test_the_build_command_is_spelled_once() -> None:
    command = book.build_command(REPO, REPO, REPO / "_build" / "c.yml")
    assert command[1:5] == ["build", "-W", "-n", "--keep-going"]
    spelled = [p.relative_to(REPO).as_posix()
               for p in [*REPO.glob("scripts/**/*"), *REPO.glob("bench/*"), REPO / ".ci" / "run",
                         *REPO.glob(".github/workflows/*")]
               if p.is_file() and p.suffix != ".pyc"
               and re.search(r"--keep-going|jupyter-book\b[^\n]*\bbuild", p.read_text())]
    assert spelled == ["scripts/book.py"]


# ---------------------------------------------------------------------- the cache

def _tree(root: Path) -> Path:
    for rel, text in {"helpers/a.py": "x = 1\n", "book/data/d.csv": "1,2\n",
                      "book/ch.md": "# Chapter\n", "constraints.txt": "numpy==2\n"}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def test_inputs_digest_follows_helpers_data_and_pins_not_chapters(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    first = book.inputs_digest(root)
    (root / "book" / "ch.md").write_text("# Chapter, edited prose\n")  # jupyter-cache's job
    assert book.inputs_digest(root) == first
    for rel in ("helpers/a.py", "book/data/d.csv", "constraints.txt"):
        before = book.inputs_digest(root)
        (root / rel).write_text((root / rel).read_text() + "# changed\n")
        assert book.inputs_digest(root) != before, rel
    (root / "helpers" / "new.py").write_text("")
    assert book.inputs_digest(root) != first


def test_cache_is_emptied_by_a_clean_build_and_when_helpers_change(tmp_path: Path) -> None:
    root, cache = _tree(tmp_path / "repo"), tmp_path / "cache"
    assert book.prepare_cache(cache, fresh=True, root=root) is False
    (cache / "executed").write_text("an output")
    assert book.prepare_cache(cache, fresh=False, root=root) is True  # same run: reused
    assert (cache / "executed").is_file()
    assert book.prepare_cache(cache, fresh=True, root=root) is False  # clean build: emptied
    assert not (cache / "executed").exists()
    (cache / "executed").write_text("an output")
    (root / "helpers" / "a.py").write_text("x = 2\n")
    assert book.prepare_cache(cache, fresh=False, root=root) is False  # helpers edited
    assert not (cache / "executed").exists()


def test_a_clean_build_starts_from_an_empty_cache() -> None:
    assert book.CACHE_DIR in book.CLEAN and "jupyter_execute" in book.CLEAN


# ---------------------------------------------------------------- the Pages site

def test_pages_puts_the_student_edition_under_student(tmp_path: Path) -> None:
    assert book.pages(tmp_path) == 1  # nothing built yet
    for site, title in ((tmp_path / "_build" / "html", "teacher"),
                        (tmp_path / "_build" / "student" / "_build" / "html", "student")):
        site.mkdir(parents=True)
        (site / "index.html").write_text(title)
    assert book.pages(tmp_path) == 0
    dest = tmp_path / "_build" / "pages"
    assert (dest / "index.html").read_text() == "teacher"
    assert (dest / "student" / "index.html").read_text() == "student"
    assert (dest / ".nojekyll").is_file()


# ------------------------------------------------------------- the shell scripts

def _function(script: str, name: str) -> str:
    """The text of a shell function defined in ``scripts/<script>``."""
    text = (REPO / "scripts" / script).read_text()
    match = re.search(rf"^{name}\(\) \{{\n.*?^\}}\n", text, re.M | re.S)
    assert match, f"{name}() not found in scripts/{script}"
    return match.group(0)


@pytest.mark.parametrize("failed, last, status", [
    ("()", "ALL TESTS PASSED", 0),
    ("('unit tests' 'site tests')", "FAILED: unit tests, site tests", 1),
    ("('book build')", "FAILED: book build", 1),
])
def test_test_command_ends_with_its_result(failed: str, last: str, status: int) -> None:
    script = f"{_function('test.sh', 'finish')}\nfailed={failed}\necho 'step output'\nfinish\n"
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True)
    assert result.stdout.splitlines()[-1] == last
    assert result.returncode == status


def test_test_command_records_every_step_and_finishes_with_the_result() -> None:
    lines = [line.strip() for line in (REPO / "scripts" / "test.sh").read_text().splitlines()
             if line.strip() and not line.strip().startswith("#")]
    assert lines[-1] == "finish"
    steps = [line for line in lines if line.startswith(".venv/bin/")]
    assert len(steps) == 6 and all("|| failed+=(" in line for line in steps)
    assert any("scripts/book.py build" in s for s in steps)
    assert any("scripts/book.py student" in s for s in steps)
    # The bundle is made after the student edition and before the site tests read it.
    order = [next(i for i, s in enumerate(steps) if what in s)
             for what in ("book.py student", "book.py bundle", "pytest tests/site")]
    assert order == sorted(order)


def test_checksum_falls_back_to_shasum(tmp_path: Path) -> None:
    """Without GNU sha256sum (macOS), setup.sh uses ``shasum -a 256``."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shasum = bin_dir / "shasum"
    shasum.write_text(f"#!/bin/sh\n[ \"$1 $2\" = \"-a 256\" ] || exit 2\n"
                      f"exec {sys.executable} -c \"import hashlib,sys; "
                      f"print(hashlib.sha256(open(sys.argv[1],'rb').read()).hexdigest(), "
                      f"sys.argv[1])\" \"$3\"\n")
    shasum.chmod(0o755)
    os.symlink(shutil.which("cut"), bin_dir / "cut")
    target = tmp_path / "file"
    target.write_bytes(b"package-lock")
    script = f"{_function('setup.sh', 'sha256')}\nsha256 {target}\n"
    bash = shutil.which("bash")
    result = subprocess.run([bash, "-c", script], capture_output=True, text=True,
                            env={"PATH": str(bin_dir)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == hashlib.sha256(b"package-lock").hexdigest()
    if shutil.which("sha256sum"):  # and GNU's, where present, agrees
        native = subprocess.run([bash, "-c", script], capture_output=True, text=True)
        assert native.stdout.strip() == hashlib.sha256(b"package-lock").hexdigest()
