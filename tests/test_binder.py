"""Binder files: helpers gets installed and .md chapters open as notebooks."""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==")
            pins[re.sub(r"[-_.]+", "-", name.strip()).lower()] = version.strip()
    return pins


def test_binder_installs_the_pinned_requirements_and_helpers():
    reqs = (BINDER / "requirements.txt").read_text()
    assert "-c ../constraints.txt" in reqs
    assert re.match(r"python-3\.1[1-9]", (BINDER / "runtime.txt").read_text())
    post = (BINDER / "postBuild").read_text()
    assert "pip install" in post and "-e ." in post
    assert os.access(BINDER / "postBuild", os.X_OK)


def test_binder_is_lean_and_pinned_like_the_book():
    binder = _pins(BINDER / "requirements.txt")
    book = _pins(ROOT / "requirements.txt")
    constraints = _pins(ROOT / "constraints.txt")
    # What the chapters import, Jupytext and jupyterlab-myst; not the build toolchain,
    # and not MNIST-1D's generator (postBuild saves its arrays, then drops it).
    for needed in ("numpy", "sympy", "matplotlib", "ipywidgets", "ipykernel",
                   "jupytext", "jupyterlab-myst"):
        assert needed in binder, needed
    for left_out in ("jupyter-book", "sphinx", "myst-nb", "sphinx-book-theme",
                     "sphinx-exercise", "sphinxcontrib-bibtex", "scipy", "mnist1d"):
        assert left_out not in binder, left_out
    for name, version in binder.items():
        assert constraints.get(name) == version, f"{name}=={version} not in constraints.txt"
        assert book.get(name, version) == version, f"{name} pinned differently"
    # helpers' dependencies are all installed by Binder.
    pyproject = (ROOT / "pyproject.toml").read_text()
    deps = re.search(r"dependencies = \[(.*?)\]", pyproject).group(1)
    for dep in re.findall(r'"([^"]+)"', deps):
        assert dep.lower() in binder or dep.lower() == "ipython", dep


def test_postbuild_makes_jupytext_the_default_viewer_for_markdown(tmp_path):
    lines = [line for line in (BINDER / "postBuild").read_text().splitlines()
             if line.startswith("jupytext-config")]
    assert lines, "postBuild does not configure Jupytext"
    exe = Path(sys.executable).with_name("jupytext-config")
    tool = str(exe) if exe.exists() else shutil.which("jupytext-config")
    if tool is None:
        pytest.fail("jupytext-config is not installed (it comes with jupytext)")
    args = shlex.split(lines[0])[1:]
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path))
    subprocess.run([tool, *args], check=True, env=env, capture_output=True)
    settings = json.loads((tmp_path / "labconfig" / "default_setting_overrides.json").read_text())
    viewers = settings["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers["markdown"] == "Jupytext Notebook"


def test_postbuild_saves_mnist1d_with_the_pinned_generator_in_a_throwaway_folder():
    post = (BINDER / "postBuild").read_text()
    install = next(line for line in post.splitlines() if "--target" in line)
    words = shlex.split(install)
    assert {"--no-deps", "-c", "constraints.txt", "mnist1d", "scipy"} <= set(words)
    folder = words[words.index("--target") + 1]
    lines = [shlex.split(line) if "'" not in line else [] for line in post.splitlines()]
    saving = lines.index([f"PYTHONPATH={folder}", "python", "-m", "helpers.mnist1d_source"])
    removal = lines.index(["rm", "-rf", folder])
    helpers = next(i for i, words in enumerate(lines) if words[-2:] == ["-e", "."])
    assert helpers < saving < removal
    constraints = _pins(ROOT / "constraints.txt")
    assert "mnist1d" in constraints and "scipy" in constraints
