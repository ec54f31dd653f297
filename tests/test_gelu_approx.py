"""Tests for helpers.gelu_approx: Taylor coefficient, approximation errors, minima."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st
from scipy import special

from helpers import activations as act
from helpers.studies import gelu_approx as ga

x = act.x


# --- Taylor coefficient -------------------------------------------------------


def test_taylor_coefficient_is_exactly_four_minus_pi_over_six_pi():
    a = ga.taylor_coefficient()
    assert sp.simplify(a - (4 - sp.pi) / (6 * sp.pi)) == 0
    assert float(a) == pytest.approx(0.0455399241225, abs=1e-12)


def test_taylor_coefficient_matches_phi_through_fourth_order():
    # With a = (4 - pi)/(6 pi) the series of Phi and the tanh form agree up to x^4:
    # the first difference is the x^5 term.
    a = ga.taylor_coefficient()
    phi = (1 + sp.erf(x / sp.sqrt(2))) / 2
    approx = (1 + sp.tanh(sp.sqrt(2 / sp.pi) * (x + a * x**3))) / 2
    series = sp.expand(sp.series(phi - approx, x, 0, 6).removeO())
    for k in range(5):
        assert sp.simplify(series.coeff(x, k)) == 0
    assert sp.simplify(series.coeff(x, 5)) != 0


def test_fitted_coefficient_differs_from_taylor_by_under_two_percent():
    taylor = float(ga.taylor_coefficient())
    assert taylor != pytest.approx(act.GELU_TANH_COEFF, abs=1e-4)
    assert abs(taylor - act.GELU_TANH_COEFF) / taylor < 0.02


# --- the NumPy approximations -------------------------------------------------


def test_gelu_tanh_with_default_coefficient_is_the_registry_function():
    xs = np.linspace(-12, 12, 2001)
    np.testing.assert_allclose(ga.gelu_tanh(xs), act.get("gelu_tanh").f(xs), rtol=1e-14,
                               atol=1e-15)


def test_gelu_sigmoid_matches_its_sympy_form():
    f = sp.lambdify(x, x / (1 + sp.exp(-sp.Float(ga.SIGMOID_SCALE) * x)), "numpy")
    xs = np.linspace(-20, 20, 401)
    np.testing.assert_allclose(ga.gelu_sigmoid(xs), f(xs), rtol=1e-13, atol=1e-300)


@given(st.floats(-30, 30, allow_nan=False))
def test_approximations_keep_gelu_symmetry(t):
    # GELU(x) - GELU(-x) = x holds for x*Phi(x) and for both stand-ins, because
    # each stand-in c(x) satisfies c(x) + c(-x) = 1; so the error is even in x.
    for f in (ga.gelu_tanh, ga.gelu_sigmoid):
        assert float(f(t) - f(-t)) == pytest.approx(t, rel=1e-12, abs=1e-12)


def test_tanh_cdf_is_finite_for_huge_input():
    out = ga.tanh_cdf(np.array([-1e300, -1e4, 0.0, 1e4, 1e300]))
    np.testing.assert_array_equal(out, [0.0, 0.0, 0.5, 1.0, 1.0])


# --- maximum errors -----------------------------------------------------------


@pytest.fixture(scope="module")
def errors():
    return ga.approximation_errors()


def _brute_force_max(f, xs):
    return float(np.max(np.abs(f(xs) - xs * special.ndtr(xs))))


def test_tanh_approximation_max_error(errors):
    peak = errors[f"tanh, a = {act.GELU_TANH_COEFF}"]
    assert peak.error == pytest.approx(4.7324e-4, rel=1e-4)
    assert abs(peak.x) == pytest.approx(2.6989, abs=1e-3)
    # an independent brute-force grid agrees and never exceeds the refined peak
    xs = np.linspace(-10, 10, 400001)
    brute = _brute_force_max(act.get("gelu_tanh").f, xs)
    assert brute <= peak.error * (1 + 1e-12)
    assert brute == pytest.approx(peak.error, rel=1e-6)


def test_taylor_coefficient_gives_a_larger_max_error(errors):
    fitted = errors[f"tanh, a = {act.GELU_TANH_COEFF}"]
    taylor = errors["tanh, a = (4 - pi)/(6 pi)"]
    assert taylor.error == pytest.approx(7.4617e-4, rel=1e-4)
    assert abs(taylor.x) == pytest.approx(2.4667, abs=1e-3)
    assert taylor.error > 1.5 * fitted.error


def test_sigmoid_approximation_max_error(errors):
    peak = errors[f"x sigmoid({ga.SIGMOID_SCALE} x)"]
    assert peak.error == pytest.approx(2.0335e-2, rel=1e-4)
    assert abs(peak.x) == pytest.approx(2.2704, abs=1e-3)
    # about forty times worse than the tanh form
    assert 30 < peak.error / errors[f"tanh, a = {act.GELU_TANH_COEFF}"].error < 60


def test_wrong_formula_would_be_caught():
    # A sign slip in the cubic term (or a missing sqrt(2/pi)) gives a far larger error.
    slip = ga.max_abs_error(lambda z: ga.gelu_tanh(z, -act.GELU_TANH_COEFF),
                            act.get("gelu").f)
    no_scale = ga.max_abs_error(lambda z: 0.5 * z * (1 + np.tanh(z + 0.044715 * z**3)),
                                act.get("gelu").f)
    assert slip.error > 1e-2
    assert no_scale.error > 1e-2


def test_max_abs_error_refines_beyond_the_grid():
    # peak of |sin| at pi/2, on a coarse grid that misses it
    peak = ga.max_abs_error(np.sin, np.zeros_like, xlim=(0.0, 3.0), num=7)
    assert peak.x == pytest.approx(math.pi / 2, abs=1e-6)
    assert peak.error == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize("xlim, num", [((1.0, 1.0), 11), ((2.0, -2.0), 11),
                                       ((0.0, math.inf), 11), ((0.0, 1.0), 2)])
def test_max_abs_error_rejects_bad_grid(xlim, num):
    with pytest.raises(ValueError, match="xlim|num"):
        ga.max_abs_error(np.sin, np.cos, xlim=xlim, num=num)


# --- minimax fits -------------------------------------------------------------


def test_0044715_is_the_minimax_coefficient_for_phi_not_for_gelu():
    a_cdf, err_cdf = ga.fit_minimax("tanh", "cdf")
    a_gelu, err_gelu = ga.fit_minimax("tanh", "gelu")
    assert a_cdf == pytest.approx(act.GELU_TANH_COEFF, abs=2e-6)
    assert err_cdf == pytest.approx(1.789e-4, rel=1e-3)
    assert a_gelu == pytest.approx(0.04438, abs=1e-5)
    assert err_gelu == pytest.approx(3.874e-4, rel=1e-3)
    assert err_gelu < ga.approximation_errors()[f"tanh, a = {act.GELU_TANH_COEFF}"].error


def test_1702_is_the_minimax_scale_for_phi():
    k_cdf, err_cdf = ga.fit_minimax("sigmoid", "cdf")
    k_gelu, _ = ga.fit_minimax("sigmoid", "gelu")
    assert k_cdf == pytest.approx(ga.SIGMOID_SCALE, abs=1e-3)
    assert err_cdf == pytest.approx(9.457e-3, rel=1e-3)
    assert k_gelu == pytest.approx(1.7729, abs=1e-3)


@pytest.mark.parametrize("form, target", [("erf", "gelu"), ("tanh", "relu")])
def test_fit_minimax_rejects_unknown_choices(form, target):
    with pytest.raises(ValueError, match="must be one of"):
        ga.fit_minimax(form, target)


# --- minima -------------------------------------------------------------------


def test_silu_minimum_matches_lambert_w_closed_form():
    x_min, value = ga.minimum("silu")
    x_closed, v_closed = ga.silu_minimum_closed_form()
    assert abs(x_min - x_closed.evalf(30)) < 1e-25
    assert abs(value - v_closed.evalf(30)) < 1e-25
    assert float(x_closed) == pytest.approx(-1.278464542761074, abs=1e-15)
    assert float(v_closed) == pytest.approx(-0.278464542761074, abs=1e-15)
    # value = x_min + 1 and the closed form zeroes the exact derivative
    assert sp.simplify(v_closed - (x_closed + 1)) == 0
    assert abs(act.get("silu").dexpr.subs(x, x_closed).evalf(40)) < 1e-35


@pytest.mark.parametrize("name, x_expected, f_expected", [
    ("gelu", -0.7517915246935645, -0.16997120747990366),
    ("silu", -1.2784645427610738, -0.2784645427610738),
    ("mish", -1.1924312145154952, -0.3088434130172504),
])
def test_minima_values(name, x_expected, f_expected):
    x_min, value = ga.minimum(name)
    assert float(x_min) == pytest.approx(x_expected, abs=1e-12)
    assert float(value) == pytest.approx(f_expected, abs=1e-12)


@pytest.mark.parametrize("name", ["gelu", "silu", "mish"])
def test_minima_are_stationary_and_below_neighbours(name):
    a = act.get(name)
    x_min, value = ga.minimum(name)
    x0, h = float(x_min), 1e-5
    central = (a.f(x0 + h) - a.f(x0 - h)) / (2 * h)
    assert abs(central) < 1e-9
    assert abs(float(a.df(x0))) < 1e-12
    ys = a.f(np.linspace(-10, 10, 20001))
    assert ys.min() >= float(value) - 1e-15
    assert float(value) == pytest.approx(float(a.f(x0)), abs=1e-15)


def test_minimum_rejects_monotone_function():
    with pytest.raises(ValueError, match="no interior minimum"):
        ga.minimum("softplus")


# --- softplus and sigmoid -----------------------------------------------------


def test_softplus_derivative_is_sigmoid():
    softplus = sp.log(1 + sp.exp(x))
    sigmoid = 1 / (1 + sp.exp(-x))
    assert sp.simplify(sp.diff(softplus, x) - sigmoid) == 0
    # and the registry's (beta = 1) softplus agrees numerically with sigma
    d = act.get("softplus").dexpr
    for t in (-5.5, -1.0, 0.0, 0.3, 7.0):
        assert float(d.subs(x, t)) == pytest.approx(float(sigmoid.subs(x, t)), rel=1e-14)
