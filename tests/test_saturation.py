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


def test_plot_is_log_scale_with_one_line_per_z() -> None:
    ax = saturation.plot_depth_decay(pre_activations=(0.0, 3.0), depth=10)
    assert ax.get_yscale() == "log" and len(ax.get_lines()) == 2
    plt.close(ax.figure)
