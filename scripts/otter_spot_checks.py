"""Hidden tests of the book's otter-grader assignments (shipped in the autograder only).

Copied as ``spot_checks.py`` into each assignment by ``python scripts/book.py otter``;
the hidden test of a question is ``assert spot_checks.check("<label>", answer)``.
It judges the answer against the answer key (:mod:`helpers.exercises`) on its own,
without :mod:`helpers.checks`, so a gap in the self-check does not become a grade:

* a number must round to the key's value at the precision the statement asks for;
* a formula must match the key at spot values the student never sees (drawn from a
  seed of the label, over a wide range, both signs);
* a function (coding exercise) must match the key's reference implementation on
  spot arrays (large ``|x|``, float32 kept float32), without warnings.

Every check returns a bool and never raises: a broken answer scores 0.
"""

from __future__ import annotations

import hashlib
import math
import numbers
import warnings
from fractions import Fraction

import numpy as np
import sympy as sp

from helpers.exercises import KEYS


def _rng(label: str) -> np.random.Generator:
    return np.random.default_rng(int(hashlib.sha256(label.encode()).hexdigest()[:12], 16))


def _one(answer: object) -> object:
    while isinstance(answer, (list, tuple, np.ndarray)):
        if np.size(answer) != 1:
            raise ValueError("not one value")
        answer = np.ravel(answer)[0] if isinstance(answer, np.ndarray) else answer[0]
    return answer


def _number(answer: object) -> float:
    answer = _one(answer)
    if isinstance(answer, (bool, np.bool_)) or answer is None:
        raise ValueError("not a number")
    if isinstance(answer, str):
        answer = sp.sympify(answer)
    if isinstance(answer, Fraction):
        answer = float(answer)
    if isinstance(answer, sp.Basic):
        if answer.free_symbols:
            raise ValueError("symbols left")
        answer = complex(answer.evalf(30))
    if isinstance(answer, (complex, np.complexfloating)):
        if answer.imag != 0:
            raise ValueError("complex")
        answer = answer.real
    if not isinstance(answer, (numbers.Real, np.number)):
        raise ValueError("not a number")
    value = float(answer)
    if not math.isfinite(value):
        raise ValueError("not finite")
    return value


def _spot_values(label: str) -> list[float]:
    rng = _rng(label)
    wide = np.exp(rng.uniform(math.log(0.01), math.log(60.0), 40)) * rng.choice([-1, 1], 40)
    return [float(v) for v in np.concatenate([wide, rng.uniform(-8, 8, 20)])]


def _formula_ok(ex: object, answer: object) -> bool:
    symbol = ex.symbol
    expr = sp.sympify(_one(answer), locals={symbol.name: symbol})
    if not isinstance(expr, sp.Expr) or expr.has(sp.nan, sp.zoo, sp.oo, -sp.oo, sp.Derivative,
                                                 sp.Integral, sp.Limit):
        return False
    if {s.name for s in expr.free_symbols} - {symbol.name}:
        return False
    expr = expr.subs({s: symbol for s in expr.free_symbols})
    key = sp.sympify(ex.answer())
    for forms in getattr(ex, "forms", ()):
        if not forms.test(expr):
            return False
    for v in _spot_values(ex.label):
        point = sp.Float(v, 30)
        want = complex(sp.N(key.subs(symbol, point), 20))
        got = complex(sp.N(expr.subs(symbol, point), 20))
        if not (math.isfinite(got.real) and got.imag == 0 and math.isfinite(want.real)):
            return False
        if abs(got.real - want.real) > 1e-8 * (1 + abs(want.real)):
            return False
    return True


def _function_ok(ex: object, fn: object) -> bool:
    spec = getattr(ex, "function", None)
    reference = ex.answer()
    if spec is None or not callable(fn) or not callable(reference):
        return False
    rng = _rng(ex.label)
    base = np.concatenate([rng.normal(0, 4, 18), [1e4, -1e4, 50.0, -50.0, 0.0, 1e-8],
                           np.asarray(getattr(spec, "special", ()), dtype=float)])
    shape = (len(base) // 4, 4) if getattr(spec, "rowwise", False) else base.shape
    x = base[: int(np.prod(shape))].reshape(shape)
    for variant in getattr(spec, "variants", ({},)):
        others = [rng.normal(size=x.shape) for _ in getattr(spec, "args", ("x",))[1:]]
        for dtype, rtol in ((np.float64, 1e-7), (np.float32, 1e-4)):
            inputs = [a.astype(dtype) for a in (x, *others)]
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                got = np.asarray(fn(*[a.copy() for a in inputs], **variant))
            want = np.asarray(reference(*[a.astype(np.float64) for a in inputs], **variant))
            if got.shape != want.shape or got.dtype != dtype:
                return False
            if not np.allclose(got.astype(np.float64), want, rtol=rtol, atol=1e-6 * rtol,
                               equal_nan=True):
                return False
    return True


def check(label: str, answer: object) -> bool:
    """True when ``answer`` is right for the exercise ``label`` at the hidden spot values."""
    ex = KEYS.get(label)
    if ex is None:
        return False
    try:
        if ex.kind == "number":
            return bool(ex.precision.accepts(_number(answer), ex.answer()))
        if ex.kind == "formula":
            return _formula_ok(ex, answer)
        if ex.kind == "function":
            return _function_ok(ex, answer)
    except Exception:  # noqa: BLE001 - a student's answer scores 0, it never crashes grading
        return False
    return False
