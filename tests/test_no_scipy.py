"""helpers never needs SciPy: every module imports, and GELU works, with SciPy unimportable.

A subprocess sets ``sys.modules["scipy"] = None`` (so any ``import scipy...``
raises ImportError) and does the same for ``mnist1d`` (which needs SciPy and
is only for generating MNIST-1D), then imports every module of the package
found by :func:`pkgutil.walk_packages` and evaluates GELU, its derivative, its
lambdified SymPy expression and a t interval, and reads MNIST-1D from a saved
file (as Binder does: helpers.mnist1d_source).
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import textwrap

import pytest
from book_sources import ROOT

from helpers import datasets, mnist1d_source

SCRIPT = textwrap.dedent("""
    import importlib, json, math, pkgutil, sys, traceback
    sys.modules["scipy"] = None
    sys.modules["mnist1d"] = None
    import numpy as np
    import helpers

    failures = {}
    for info in pkgutil.walk_packages(helpers.__path__, "helpers."):
        try:
            importlib.import_module(info.name)
        except Exception as exc:
            frames = [f.filename for f in traceback.extract_tb(exc.__traceback__)]
            failures[info.name] = f"{type(exc).__name__}: {exc} (in {frames[-1]})"
    from helpers import activations as act, datasets, mnist1d_source, nn, symbolic
    gelu = act.get("gelu")
    z = np.linspace(-5, 5, 11)
    ok = bool(np.allclose(gelu.f(z), z * 0.5 * np.vectorize(math.erfc)(-z / math.sqrt(2)))
              and np.all(np.isfinite(gelu.df(z)))
              and np.allclose(symbolic.lambdify(gelu.dexpr)(z), gelu.df(z)))
    half = nn.mean_ci([0.60, 0.62, 0.64])[1] if "helpers.nn" not in failures else None
    mnist1d_source.saved_path = lambda: __import__("pathlib").Path(sys.argv[1])
    split = datasets.mnist1d(validation=500, seed=1)
    mnist1d = float(split.X_train.sum() + split.X_val.sum() + split.X_test.sum())
    print(json.dumps({"failures": failures, "gelu_ok": ok, "half": half, "mnist1d": mnist1d,
                      "scipy_loaded": sys.modules.get("scipy") is not None}))
""")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    saved = mnist1d_source.save(tmp_path_factory.mktemp("mnist1d") / "mnist1d.npz")
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(saved)], cwd=ROOT.parent,
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_every_module_imports_without_scipy(report):
    assert report["failures"] == {}
    assert not report["scipy_loaded"]


def test_mnist1d_is_read_from_the_saved_file_without_scipy(report):
    split = datasets.mnist1d(validation=500, seed=1)
    expected = float(split.X_train.sum() + split.X_val.sum() + split.X_test.sum())
    assert report["mnist1d"] == expected


def test_gelu_and_its_derivative_without_scipy(report):
    assert report["gelu_ok"]


def test_t_interval_without_scipy(report):
    if report["half"] is None:
        pytest.skip("helpers.nn needs helpers.datasets, which needs mnist1d for now")
    t = 0.95 / math.sqrt(2 * 0.975 * 0.025)  # t_{0.975, 2} in closed form
    assert report["half"] == pytest.approx(t * 0.02 / math.sqrt(3), rel=1e-12)
