"""Tests of helpers.boundaries: the grid covers the data and holds the classifier's labels."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import datasets, nn  # noqa: E402
from helpers.studies import boundaries  # noqa: E402


class HalfPlane:
    """Class 1 where x1 > 0.25: a classifier whose regions are known exactly."""

    def predict(self, X: np.ndarray) -> np.ndarray:
        return (X[:, 0] > 0.25).astype(int)


def test_region_grid_labels_and_extent() -> None:
    X = np.array([[0.0, 0.0], [1.0, 2.0]])
    xx, yy, labels = boundaries.region_grid(HalfPlane().predict, X, resolution=11, padding=0.5)
    assert xx.shape == yy.shape == labels.shape == (11, 11)
    assert (xx.min(), xx.max(), yy.min(), yy.max()) == (-0.5, 1.5, -0.5, 2.5)
    np.testing.assert_array_equal(labels, (xx > 0.25).astype(int))


def test_region_grid_matches_network_predictions() -> None:
    X, y = datasets.xor(n=40)
    net = nn.MLP([2, 4, 2], activation="tanh", seed=0)
    xx, yy, labels = boundaries.region_grid(net.predict, X, resolution=7)
    np.testing.assert_array_equal(labels.ravel(),
                                  net.predict(np.column_stack([xx.ravel(), yy.ravel()])))


def test_decision_regions_draws_every_class() -> None:
    X, y = datasets.gaussians(n=30, classes=3)
    ax = boundaries.decision_regions(HalfPlane(), X, y, resolution=20, title="t")
    labels = [h.get_label() for h in ax.collections if h.get_label().startswith("class")]
    assert labels == ["class 0", "class 1", "class 2"]
    assert ax.get_title() == "t"
    plt.close(ax.figure)


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"X": np.ones((3, 3))}, r"shape \(n, 2\)"),
    ({"resolution": 1}, "resolution"),
    ({"padding": -1.0}, "padding"),
])
def test_region_grid_bad_input(kwargs, match: str) -> None:
    args = {"X": np.ones((3, 2)), "resolution": 5, "padding": 0.5} | kwargs
    with pytest.raises(ValueError, match=match):
        boundaries.region_grid(HalfPlane().predict, **args)


def test_decision_regions_label_mismatch() -> None:
    with pytest.raises(ValueError, match=r"shape \(3,\)"):
        boundaries.decision_regions(HalfPlane(), np.ones((3, 2)), np.array([0, 1]))


def test_decision_region_grid_titles_report_each_networks_accuracy():
    class Half:
        def predict(self, X):
            return (np.asarray(X)[:, 0] > 0).astype(int)

    X = np.array([[-1.0, 0.0], [1.0, 0.0], [2.0, 1.0], [-2.0, 1.0]])
    y = np.array([0, 1, 0, 0])
    grid = boundaries.decision_region_grid([("toy", {"a": Half(), "b": Half()}, X, y)])
    assert grid.shape == (1, 2)
    assert grid[0, 0].get_title() == "toy, a: accuracy 0.75"
    with pytest.raises(ValueError, match="same, nonzero number"):
        boundaries.decision_region_grid([("one", {"a": Half()}, X, y),
                                         ("two", {"a": Half(), "b": Half()}, X, y)])
    plt.close("all")
