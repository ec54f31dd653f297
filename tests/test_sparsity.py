"""Tests for helpers.sparsity: zero counts of rectifier layers."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from helpers.studies import sparsity


def gaussian_init(fan_in: int, fan_out: int, seed: int) -> np.ndarray:
    """He-scaled normal weights, local to the tests (independent of helpers.nn)."""
    rng = np.random.default_rng(seed + 1000)
    return rng.standard_normal((fan_in, fan_out)) * math.sqrt(2 / fan_in)


# --- zero_fraction -----------------------------------------------------------


def test_zero_fraction_exact_count():
    values = np.array([[0.0, 1.0, 0.0], [2.0, 0.0, -0.0]])
    assert sparsity.zero_fraction(values) == pytest.approx(4 / 6)
    np.testing.assert_allclose(sparsity.zero_fraction(values, axis=0), [0.5, 0.5, 1.0])
    np.testing.assert_allclose(sparsity.zero_fraction(values, axis=1), [2 / 3, 2 / 3])


def test_zero_fraction_counts_only_exact_zeros():
    assert sparsity.zero_fraction(np.array([1e-300, -1e-300, 5e-324])) == 0.0
    assert sparsity.zero_fraction(np.array([0, 0, 3])) == pytest.approx(2 / 3)


@given(hnp.arrays(np.float64, st.integers(1, 50),
                  elements=st.floats(-1e6, 1e6, allow_nan=False)))
def test_zero_fraction_matches_relu_of_nonpositive(values):
    """relu(v) == 0 exactly when v <= 0, so the fraction equals the count of v <= 0."""
    out = sparsity.layer_outputs(values[:, None], np.ones((1, 1)))
    assert sparsity.zero_fraction(out) == pytest.approx(np.mean(values <= 0))


@pytest.mark.parametrize("bad", [[], np.array([1.0, np.nan]), ["a", "b"], [True, False]])
def test_zero_fraction_rejects_bad_input(bad):
    with pytest.raises(ValueError):
        sparsity.zero_fraction(bad)


def test_zero_fraction_rejects_bad_axis():
    with pytest.raises(ValueError, match="axis must be None or in"):
        sparsity.zero_fraction(np.zeros((2, 3)), axis=2)


# --- layer_outputs ------------------------------------------------------------


def test_layer_outputs_constructed_example():
    inputs = np.array([[1.0, -1.0], [2.0, 0.5]])
    weights = np.array([[1.0, -1.0, 0.0], [1.0, 1.0, 2.0]])
    out = sparsity.layer_outputs(inputs, weights, bias=np.array([0.0, 0.5, -2.0]))
    # pre-activations: [[0, -1.5, -4], [2.5, -1, -1]]
    np.testing.assert_array_equal(out, [[0.0, 0.0, 0.0], [2.5, 0.0, 0.0]])
    assert sparsity.zero_fraction(out) == pytest.approx(5 / 6)


def test_layer_outputs_other_activation():
    out = sparsity.layer_outputs(np.array([[7.0], [-2.0]]), np.ones((1, 1)), activation="relu6")
    np.testing.assert_array_equal(out, [[6.0], [0.0]])


def test_layer_outputs_shape_errors():
    with pytest.raises(ValueError, match="features but weights expect"):
        sparsity.layer_outputs(np.zeros((4, 3)), np.zeros((2, 5)))
    with pytest.raises(ValueError, match="must be 2-D"):
        sparsity.layer_outputs(np.zeros(3), np.zeros((3, 5)))
    with pytest.raises(ValueError, match="bias must be a scalar or have shape"):
        sparsity.layer_outputs(np.zeros((4, 3)), np.zeros((3, 5)), bias=np.zeros(4))


def test_layer_outputs_unknown_activation_lists_names():
    with pytest.raises(ValueError, match="Valid names"):
        sparsity.layer_outputs(np.zeros((1, 1)), np.zeros((1, 1)), activation="rellu")


# --- expected fraction and tolerance -------------------------------------------


def test_expected_zero_fraction_closed_forms():
    assert sparsity.expected_zero_fraction(0.0, 3.7) == 0.5
    # Phi(1) = (1 + erf(1/sqrt 2)) / 2
    assert sparsity.expected_zero_fraction(-1.0, 1.0) == pytest.approx(
        0.5 * (1 + math.erf(1 / math.sqrt(2))), rel=1e-14)
    assert sparsity.expected_zero_fraction(2.0, 2.0) == pytest.approx(
        1 - sparsity.expected_zero_fraction(-2.0, 2.0), rel=1e-14)


@pytest.mark.parametrize("bias, norm", [(0.0, 0.0), (0.0, -1.0), (math.nan, 1.0),
                                        (0.0, math.inf)])
def test_expected_zero_fraction_rejects_bad_input(bias, norm):
    with pytest.raises(ValueError):
        sparsity.expected_zero_fraction(bias, norm)


def test_tolerance_formula_and_errors():
    assert sparsity.zero_fraction_tolerance(400, z=4.0) == pytest.approx(0.1)
    for bad in (0, 2.5, -3):
        with pytest.raises(ValueError, match="n_samples must be a whole number"):
            sparsity.zero_fraction_tolerance(bad)
    with pytest.raises(ValueError, match="z must be > 0"):
        sparsity.zero_fraction_tolerance(10, z=0)


@pytest.mark.parametrize("bias", [-1.0, -0.3, 0.0, 0.8])
def test_measured_fraction_matches_phi(bias):
    """Monte Carlo on one unit: binomial 5-sigma band around Phi(-b/||w||)."""
    n = 20_000
    w = np.array([[0.6], [-0.8], [0.0]])  # ||w|| = 1
    inputs = np.random.default_rng(3).standard_normal((n, 3))
    measured = sparsity.zero_fraction(sparsity.layer_outputs(inputs, w, bias=bias))
    p = sparsity.expected_zero_fraction(bias, 1.0)
    assert abs(measured - p) < 5 * math.sqrt(p * (1 - p) / n)


# --- sweeps ----------------------------------------------------------------------


@settings(max_examples=20, deadline=None)
@given(width=st.integers(1, 300), seed=st.integers(0, 10_000))
def test_fresh_layer_is_half_zero(width, seed):
    n_samples = 400
    table = sparsity.sparsity_sweep(gaussian_init, [width], [seed], fan_in=16,
                                    n_samples=n_samples)
    tol = sparsity.zero_fraction_tolerance(n_samples, z=5.0)
    assert abs(table.fractions[0, 0] - 0.5) < tol


def test_sweep_shape_reproducibility_and_repr():
    a = sparsity.sparsity_sweep(gaussian_init, [4, 32], [0, 1, 2], fan_in=8, n_samples=50)
    b = sparsity.sparsity_sweep(gaussian_init, [4, 32], [0, 1, 2], fan_in=8, n_samples=50)
    assert a.fractions.shape == (2, 3)
    np.testing.assert_array_equal(a.fractions, b.fractions)
    html = a._repr_html_()
    assert html.count("<tr>") == 3 and "seed 2" in html
    assert repr(a).splitlines()[0].startswith("width")


def test_sweep_positive_bias_free_activation_has_no_zeros():
    """softplus is never exactly zero for moderate inputs: the count must say so."""
    table = sparsity.sparsity_sweep(gaussian_init, [8], [0], fan_in=4, n_samples=100,
                                    activation="softplus")
    assert table.fractions[0, 0] == 0.0


def test_sweep_rejects_bad_arguments():
    with pytest.raises(ValueError, match="at least one value"):
        sparsity.sparsity_sweep(gaussian_init, [], [0])
    with pytest.raises(ValueError, match=">= 1"):
        sparsity.sparsity_sweep(gaussian_init, [0], [0])


def test_bias_shift_sweep_truths():
    w = gaussian_init(32, 200, 0)
    result = sparsity.bias_shift_sweep(w, [-10.0, 0.0, 10.0], n_samples=300, seed=1)
    # b = 0: about half zero, no unit silent on 300 samples (probability 2**-300 each)
    assert abs(result.zero_fraction[1] - 0.5) < sparsity.zero_fraction_tolerance(300, z=5.0)
    assert result.silent_fraction[1] == 0.0
    assert result.expected[1] == pytest.approx(0.5)
    # ||w|| ~ sqrt(2): b = -10 is ~7 sigma below zero, b = +10 ~7 sigma above
    assert result.zero_fraction[0] == 1.0 and result.silent_fraction[0] == 1.0
    assert result.zero_fraction[2] == 0.0 and result.silent_fraction[2] == 0.0
    assert np.all(np.diff(result.expected) < 0)


def test_bias_shift_sweep_bad_input():
    with pytest.raises(ValueError, match="non-zero norm"):
        sparsity.bias_shift_sweep(np.zeros((3, 2)), [0.0])
    with pytest.raises(ValueError, match="finite"):
        sparsity.bias_shift_sweep(np.ones((3, 2)), [np.inf])
    with pytest.raises(ValueError, match="2-D"):
        sparsity.bias_shift_sweep(np.ones(3), [0.0])


def test_plot_bias_shift_draws_three_series():
    result = sparsity.bias_shift_sweep(gaussian_init(8, 20, 0), np.linspace(-3, 1, 5))
    ax = sparsity.plot_bias_shift(result)
    assert len(ax.get_lines()) == 3
    np.testing.assert_allclose(ax.get_lines()[1].get_ydata(), result.zero_fraction)
    plt.close(ax.figure)
