"""Tests of helpers.approximation: the hand-built one-hidden-layer networks."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from helpers.studies import approximation  # noqa: E402


def target(t):
    return np.sin(2 * np.pi * t) + 0.5 * t


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 40), st.floats(-3, 3), st.floats(0.1, 5))
def test_relu_pieces_interpolate_at_knots(units: int, lo: float, width: float) -> None:
    xlim = (lo, lo + width)
    net = approximation.relu_pieces(np.cos, units, xlim)
    knots = np.linspace(*xlim, units + 1)
    assert net.units == units
    np.testing.assert_allclose(net(knots), np.cos(knots), atol=1e-9)


def test_relu_pieces_reproduce_a_line_exactly() -> None:
    net = approximation.relu_pieces(lambda t: 3 * t - 1, 5, (-1, 1))
    xs = np.linspace(-1, 1, 101)
    np.testing.assert_allclose(net(xs), 3 * xs - 1, atol=1e-12)


def test_relu_error_obeys_interpolation_bound() -> None:
    """Linear interpolation error <= h^2/8 max|f''|; here max|f''| <= (2 pi)^2."""
    for n in (4, 16, 64):
        h = 1 / n
        err = approximation.max_error(approximation.relu_pieces(target, n), target, (0, 1))
        assert err <= h**2 / 8 * (2 * np.pi) ** 2 + 1e-12


def test_sigmoid_steps_hit_the_levels_between_steps() -> None:
    net = approximation.sigmoid_steps(target, 8, (0, 1), steepness=1e4)
    knots = np.linspace(0, 1, 9)
    np.testing.assert_allclose(net(knots), target(knots), atol=1e-6)


def test_errors_shrink_with_units() -> None:
    for build in (approximation.sigmoid_steps, approximation.relu_pieces):
        errors = [approximation.max_error(build(target, n), target, (0, 1)) for n in (4, 16, 64)]
        assert errors[0] > errors[1] > errors[2]


def test_shallow_net_formula() -> None:
    net = approximation.ShallowNet("relu", w=np.array([1.0, -2.0]), b=np.array([0.0, 1.0]),
                                   a=np.array([2.0, 3.0]), c=0.5)
    # x = 1: 0.5 + 2 relu(1) + 3 relu(-1) = 2.5; x = -1: 0.5 + 0 + 3 relu(3) = 9.5
    np.testing.assert_allclose(net(np.array([1.0, -1.0])), [2.5, 9.5])


@pytest.mark.parametrize(("units", "xlim", "match"), [
    (0, (0, 1), "units"), (2.0, (0, 1), "units"), (3, (1, 1), "xlim"), (3, (0, np.inf), "xlim"),
])
def test_bad_input(units, xlim, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        approximation.relu_pieces(target, units, xlim)


def test_bad_steepness() -> None:
    with pytest.raises(ValueError, match="steepness"):
        approximation.sigmoid_steps(target, 3, (0, 1), steepness=-1.0)


def test_plot_has_a_panel_per_construction_and_count() -> None:
    fig = approximation.plot_approximations(target, units=(2, 4))
    titles = [ax.get_title() for ax in fig.axes]
    assert len(titles) == 4 and titles[0].startswith("2 sigmoid units")
    plt.close(fig)
