"""helpers never needs SciPy: every module imports, and GELU works, with SciPy unimportable.

A subprocess sets ``sys.modules["scipy"] = None`` (so any ``import scipy...``
raises ImportError) and does the same for ``mnist1d`` (which needs SciPy and
is only for generating MNIST-1D), then imports every module of the package
found by :func:`pkgutil.walk_packages` and evaluates GELU, its derivative, its
lambdified SymPy expression and a t interval.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import textwrap

import pytest
from book_sources import ROOT

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
            failures[info.name] = {
                "error": f"{type(exc).__name__}: {exc}",
                "missing": getattr(exc, "name", None),
                "via_datasets": any(f.endswith("helpers/datasets.py") for f in frames)}
    from helpers import activations as act, nn, symbolic
    gelu = act.get("gelu")
    z = np.linspace(-5, 5, 11)
    ok = bool(np.allclose(gelu.f(z), z * 0.5 * np.vectorize(math.erfc)(-z / math.sqrt(2)))
              and np.all(np.isfinite(gelu.df(z)))
              and np.allclose(symbolic.lambdify(gelu.dexpr)(z), gelu.df(z)))
    half = nn.mean_ci([0.60, 0.62, 0.64])[1] if "helpers.nn" not in failures else None
    print(json.dumps({"failures": failures, "gelu_ok": ok, "half": half,
                      "scipy_loaded": sys.modules.get("scipy") is not None}))
""")


@pytest.fixture(scope="module")
def report() -> dict:
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT.parent, capture_output=True,
                          text=True, timeout=600, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _caused_by_mnist1d_in_datasets(failure: dict) -> bool:
    return failure["via_datasets"] and (failure["missing"] or "").startswith("mnist1d")


def test_every_module_imports_without_scipy(report):
    # helpers/datasets.py still imports mnist1d at the top; making that import
    # optional is a separate change. Until it lands, modules that fail *only*
    # through that import are tolerated here (and flagged by the xfail below).
    wrong = {m: f["error"] for m, f in report["failures"].items()
             if not _caused_by_mnist1d_in_datasets(f)}
    assert wrong == {}
    assert not report["scipy_loaded"]


@pytest.mark.xfail(strict=True, reason="helpers/datasets.py imports mnist1d unconditionally; "
                   "remove this mark once that import is optional")
def test_datasets_imports_without_mnist1d(report):
    assert "helpers.datasets" not in report["failures"]


def test_gelu_and_its_derivative_without_scipy(report):
    assert report["gelu_ok"]


def test_t_interval_without_scipy(report):
    if report["half"] is None:
        pytest.skip("helpers.nn needs helpers.datasets, which needs mnist1d for now")
    t = 0.95 / math.sqrt(2 * 0.975 * 0.025)  # t_{0.975, 2} in closed form
    assert report["half"] == pytest.approx(t * 0.02 / math.sqrt(3), rel=1e-12)
