"""Introduced in: none (used by other helpers modules only)

Running a student's NumPy function against the registry (coding exercises).

A coding exercise's key (``kind="function"``) holds the reference
implementation and a :class:`helpers.exercises.key.Function` that says how to
call the student's function. :func:`judge` calls it on a fixed series of cases
and stops at the first problem, which it describes in one sentence that names
the input that broke it:

1. float64 inputs over a wide grid (``|x|`` up to 1e4, the kinks of the
   function, and a few seeded points in [-8, 8]);
2. the same as float32 (the result must stay float32);
3. a 2-D array (the result must keep the shape);
4. NaN among ordinary inputs (NaN in, NaN out, and nothing else NaN);
5. every keyword variant of the key (``alpha=0.2``, ...).

In each case the result must be a NumPy array of the input's shape and dtype,
close to the reference (float64: relative 1e-7, absolute 1e-12; float32:
relative 1e-4, absolute 1e-6), NaN exactly where the reference is NaN, and
the call must raise nothing, leave its input unchanged and issue no warning
(overflow, invalid value and division warnings are switched on; underflow to
0 is allowed). The student's function never runs on the reference's inputs
themselves, only on copies.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from helpers.exercises.key import Exercise

__all__ = ["GRID", "Case", "cases", "judge"]

#: The inputs every elementwise function is tried on (besides kinks and random points).
GRID = (-1e4, -1e3, -100.0, -30.0, -10.0, -3.0, -1.0, -0.5, -1e-3, 0.0, 1e-3, 0.5, 1.0,
        3.0, 10.0, 30.0, 100.0, 1e3, 1e4)
_TOLERANCE = {np.dtype(np.float64): (1e-7, 1e-12), np.dtype(np.float32): (1e-4, 1e-6)}
_ROWS = ((1.0, 2.0, 3.0, 4.0), (1000.0, 0.0, -1000.0, 1.0), (-1e4, -9999.0, -1e4, -9998.0),
         (0.0, 0.0, 0.0, 0.0), (1e4, 1e4, -1e4, 0.5))


@dataclass
class Case:
    """One call of the student's function: arrays, keyword arguments and a description."""

    description: str
    args: tuple[np.ndarray, ...]
    kwargs: dict[str, float] = field(default_factory=dict)


def _describe(x: np.ndarray, kwargs: dict[str, float]) -> str:
    extra = "".join(f", {k}={v:g}" for k, v in kwargs.items())
    if x.ndim == 2:
        return f"a {x.dtype} array of shape {x.shape}{extra}"
    finite = x[np.isfinite(x)]
    span = f" from {finite.min():g} to {finite.max():g}" if finite.size else ""
    nan = ", NaN among them" if np.isnan(x).any() else ""
    return f"a {x.dtype} array of {x.size} values{span}{nan}{extra}"


def cases(spec_args: tuple[str, ...], special: tuple[float, ...], rowwise: bool,
          variants: tuple[dict[str, float], ...], seed: int = 0) -> list[Case]:
    """The cases :func:`judge` runs, in order (seeded, so feedback is reproducible)."""
    rng = np.random.default_rng(seed)
    if rowwise:
        base = np.array(_ROWS + tuple(map(tuple, rng.normal(0, 3, (3, 4)))))
        shaped = rng.normal(0, 3, (2, 3, 4))
        nan = np.array([[np.nan, 1.0, 2.0, 0.0], [0.0, 1.0, 2.0, 3.0]])
    else:
        near = [s + d for s in special for d in (-1e-6, 0.0, 1e-6)]
        base = np.array(sorted(set(GRID) | set(near) | set(rng.uniform(-8, 8, 6).round(3))))
        shaped = rng.normal(0, 3, (3, 4))
        nan = np.array([-1.0, np.nan, 2.0, 0.0])
    out = []
    for i, kwargs in enumerate(variants):
        inputs = [base, base.astype(np.float32)] + ([shaped, nan] if i == 0 else [])
        for x in inputs:
            extra = tuple(rng.standard_normal(x.shape).astype(x.dtype) for _ in spec_args[1:])
            out.append(Case(_describe(x, kwargs), (x, *extra), dict(kwargs)))
    return out


@dataclass(frozen=True)
class _Run:
    out: Any
    warned: tuple[str, ...]
    error: BaseException | None
    mutated: bool


def _run(fn: Callable[..., Any], case: Case) -> _Run:
    copies = tuple(a.copy() for a in case.args)
    with warnings.catch_warnings(record=True) as caught, \
            np.errstate(over="warn", invalid="warn", divide="warn", under="ignore"):
        warnings.simplefilter("always")
        try:
            out = fn(*copies, **case.kwargs)
        except Exception as err:  # noqa: BLE001 - a student's function must never raise here
            return _Run(None, (), err, False)
    mutated = any(not np.array_equal(a, c, equal_nan=True)
                  for a, c in zip(case.args, copies, strict=True))
    return _Run(out, tuple(str(w.message) for w in caught), None, mutated)


def _pieces(case: Case, rowwise: bool) -> Iterator[tuple[int, Case]]:
    """The case split into one-element (or one-row) cases, to find the input that breaks."""
    x = case.args[0]
    if rowwise and x.ndim < 2:
        return
    flat = [a.reshape(-1, x.shape[-1]) if rowwise else a.reshape(-1) for a in case.args]
    for i in range(flat[0].shape[0]):
        yield i, Case(case.description, tuple(a[i:i + 1] for a in flat), case.kwargs)


def _at(names: tuple[str, ...], case: Case, i: int, rowwise: bool) -> str:
    """"at x = 10000 (float64)" for element ``i`` of the flattened case."""
    x = case.args[0]
    extra = "".join(f", {k}={v:g}" for k, v in case.kwargs.items())
    if rowwise:
        row = x.reshape(-1, x.shape[-1])[i]
        return f"for the row {names[0]} = [{', '.join(f'{v:g}' for v in row)}] ({x.dtype}{extra})"
    values = [a.reshape(-1)[i] for a in case.args]
    shown = ", ".join(f"{n} = {v:g}" for n, v in zip(names, values, strict=True))
    return f"at {shown} ({x.dtype}{extra})"


def _shown(values: np.ndarray) -> str:
    values = np.asarray(values).reshape(-1)
    return values[0].__format__("g") if values.size == 1 else (
        "[" + ", ".join(f"{v:.4g}" for v in values) + "]")


def _error_sentence(name: str, err: BaseException, where: str) -> str:
    text = str(err).split("\n")[0][:160]
    tip = ""
    if "truth value of an array" in text:
        tip = (" An `if` or Python's max/min cannot decide for a whole array at once; "
               "use np.where, np.maximum or np.minimum.")
    elif "length-1 arrays" in text or "size-1 arrays" in text or "scalar" in text:
        tip = " Use NumPy's functions (np.exp, not math.exp) so it works on whole arrays."
    elif isinstance(err, NameError):
        tip = " Define or import every name the function uses (e.g. import numpy as np)."
    return f"{name} raised {type(err).__name__} ({text}) when called on {where}.{tip}"


def _type_problem(name: str, out: Any, x: np.ndarray) -> str | None:
    if isinstance(out, np.ndarray):
        if out.shape != x.shape:
            return (f"{name} returns an array of shape {out.shape} for an input of shape "
                    f"{x.shape}; it must return one value per input, in the same shape.")
        if out.dtype != x.dtype:
            return (f"{name} returns {out.dtype} values for a {x.dtype} input; keep the "
                    f"input's dtype. A NumPy float64 constant (np.sqrt(...), np.float64(...)) "
                    f"turns float32 arrays into float64; Python numbers do not, and "
                    f"x.dtype.type(c) makes a constant of the input's type.")
        return None
    if isinstance(out, (list, tuple)):
        return (f"{name} returns a {type(out).__name__}, not a NumPy array; build the "
                f"result with NumPy operations (or np.asarray) instead.")
    if isinstance(out, (np.generic, float, int)):
        return (f"{name} returns a single number for an array of {x.size} values; it must "
                f"return an array with one value per input.")
    return f"{name} returns a {type(out).__name__}, not a NumPy array."


def _value_problem(name: str, what: str, out: np.ndarray, ref: np.ndarray, case: Case,
                   names: tuple[str, ...], rowwise: bool) -> str | None:
    rtol, atol = _TOLERANCE[out.dtype]
    got, want = out.astype(np.float64), ref.astype(np.float64)
    nan_in = np.isnan(want)
    bad = np.where(nan_in, ~np.isnan(got), ~np.isfinite(got) | (
        np.abs(got - want) > atol + rtol * np.abs(want)))
    if not bad.any():
        return None
    width = case.args[0].shape[-1] if rowwise else 1
    i = int(np.flatnonzero(bad.reshape(-1))[0]) // width
    where = _at(names, case, i, rowwise)
    flat_got = got.reshape(-1, width)[i] if rowwise else got.reshape(-1)[i]
    flat_want = want.reshape(-1, width)[i] if rowwise else want.reshape(-1)[i]
    if np.isnan(flat_want).any() and not np.isnan(flat_got).all():
        return (f"{where} {name} returns {_shown(flat_got)}: a NaN input must give NaN, "
                f"or a bug upstream is silently hidden (a comparison such as x > 0 is False "
                f"for NaN, so np.where replaces it).")
    return f"{where} {name} returns {_shown(flat_got)}, but {what} is {_shown(flat_want)}."


def _warning_problem(name: str, fn: Callable[..., Any], case: Case, names: tuple[str, ...],
                     rowwise: bool, warned: tuple[str, ...]) -> str:
    for i, piece in _pieces(case, rowwise):
        run = _run(fn, piece)
        if run.warned:
            return (f"{_at(names, case, i, rowwise)} {name} warns \u201c{run.warned[0]}\u201d; "
                    f"a stable implementation never computes an overflowing or invalid "
                    f"intermediate, not even in a branch that np.where throws away.")
    return f"{name} warns \u201c{warned[0]}\u201d when called on {case.description}."


def judge(ex: Exercise, fn: Callable[..., Any]) -> tuple[str, str]:
    """Run ``fn`` on every case of the exercise; ``(status, sentence)``, never raises.

    ``status`` is "correct", "wrong" or "missing" (the function returns None,
    as the starter cell's does).
    """
    spec = ex.function
    reference = ex.answer()
    names = spec.args
    for case in cases(spec.args, spec.special, spec.rowwise, spec.variants):
        run = _run(fn, case)
        if run.error is not None:
            return "wrong", _error_sentence(spec.name, run.error, case.description)
        if run.out is None:
            return "missing", (f"{spec.name} returns None: write its body so that it "
                               f"returns {ex.what} as an array.")
        x = case.args[0]
        problem = _type_problem(spec.name, run.out, x)
        if problem is None:
            with np.errstate(all="ignore"):
                ref = np.asarray(reference(*(a.astype(np.float64) for a in case.args),
                                           **case.kwargs))
            problem = _value_problem(spec.name, ex.what, run.out, ref, case, names,
                                     spec.rowwise)
        if problem is None and run.mutated:
            problem = (f"{spec.name} changes its input array in place (called on "
                       f"{case.description}); compute a new array instead.")
        if problem is None and run.warned:
            problem = _warning_problem(spec.name, fn, case, names, spec.rowwise, run.warned)
        if problem is not None:
            return "wrong", problem
    return "correct", (f"{spec.name} agrees with {ex.what} on float64 and float32 arrays "
                       f"with |{names[0]}| up to 1e4, keeps the dtype and the shape, "
                       f"passes NaN through and warns about nothing.")
