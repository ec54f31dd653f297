"""Tests for helpers.distributions: Phi, log Phi, erf, the normal and t quantiles.

References are mpmath at 50 digits, evaluated at the exact double passed in.
Stated accuracy: Phi has relative error <= (2 + z**2) eps on [-37.5, 38], the
condition of Phi at z (below -37.5 the value is subnormal and the error is below
1e-320 absolute), and <= 1 eps for |z| < 1; log Phi has relative error <= 1e-15
for z in [-1e4, 0] and <= (2 + z**2) eps for z > 0 wherever it is a normal
double; t quantiles are within 4 units in the last place.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import sympy as sp

from helpers import activations as act
from helpers import distributions as dist
from helpers import symbolic

mpmath.mp.dps = 50


def mp_cdf(z: float) -> float:
    return float(mpmath.ncdf(mpmath.mpf(float(z))))


def mp_log_cdf(z: float) -> float:
    z = mpmath.mpf(float(z))
    return float(mpmath.log1p(-mpmath.ncdf(-z)) if z > 0 else mpmath.log(mpmath.ncdf(z)))


EPS = np.finfo(float).eps


def relative_error(got: np.ndarray, ref: np.ndarray) -> float:
    return float(np.max(np.abs(got - ref) / np.abs(ref)))


def conditioned_error(got: np.ndarray, ref: np.ndarray, z: np.ndarray) -> float:
    """Largest relative error in units of ``(2 + z**2) eps``, Phi's condition at ``z``."""
    return float(np.max(np.abs(got - ref) / np.abs(ref) / ((2 + z * z) * EPS)))


GRID = np.concatenate([np.linspace(-38.0, 38.0, 1521),
                       np.random.default_rng(0).uniform(-38.0, 38.0, 400),
                       np.arange(-38.0, 38.0, 0.125) + 0.0625,    # halfway between centres
                       [40.0, 0.0, 1e-300, -1e-300]])


def test_phi_is_accurate_in_both_tails():
    ref = np.array([mp_cdf(z) for z in GRID])
    got = dist.normal_cdf(GRID)
    normal = GRID >= -37.5
    assert conditioned_error(got[normal], ref[normal], GRID[normal]) <= 1.0
    centre = np.abs(GRID) < 1
    assert relative_error(got[centre], ref[centre]) <= EPS
    assert np.max(np.abs(got[~normal] - ref[~normal])) <= 1e-320


def test_phi_closed_forms_and_symmetry():
    assert dist.normal_cdf(0.0) == 0.5
    assert dist.normal_cdf(-math.inf) == 0.0 and dist.normal_cdf(math.inf) == 1.0
    assert np.isnan(dist.normal_cdf(math.nan))
    z = np.linspace(-8, 8, 161)
    assert np.allclose(dist.normal_cdf(z) + dist.normal_cdf(-z), 1.0, rtol=0, atol=2e-16)
    assert dist.normal_cdf(-40.0) == 0.0 and dist.normal_cdf(-38.0) > 0


def test_phi_keeps_dtype_shape_and_matches_the_error_function():
    z32 = np.linspace(-3, 3, 7, dtype=np.float32).reshape(7, 1)
    out = dist.normal_cdf(z32)
    assert out.dtype == np.float32 and out.shape == (7, 1)
    assert isinstance(dist.normal_cdf(1.0), np.float64)
    assert dist.normal_cdf(np.arange(3)).dtype == np.float64
    assert dist.normal_cdf(np.zeros((2, 0))).shape == (2, 0)
    for z in (-5.0, -1.0, 0.3, 2.0):
        assert dist.normal_cdf(z) == pytest.approx(0.5 * math.erfc(-z / math.sqrt(2)), rel=1e-14)


def test_phi_over_chunk_boundaries():
    z = np.random.default_rng(1).normal(size=3 * 8192 + 5) * 4
    ref = np.array([mp_cdf(v) for v in z[::97]])
    assert conditioned_error(dist.normal_cdf(z)[::97], ref, z[::97]) <= 1.0


@pytest.mark.parametrize("bad", ["1", [1j], np.array([True]), None])
def test_phi_rejects_non_real_input(bad):
    with pytest.raises(ValueError, match="z must be real numbers"):
        dist.normal_cdf(bad)


def test_log_phi_far_left_tail():
    z = np.concatenate([-np.logspace(-3, 4, 300), np.linspace(-40, 0, 161)])
    ref = np.array([mp_log_cdf(v) for v in z])
    assert relative_error(dist.normal_log_cdf(z), ref) <= 1e-15
    # Where Phi underflows, log Phi is still -z**2/2 - log(-z sqrt(2 pi)) + O(1/z**2).
    big = -1e4
    assert dist.normal_log_cdf(big) == pytest.approx(
        -big * big / 2 - math.log(-big * math.sqrt(2 * math.pi)) - 1 / big**2, rel=1e-15)
    assert dist.normal_log_cdf(-math.inf) == -math.inf


def test_log_phi_right_side():
    z = np.concatenate([np.logspace(-3, math.log10(37.5), 300), [8.0, 20.0]])
    ref = np.array([mp_log_cdf(v) for v in z])
    assert conditioned_error(dist.normal_log_cdf(z), ref, z) <= 1.0
    assert dist.normal_log_cdf(20.0) == pytest.approx(-2.7536241186062337e-89, rel=1e-14)
    assert dist.normal_log_cdf(np.float32(-50.0)).dtype == np.float32


def test_erf_and_erfc_elementwise():
    x = np.array([[-3.0, 0.0], [1e-20, 5.0]])
    assert np.array_equal(dist.erf(x), np.vectorize(math.erf)(x))
    assert np.array_equal(dist.erfc(x), np.vectorize(math.erfc)(x))
    assert isinstance(dist.erf(0.5), np.float64) and dist.erf(np.float32(1)).dtype == np.float32


# --- quantiles ----------------------------------------------------------------


def mp_t_quantile(p: float, df: float) -> float:
    """Reference: the t quantile at the exact double ``p``, by mpmath's findroot at 50 digits."""
    p, nu = mpmath.mpf(p), mpmath.mpf(df)

    def upper(t):
        return mpmath.betainc(nu / 2, mpmath.mpf(1) / 2, 0, nu / (nu + t * t),
                              regularized=True) / 2 - (1 - p)
    return float(mpmath.findroot(upper, mpmath.mpf(dist.t_quantile(float(p), df))))


@pytest.mark.parametrize("p, df, published", [
    (0.975, 4, 2.7764451051977987),
    (0.975, 1, 12.706204736174707),
    (0.995, 10, 3.169272672616718),
    # t = z + (z**3 + z) / (4 df) + O(df**-2) for large df
    (0.975, 1e12, 1.959963984540054 + (1.959963984540054**3 + 1.959963984540054) / 4e12),
    (0.975, math.inf, 1.959963984540054),
])
def test_t_quantile_matches_published_values(p, df, published):
    # Published values are for the decimal 0.975; the double nearest it is
    # smaller by 2e-17, which moves t_{0.975,1} by 1e-14: hence rel=1e-14.
    assert dist.t_quantile(p, df) == pytest.approx(published, rel=1e-14)


@pytest.mark.parametrize("p, df", [(0.975, 4), (0.975, 1), (0.6, 2.5), (0.999, 3), (0.9, 30)])
def test_t_quantile_to_a_few_ulps(p, df):
    got = dist.t_quantile(p, df)
    assert got == pytest.approx(mp_t_quantile(p, df), rel=4 * np.finfo(float).eps)
    assert dist.t_quantile(1 - p, df) == pytest.approx(-got, rel=1e-15)


def test_t_quantile_closed_forms():
    # df = 1 is the Cauchy distribution, t = tan(pi (p - 1/2));
    # df = 2 gives t = (2p - 1) sqrt(2 / (4p(1 - p))).
    for p in (0.6, 0.9, 0.99):
        assert dist.t_quantile(p, 1) == pytest.approx(math.tan(math.pi * (p - 0.5)), rel=1e-13)
        assert dist.t_quantile(p, 2) == pytest.approx(
            (2 * p - 1) * math.sqrt(2 / (4 * p * (1 - p))), rel=1e-13)
    assert dist.t_quantile(0.5, 3) == 0.0


def test_normal_quantile_inverts_phi():
    for p in (1e-300, 1e-10, 0.025, 0.3, 0.5, 0.9, 1 - 1e-12):
        z = dist.normal_quantile(p)
        assert float(dist.normal_cdf(z)) == pytest.approx(p, rel=1e-13)
    assert dist.normal_quantile(0.975) == pytest.approx(1.959963984540054, rel=1e-15)


@pytest.mark.parametrize("p", [0, 1, 1.5, -0.1, math.nan, "0.5", True])
def test_quantiles_reject_bad_p(p):
    with pytest.raises(ValueError, match=r"p must be a number in \(0, 1\)"):
        dist.t_quantile(p, 3)
    with pytest.raises(ValueError, match=r"p must be a number in \(0, 1\)"):
        dist.normal_quantile(p)


@pytest.mark.parametrize("df", [0, -1, math.nan, -math.inf, "4", True])
def test_t_quantile_rejects_bad_df(df):
    with pytest.raises(ValueError, match="df must be a number > 0 or math.inf"):
        dist.t_quantile(0.9, df)


# --- lambdify without SciPy -------------------------------------------------------


@pytest.mark.parametrize("name", act.names())
def test_every_registered_expression_lambdifies_to_numpy(name):
    """expr and dexpr become NumPy functions (no SciPy) that agree with the registry's f, df."""
    a = act.get(name)
    z = np.linspace(-6, 6, 241)
    z = z[np.abs(z) > 1e-9]  # the derivative at a kink is a convention
    if name in ("hard_sigmoid", "hard_tanh", "relu6"):
        z = z[np.min(np.abs(z[:, None] - np.array([-3, -2.5, -1, 1, 2.5, 3, 6])), axis=1) > 1e-9]
    for expr, numeric in ((a.expr, a.f), (a.dexpr, a.df)):
        fn = symbolic.lambdify(expr)
        got = np.asarray(fn(z), dtype=float) * np.ones_like(z)
        assert np.allclose(got, numeric(z), rtol=1e-12, atol=1e-14), name


def test_numpy_modules_translate_erf_and_erfc():
    t = sp.Symbol("t", real=True)
    fn = sp.lambdify(t, sp.erf(t) + sp.erfc(2 * t), modules=dist.LAMBDIFY_MODULES)
    assert fn(np.array([0.5]))[0] == pytest.approx(math.erf(0.5) + math.erfc(1.0), rel=1e-15)
