"""Chapter: book/elu_selu.md, book/choosing.md

Self-normalising networks: SELU's constants, its moment map, depth and AlphaDropout.

SELU is ``lam * x`` for ``x > 0`` and ``lam * alpha * (exp(x) - 1)`` for
``x <= 0``. Klambauer et al. (2017) chose ``alpha`` and ``lam`` so that a
standard-normal input ``z ~ N(0, 1)`` gives an output with mean 0 and
variance 1. This module

* writes ``E[selu(z)]`` and ``E[selu(z)^2]`` in closed form with SymPy (the
  integrals of each piecewise branch against the normal density) and solves
  the two fixed-point conditions with :func:`mpmath.findroot`;
* gives the *moment map*: for a pre-activation ``z ~ N(mu, nu)`` the mean and
  variance of ``selu(z)`` (closed form, SymPy and a stable NumPy version), the
  map of one layer with weight sums ``omega = sum(w)`` and ``tau = sum(w^2)``,
  and its Jacobian at the fixed point ``(0, 1)``;
* simulates random data flowing through many layers (weights from
  :func:`helpers.nn.init_weights`) and records the mean and variance per layer;
* implements AlphaDropout and its affine correction ``a, b``, next to ordinary
  (inverted) dropout for comparison.

Examples
--------
>>> from helpers.studies import self_normalizing as sn
>>> import mpmath
>>> alpha, lam = sn.solve_selu_constants(digits=20)
>>> mpmath.nstr(alpha, 20), mpmath.nstr(lam, 20)
('1.6732632423543772848', '1.0507009873554804934')
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import NamedTuple

import mpmath
import numpy as np
import sympy as sp
from matplotlib.axes import Axes

from helpers import activations as act
from helpers import distributions, nn, plotting
from helpers._validate import one_of, real_array, real_number, whole_number

__all__ = [
    "z",
    "alpha",
    "lam",
    "mu",
    "nu",
    "SeluConstants",
    "selu_expression",
    "normal_expectation",
    "fixed_point_equations",
    "solve_selu_constants",
    "moment_expressions",
    "selu_moments",
    "moment_map",
    "moment_map_jacobian",
    "iterate_moment_map",
    "DepthStatistics",
    "depth_statistics",
    "alpha_dropout_affine",
    "alpha_dropout",
    "dropout",
    "plot_moment_iterations",
    "plot_depth_statistics",
]

#: Integration variable: a standard-normal pre-activation.
z = sp.Symbol("z", real=True)
#: SELU's parameters as symbols (the unknowns of the fixed-point equations).
alpha, lam = sp.symbols("alpha lambda", positive=True)
#: Mean and variance of a normal pre-activation.
mu = sp.Symbol("mu", real=True)
nu = sp.Symbol("nu", positive=True)

_SQRT2 = math.sqrt(2.0)
_DROPOUT_KINDS = ("alpha", "standard")


class SeluConstants(NamedTuple):
    """SELU's ``alpha`` and ``lam`` as high-precision :class:`mpmath.mpf` numbers."""

    alpha: mpmath.mpf
    lam: mpmath.mpf


# ---------------------------------------------------------------------------
# The fixed-point conditions and their solution


def selu_expression(var: sp.Symbol = z) -> sp.Piecewise:
    """SELU with symbolic ``alpha`` and ``lam`` as a Piecewise in ``var`` (left piece owns 0)."""
    return sp.Piecewise((lam * alpha * (sp.exp(var) - 1), var <= 0), (lam * var, True))


def normal_expectation(expr: sp.Expr, var: sp.Symbol = z) -> sp.Expr:
    """``E[expr]`` for ``var ~ N(0, 1)`` in closed form.

    ``expr`` may be a Piecewise whose conditions are ``var <= 0`` and ``True``
    (the shape of every ReLU-like activation); each branch is integrated
    term by term against the normal density over its own half-line. SymPy
    integrates the whole Piecewise over the real line only very slowly, the
    split version in well under a second.
    """
    density = sp.exp(-var**2 / 2) / sp.sqrt(2 * sp.pi)
    folded = sp.piecewise_fold(sp.sympify(expr))
    if isinstance(folded, sp.Piecewise):
        pieces = folded.args
        if len(pieces) != 2 or pieces[0].cond != (var <= 0) or pieces[1].cond != sp.true:
            raise ValueError("normal_expectation needs a Piecewise with conditions "
                             f"({var} <= 0, True); got {folded}")
        ranges = ((pieces[0].expr, -sp.oo, 0), (pieces[1].expr, 0, sp.oo))
    else:
        ranges = ((folded, -sp.oo, sp.oo),)
    total = sp.S.Zero
    for piece, lo, hi in ranges:
        for term in sp.Add.make_args(sp.expand(piece)):
            # conds="none": the integrals converge for every real parameter; skipping
            # SymPy's convergence conditions makes this about five times faster.
            total += sp.integrate(term * density, (var, lo, hi), conds="none")
    return sp.expand(total.rewrite(sp.erfc))


@lru_cache(maxsize=1)
def fixed_point_equations() -> tuple[sp.Eq, sp.Eq]:
    """The conditions ``E[selu(z)] = 0`` and ``E[selu(z)^2] = 1`` for ``z ~ N(0, 1)``.

    Returns
    -------
    (sympy.Eq, sympy.Eq)
        Closed forms in :data:`alpha` and :data:`lam` (with ``exp`` and ``erfc``).
    """
    f = selu_expression()
    first = normal_expectation(f)
    second = normal_expectation(sp.piecewise_fold(f**2))
    return sp.Eq(sp.factor_terms(first), 0), sp.Eq(sp.factor_terms(second), 1)


def solve_selu_constants(digits: int = 30) -> SeluConstants:
    """Solve the fixed-point equations for SELU's ``alpha`` and ``lam``.

    Parameters
    ----------
    digits : int
        Significant digits wanted (1 to 1000); the solve runs with 10 guard digits.

    Returns
    -------
    SeluConstants
        ``(alpha, lam)`` as :class:`mpmath.mpf`, rounded to ``digits`` digits.
        Klambauer et al. (2017) give ``alpha = 1.6732632423543772848170429916717``
        and ``lam = 1.0507009873554804934193349852946``.
    """
    if whole_number(digits, "digits", minimum=1) > 1000:
        raise ValueError(f"digits must be a whole number from 1 to 1000, got {digits!r}")
    eq_mean, eq_second = fixed_point_equations()
    residual = sp.lambdify((alpha, lam), [eq_mean.lhs - eq_mean.rhs,
                                          eq_second.lhs - eq_second.rhs], modules="mpmath")
    with mpmath.workdps(int(digits) + 10):
        root = mpmath.findroot(lambda a, b: residual(a, b), (mpmath.mpf(1.5), mpmath.mpf(1)))
        a_hp, l_hp = root[0], root[1]
    with mpmath.workdps(int(digits)):
        return SeluConstants(+a_hp, +l_hp)


# ---------------------------------------------------------------------------
# The moment map


def _cdf(t: sp.Expr) -> sp.Expr:
    return sp.erfc(-t / sp.sqrt(2)) / 2


def _pdf(t: sp.Expr) -> sp.Expr:
    return sp.exp(-t**2 / 2) / sp.sqrt(2 * sp.pi)


@lru_cache(maxsize=1)
def moment_expressions() -> tuple[sp.Expr, sp.Expr]:
    """Closed-form ``E[selu(z)]`` and ``E[selu(z)^2]`` for ``z ~ N(mu, nu)``.

    Derived by hand from the half-line integrals of a normal density
    (``E[z 1{z>0}] = mu Phi(mu/s) + s phi(mu/s)``,
    ``E[exp(k z) 1{z<=0}] = exp(k mu + k^2 nu / 2) Phi(-(mu + k nu)/s)`` with
    ``s = sqrt(nu)``); the tests check them against numerical quadrature and,
    at ``(0, 1)``, against :func:`fixed_point_equations`.

    Returns
    -------
    (sympy.Expr, sympy.Expr)
        First and second moment in :data:`mu`, :data:`nu`, :data:`alpha`, :data:`lam`.
    """
    s = sp.sqrt(nu)
    pos_1 = mu * _cdf(mu / s) + s * _pdf(mu / s)
    pos_2 = (mu**2 + nu) * _cdf(mu / s) + mu * s * _pdf(mu / s)
    neg_0 = _cdf(-mu / s)

    def neg_exp(k: int) -> sp.Expr:
        return sp.exp(k * mu + k**2 * nu / 2) * _cdf(-(mu + k * nu) / s)

    first = lam * (pos_1 + alpha * (neg_exp(1) - neg_0))
    second = lam**2 * (pos_2 + alpha**2 * (neg_exp(2) - 2 * neg_exp(1) + neg_0))
    return first, second


def _check_moments_input(mean: np.ndarray, var: np.ndarray) -> None:
    if not (np.all(np.isfinite(mean)) and np.all(np.isfinite(var))):
        raise ValueError("mean and variance must be finite numbers")
    if np.any(var <= 0):
        raise ValueError("variance must be > 0")


def selu_moments(mean: float | np.ndarray, var: float | np.ndarray,
                 alpha: float = act.SELU_ALPHA,
                 lam: float = act.SELU_LAMBDA) -> tuple[np.ndarray, np.ndarray]:
    """Mean and variance of ``selu(z)`` for ``z ~ N(mean, var)`` (NumPy, vectorised).

    The same closed form as :func:`moment_expressions`, with each
    ``exp(.) * Phi(.)`` product evaluated as ``exp(. + log Phi(.))`` so that
    large variances do not overflow.

    Parameters
    ----------
    mean, var : float or array
        Mean and variance (> 0) of the pre-activation.
    alpha, lam : float
        SELU's parameters (default: the published constants).

    Returns
    -------
    (ndarray, ndarray)
        Mean and variance of the activation.
    """
    m = np.asarray(mean, dtype=float)
    v = np.asarray(var, dtype=float)
    _check_moments_input(m, v)
    s = np.sqrt(v)
    r = m / s
    pdf = np.exp(-0.5 * r * r) / math.sqrt(2 * math.pi)
    cdf = distributions.normal_cdf(r)
    neg_0 = distributions.normal_cdf(-r)

    def neg_exp(k: int) -> np.ndarray:
        return np.exp(k * m + k * k * v / 2 + distributions.normal_log_cdf(-(m + k * v) / s))

    first = lam * (m * cdf + s * pdf + alpha * (neg_exp(1) - neg_0))
    second = lam**2 * ((m * m + v) * cdf + m * s * pdf
                       + alpha**2 * (neg_exp(2) - 2 * neg_exp(1) + neg_0))
    return first, second - first**2


def moment_map(mean: float | np.ndarray, var: float | np.ndarray, omega: float = 0.0,
               tau: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """One SELU layer's map from input (mean, variance) to output (mean, variance).

    A unit computes ``z = sum_i w_i x_i`` over inputs with mean ``mean`` and
    variance ``var``; for independent inputs ``z`` has mean ``mean * omega``
    and variance ``var * tau`` where ``omega = sum w_i`` and
    ``tau = sum w_i^2``. Normalised weights have ``omega = 0, tau = 1``.
    """
    if not (math.isfinite(omega) and math.isfinite(tau) and tau > 0):
        raise ValueError(f"omega must be finite and tau a finite number > 0, got {omega}, {tau}")
    m = np.asarray(mean, dtype=float)
    v = np.asarray(var, dtype=float)
    _check_moments_input(m, v)
    return selu_moments(m * omega, v * tau)


def moment_map_jacobian(mean: float = 0.0, var: float = 1.0, omega: float = 0.0,
                        tau: float = 1.0) -> np.ndarray:
    """Jacobian ``d(mean_out, var_out) / d(mean, var)`` of :func:`moment_map`.

    Differentiated symbolically from :func:`moment_expressions` and evaluated
    with 30 digits at the published SELU constants. At the fixed point with
    ``omega = 0, tau = 1`` Klambauer et al. report
    ``[[0, 0.088834], [0, 0.782648]]``, spectral norm 0.7877 < 1: the fixed
    point ``(0, 1)`` attracts.
    """
    if not all(math.isfinite(v) for v in (mean, var, omega, tau)) or tau <= 0 or var <= 0:
        raise ValueError(f"need finite mean, omega and var > 0, tau > 0; got mean={mean}, "
                         f"var={var}, omega={omega}, tau={tau}")
    first, second = moment_expressions()
    m_in, v_in = sp.symbols("m_in v_in", real=True)
    constants = {alpha: sp.Float(act.SELU_ALPHA, 30), lam: sp.Float(act.SELU_LAMBDA, 30)}
    sub = {mu: m_in * sp.Float(omega, 30), nu: v_in * sp.Float(tau, 30)}
    out_mean = first.subs(constants).subs(sub)
    out_var = second.subs(constants).subs(sub) - out_mean**2
    point = {m_in: sp.Float(mean, 30), v_in: sp.Float(var, 30)}
    rows = []
    for out in (out_mean, out_var):
        row = []
        for wrt, other in ((m_in, v_in), (v_in, m_in)):
            one_variable = out.subs(other, point[other])   # differentiate in one symbol only
            row.append(sp.diff(one_variable, wrt).subs(wrt, point[wrt]).evalf(30))
        rows.append(row)
    return np.array(rows, dtype=float)


def iterate_moment_map(mean: float, var: float, layers: int, omega: float = 0.0,
                       tau: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Apply :func:`moment_map` ``layers`` times; arrays of length ``layers + 1`` (start first)."""
    whole_number(layers, "layers", minimum=0)
    means, variances = [float(mean)], [float(var)]
    for _ in range(int(layers)):
        m, v = moment_map(means[-1], variances[-1], omega, tau)
        means.append(float(m))
        variances.append(float(v))
    return np.array(means), np.array(variances)


# ---------------------------------------------------------------------------
# Random networks: mean and variance per layer


class DepthStatistics(NamedTuple):
    """Mean and variance of all activations at each layer (index 0 is the input)."""

    label: str
    means: np.ndarray
    variances: np.ndarray


def depth_statistics(activation: str = "selu", init: str = "lecun", depth: int = 32,
                     width: int = 128, samples: int = 256, dropout_kind: str | None = None,
                     rate: float = 0.1, seed: int = 0,
                     label: str | None = None) -> DepthStatistics:
    """Push standard-normal data through ``depth`` random dense layers; record moments.

    Parameters
    ----------
    activation : str
        A registry name (see :func:`helpers.activations.names`).
    init : str
        A weight scheme of :func:`helpers.nn.init_weights` (``"lecun"``, ``"he"``, ...).
    depth, width, samples : int
        Number of layers, units per layer and rows of data.
    dropout_kind : None, "alpha" or "standard"
        Apply :func:`alpha_dropout` or :func:`dropout` after every activation.
    rate : float
        Dropout rate when ``dropout_kind`` is set.
    seed : int
        Seeds the data, every layer's weights and the dropout masks.
    label : str, optional
        Legend label (default: ``"<activation>, <init>"``).
    """
    for name, value, low in (("depth", depth, 1), ("width", width, 1), ("samples", samples, 2)):
        whole_number(value, name, minimum=low)
    one_of(dropout_kind, "dropout_kind", (None, *_DROPOUT_KINDS))
    f = act.get(activation).f
    rng = np.random.default_rng(seed)
    h = rng.standard_normal((samples, width))
    means, variances = [h.mean()], [h.var()]
    for layer in range(depth):
        w = np.asarray(nn.init_weights(width, width, scheme=init, seed=seed + 1 + layer))
        h = f(h @ w)
        if dropout_kind == "alpha":
            h = alpha_dropout(h, rate, seed=seed + 10_000 + layer)
        elif dropout_kind == "standard":
            h = dropout(h, rate, seed=seed + 10_000 + layer)
        means.append(h.mean())
        variances.append(h.var())
    return DepthStatistics(label or f"{activation}, {init}", np.array(means),
                           np.array(variances))


# ---------------------------------------------------------------------------
# Dropout


def _check_rate(rate: float) -> float:
    return real_number(rate, "rate", "a number with 0 <= rate < 1", lambda r: 0 <= r < 1)


def alpha_dropout_affine(rate: float, alpha: float = act.SELU_ALPHA,
                         lam: float = act.SELU_LAMBDA) -> tuple[float, float]:
    """The affine correction ``(a, b)`` of AlphaDropout.

    Dropped units are set to SELU's negative saturation value
    ``alpha' = -lam * alpha`` and the result is mapped by ``a * x + b``. For
    inputs with mean 0 and variance 1 and keep probability ``q = 1 - rate``,
    ``E = (1 - q) alpha'`` and ``Var = q + q (1 - q) alpha'^2``, so

    ``a = (q + alpha'^2 q (1 - q))^(-1/2)`` and ``b = -a (1 - q) alpha'``.
    """
    q = 1.0 - _check_rate(rate)
    saturation = -lam * alpha
    a = (q + saturation**2 * q * (1 - q)) ** -0.5
    return a, -a * (1 - q) * saturation


def _as_float_array(values: object) -> np.ndarray:
    return real_array(values, "the values")


def alpha_dropout(values: object, rate: float, seed: int = 0,
                  training: bool = True) -> np.ndarray:
    """AlphaDropout (Klambauer et al., 2017) for SELU networks.

    Each element is kept with probability ``1 - rate``; dropped ones become
    ``-lam * alpha``, then everything is mapped by :func:`alpha_dropout_affine`,
    so inputs with mean 0 and variance 1 keep mean 0 and variance 1.
    At evaluation (``training=False``) the input is returned unchanged.
    """
    rate = _check_rate(rate)
    arr = _as_float_array(values)
    if not training or rate == 0:
        return arr.copy()
    keep = np.random.default_rng(seed).random(arr.shape) >= rate
    a, b = alpha_dropout_affine(rate)
    dropped = arr.dtype.type(-act.SELU_LAMBDA * act.SELU_ALPHA)
    return (arr.dtype.type(a) * np.where(keep, arr, dropped) + arr.dtype.type(b)).astype(arr.dtype)


def dropout(values: object, rate: float, seed: int = 0, training: bool = True) -> np.ndarray:
    """Ordinary (inverted) dropout: zero with probability ``rate``, scale the rest up.

    Kept elements are divided by ``1 - rate``.

    It keeps the mean but multiplies the second moment by ``1/(1 - rate)``:
    for mean-0, variance-1 inputs the variance becomes ``1/(1 - rate)``.
    """
    rate = _check_rate(rate)
    arr = _as_float_array(values)
    if not training or rate == 0:
        return arr.copy()
    keep = np.random.default_rng(seed).random(arr.shape) >= rate
    return np.where(keep, arr / arr.dtype.type(1 - rate), arr.dtype.type(0))


# ---------------------------------------------------------------------------
# Figures


def plot_moment_iterations(starts: list[tuple[float, float]], layers: int = 12,
                           omega: float = 0.0, tau: float = 1.0) -> tuple[Axes, Axes]:
    """Mean (left) and variance (right) per layer when iterating the moment map from ``starts``."""
    _, grid = plotting.new_figure(ncols=2)
    ax_m, ax_v = grid[0, 0], grid[0, 1]
    steps = np.arange(layers + 1)
    with plotting.book_style():
        for (m0, v0), style in zip(starts, plotting.series_styles(len(starts)), strict=True):
            m, v = iterate_moment_map(m0, v0, layers, omega, tau)
            label = f"start ({m0:g}, {v0:g})"
            ax_m.plot(steps, m, marker="o", markersize=3, label=label, **style)
            ax_v.plot(steps, v, marker="o", markersize=3, label=label, **style)
        for ax, target, name in ((ax_m, 0.0, "mean"), (ax_v, 1.0, "variance")):
            ax.axhline(target, color="0.6", linewidth=0.8)
            ax.set_xlabel("layer")
            ax.set_title(name)
        ax_v.legend(fontsize=8)
    return ax_m, ax_v


def plot_depth_statistics(results: list[DepthStatistics],
                          log_variance: bool = True) -> tuple[Axes, Axes]:
    """Mean (left) and variance (right) per layer for each :class:`DepthStatistics`."""
    _, grid = plotting.new_figure(ncols=2)
    ax_m, ax_v = grid[0, 0], grid[0, 1]
    with plotting.book_style():
        for res, style in zip(results, plotting.series_styles(len(results)), strict=True):
            steps = np.arange(len(res.means))
            ax_m.plot(steps, res.means, label=res.label, **style)
            ax_v.plot(steps, res.variances, label=res.label, **style)
        for ax, target, name in ((ax_m, 0.0, "mean"), (ax_v, 1.0, "variance")):
            ax.axhline(target, color="0.6", linewidth=0.8)
            ax.set_xlabel("layer")
            ax.set_title(f"{name} of the activations")
        if log_variance:
            ax_v.set_yscale("log")
        ax_m.legend(fontsize=8)
    return ax_m, ax_v
