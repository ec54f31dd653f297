"""The standard normal distribution function, its logarithm, and Student's t quantile.

Introduced in: book/shootout.md

:func:`normal_cdf` is ``Phi(z)``, vectorised in NumPy and accurate in both
tails: ``Phi(-y) = exp(-y**2/2) g(y)`` with a smooth tail factor ``g`` whose
Taylor polynomials at multiples of 1/8 follow from the differential equation
``g' = y g - 1/sqrt(2 pi)`` (coefficients computed once, with mpmath). Measured
against mpmath at 50 digits (tests/test_distributions.py): relative error below
``(2 + z**2) * 2.2e-16``, the condition of ``Phi`` itself.
:func:`normal_log_cdf` is ``log Phi(z)``, computed as ``-z**2/2 + log g(|z|)``
in the left tail (Laplace's continued fraction beyond ``|z| = 40``), so it
stays accurate where ``Phi`` underflows, down to ``z = -1e154``.
:func:`erf` and :func:`erfc` are the standard library's functions applied
element by element (for symbolic expressions turned into NumPy functions).
:func:`t_quantile` inverts Student's t distribution (mpmath's regularised
incomplete beta function and :func:`helpers.numerics.find_root`).
"""

from __future__ import annotations

import functools
import math

import mpmath
import numpy as np

from helpers import numerics
from helpers._validate import real_array, real_number

__all__ = ["normal_cdf", "normal_log_cdf", "normal_quantile", "t_quantile", "erf", "erfc",
           "LAMBDIFY_MODULES"]

_LOG_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)
#: Centres of the Taylor tables of the tail factor: 0, 1/8, ..., _TABLE_END.
_STEP = 0.125
_TABLE_END = 40.0
#: Taylor terms per centre: the remainder is below 1e-17 relative for |h| <= 1/16.
_TERMS = 13
#: Terms of Laplace's continued fraction, used beyond the tables (y > 40) for log Phi.
_CF_TERMS = 30


@functools.lru_cache(maxsize=1)
def _tail_taylor_table() -> np.ndarray:
    """Taylor coefficients of ``g(y) = exp(y**2/2) Phi(-y)`` at ``y0 = 0, 1/8, ..., 40``.

    Row ``n``, column ``j`` is the ``n``-th coefficient at ``y0 = j/8``. ``g``
    solves ``g'(y) = y g(y) - 1/sqrt(2 pi)``; matching powers of ``h`` in
    ``g(y0 + h) = sum a_n h**n`` gives ``a_1 = y0 a_0 - 1/sqrt(2 pi)`` and
    ``(n + 1) a_{n+1} = y0 a_n + a_{n-1}``. That recursion amplifies rounding
    errors (its other solution grows like ``exp(y**2/2)``), so it runs in
    mpmath at 80 digits from ``a_0 = exp(y0**2/2) Phi(-y0)``; built once, at
    the first call.
    """
    centres = np.arange(0.0, _TABLE_END + _STEP / 2, _STEP)
    table = np.empty((_TERMS, centres.size))
    with mpmath.workdps(80):
        c = 1 / mpmath.sqrt(2 * mpmath.pi)
        for j, y0 in enumerate(centres):
            y0 = mpmath.mpf(float(y0))
            a = [mpmath.exp(y0 * y0 / 2) * mpmath.ncdf(-y0)]
            a.append(y0 * a[0] - c)
            for n in range(1, _TERMS - 1):
                a.append((y0 * a[n] + a[n - 1]) / (n + 1))
            table[:, j] = [float(v) for v in a]
    return table


def _tail_factor(y: np.ndarray) -> np.ndarray:
    """``g(y) = exp(y**2/2) Phi(-y)`` for ``y >= 0`` (``y`` above 40 is read as 40).

    The Taylor polynomial at the nearest multiple of 1/8 (:func:`_tail_taylor_table`),
    by Horner's rule; ``nan`` stays ``nan`` (its table row is a valid one, its
    offset ``h`` is ``nan``).
    """
    table = _tail_taylor_table()
    nearest = np.fmin(y, _TABLE_END)           # fmin: nan becomes 40, a valid row
    nearest *= 1.0 / _STEP
    nearest += 0.5
    index = nearest.astype(np.intp)             # floor of a number >= 0.5
    h = index * -_STEP
    h += np.minimum(y, _TABLE_END)              # minimum: nan stays nan
    out = np.take(table[-1], index)
    for row in table[-2::-1]:
        out *= h
        out += np.take(row, index)
    return out


_CHUNK = 8192  # elements per pass: the temporaries stay in the processor's cache


def _cdf_chunk(z: np.ndarray, out: np.ndarray) -> None:
    y = np.abs(z)
    np.multiply(y, y, out=out)
    out *= -0.5
    np.exp(out, out=out)
    out *= _tail_factor(y)                      # Phi(-|z|)
    np.subtract(1.0, out, out=out, where=z > 0)


def _as_float64(z: object, name: str = "z") -> tuple[np.ndarray, np.dtype]:
    arr = real_array(z, name)
    return np.asarray(arr, dtype=np.float64), arr.dtype


def _result(out: np.ndarray, dtype: np.dtype) -> np.ndarray:
    out = out.astype(dtype, copy=False)
    return out[()] if out.ndim == 0 else out


def normal_cdf(z: np.typing.ArrayLike) -> np.ndarray:
    """``Phi(z)``, the standard normal distribution function, element by element.

    ``Phi(-y) = exp(-y**2/2) g(y)`` for ``y = |z|``, with the smooth tail factor
    ``g`` from Taylor polynomials at multiples of 1/8 whose coefficients come
    from the differential equation ``g' = y g - 1/sqrt(2 pi)``
    (:func:`_tail_taylor_table`); ``Phi(z) = 1 - Phi(-z)`` for ``z > 0``.

    Parameters
    ----------
    z : array_like of real numbers
        Integers become float64; float32 input gives float32 output.

    Returns
    -------
    ndarray or NumPy scalar
        ``P(Z <= z)`` for ``Z ~ N(0, 1)``; ``nan`` stays ``nan``.

    Notes
    -----
    Relative error below ``(2 + z**2) * 2.2e-16`` (measured against mpmath in
    tests/test_distributions.py): apart from a few roundings, the error of
    ``exp(-z**2/2)``, whose argument carries the rounding of ``z**2``. That is
    the condition of ``Phi`` itself: a relative change ``d`` of ``z`` changes
    ``Phi(z)`` by about ``z**2 d`` in the left tail. Below ``z = -37.5`` the
    value is a subnormal number.

    >>> float(normal_cdf(0.0)), round(float(normal_cdf(1.959963984540054)), 12)
    (0.5, 0.975)
    """
    z64, dtype = _as_float64(z)
    flat = z64.ravel()
    out = np.empty_like(flat)
    with np.errstate(under="ignore"):
        for start in range(0, flat.size, _CHUNK):
            _cdf_chunk(flat[start:start + _CHUNK], out[start:start + _CHUNK])
    return _result(out.reshape(z64.shape), dtype)


def _log_far_left(y: np.ndarray) -> np.ndarray:
    """``log Phi(-y)`` for ``y > 40`` by Laplace's continued fraction for Mills' ratio.

    ``Phi(-y) = phi(y) / (y + 1/(y + 2/(y + 3/(y + ...))))``, evaluated from
    its tail with :data:`_CF_TERMS` terms; so
    ``log Phi(-y) = -y**2/2 - log(2 pi)/2 - log(y + 1/(y + ...))``.
    """
    denominator = y.copy()
    for k in range(_CF_TERMS, 0, -1):
        denominator = y + k / denominator
    return -0.5 * y * y - _LOG_SQRT_2PI - np.log(denominator)


def normal_log_cdf(z: np.typing.ArrayLike) -> np.ndarray:
    """``log Phi(z)``, accurate where ``Phi(z)`` itself underflows (``z < -38``).

    For ``z <= 0`` it is ``-z**2/2 + log g(|z|)`` with the tail factor of
    :func:`normal_cdf` (beyond ``|z| = 40``, Laplace's continued fraction):
    never ``log`` of a tiny number. For ``z > 0`` it is ``log1p(-Phi(-z))``.
    Relative error below ``1e-15`` for ``z <= 0`` (down to ``z = -1e154``,
    where ``z**2`` overflows and the result is ``-inf``). Float32 input gives
    float32 output.

    >>> round(float(normal_log_cdf(-1e4)), 6)
    -50000010.129279
    """
    z64, dtype = _as_float64(z)
    y = np.abs(z64)
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        half_square = -0.5 * y * y
        g = _tail_factor(y)
        left = np.where(y > _TABLE_END, _log_far_left(np.maximum(y, _TABLE_END)),
                        half_square + np.log(g))
        right = np.log1p(-(np.exp(half_square) * g))
    return _result(np.where(z64 > 0, right, left), dtype)


def _elementwise(fn: object, arr: np.ndarray) -> np.ndarray:
    """``fn`` (a float -> float function of :mod:`math`) on every element, as float64."""
    return np.asarray(np.frompyfunc(fn, 1, 1)(arr), dtype=np.float64)


def erf(x: np.typing.ArrayLike) -> np.ndarray:
    """The error function, :func:`math.erf` element by element (for lambdified expressions)."""
    arr, dtype = _as_float64(x, "x")
    return _result(_elementwise(math.erf, arr), dtype)


def erfc(x: np.typing.ArrayLike) -> np.ndarray:
    """``1 - erf(x)`` without cancellation, :func:`math.erfc` element by element."""
    arr, dtype = _as_float64(x, "x")
    return _result(_elementwise(math.erfc, arr), dtype)


#: ``modules`` for :func:`sympy.lambdify`: NumPy, plus :func:`erf` and :func:`erfc`
#: (GELU's expression), so a lambdified expression is the same with or without SciPy.
LAMBDIFY_MODULES = ({"erf": erf, "erfc": erfc}, "numpy")


def _probability(p: object) -> float:
    return real_number(p, "p", "a number in (0, 1)", lambda v: 0.0 < v < 1.0)


def _upper_root(survival: object, q: float) -> float:
    """The ``t > 0`` where ``survival(t) = q`` (survival decreasing from 1/2 to 0)."""
    hi = 1.0
    while survival(hi) > q:
        hi *= 2.0
    return numerics.find_root(lambda t: float(survival(t) - q), 0.0, hi, xtol=0.0)


def normal_quantile(p: float) -> float:
    """``Phi^{-1}(p)``, the standard normal quantile, to about one unit in the last place.

    >>> round(normal_quantile(0.975), 12)
    1.959963984540
    """
    return _normal_quantile(_probability(p))


@functools.lru_cache(maxsize=256)
def _normal_quantile(p: float) -> float:
    if p == 0.5:
        return 0.0
    q = min(p, 1.0 - p)
    with mpmath.workdps(40):
        t = _upper_root(lambda t: mpmath.ncdf(-t), mpmath.mpf(q))
    return t if p > 0.5 else -t


def t_quantile(p: float, df: float) -> float:
    """The ``p`` quantile of Student's t distribution with ``df`` degrees of freedom.

    Solves ``P(T > t) = 1 - p`` (for ``p > 1/2``; symmetric below) with
    ``P(T > t) = I_{df/(df+t^2)}(df/2, 1/2) / 2``, the regularised incomplete
    beta function evaluated by mpmath at 40 digits, and
    :func:`helpers.numerics.find_root` to the nearest double. ``df = inf``
    gives the normal quantile.

    Parameters
    ----------
    p : float
        Probability in (0, 1).
    df : float
        Degrees of freedom, > 0 (need not be whole), or ``math.inf``.

    >>> round(t_quantile(0.975, 4), 10)
    2.7764451052
    """
    p = _probability(p)
    if not (isinstance(df, (int, float, np.integer, np.floating)) and not isinstance(df, bool)
            and (df == math.inf or (math.isfinite(df) and df > 0))):
        raise ValueError(f"df must be a number > 0 or math.inf, got {df!r}")
    return _normal_quantile(p) if df == math.inf else _t_quantile(p, float(df))


@functools.lru_cache(maxsize=256)
def _t_quantile(p: float, df: float) -> float:
    if p == 0.5:
        return 0.0
    q = min(p, 1.0 - p)
    with mpmath.workdps(40):
        half, nu = mpmath.mpf(1) / 2, mpmath.mpf(float(df))

        def survival(t: float) -> mpmath.mpf:
            return mpmath.betainc(nu / 2, half, 0, nu / (nu + mpmath.mpf(t) ** 2),
                                  regularized=True) / 2

        t = _upper_root(survival, mpmath.mpf(q))
    return t if p > 0.5 else -t
