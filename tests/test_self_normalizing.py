"""Tests of helpers.self_normalizing: SELU's constants, the moment map, AlphaDropout."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate

from helpers import activations as act
from helpers.studies import self_normalizing as sn

# Klambauer et al. (2017), as strings: mpmath.mpf(...) would round to the working precision.
PAPER_ALPHA = "1.6732632423543772848170429916717"
PAPER_LAMBDA = "1.0507009873554804934193349852946"


def _digits_of_agreement(value: mpmath.mpf, reference: str) -> float:
    with mpmath.workdps(60):
        return float(-mpmath.log10(abs(value - mpmath.mpf(reference)) / mpmath.mpf(reference)))


def _selu(values, alpha=act.SELU_ALPHA, lam=act.SELU_LAMBDA):
    values = np.asarray(values, dtype=float)
    return lam * np.where(values > 0, values, alpha * np.expm1(np.minimum(values, 0)))


def _quad_moments(mean: float, var: float, alpha=act.SELU_ALPHA, lam=act.SELU_LAMBDA):
    """E[selu(z)] and Var[selu(z)] for z ~ N(mean, var) by adaptive quadrature."""
    s = math.sqrt(var)

    def density(t):
        return math.exp(-0.5 * ((t - mean) / s) ** 2) / (s * math.sqrt(2 * math.pi))

    def moment(k):
        def integrand(t):
            return float(_selu(t, alpha, lam)) ** k * density(t)
        lo, hi = mean - 12 * s, mean + 12 * s
        if lo < 0 < hi:
            return integrate.quad(integrand, lo, 0)[0] + integrate.quad(integrand, 0, hi)[0]
        return integrate.quad(integrand, lo, hi)[0]

    first = moment(1)
    return first, moment(2) - first**2


# -- the constants -------------------------------------------------------------


def test_solved_constants_match_the_paper_to_30_digits():
    alpha, lam = sn.solve_selu_constants(digits=40)
    # the paper prints 32 significant digits
    assert _digits_of_agreement(alpha, PAPER_ALPHA) > 30
    assert _digits_of_agreement(lam, PAPER_LAMBDA) > 30


def test_default_precision_matches_registry_constants():
    alpha, lam = sn.solve_selu_constants()
    assert abs(float(alpha) - act.SELU_ALPHA) <= 1e-15
    assert abs(float(lam) - act.SELU_LAMBDA) <= 1e-15
    assert _digits_of_agreement(alpha, PAPER_ALPHA) > 29
    assert mpmath.nstr(alpha, 30) == PAPER_ALPHA[:31]


def test_low_precision_solution_is_rounded_not_wrong():
    alpha, _ = sn.solve_selu_constants(digits=8)
    assert abs(float(alpha) - act.SELU_ALPHA) < 1e-7
    assert _digits_of_agreement(alpha, PAPER_ALPHA) < 12  # rounded to about 8 digits


@pytest.mark.parametrize("digits", [0, -3, 1001, 2.5, "30", True])
def test_bad_digits_raise(digits):
    with pytest.raises(ValueError, match="digits"):
        sn.solve_selu_constants(digits=digits)


def test_symbolic_selu_is_the_registry_selu():
    z = sn.z
    with_constants = sn.selu_expression().subs(
        {sn.alpha: sp.Float(act.SELU_ALPHA, 30), sn.lam: sp.Float(act.SELU_LAMBDA, 30)})
    registry = act.get("selu").expr.subs(act.x, z)
    for value in (-3.0, -0.5, 0.0, 0.7, 4.0):
        assert float(with_constants.subs(z, value)) == pytest.approx(
            float(registry.subs(z, value)), abs=1e-15)


def test_fixed_point_equations_hold_at_the_constants_and_fail_elsewhere():
    eq_mean, eq_second = sn.fixed_point_equations()
    at = {sn.alpha: sp.Float(PAPER_ALPHA, 40), sn.lam: sp.Float(PAPER_LAMBDA, 40)}
    assert abs((eq_mean.lhs - eq_mean.rhs).subs(at).evalf(40)) < 1e-28
    assert abs((eq_second.lhs - eq_second.rhs).subs(at).evalf(40)) < 1e-28
    elu_like = {sn.alpha: 1, sn.lam: 1}
    assert abs((eq_mean.lhs - eq_mean.rhs).subs(elu_like).evalf()) > 0.1


def test_fixed_point_equations_agree_with_quadrature():
    eq_mean, eq_second = sn.fixed_point_equations()
    for a, b in [(1.0, 1.0), (0.5, 2.0), (2.5, 0.7)]:
        first, var = _quad_moments(0.0, 1.0, a, b)
        at = {sn.alpha: a, sn.lam: b}
        assert float(eq_mean.lhs.subs(at)) == pytest.approx(first, abs=1e-9)
        assert float(eq_second.lhs.subs(at)) == pytest.approx(var + first**2, abs=1e-9)


def test_normal_expectation_of_known_functions():
    z = sn.z
    assert sp.simplify(sn.normal_expectation(z**2) - 1) == 0
    relu = sp.Piecewise((0, z <= 0), (z, True))
    assert sp.simplify(sn.normal_expectation(relu) - 1 / sp.sqrt(2 * sp.pi)) == 0
    assert sp.simplify(sn.normal_expectation(sp.piecewise_fold(relu**2)) - sp.Rational(1, 2)) == 0


def test_normal_expectation_rejects_other_piecewise_shapes():
    z = sn.z
    with pytest.raises(ValueError, match="<= 0"):
        sn.normal_expectation(sp.Piecewise((0, z <= 1), (z, True)))


# -- the moment map --------------------------------------------------------------


def test_standard_normal_input_is_a_fixed_point():
    mean, var = sn.selu_moments(0.0, 1.0)
    assert abs(float(mean)) < 1e-14
    assert float(var) == pytest.approx(1.0, abs=1e-14)


@settings(max_examples=25, deadline=None)
@given(mean=st.floats(-3, 3), var=st.floats(0.05, 6))
def test_numpy_moments_match_quadrature(mean, var):
    got_mean, got_var = sn.selu_moments(mean, var)
    want_mean, want_var = _quad_moments(mean, var)
    assert float(got_mean) == pytest.approx(want_mean, abs=1e-8)
    assert float(got_var) == pytest.approx(want_var, abs=1e-8)


def test_symbolic_moments_match_numpy_moments():
    first, second = sn.moment_expressions()
    for mean, var in [(0.0, 1.0), (-1.2, 0.3), (2.0, 4.0), (0.4, 1.7)]:
        at = {sn.mu: mean, sn.nu: var, sn.alpha: act.SELU_ALPHA, sn.lam: act.SELU_LAMBDA}
        m_sym = float(first.subs(at).evalf(30))
        v_sym = float((second - first**2).subs(at).evalf(30))
        m_np, v_np = sn.selu_moments(mean, var)
        assert m_sym == pytest.approx(float(m_np), abs=1e-12)
        assert v_sym == pytest.approx(float(v_np), abs=1e-12)


def test_symbolic_moments_reduce_to_the_fixed_point_equations():
    first, second = sn.moment_expressions()
    eq_mean, eq_second = sn.fixed_point_equations()
    for a, b in [("1.3", "0.8"), ("2.0", "1.1")]:
        a, b = sp.Rational(a), sp.Rational(b)
        at = {sn.mu: 0, sn.nu: 1, sn.alpha: a, sn.lam: b}
        assert abs((first - eq_mean.lhs).subs(at).evalf(40)) < 1e-30
        assert abs((second - eq_second.lhs).subs(at).evalf(40)) < 1e-30


def test_moments_stay_finite_for_large_variance():
    mean, var = sn.selu_moments(0.0, 400.0)
    assert np.isfinite(mean) and np.isfinite(var)
    # the positive half dominates: E[selu^2] ~ lam^2 * var / 2
    assert float(var) == pytest.approx(act.SELU_LAMBDA**2 * 400 / 2 - float(mean) ** 2, rel=0.02)


def test_moments_vectorise():
    means, variances = sn.selu_moments(np.array([0.0, 1.0]), np.array([1.0, 2.0]))
    assert means.shape == variances.shape == (2,)
    assert float(means[1]) == pytest.approx(float(sn.selu_moments(1.0, 2.0)[0]))


@pytest.mark.parametrize("mean, var", [(0.0, 0.0), (0.0, -1.0), (np.nan, 1.0), (0.0, np.inf)])
def test_bad_moments_input_raises(mean, var):
    with pytest.raises(ValueError):
        sn.selu_moments(mean, var)


def test_moment_map_uses_omega_and_tau():
    m, v = sn.moment_map(2.0, 3.0, omega=0.5, tau=0.5)
    m2, v2 = sn.selu_moments(1.0, 1.5)
    assert float(m) == float(m2) and float(v) == float(v2)
    with pytest.raises(ValueError, match="tau"):
        sn.moment_map(0.0, 1.0, tau=0.0)


def test_jacobian_at_fixed_point_matches_the_paper():
    jac = sn.moment_map_jacobian()
    np.testing.assert_allclose(jac, [[0.0, 0.088834], [0.0, 0.782648]], atol=1e-6)
    assert np.linalg.norm(jac, 2) == pytest.approx(0.7877, abs=1e-4)


def test_jacobian_matches_finite_differences_away_from_the_fixed_point():
    point = dict(mean=0.3, var=1.4, omega=0.1, tau=1.05)
    jac = sn.moment_map_jacobian(**point)
    h = 1e-6
    for col, key in enumerate(("mean", "var")):
        up = dict(point, **{key: point[key] + h})
        down = dict(point, **{key: point[key] - h})
        fd = (np.array(sn.moment_map(**up)) - np.array(sn.moment_map(**down))) / (2 * h)
        np.testing.assert_allclose(jac[:, col], fd, atol=1e-6)


@pytest.mark.parametrize("kwargs", [dict(var=0.0), dict(var=-1.0), dict(tau=0.0),
                                    dict(mean=np.nan), dict(omega=np.inf)])
def test_jacobian_rejects_bad_points(kwargs):
    with pytest.raises(ValueError, match="tau > 0"):
        sn.moment_map_jacobian(**kwargs)


def test_iterating_the_map_converges_to_zero_one():
    for start in [(0.5, 3.0), (-0.8, 0.2), (1.0, 1.5)]:
        means, variances = sn.iterate_moment_map(*start, layers=60)
        assert means.shape == (61,)
        assert abs(means[-1]) < 1e-4 and abs(variances[-1] - 1) < 1e-4
    with pytest.raises(ValueError, match="layers"):
        sn.iterate_moment_map(0.0, 1.0, layers=-1)


# -- random networks -----------------------------------------------------------------


def test_selu_with_lecun_init_keeps_zero_mean_unit_variance():
    res = sn.depth_statistics("selu", "lecun", depth=24, width=128, samples=256, seed=3)
    assert res.means.shape == res.variances.shape == (25,)
    assert np.all(np.abs(res.means[1:]) < 0.1)
    assert np.all(np.abs(res.variances[1:] - 1) < 0.15)


def test_selu_with_he_init_and_relu_with_lecun_init_drift():
    he = sn.depth_statistics("selu", "he", depth=24, width=128, samples=256, seed=3)
    assert he.variances[-1] > 10
    relu = sn.depth_statistics("relu", "lecun", depth=24, width=128, samples=256, seed=3)
    assert relu.variances[-1] < 1e-3


def test_depth_statistics_is_seeded_and_validates():
    a = sn.depth_statistics(depth=3, width=8, samples=16, seed=5)
    b = sn.depth_statistics(depth=3, width=8, samples=16, seed=5)
    np.testing.assert_array_equal(a.variances, b.variances)
    with pytest.raises(ValueError, match="'alpha', 'standard'"):
        sn.depth_statistics(depth=3, width=8, samples=16, dropout_kind="gaussian")
    with pytest.raises(ValueError, match="depth"):
        sn.depth_statistics(depth=0)
    with pytest.raises(ValueError, match="Valid names"):
        sn.depth_statistics(activation="nope", depth=2, width=4, samples=4)


# -- dropout ---------------------------------------------------------------------------


def test_affine_constants_from_the_derivation():
    q_sym, a_sym, b_sym, s_sym = sp.symbols("q a b s", real=True)
    # dropped value s with probability 1 - q, a mean-0 variance-1 value otherwise
    mean = a_sym * (1 - q_sym) * s_sym + b_sym
    second = a_sym**2 * (q_sym + (1 - q_sym) * s_sym**2) + 2 * a_sym * b_sym * (1 - q_sym) * s_sym \
        + b_sym**2
    for rate in (0.05, 0.2, 0.5):
        a, b = sn.alpha_dropout_affine(rate)
        at = {q_sym: 1 - rate, s_sym: -act.SELU_LAMBDA * act.SELU_ALPHA, a_sym: a, b_sym: b}
        assert float(mean.subs(at)) == pytest.approx(0, abs=1e-12)
        assert float(second.subs(at)) == pytest.approx(1, abs=1e-12)
    assert sn.alpha_dropout_affine(0.0) == (1.0, 0.0)


@pytest.mark.parametrize("rate", [0.05, 0.2, 0.5])
def test_alpha_dropout_keeps_mean_and_variance(rate):
    h = _selu(np.random.default_rng(0).standard_normal(400_000))
    out = sn.alpha_dropout(h, rate, seed=1)
    # standard error of the mean is about 1/sqrt(n) = 0.0016
    assert abs(out.mean()) < 0.01
    assert abs(out.var() - 1) < 0.01
    dropped = np.isclose(out, out.min())
    assert abs(dropped.mean() - rate) < 0.01


@pytest.mark.parametrize("rate", [0.2, 0.5])
def test_ordinary_dropout_inflates_variance(rate):
    h = _selu(np.random.default_rng(0).standard_normal(400_000))
    out = sn.dropout(h, rate, seed=1)
    assert abs(out.mean()) < 0.01
    assert out.var() == pytest.approx(1 / (1 - rate), rel=0.02)


def test_dropout_at_evaluation_is_identity_and_is_seeded():
    h = np.linspace(-2, 2, 11)
    np.testing.assert_array_equal(sn.alpha_dropout(h, 0.3, training=False), h)
    np.testing.assert_array_equal(sn.dropout(h, 0.3, training=False), h)
    once, again = sn.alpha_dropout(h, 0.3, seed=4), sn.alpha_dropout(h, 0.3, seed=4)
    np.testing.assert_array_equal(once, again)
    assert sn.alpha_dropout(h.astype(np.float32), 0.3).dtype == np.float32


@pytest.mark.parametrize("rate", [-0.1, 1.0, 1.5, np.nan, "0.1", True])
def test_bad_rate_raises(rate):
    with pytest.raises(ValueError, match="0 <= rate < 1"):
        sn.alpha_dropout(np.zeros(3), rate)
    with pytest.raises(ValueError, match="0 <= rate < 1"):
        sn.dropout(np.zeros(3), rate)


def test_dropout_rejects_non_numbers():
    with pytest.raises(ValueError, match="real numbers"):
        sn.alpha_dropout(np.array(["a", "b"]), 0.1)


def test_alpha_dropout_in_depth_keeps_moments_ordinary_dropout_does_not():
    kw = dict(depth=16, width=128, samples=256, rate=0.2, seed=2)
    alpha = sn.depth_statistics(dropout_kind="alpha", **kw)
    plain = sn.depth_statistics(dropout_kind="standard", **kw)
    assert np.all(np.abs(alpha.variances[1:] - 1) < 0.15)
    assert plain.variances[-1] > 1.5
