"""Tests for helpers.numerics: Brent root finding, bounded minimum, Gauss–Legendre quadrature."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import sympy as sp

from helpers import activations as act
from helpers import numerics

SQRT_2PI = math.sqrt(2 * math.pi)


def normal_pdf(u: np.ndarray) -> np.ndarray:
    return np.exp(-u * u / 2) / SQRT_2PI


# --- find_root ----------------------------------------------------------------


@pytest.mark.parametrize("f, a, b, root", [
    (lambda t: t * t - 2, 0.0, 2.0, math.sqrt(2)),
    (lambda t: math.cos(t) - t, 0.0, 1.0, 0.7390851332151607),
    (lambda t: t**3, -1.0, 0.5, 0.0),
    (lambda t: math.exp(t) - 10, 5.0, 0.0, math.log(10)),   # reversed bracket
    (lambda t: math.tanh(50 * (t - 0.3)), -1.0, 1.0, 0.3),  # steep
    (lambda t: -1.0 if t < 1 / 3 else 1.0, 0.0, 1.0, 1 / 3),  # a jump: bisection finds it
])
def test_find_root_known_problems(f, a, b, root):
    assert numerics.find_root(f, a, b) == pytest.approx(root, rel=1e-15, abs=1e-15)


def test_find_root_to_the_last_place_with_xtol_zero():
    got = numerics.find_root(lambda t: t * t - 2, 1.0, 2.0, xtol=0.0)
    assert abs(got - math.sqrt(2)) <= 2 * math.ulp(math.sqrt(2))


def test_find_root_endpoint_roots():
    assert numerics.find_root(lambda t: t - 1, 1.0, 3.0) == 1.0
    assert numerics.find_root(lambda t: t - 3, 1.0, 3.0) == 3.0


def test_find_root_without_a_sign_change():
    with pytest.raises(ValueError, match="f\\(a\\) and f\\(b\\) must differ in sign"):
        numerics.find_root(lambda t: t * t + 1, -1.0, 1.0)
    with pytest.raises(ValueError, match="must differ in sign"):
        numerics.find_root(lambda t: math.nan, -1.0, 1.0)


@pytest.mark.parametrize("kwargs, message", [
    ({"a": 1.0, "b": 1.0}, "a and b must differ"),
    ({"a": math.inf, "b": 1.0}, "a must be a finite number"),
    ({"a": "0", "b": 1.0}, "a must be a finite number"),
    ({"a": 0.0, "b": 1.0, "xtol": -1.0}, "xtol must be a finite number >= 0"),
    ({"a": 0.0, "b": 1.0, "maxiter": 0}, "maxiter must be a whole number >= 1"),
])
def test_find_root_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        numerics.find_root(lambda t: t - 0.5, **kwargs)


def test_find_root_reports_no_convergence():
    with pytest.raises(ValueError, match="did not converge"):
        numerics.find_root(lambda t: math.exp(t) - 1.123, -10.0, 10.0, xtol=0.0, maxiter=3)


# --- minimize_bounded -----------------------------------------------------------


@pytest.mark.parametrize("f, lo, hi, xmin", [
    (lambda t: (t - 1.0) ** 2, 0.0, 3.0, 1.0),
    (lambda t: math.cos(t), 0.0, 2 * math.pi, math.pi),
    (lambda t: abs(t - 0.25), -1.0, 1.0, 0.25),            # a kink
    (lambda t: t, 0.0, 1.0, 0.0),                           # at the end
    (lambda t: -t * math.exp(-t), 0.0, 5.0, 1.0),
])
def test_minimize_bounded_known_problems(f, lo, hi, xmin):
    x, fx = numerics.minimize_bounded(f, lo, hi)
    assert x == pytest.approx(xmin, abs=1e-7)
    assert fx == f(x) and lo <= x <= hi


def test_minimize_bounded_max_of_gelu_minus_relu():
    # max_t t Phi(-t): t* solves Phi(-t) = t phi(t), t* = 0.7517915...
    x, fx = numerics.minimize_bounded(lambda t: -t * 0.5 * math.erfc(t / math.sqrt(2)), 0, 3)
    assert x == pytest.approx(0.751791524693564, abs=1e-7)
    assert -fx == pytest.approx(0.169971207479898, rel=1e-13)


@pytest.mark.parametrize("lo, hi, message", [
    (1.0, 1.0, "lo must be < hi"), (2.0, 1.0, "lo must be < hi"),
    (-math.inf, 1.0, "lo must be a finite number"), (0.0, None, "hi must be a finite number"),
])
def test_minimize_bounded_bad_interval(lo, hi, message):
    with pytest.raises(ValueError, match=message):
        numerics.minimize_bounded(lambda t: t * t, lo, hi)


# --- integrate ------------------------------------------------------------------


def gaussian_moment(g, breakpoints=(), a=-math.inf, b=math.inf):
    return numerics.integrate(lambda u: g(u) * normal_pdf(u), a, b, breakpoints=breakpoints)


@pytest.mark.parametrize("g, breakpoints, exact", [
    (lambda u: np.ones_like(u), (), 1.0),
    (lambda u: u * u, (), 1.0),
    (lambda u: u**4, (), 3.0),
    (lambda u: u**6, (), 15.0),
    (lambda u: np.maximum(u, 0) ** 2, (0.0,), 0.5),
    (lambda u: np.maximum(u, 0), (0.0,), 1 / SQRT_2PI),
    (lambda u: np.abs(u), (0.0,), 2 / SQRT_2PI),
    (lambda u: np.clip(u, -1, 1) ** 2, (-1.0, 1.0),   # hard tanh: erf(1/√2) - 2φ(1) + 2Φ(-1)
     math.erf(1 / math.sqrt(2)) - 2 * math.exp(-0.5) / SQRT_2PI + math.erfc(1 / math.sqrt(2))),
    (lambda u: (u > 0.3).astype(float), (0.3,), 0.5 * math.erfc(0.3 / math.sqrt(2))),  # a jump
    (lambda u: np.exp(u), (), math.exp(0.5)),
])
def test_gaussian_moments_with_kinks(g, breakpoints, exact):
    assert gaussian_moment(g, breakpoints) == pytest.approx(exact, rel=1e-14, abs=1e-16)
    # the same on a finite interval wide enough to hold all the mass
    assert gaussian_moment(g, breakpoints, -40.0, 40.0) == pytest.approx(exact, rel=1e-14,
                                                                          abs=1e-16)


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "gelu", "softplus", "silu", "elu", "selu"])
def test_second_moments_of_activations_agree_with_mpmath(name):
    f = sp.lambdify(act.x, act.get(name).expr, modules="mpmath")
    with mpmath.workdps(30):
        ref = float(mpmath.quad(lambda t: f(t) ** 2 * mpmath.npdf(t), [-mpmath.inf, 0, mpmath.inf]))
    got = gaussian_moment(lambda u: act.get(name).f(u) ** 2, (0.0,), -40.0, 40.0)
    assert got == pytest.approx(ref, rel=1e-13)


def test_integrate_finite_intervals_and_orientation():
    assert numerics.integrate(np.sin, 0.0, math.pi) == pytest.approx(2.0, rel=1e-15)
    assert numerics.integrate(np.sin, math.pi, 0.0) == pytest.approx(-2.0, rel=1e-15)
    assert numerics.integrate(np.sin, 1.0, 1.0) == 0.0
    assert numerics.integrate(lambda u: u**9, -1.0, 2.0, width=10.0, order=5) == pytest.approx(
        (2**10 - 1) / 10, rel=1e-14)  # degree 9 = 2*5 - 1: exact on one panel
    assert numerics.integrate(lambda u: np.exp(-u), 0.0, math.inf) == pytest.approx(1.0, rel=1e-14)
    assert numerics.integrate(lambda u: np.exp(u), -math.inf, 0.0) == pytest.approx(1.0, rel=1e-14)


def test_integrate_rejects_what_it_cannot_do():
    with pytest.raises(ValueError, match="did not become negligible"):
        numerics.integrate(lambda u: 1 / (1 + u * u), 0.0, math.inf)
    with pytest.raises(ValueError, match="not finite"):
        numerics.integrate(lambda u: np.where(u > 0.5, np.inf, 1.0), -1.0, 1.0)
    with pytest.raises(ValueError, match="a must be a number or"):
        numerics.integrate(np.sin, math.nan, 1.0)
    with pytest.raises(ValueError, match="width must be a finite number > 0"):
        numerics.integrate(np.sin, 0.0, 1.0, width=0.0)
    with pytest.raises(ValueError, match="order must be a whole number >= 1"):
        numerics.integrate(np.sin, 0.0, 1.0, order=0)
    with pytest.raises(ValueError, match="breakpoints must be finite numbers"):
        numerics.integrate(np.sin, 0.0, 1.0, breakpoints=(math.inf,))
