"""A student's view in Binder: JupyterLab from binder/, a chapter opened and run in Chromium.

The test builds a fresh environment the way Binder does (a virtual environment
with JupyterLab, the Binder base; then ``binder/requirements.txt`` and the
steps of ``binder/postBuild``), cached under ``_build/lab-env/<hash>`` keyed by
the files that define it, so reruns start in seconds. It then starts JupyterLab
on a free port with a token over a copy of ``book/`` and, in the system
Chromium, opens ``lab/tree/book/sigmoid.md`` (the Binder button's path), runs
all cells and checks:

* no cell has an error (or stderr) output;
* jupyterlab-myst renders the exercises as titled boxes, and their solutions
  collapsed; folded plotting code is folded; figure captions are shown;
* moving the depth slider changes the picture;
* saving the notebook leaves the chapter's bytes unchanged.

It runs in CI (``CI=true``: a missing prerequisite is a failure), with
``LAB_TEST=1``, or where JupyterLab is installed (``jupyter-lab`` on PATH or in
``.venv``); elsewhere it is skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import CHROMIUM, REPO, fail_or_skip, strict

from helpers import datasets

CHAPTER = "book/sigmoid.md"
#: The files that define the Binder environment (the cache key).
ENV_FILES = ["binder/requirements.txt", "binder/postBuild", "binder/runtime.txt",
             "constraints.txt", "pyproject.toml"]
PIP = ["-m", "pip", "install", "-q", "--disable-pip-version-check"]
OVERRIDES = {"@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
             "@jupyterlab/apputils-extension:notification": {"fetchNews": "false"}}


def wanted() -> bool:
    return (strict() or os.environ.get("LAB_TEST") == "1"
            or shutil.which("jupyter-lab") is not None
            or (REPO / ".venv" / "bin" / "jupyter-lab").exists())


def env_key() -> str:
    digest = hashlib.sha256()
    for name in ENV_FILES:
        digest.update(name.encode() + b"\0" + (REPO / name).read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()[:16]


def build_env(root: Path) -> Path:
    """The Binder-like environment under ``root`` (built once per key)."""
    env = root / env_key()
    if (env / ".complete").is_file():
        return env
    shutil.rmtree(env, ignore_errors=True)
    python = env / "bin" / "python"
    steps = [
        [sys.executable, "-m", "venv", str(env)],
        [str(python), *PIP, "jupyterlab", "-c", str(REPO / "constraints.txt")],
        [str(python), *PIP, "-r", str(REPO / "binder" / "requirements.txt")],
        ["bash", str(REPO / "binder" / "postBuild")],
    ]
    path = f"{env / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"
    run_env = dict(os.environ, PATH=path, VIRTUAL_ENV=str(env),
                   JUPYTER_CONFIG_DIR=str(env / "jupyter-config"))
    for step in steps:
        done = subprocess.run(step, cwd=REPO, env=run_env, capture_output=True, text=True)
        if done.returncode:
            fail_or_skip(f"building the Binder environment failed at {' '.join(step[:4])}:\n"
                         f"{done.stderr[-3000:]}")
    (env / ".complete").write_text("ok\n")
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    if not wanted():
        pytest.skip("JupyterLab is not installed here (set LAB_TEST=1 to build its "
                    "environment from binder/ and run this test)")
    if not Path(CHROMIUM).is_file():
        fail_or_skip(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    env = build_env(REPO / "_build" / "lab-env")
    # For the test only: render every cell (no virtual scrolling), no news pop-up.
    settings = env / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "overrides.json").write_text(json.dumps(OVERRIDES))
    root = tmp_path_factory.mktemp("lab-root")
    shutil.copytree(REPO / "book", root / "book")
    port, token = free_port(), secrets.token_hex(16)
    scratch = tmp_path_factory.mktemp("lab-home")
    run_env = dict(os.environ, JUPYTER_CONFIG_DIR=str(env / "jupyter-config"),
                   JUPYTER_DATA_DIR=str(scratch / "data"),
                   JUPYTER_RUNTIME_DIR=str(scratch / "runtime"),
                   IPYTHONDIR=str(scratch / "ipython"), MPLCONFIGDIR=str(scratch / "mpl"),
                   PATH=f"{env / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}")
    log = open(scratch / "lab.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [str(env / "bin" / "jupyter-lab"), "--no-browser", f"--port={port}",
         "--ip=127.0.0.1", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
         "--LabApp.expose_app_in_browser=True", "--allow-root"],
        cwd=root, env=run_env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("JupyterLab did not start:\n"
                                + (scratch / "lab.log").read_text()[-3000:])
                time.sleep(0.5)
        yield {"url": f"{base}/lab/tree/{CHAPTER}?token={token}", "root": root}
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


#: JavaScript: the open notebook's code cells, their outputs and the kernel state.
CELLS_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  if (!panel || !panel.content || !panel.sessionContext.session) return null;
  const cells = [];
  for (const cell of panel.content.widgets) {
    if (cell.model.type !== 'code') continue;
    const outputs = [];
    for (let i = 0; i < cell.model.outputs.length; i++) {
      const o = cell.model.outputs.get(i).toJSON();
      outputs.push({type: o.output_type, name: o.name || '',
                    text: JSON.stringify(o).slice(0, 400)});
    }
    cells.push({count: cell.model.executionCount, outputs, hidden: cell.inputHidden,
                first: cell.model.sharedModel.getSource().split('\\n')[0]});
  }
  return {cells, kernel: panel.sessionContext.session.kernel.status};
}"""


def visible_frame(page: Any) -> str:
    """The src of the depth slider's currently shown frame."""
    return page.evaluate("""() => {
      const box = [...document.querySelectorAll('.widget-vbox')].find(b =>
        [...b.querySelectorAll('.widget-label')].some(l => l.textContent.trim() === 'depth n'));
      const imgs = [...box.querySelectorAll('.widget-stack img, .jupyter-widget-Stack img, img')]
        .filter(img => img.offsetParent !== null);
      return imgs.length ? imgs[0].src : '';
    }""")


def test_a_chapter_in_jupyterlab_looks_like_the_book_and_runs(lab, browser):
    # The session's Chromium (tests/site/conftest.py): one Playwright instance per run.
    original = (REPO / CHAPTER).read_bytes()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(lab["url"])
        page.wait_for_function(
            "() => { const s = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
            " return s && s.sessionContext && s.sessionContext.session"
            " && s.sessionContext.session.kernel"
            " && s.sessionContext.session.kernel.status === 'idle'; }", timeout=60_000)

        # jupyterlab-myst: exercises are titled boxes, solutions collapsed, no raw MyST.
        page.wait_for_function(
            "() => { const md = document.querySelectorAll('.jp-MarkdownCell');"
            " return md.length > 10 && [...md].every(c => c.querySelector('.myst')); }",
            timeout=30_000)
        text = page.evaluate("() => [...document.querySelectorAll('.jp-MarkdownCell .myst')]"
                             ".map(m => m.textContent).join('\\n')")
        for raw in ("{exercise}", "{solution}", ":label:", ":class: dropdown", "{cite}",
                    "{term}", "(sigmoid)=", "**Figure.**"):
            assert raw not in text, f"raw MyST {raw!r} shown in JupyterLab"
        boxes = page.evaluate("""() => [...document.querySelectorAll(
            '.jp-MarkdownCell .myst-exercise')].map(e => ({tag: e.tagName, open: e.open,
            title: (e.querySelector('.myst-exercise-title') || e).textContent}))""")
        exercises = [b for b in boxes if b["tag"] != "DETAILS"]
        solutions = [b for b in boxes if b["tag"] == "DETAILS"]
        assert len(exercises) >= 3, f"exercise boxes not rendered: {boxes}"
        assert any("How deep before the gradient is gone?" in b["title"] for b in exercises)
        assert len(solutions) >= 3 and all("Solution" in b["title"] for b in solutions)
        assert not any(b["open"] for b in solutions), "a solution is shown open"
        assert "Figure. The sigmoid and the hard sigmoid" in text, "figure caption missing"

        started = time.monotonic()
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_function(
            f"() => {{ const r = ({CELLS_JS})(); return r && r.kernel === 'idle' &&"
            " r.cells.every(c => c.count !== null); }", timeout=90_000)
        state = page.evaluate(f"({CELLS_JS})()")
        elapsed = time.monotonic() - started
        bad = [(c["first"], o["text"]) for c in state["cells"] for o in c["outputs"]
               if o["type"] == "error" or o["name"] == "stderr"]
        assert not bad, f"cells with error output: {bad}"
        folded = [c["first"] for c in state["cells"] if c["hidden"]]
        assert folded and all("plot" in line for line in folded), folded
        print(f"\nrun all cells of {CHAPTER}: {elapsed:.1f} s")

        # The depth slider moves the picture.
        page.wait_for_selector(".widget-slider .noUi-handle", timeout=30_000)
        before = visible_frame(page)
        assert before.startswith("data:image/png")
        box = page.locator(".widget-slider", has_text="depth n").first
        handle = box.locator(".noUi-handle").first
        handle.focus()
        for _ in range(5):
            handle.press("ArrowRight")
        page.wait_for_timeout(300)
        after = visible_frame(page)
        assert after.startswith("data:image/png") and after != before

        # Saving writes the chapter back exactly as it was.
        page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
        page.wait_for_timeout(1500)
        saved = (lab["root"] / CHAPTER).read_bytes()
        assert saved == original, "saving in JupyterLab changed the chapter"
    finally:
        context.close()


def test_binder_reads_mnist1d_from_its_saved_file_without_scipy():
    """The Binder environment has neither SciPy nor mnist1d, yet MNIST-1D is the same."""
    if not wanted():
        pytest.skip("JupyterLab is not installed here (set LAB_TEST=1 to build its "
                    "environment from binder/ and run this test)")
    env = build_env(REPO / "_build" / "lab-env")
    probe = ("import hashlib, importlib.util, sys\n"
             "from helpers import datasets, mnist1d_source\n"
             "assert importlib.util.find_spec('scipy') is None, 'scipy is installed'\n"
             "assert importlib.util.find_spec('mnist1d') is None, 'mnist1d is installed'\n"
             "s = datasets.mnist1d(validation=500, seed=1)\n"
             "print(mnist1d_source.saved_path())\n"
             "print(hashlib.sha256(b''.join(a.tobytes() for a in "
             "(s.X_train, s.y_train, s.X_val, s.y_val, s.X_test, s.y_test))).hexdigest())\n"
             "assert 'scipy' not in sys.modules\n")
    done = subprocess.run([str(env / "bin" / "python"), "-c", probe], cwd=REPO / "book",
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    saved, digest = done.stdout.split()
    assert Path(saved).is_relative_to(env)
    s = datasets.mnist1d(validation=500, seed=1)
    expected = hashlib.sha256(b"".join(a.tobytes() for a in (
        s.X_train, s.y_train, s.X_val, s.y_val, s.X_test, s.y_test))).hexdigest()
    assert digest == expected
