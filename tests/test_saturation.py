"""Tests of helpers.saturation: the gradient factor of a chain of sigmoid units."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import gradients  # noqa: E402
from helpers.studies import saturation  # noqa: E402


def test_chain_factor_at_zero_is_the_quarter_bound() -> None:
    np.testing.assert_allclose(saturation.chain_factor("sigmoid", 0.0, 5),
                               0.25 ** np.arange(1, 6))
    np.testing.assert_allclose(saturation.chain_factor("sigmoid", 0.0, 5),
                               gradients.depth_bound("sigmoid", range(1, 6)))


def test_chain_factor_uses_the_derivative() -> None:
    s = 1 / (1 + np.exp(-2.0))
    np.testing.assert_allclose(saturation.chain_factor("sigmoid", 2.0, 3),
                               (s * (1 - s)) ** np.arange(1, 4))
    np.testing.assert_array_equal(saturation.chain_factor("relu", 1.0, 4), np.ones(4))


def test_bad_depth() -> None:
    with pytest.raises(ValueError, match="depth"):
        saturation.chain_factor("sigmoid", 0.0, 0)


def test_plotted_lines_decay_as_the_closed_forms() -> None:
    """Each line is (sigma'(z))^n with sigma'(z) = e^-z / (1 + e^-z)^2, on a log axis."""
    ax = saturation.plot_depth_decay(pre_activations=(0.0, 3.0), depth=10)
    assert ax.get_yscale() == "log"
    (n0, y0), (n3, y3) = (line.get_data() for line in ax.get_lines())
    np.testing.assert_array_equal(n0, np.arange(1, 11))
    np.testing.assert_allclose(y0, 0.25 ** n0, rtol=1e-15)
    slope_3 = np.exp(-3.0) / (1 + np.exp(-3.0)) ** 2        # about 0.0452
    np.testing.assert_allclose(y3, slope_3 ** n3, rtol=1e-12)
    # per layer the z = 3 line falls by log10(0.25 / 0.0452) = 0.74 decades more than z = 0
    drop = np.diff(np.log10(y0)) - np.diff(np.log10(y3))
    np.testing.assert_allclose(drop, np.log10(0.25 / slope_3), rtol=1e-12)
    assert ax.get_lines()[1].get_label().endswith("$(0.0452)^n$")
    plt.close(ax.figure)


def test_tanh_and_relu_factors_match_their_derivatives() -> None:
    # tanh'(1) = 1 - tanh(1)^2 = 0.41997...; relu'(-1) = 0 kills the gradient at once
    np.testing.assert_allclose(saturation.chain_factor("tanh", 1.0, 4),
                               (1 - np.tanh(1.0) ** 2) ** np.arange(1, 5), rtol=1e-14)
    np.testing.assert_array_equal(saturation.chain_factor("relu", -1.0, 3), np.zeros(3))
