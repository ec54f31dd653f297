"""Scalar numerics: a bracketing root finder, a bounded minimiser, Gauss–Legendre quadrature.

Introduced in: none (used by other helpers modules only)

:func:`find_root` is Brent's method (bisection, secant and inverse quadratic
interpolation) and needs a sign change; :func:`minimize_bounded` is Brent's
golden-section search with parabolic steps on a closed interval;
:func:`integrate` is composite Gauss–Legendre quadrature on panels of at
most ``width`` between given breakpoints (kinks and jumps of the integrand),
with infinite limits truncated where the integrand has become negligible.
All three are deterministic and need nothing beyond NumPy.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence

import numpy as np

from helpers._validate import is_real_number, real_number, whole_number

__all__ = ["find_root", "minimize_bounded", "integrate"]

_EPS = np.finfo(float).eps
_GOLDEN = (3.0 - math.sqrt(5.0)) / 2.0


def _finite(value: object, name: str) -> float:
    return real_number(value, name)


def _limit(value: object, name: str) -> float:
    if not (is_real_number(value) and not math.isnan(value)):
        raise ValueError(f"{name} must be a number or +-inf, got {value!r}")
    return float(value)


def _tolerance(value: object, name: str) -> float:
    return real_number(value, name, "a finite number >= 0", lambda v: v >= 0)


def find_root(f: Callable[[float], float], a: float, b: float, xtol: float = 1e-15,
              maxiter: int = 200) -> float:
    """A root of ``f`` in ``[a, b]`` by Brent's method, where ``f(a)`` and ``f(b)`` differ in sign.

    Parameters
    ----------
    f : callable
        Continuous function of one float returning a float.
    a, b : float
        The bracket (finite, ``a != b``, either order).
    xtol : float
        Absolute tolerance; the result is within ``xtol + 4 eps |x|`` of a
        sign change of ``f`` (so ``xtol=0`` asks for a few units in the last place).
    maxiter : int
        Iteration limit (Brent's method needs far fewer).

    Raises
    ------
    ValueError
        Bad bracket or tolerance, ``f(a)`` and ``f(b)`` of the same sign (or nan),
        or no convergence within ``maxiter``.

    >>> round(find_root(lambda t: t * t - 2, 0.0, 2.0), 15)
    1.414213562373095
    """
    a, b = _finite(a, "a"), _finite(b, "b")
    xtol = _tolerance(xtol, "xtol")
    maxiter = whole_number(maxiter, "maxiter", 1)
    if a == b:
        raise ValueError(f"a and b must differ to bracket a root, got a = b = {a!r}")
    fa, fb = float(f(a)), float(f(b))
    if fa == 0.0:
        return a
    if fb == 0.0:
        return b
    if not (fa * fb < 0):
        raise ValueError(f"f(a) and f(b) must differ in sign to bracket a root; "
                         f"got f({a!r}) = {fa!r} and f({b!r}) = {fb!r}")
    c, fc = a, fa
    d = e = b - a
    for _ in range(maxiter):
        if abs(fc) < abs(fb):  # b is the best guess, c the other end of the bracket
            a, b, c = b, c, b
            fa, fb, fc = fb, fc, fb
        tol = 2.0 * _EPS * abs(b) + xtol / 2.0
        m = (c - b) / 2.0
        if abs(m) <= tol or fb == 0.0:
            return b
        if abs(e) < tol or abs(fa) <= abs(fb):
            d = e = m  # bisection
        else:
            s = fb / fa
            if a == c:  # secant
                p, q = 2.0 * m * s, 1.0 - s
            else:  # inverse quadratic interpolation
                q, r = fa / fc, fb / fc
                p = s * (2.0 * m * q * (q - r) - (b - a) * (r - 1.0))
                q = (q - 1.0) * (r - 1.0) * (s - 1.0)
            if p > 0:
                q = -q
            else:
                p = -p
            if 2.0 * p < min(3.0 * m * q - abs(tol * q), abs(e * q)):
                e, d = d, p / q
            else:
                d = e = m
        a, fa = b, fb
        b += d if abs(d) > tol else math.copysign(tol, m)
        fb = float(f(b))
        if (fb > 0) == (fc > 0):
            c, fc = a, fa
            d = e = b - a
    raise ValueError(f"find_root did not converge in maxiter = {maxiter} iterations")


def minimize_bounded(f: Callable[[float], float], lo: float, hi: float, xtol: float = 1e-10,
                     maxiter: int = 500) -> tuple[float, float]:
    """``(x, f(x))`` at a local minimum of ``f`` on ``[lo, hi]`` (Brent's method).

    Golden-section search with parabolic interpolation steps; for a unimodal
    ``f`` the minimiser is found to within ``xtol + sqrt(eps) |x|`` (the
    floating-point floor for a smooth minimum: ``f`` is flat to rounding
    there). A minimum at an end of the interval is approached to within that
    tolerance.

    Raises
    ------
    ValueError
        Unless ``lo < hi`` are finite and ``xtol >= 0``; or no convergence.

    >>> x, fx = minimize_bounded(lambda t: (t - 1.0) ** 2, 0.0, 3.0)
    >>> round(x, 8), round(fx, 12)
    (1.0, 0.0)
    """
    lo, hi = _finite(lo, "lo"), _finite(hi, "hi")
    if not lo < hi:
        raise ValueError(f"lo must be < hi, got lo = {lo!r}, hi = {hi!r}")
    xtol = _tolerance(xtol, "xtol")
    maxiter = whole_number(maxiter, "maxiter", 1)
    a, b = lo, hi
    x = w = v = a + _GOLDEN * (b - a)
    fx = fw = fv = float(f(x))
    d = e = 0.0
    sqrt_eps = math.sqrt(_EPS)
    for _ in range(maxiter):
        mid = (a + b) / 2.0
        tol1 = sqrt_eps * abs(x) + xtol / 3.0
        tol2 = 2.0 * tol1
        if abs(x - mid) <= tol2 - (b - a) / 2.0:
            return x, fx
        golden = True
        if abs(e) > tol1:  # try a parabola through x, w, v
            r = (x - w) * (fx - fv)
            q = (x - v) * (fx - fw)
            p = (x - v) * q - (x - w) * r
            q = 2.0 * (q - r)
            if q > 0:
                p = -p
            q = abs(q)
            if abs(p) < abs(0.5 * q * e) and q * (a - x) < p < q * (b - x):
                e, d = d, p / q
                u = x + d
                if u - a < tol2 or b - u < tol2:
                    d = math.copysign(tol1, mid - x)
                golden = False
        if golden:
            e = (b - x) if x < mid else (a - x)
            d = _GOLDEN * e
        u = x + (d if abs(d) >= tol1 else math.copysign(tol1, d))
        fu = float(f(u))
        if fu <= fx:
            if u < x:
                b = x
            else:
                a = x
            v, fv, w, fw, x, fx = w, fw, x, fx, u, fu
        else:
            if u < x:
                a = u
            else:
                b = u
            if fu <= fw or w == x:
                v, fv, w, fw = w, fw, u, fu
            elif fu <= fv or v in (x, w):
                v, fv = u, fu
    raise ValueError(f"minimize_bounded did not converge in maxiter = {maxiter} iterations")


@functools.lru_cache(maxsize=8)
def _rule(order: int) -> tuple[np.ndarray, np.ndarray]:
    return np.polynomial.legendre.leggauss(order)


def _panels(a: float, b: float, width: float) -> np.ndarray:
    count = max(1, math.ceil((b - a) / width))
    return np.linspace(a, b, count + 1)


def _sum_panels(f: Callable[[np.ndarray], np.ndarray], edges: np.ndarray,
                order: int) -> np.ndarray:
    """Gauss–Legendre sums over the panels ``[edges[i], edges[i+1]]``, one per panel."""
    nodes, weights = _rule(order)
    half = np.diff(edges)[:, None] / 2.0
    points = (edges[:-1, None] + half) + half * nodes
    values = np.asarray(f(points.ravel()), dtype=float).reshape(points.shape)
    return (values * weights).sum(axis=1) * half[:, 0]


def _tail(f: Callable[[np.ndarray], np.ndarray], start: float, step: float, order: int,
          scale: float) -> float:
    """Integral from ``start`` to ``+-inf`` (sign of ``step``), block by block until negligible."""
    total = 0.0
    for k in range(_MAX_TAIL_PANELS // _TAIL_BLOCK):
        edges = start + step * np.arange(k * _TAIL_BLOCK, (k + 1) * _TAIL_BLOCK + 1)
        parts = _sum_panels(f, edges, order) * math.copysign(1.0, step)
        if not np.all(np.isfinite(parts)):
            raise ValueError("the integrand is not finite on the infinite interval")
        total += float(parts.sum())
        if np.all(np.abs(parts[-2:]) <= _EPS * max(abs(total + scale), abs(scale))):
            return total
    raise ValueError(f"the integrand did not become negligible within "
                     f"{_MAX_TAIL_PANELS} panels of width {abs(step)!r}; "
                     "infinite limits need a rapidly decaying integrand")


_TAIL_BLOCK = 8
_MAX_TAIL_PANELS = 4096


def integrate(f: Callable[[np.ndarray], np.ndarray], a: float, b: float,
              breakpoints: Sequence[float] = (), width: float = 1.0, order: int = 24) -> float:
    """``∫_a^b f(x) dx`` by composite Gauss–Legendre quadrature.

    The interval is cut at the ``breakpoints`` inside it (where ``f`` or a
    derivative jumps) and into panels of length at most ``width``; each panel
    gets the ``order``-point Gauss–Legendre rule. ``f`` is called on a 1-D
    float array of nodes and must return an array of the same shape.

    Accuracy: on each panel the rule is exact for polynomials of degree
    ``2 order - 1``, and for a function analytic within distance ``rho`` of the
    panel the error falls like ``(width / (4 rho)) ** (2 order)``: for the
    book's integrands (activations times the normal density, cut at their kinks,
    ``width = 1``, ``order = 24``) that is rounding level, ``1e-15`` relative
    (tests/test_numerics.py checks Gaussian moments with kinks to 1e-14).

    An infinite limit is truncated: panels of length ``width`` are added
    outwards from the last finite point until two in a row contribute less
    than ``eps`` times the running total, so ``f`` must decay (as the normal
    density does) and not vanish only to reappear further out.

    Raises
    ------
    ValueError
        Bad limits, ``width`` or ``order``; a tail that does not decay within
        4096 panels; a non-finite integrand value.

    >>> round(integrate(lambda u: np.exp(-u * u / 2), -np.inf, np.inf) ** 2, 14)
    6.28318530718
    """
    a, b = _limit(a, "a"), _limit(b, "b")
    width = real_number(width, "width", "a finite number > 0", lambda v: v > 0)
    order = whole_number(order, "order", 1)
    if a == b:
        return 0.0
    if a > b:
        return -integrate(f, b, a, breakpoints, width, order)
    cuts = sorted({real_number(p, "breakpoints", "finite numbers") for p in breakpoints})
    inner = [p for p in cuts if a < p < b]
    lo = a if math.isfinite(a) else (inner[0] if inner else (b if math.isfinite(b) else 0.0))
    hi = b if math.isfinite(b) else (inner[-1] if inner else lo)
    knots = [lo, *[p for p in inner if lo < p < hi], hi]
    total = 0.0
    for left, right in zip(knots[:-1], knots[1:], strict=False):
        total += float(_sum_panels(f, _panels(left, right, width), order).sum())
    if not math.isfinite(total):
        raise ValueError("the integrand is not finite on the interval")
    if math.isinf(a):
        total += _tail(f, lo, -width, order, total)
    if math.isinf(b):
        total += _tail(f, hi, width, order, total)
    return total
