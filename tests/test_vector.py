"""Tests for helpers.vector: softmax, log-softmax, their Jacobian, maxout."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from helpers import activations as act
from helpers import vector
from helpers.studies import output_layers

logits = hnp.arrays(np.float64, st.integers(1, 8),
                    elements=st.floats(-50, 50, allow_nan=False, allow_infinity=False))


def _central_jacobian(f, z, h=1e-6):
    z = np.asarray(z, dtype=np.float64)
    cols = []
    for j in range(z.size):
        e = np.zeros_like(z)
        e[j] = h
        cols.append((f(z + e) - f(z - e)) / (2 * h))
    return np.stack(cols, axis=-1)


# --- softmax ------------------------------------------------------------------


def test_reexported_from_activations():
    assert act.softmax is vector.softmax
    assert act.maxout is vector.maxout


def test_softmax_known_values():
    s = vector.softmax([0.0, np.log(2.0), np.log(5.0)])
    np.testing.assert_allclose(s, [1 / 8, 2 / 8, 5 / 8], rtol=1e-15)


@given(logits)
def test_softmax_is_a_distribution(z):
    s = vector.softmax(z)
    assert np.all(s >= 0)
    assert s.sum() == pytest.approx(1.0, abs=1e-12)
    # order-preserving: a larger logit never gets a smaller probability
    order = np.argsort(z, kind="stable")
    assert np.all(np.diff(s[order]) >= 0)


@given(logits, st.floats(-1e3, 1e3, allow_nan=False))
def test_softmax_invariant_to_adding_a_constant(z, c):
    np.testing.assert_allclose(vector.softmax(z + c), vector.softmax(z), atol=1e-12)


@given(logits)
def test_log_softmax_agrees_with_log_of_softmax(z):
    np.testing.assert_allclose(vector.log_softmax(z), np.log(vector.softmax(z)),
                               rtol=1e-10, atol=1e-12)


def test_softmax_along_axis_of_a_batch():
    rng = np.random.default_rng(0)
    z = rng.normal(size=(4, 5))
    rows = vector.softmax(z, axis=1)
    cols = vector.softmax(z, axis=0)
    np.testing.assert_allclose(rows.sum(axis=1), 1.0)
    np.testing.assert_allclose(cols.sum(axis=0), 1.0)
    np.testing.assert_allclose(rows[2], vector.softmax(z[2]))
    np.testing.assert_allclose(cols[:, 3], vector.softmax(z[:, 3]))


def test_two_class_softmax_is_the_sigmoid():
    t = np.linspace(-30, 30, 121)
    z = np.stack([t, np.zeros_like(t)], axis=-1)
    np.testing.assert_allclose(vector.softmax(z)[:, 0], act.get("sigmoid").f(t), rtol=1e-13)


def test_naive_softmax_overflows_where_stable_one_does_not():
    z = np.array([1000.0, 1001.0, 1002.0])
    with pytest.warns(RuntimeWarning):
        naive = vector.softmax_naive(z)
    assert np.all(np.isnan(naive))
    stable = vector.softmax(z)
    np.testing.assert_allclose(stable, vector.softmax([0.0, 1.0, 2.0]), rtol=1e-15)
    assert np.all(np.isfinite(vector.log_softmax(z)))
    # for modest logits the naive version is correct
    np.testing.assert_allclose(vector.softmax_naive([0.0, 1.0, 2.0]),
                               vector.softmax([0.0, 1.0, 2.0]), rtol=1e-15)


def test_stable_softmax_handles_very_negative_logits():
    s = vector.softmax([-1e4, -1e4 - 1, -1e4 - 2])
    np.testing.assert_allclose(s, vector.softmax([0.0, -1.0, -2.0]), rtol=1e-12)


# --- temperature --------------------------------------------------------------


def test_temperature_divides_the_logits():
    z = np.array([2.0, -1.0, 0.5])
    np.testing.assert_allclose(vector.softmax(z, temperature=4.0), vector.softmax(z / 4.0))


def test_low_temperature_approaches_one_hot_argmax():
    z = np.array([0.3, 2.0, 1.9, -1.0])
    s = vector.softmax(z, temperature=1e-3)
    np.testing.assert_allclose(s, [0.0, 1.0, 0.0, 0.0], atol=1e-20)
    # and it sharpens monotonically
    tops = [vector.softmax(z, temperature=t)[1] for t in (2.0, 1.0, 0.5, 0.1)]
    assert np.all(np.diff(tops) > 0)


def test_high_temperature_approaches_uniform():
    z = np.array([0.3, 2.0, 1.9, -1.0])
    s = vector.softmax(z, temperature=1e6)
    np.testing.assert_allclose(s, 0.25, atol=1e-6)
    assert not np.allclose(vector.softmax(z, temperature=1.0), 0.25, atol=1e-2)


@pytest.mark.parametrize("t", [0.0, -1.0, np.inf, np.nan])
def test_nonpositive_or_nonfinite_temperature_is_rejected(t):
    with pytest.raises(ValueError, match="temperature must be a finite number > 0"):
        vector.softmax([1.0, 2.0], temperature=t)
    with pytest.raises(ValueError, match="temperature"):
        vector.softmax_jacobian([1.0, 2.0], temperature=t)


# --- Jacobian -----------------------------------------------------------------


@pytest.mark.parametrize("t", [1.0, 0.5, 3.0])
def test_jacobian_matches_central_differences(t):
    z = np.random.default_rng(1).normal(size=5)
    numeric = _central_jacobian(lambda v: vector.softmax(v, temperature=t), z)
    np.testing.assert_allclose(vector.softmax_jacobian(z, temperature=t), numeric, atol=1e-9)


def test_jacobian_matches_sympy_for_three_logits():
    z_sym = output_layers.logit_symbols(3)
    jac_sym = output_layers.softmax_jacobian_symbolic(3)
    f = sp.lambdify(z_sym, jac_sym, "numpy")
    rng = np.random.default_rng(2)
    for _ in range(5):
        z = rng.normal(scale=3.0, size=3)
        np.testing.assert_allclose(vector.softmax_jacobian(z), np.array(f(*z), dtype=float),
                                   rtol=1e-12, atol=1e-15)


def test_symbolic_jacobian_is_diag_minus_outer_product():
    s = output_layers.softmax_symbolic(3)
    expected = sp.diag(*s) - s * s.T
    diff = (output_layers.softmax_jacobian_symbolic(3) - expected).applyfunc(sp.simplify)
    assert diff == sp.zeros(3, 3)


@given(logits)
def test_jacobian_rows_and_columns_sum_to_zero_and_it_is_symmetric(z):
    j = vector.softmax_jacobian(z)
    np.testing.assert_allclose(j.sum(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(j.sum(axis=1), 0.0, atol=1e-12)
    np.testing.assert_array_equal(j, j.T)


def test_jacobian_needs_one_vector():
    with pytest.raises(ValueError, match="one vector"):
        vector.softmax_jacobian(np.zeros((2, 3)))


# --- cross-entropy ------------------------------------------------------------


def test_cross_entropy_gradient_is_s_minus_y():
    n = 3
    y = output_layers.label_symbols(n)
    s = output_layers.softmax_symbolic(n)
    grad = output_layers.cross_entropy_gradient_symbolic(n)
    residual = (grad - (s - sp.Matrix(y))).subs(y[-1], 1 - sum(y[:-1]))
    assert residual.applyfunc(sp.simplify) == sp.zeros(n, 1)
    # without sum(y) = 1 the identity is false: the test above is not vacuous
    unconstrained = (grad - (s - sp.Matrix(y))).subs(dict(zip(y, (1, 1, 0), strict=True)))
    assert unconstrained.applyfunc(sp.simplify) != sp.zeros(n, 1)


def test_cross_entropy_gradient_numerically():
    z = np.array([2.0, 1.0, 0.0])
    y = np.array([0.0, 1.0, 0.0])
    loss = lambda v: -float(np.sum(y * vector.log_softmax(v)))
    numeric = np.array([(loss(z + h) - loss(z - h)) / 2e-6 for h in np.eye(3) * 1e-6])
    np.testing.assert_allclose(vector.softmax(z) - y, numeric, atol=1e-9)


# --- maxout -------------------------------------------------------------------


def test_maxout_shape_and_values():
    z = np.array([[1.0, 5.0, -2.0, 0.0, 3.0, 3.5]])
    np.testing.assert_array_equal(vector.maxout(z, pieces=2), [[5.0, 0.0, 3.5]])
    np.testing.assert_array_equal(vector.maxout(z, pieces=3), [[5.0, 3.5]])
    assert vector.maxout(np.zeros((4, 2, 12)), pieces=4).shape == (4, 2, 3)


def test_maxout_jacobian_matches_finite_differences():
    z = np.random.default_rng(3).normal(size=12)
    for pieces in (1, 2, 3, 4):
        numeric = _central_jacobian(lambda v, p=pieces: vector.maxout(v, p), z)
        np.testing.assert_allclose(vector.maxout_jacobian(z, pieces), numeric, atol=1e-8)


def test_maxout_jacobian_first_winner_on_ties():
    jac = vector.maxout_jacobian([2.0, 2.0, 1.0, 1.0], pieces=2)
    np.testing.assert_array_equal(jac, [[1, 0, 0, 0], [0, 0, 1, 0]])


def test_maxout_with_two_pieces_is_relu_and_abs():
    xs = np.linspace(-3, 3, 61)
    np.testing.assert_array_equal(vector.maxout_affine(xs, [0.0, 1.0]), act.get("relu").f(xs))
    np.testing.assert_array_equal(vector.maxout_affine(xs, [1.0, -1.0]), np.abs(xs))
    leaky = vector.maxout_affine(xs, [0.01, 1.0])
    np.testing.assert_allclose(leaky, act.get("leaky_relu").f(xs), rtol=1e-15)


@given(st.lists(st.floats(-5, 5, allow_nan=False), min_size=1, max_size=5),
       st.floats(-10, 10, allow_nan=False))
def test_maxout_affine_is_convex_upper_envelope(w, t):
    value = float(vector.maxout_affine(t, w, [0.0] * len(w)))
    assert value == max(wk * t for wk in w)


@pytest.mark.parametrize("pieces", [0, -1, 2.0, True, "2"])
def test_maxout_rejects_bad_pieces(pieces):
    with pytest.raises(ValueError, match="pieces must be a whole number >= 1"):
        vector.maxout(np.zeros(4), pieces=pieces)


def test_maxout_rejects_width_not_multiple_of_pieces():
    with pytest.raises(ValueError, match=r"multiple of pieces \(3\)"):
        vector.maxout(np.zeros(4), pieces=3)


def test_maxout_affine_rejects_mismatched_pieces():
    with pytest.raises(ValueError, match="same length"):
        vector.maxout_affine(1.0, [1.0, 2.0], [0.0])


# --- bad input ----------------------------------------------------------------


@pytest.mark.parametrize("fn", [vector.softmax, vector.log_softmax, vector.softmax_naive,
                                vector.softmax_jacobian, lambda z: vector.maxout(z, 1)])
def test_scalar_input_is_rejected(fn):
    with pytest.raises(ValueError, match="must be a vector"):
        fn(3.0)


@pytest.mark.parametrize("n", [0, -2, 1.5, True])
def test_symbolic_helpers_reject_bad_n(n):
    with pytest.raises(ValueError, match="n must be a whole number >= 1"):
        output_layers.softmax_symbolic(n)


def test_integer_input_becomes_float():
    s = vector.softmax(np.array([1, 2, 3]))
    assert s.dtype == np.float64
    np.testing.assert_allclose(s, vector.softmax([1.0, 2.0, 3.0]))


def test_float32_is_preserved():
    assert vector.softmax(np.array([1, 2], dtype=np.float32)).dtype == np.float32
