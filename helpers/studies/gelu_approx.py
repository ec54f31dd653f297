"""Chapter: book/gelu_silu.md

The GELU approximations and the minima of the smooth ReLU-like functions.

GELU is ``x * Phi(x)`` with ``Phi`` the standard normal CDF. Two cheap
stand-ins for ``Phi`` are in common use:

* ``0.5 * (1 + tanh(sqrt(2/pi) * (x + a x^3)))`` with ``a = 0.044715``
  (registry name ``"gelu_tanh"``), and
* ``sigmoid(k x)`` with ``k = 1.702``, so ``x sigmoid(k x)`` is SiLU with
  ``beta = k``.

Both are built on the registry's kernels (:mod:`helpers.activations.kernels`
and ``act.get("silu", beta=k)``), with the constant as a parameter.

This module derives the Taylor value of ``a`` symbolically, measures the
maximum absolute error of each approximation (dense grid plus a local
refinement), fits the constants by minimising the maximum error, and locates
the minima of GELU, SiLU and Mish (SiLU's in closed form with Lambert W).

Examples
--------
>>> from helpers.studies import gelu_approx
>>> gelu_approx.taylor_coefficient()
(4 - pi)/(6*pi)
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import sympy as sp
from matplotlib.axes import Axes

from helpers import activations as act
from helpers import distributions, numerics, plotting
from helpers._validate import one_of
from helpers.activations import kernels

__all__ = [
    "SIGMOID_SCALE",
    "ErrorPeak",
    "taylor_coefficient",
    "tanh_cdf",
    "gelu_tanh",
    "gelu_sigmoid",
    "max_abs_error",
    "approximation_errors",
    "fit_minimax",
    "minimum",
    "silu_minimum_closed_form",
    "plot_errors",
]

#: The scale ``k`` in the sigmoid approximation ``GELU(x) ~ x * sigmoid(k x)``.
SIGMOID_SCALE = 1.702

_X = act.x
_FORMS = ("tanh", "sigmoid")
_TARGETS = ("gelu", "cdf")


@dataclass(frozen=True)
class ErrorPeak:
    """Largest absolute error of an approximation and where it occurs.

    Attributes
    ----------
    error : float
        ``max |approx(x) - exact(x)|`` over the searched range.
    x : float
        A point where that maximum is attained (for the GELU approximations
        the error is even in x, so ``-x`` is another).
    """

    error: float
    x: float


@functools.cache
def taylor_coefficient() -> sp.Expr:
    """Cubic coefficient ``a`` that makes the tanh form match ``Phi`` to third order.

    Expands ``Phi(x) = (1 + erf(x/sqrt(2)))/2`` and
    ``(1 + tanh(sqrt(2/pi) (x + a x^3)))/2`` in powers of ``x`` and solves for
    the ``a`` that equates their ``x^3`` terms (the constant and linear terms
    already agree).

    Returns
    -------
    sympy.Expr
        ``(4 - pi)/(6 pi)``, about 0.0455.
    """
    a = sp.Symbol("a", real=True)
    phi = (1 + sp.erf(_X / sp.sqrt(2))) / 2
    approx = (1 + sp.tanh(sp.sqrt(2 / sp.pi) * (_X + a * _X**3))) / 2
    cubic = sp.expand(sp.series(phi - approx, _X, 0, 4).removeO()).coeff(_X, 3)
    (solution,) = sp.solve(cubic, a)
    return solution


def _as_array(z: np.typing.ArrayLike) -> np.ndarray:
    return np.asarray(z, dtype=np.float64)


def tanh_cdf(z: np.typing.ArrayLike, coeff: float = act.GELU_TANH_COEFF) -> np.ndarray:
    """``(1 + tanh(sqrt(2/pi) (z + coeff z^3)))/2``, the tanh stand-in for ``Phi``.

    The registry's kernel (:func:`helpers.activations.kernels.tanh_cdf`) with
    the cubic coefficient as a parameter.
    """
    return kernels.tanh_cdf(_as_array(z), coeff)


def gelu_tanh(z: np.typing.ArrayLike, coeff: float = act.GELU_TANH_COEFF) -> np.ndarray:
    """Tanh approximation of GELU with cubic coefficient ``coeff``."""
    return _as_array(z) * tanh_cdf(z, coeff)


def gelu_sigmoid(z: np.typing.ArrayLike, scale: float = SIGMOID_SCALE) -> np.ndarray:
    """Sigmoid approximation of GELU, ``z * sigmoid(scale z)``: SiLU with ``beta = scale``."""
    return act.get("silu", beta=scale).f(_as_array(z))


def max_abs_error(approx: Callable[[np.ndarray], np.ndarray],
                  exact: Callable[[np.ndarray], np.ndarray],
                  xlim: tuple[float, float] = (-10.0, 10.0),
                  num: int = 20001) -> ErrorPeak:
    """Maximum of ``|approx - exact|`` on ``xlim``: dense grid, then local refinement.

    The grid locates the peak to within one grid step; a bounded scalar
    optimisation (:func:`helpers.numerics.minimize_bounded`) on the two
    neighbouring steps then pins it down.

    Parameters
    ----------
    approx, exact : callable
        Vectorised functions of a float array.
    xlim : (float, float)
        The interval searched.
    num : int
        Number of grid points (at least 3).
    """
    lo, hi = xlim
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise ValueError(f"xlim must be two finite numbers lo < hi, got {xlim!r}")
    if num < 3:
        raise ValueError(f"num must be >= 3, got {num}")
    xs = np.linspace(lo, hi, num)
    err = np.abs(approx(xs) - exact(xs))
    i = int(np.argmax(err))
    a, b = xs[max(i - 1, 0)], xs[min(i + 1, num - 1)]
    at, neg_peak = numerics.minimize_bounded(
        lambda t: -float(np.abs(approx(np.array([t])) - exact(np.array([t])))[0]),
        a, b, xtol=1e-12)
    if -neg_peak >= err[i]:
        return ErrorPeak(float(-neg_peak), float(at))
    return ErrorPeak(float(err[i]), float(xs[i]))


def _gelu_exact(z: np.ndarray) -> np.ndarray:
    return act.get("gelu").f(z)


def approximation_errors(xlim: tuple[float, float] = (-10.0, 10.0)) -> dict[str, ErrorPeak]:
    """Maximum absolute error against exact GELU of each approximation.

    Keys: ``"tanh, a = 0.044715"`` (the registry's ``gelu_tanh``),
    ``"tanh, a = (4 - pi)/(6 pi)"`` (the Taylor coefficient) and
    ``"x sigmoid(1.702 x)"``.
    """
    taylor = float(taylor_coefficient())
    return {
        f"tanh, a = {act.GELU_TANH_COEFF}": max_abs_error(act.get("gelu_tanh").f, _gelu_exact,
                                                          xlim),
        "tanh, a = (4 - pi)/(6 pi)": max_abs_error(lambda z: gelu_tanh(z, taylor),
                                                   _gelu_exact, xlim),
        f"x sigmoid({SIGMOID_SCALE} x)": max_abs_error(gelu_sigmoid, _gelu_exact, xlim),
    }


def fit_minimax(form: str = "tanh", target: str = "gelu",
                xlim: tuple[float, float] = (-10.0, 10.0),
                num: int = 20001) -> tuple[float, float]:
    """Constant that minimises the maximum absolute error of an approximation.

    Parameters
    ----------
    form : {"tanh", "sigmoid"}
        Which constant: the cubic coefficient ``a`` of the tanh form or the
        scale ``k`` of ``sigmoid(k x)``.
    target : {"gelu", "cdf"}
        Fit ``x * approx`` to GELU, or ``approx`` to ``Phi`` itself.

    Returns
    -------
    (float, float)
        The fitted constant and the maximum absolute error it leaves (on the grid).
    """
    one_of(form, "form", _FORMS)
    one_of(target, "target", _TARGETS)
    xs = np.linspace(*xlim, num)
    cdf = tanh_cdf if form == "tanh" else lambda z, k: kernels.sigmoid(k * z)
    weight = xs if target == "gelu" else np.ones_like(xs)
    exact = weight * distributions.normal_cdf(xs)
    bounds = (0.0, 0.1) if form == "tanh" else (1.0, 2.5)
    best, worst = numerics.minimize_bounded(
        lambda c: float(np.max(np.abs(weight * cdf(xs, c) - exact))), *bounds, xtol=1e-10)
    return float(best), float(worst)


def minimum(item: str | act.Activation, search: tuple[float, float] = (-5.0, 0.0),
            prec: int = 30) -> tuple[sp.Float, sp.Float]:
    """Global minimum of a registered activation: where it is and its value.

    A grid on ``search`` seeds :func:`sympy.nsolve` on ``dexpr = 0``, which
    polishes the root to ``prec`` significant digits.

    Returns
    -------
    (sympy.Float, sympy.Float)
        ``x_min`` and ``f(x_min)``.
    """
    a = act.resolve(item)
    xs = np.linspace(*search, 5001)
    ys = a.f(xs)
    i = int(np.argmin(ys))
    if i in (0, len(xs) - 1):
        raise ValueError(f"{a.name} has no interior minimum on {search}; widen the search range")
    x_min = sp.nsolve(a.dexpr, _X, float(xs[i]), prec=prec)
    return x_min, a.expr.subs(_X, x_min).evalf(prec)


def silu_minimum_closed_form() -> tuple[sp.Expr, sp.Expr]:
    """Closed form of SiLU's minimum: ``x = -1 - W(1/e)`` and ``SiLU(x) = -W(1/e)``.

    SiLU'(x) = 0 means ``1 + x (1 - sigmoid(x)) = 0``, i.e. ``(-x - 1) e^(-x - 1) = 1/e``,
    so ``-x - 1 = W(1/e)`` with W the Lambert W function; at that point
    ``sigmoid(x) = 1 + 1/x`` and the value is ``x + 1``.
    """
    w = sp.LambertW(sp.exp(-1))
    return -1 - w, -w


def plot_errors(ax: Axes | None = None, xlim: tuple[float, float] = (-6.0, 6.0)) -> Axes:
    """Absolute error ``|approx - GELU|`` (log scale) of the tanh and sigmoid forms."""
    if ax is None:
        _, grid = plotting.new_figure(width=7.0, height=3.2)
        ax = grid[0, 0]
    xs = np.linspace(*xlim, 1201)
    exact = _gelu_exact(xs)
    taylor = float(taylor_coefficient())
    curves = [
        (rf"$\tanh$, $a = {act.GELU_TANH_COEFF}$", act.get("gelu_tanh").f(xs)),
        (r"$\tanh$, $a = (4-\pi)/(6\pi)$", gelu_tanh(xs, taylor)),
        (rf"$x\,\sigma({SIGMOID_SCALE}x)$", gelu_sigmoid(xs)),
    ]
    styles = plotting.series_styles(len(curves) + 1)[1:]
    with plotting.book_style():
        for (label, ys), style in zip(curves, styles, strict=True):
            ax.plot(xs, np.maximum(np.abs(ys - exact), 1e-9), label=label, **style)
        ax.set_yscale("log")
        ax.set_ylim(1e-7, 1.0)
        ax.set_xlabel("x")
        ax.set_ylabel("|approximation − GELU|")
        ax.legend(fontsize=8, loc="upper center", ncols=3)
    return ax
