"""Tests of helpers.stochastic: RReLU's random slopes at training time, the mean at evaluation."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from helpers import activations as act  # noqa: E402
from helpers.studies import stochastic  # noqa: E402


def test_positive_inputs_pass_through_unchanged():
    xs = np.linspace(0.01, 5, 50)
    np.testing.assert_array_equal(stochastic.rrelu(xs, seed=3), xs)
    np.testing.assert_array_equal(stochastic.rrelu_grad(xs, seed=3), np.ones_like(xs))


def test_training_slopes_lie_in_range_and_vary():
    xs = -np.ones(10_000)
    slopes = -stochastic.rrelu(xs, lower=0.1, upper=0.3, seed=0)
    assert slopes.min() >= 0.1 and slopes.max() <= 0.3
    assert slopes.std() > 0.05
    # uniform on [0.1, 0.3]: mean 0.2, variance 0.2^2 / 12
    assert slopes.mean() == pytest.approx(0.2, abs=0.003)
    assert slopes.var() == pytest.approx(0.04 / 12, rel=0.05)


def test_evaluation_is_leaky_relu_with_mean_slope():
    xs = np.linspace(-5, 5, 101)
    leaky = act.get("leaky_relu", alpha=(1 / 8 + 1 / 3) / 2)
    np.testing.assert_allclose(stochastic.rrelu(xs, training=False), leaky.f(xs), rtol=1e-15)
    np.testing.assert_allclose(stochastic.rrelu_grad(xs, training=False), leaky.df(xs))
    assert stochastic.eval_slope() == pytest.approx(11 / 48)


def test_evaluation_equals_expected_training_output():
    x = np.full(200_000, -2.0)
    train = stochastic.rrelu(x, seed=1)
    assert train.mean() == pytest.approx(float(stochastic.rrelu(-2.0, training=False)), abs=2e-3)


def test_same_seed_same_function_and_gradient_consistent():
    xs = np.linspace(-3, 3, 40)
    a = stochastic.rrelu(xs, seed=7)
    np.testing.assert_array_equal(a, stochastic.rrelu(xs, seed=7))
    assert not np.array_equal(a, stochastic.rrelu(xs, seed=8))
    # with fixed slopes, f(x) = f'(x) * x (piecewise linear through 0)
    np.testing.assert_allclose(a, stochastic.rrelu_grad(xs, seed=7) * xs)


def test_kink_takes_the_left_hand_slope():
    assert float(stochastic.rrelu_grad(0.0, training=False)) == pytest.approx(11 / 48)
    assert float(stochastic.rrelu(0.0, seed=0)) == 0.0


@settings(max_examples=50, deadline=None)
@given(values=st.lists(st.floats(-1e4, 1e4), min_size=1, max_size=30),
       lower=st.floats(0, 0.9), width=st.floats(0, 0.09), seed=st.integers(0, 2**32 - 1))
def test_rrelu_is_bounded_by_the_two_extreme_leaky_relus(values, lower, width, seed):
    upper = lower + width
    xs = np.array(values)
    out = stochastic.rrelu(xs, lower, upper, seed=seed)
    lo = np.where(xs > 0, xs, upper * xs)   # steeper slope is lower for x < 0
    hi = np.where(xs > 0, xs, lower * xs)
    assert np.all(out >= lo - 1e-9) and np.all(out <= hi + 1e-9)


def test_dtype_and_shape_preserved():
    x32 = np.linspace(-1, 1, 12, dtype=np.float32).reshape(3, 4)
    out = stochastic.rrelu(x32)
    assert out.dtype == np.float32 and out.shape == (3, 4)
    assert stochastic.rrelu([-2, 3], training=False).dtype == np.float64


def test_equal_bounds_give_a_fixed_leaky_relu():
    xs = np.linspace(-2, 2, 9)
    np.testing.assert_allclose(stochastic.rrelu(xs, 0.2, 0.2, seed=5),
                               act.get("leaky_relu", alpha=0.2).f(xs))


@pytest.mark.parametrize("lower, upper", [(-0.1, 0.3), (0.4, 0.2), (0.1, 1.0), (0.1, 1.5),
                                          (np.nan, 0.3), (0.1, np.inf), ("0.1", 0.3),
                                          (True, 0.3)])
def test_bad_bounds_raise(lower, upper):
    with pytest.raises(ValueError, match="lower|upper"):
        stochastic.rrelu(np.zeros(3), lower, upper)
    with pytest.raises(ValueError, match="lower|upper"):
        stochastic.eval_slope(lower, upper)


def test_non_numeric_input_raises():
    with pytest.raises(ValueError, match="real numbers"):
        stochastic.rrelu(np.array(["a"]))
    with pytest.raises(ValueError, match="real numbers"):
        stochastic.rrelu(np.array([True, False]))


def test_plot_shows_the_evaluation_slope_and_training_draws_inside_the_band():
    ax_f, ax_df = stochastic.plot_rrelu(draws=2, seed=4)
    evaluation, *draws = [line for line in ax_df.lines if len(line.get_xdata()) > 2]
    xs, slopes = (np.asarray(a, dtype=float) for a in evaluation.get_data())
    np.testing.assert_allclose(slopes[xs <= 0], 11 / 48)      # (1/8 + 1/3) / 2
    np.testing.assert_array_equal(slopes[xs > 0], 1.0)
    assert len(draws) == 2
    for k, line in enumerate(draws):
        xs, ys = (np.asarray(a, dtype=float) for a in line.get_data())
        neg = ys[xs <= 0]
        assert np.all((1 / 8 <= neg) & (neg <= 1 / 3)) and neg.std() > 0.02
        np.testing.assert_array_equal(ys, stochastic.rrelu_grad(xs, seed=4 + k))
    assert "0.229" in ax_f.lines[0].get_label()
    plt.close("all")


def test_slope_distribution_has_the_uniform_moments_and_quantiles():
    slopes = stochastic.rrelu_slopes((200_000,), 1 / 8, 1 / 3, seed=0)
    lo, hi = 1 / 8, 1 / 3
    assert lo <= slopes.min() < lo + 1e-4 and hi - 1e-4 < slopes.max() <= hi
    assert slopes.mean() == pytest.approx((lo + hi) / 2, abs=5e-4)
    assert slopes.var() == pytest.approx((hi - lo) ** 2 / 12, rel=0.01)
    np.testing.assert_allclose(np.quantile(slopes, [0.25, 0.5, 0.75]),
                               lo + (hi - lo) * np.array([0.25, 0.5, 0.75]), atol=2e-3)
    np.testing.assert_array_equal(stochastic.rrelu_slopes((3,), training=False), 11 / 48)
