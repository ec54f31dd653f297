"""Tests of helpers.datasets: shapes, labels, geometry, seeding, the digits file, bad input."""

from __future__ import annotations

import gzip
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import datasets

GENERATORS = {
    "xor": (datasets.xor, 2),
    "spiral": (datasets.spiral, 2),
    "circles": (datasets.circles, 2),
    "gaussians": (datasets.gaussians, 3),
}


@pytest.mark.parametrize("name", GENERATORS)
def test_shapes_dtypes_and_balance(name: str) -> None:
    make, classes = GENERATORS[name]
    X, y = make(n=101)
    assert X.shape == (101, 2) and X.dtype == np.float64
    assert y.shape == (101,) and np.issubdtype(y.dtype, np.integer)
    counts = np.bincount(y)
    assert len(counts) == classes and counts.max() - counts.min() <= 1


@pytest.mark.parametrize("name", GENERATORS)
def test_seeded(name: str) -> None:
    make, _ = GENERATORS[name]
    X1, y1 = make(seed=3)
    X2, y2 = make(seed=3)
    X3, _ = make(seed=4)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.allclose(X1, X3)


def test_xor_geometry() -> None:
    X, y = datasets.xor(n=400, noise=0.1)
    assert np.all((X[:, 0] * X[:, 1] < 0) == (y == 1))  # 10 sigma from the axes
    assert np.bincount(y).tolist() == [200, 200]
    X0, _ = datasets.xor(n=8, noise=0)
    assert set(map(tuple, np.abs(X0))) == {(1.0, 1.0)}


def test_no_line_separates_xor_beyond_three_quarters() -> None:
    """Best accuracy of any line w.x + c > 0 on noise-free XOR is 3/4."""
    X, y = datasets.xor(n=200, noise=0)
    angles = np.linspace(0, 2 * np.pi, 73)
    best = 0.0
    for a in angles:
        w = np.array([np.cos(a), np.sin(a)])
        for c in np.linspace(-2, 2, 41):
            pred = (X @ w + c > 0).astype(int)
            best = max(best, np.mean(pred == y))
    assert best == 0.75


def test_spiral_radius_and_arms() -> None:
    X, y = datasets.spiral(n=300, arms=3, noise=0.0)
    r = np.hypot(X[:, 0], X[:, 1])
    assert r.min() == pytest.approx(0.1) and r.max() == pytest.approx(1.0)
    assert sorted(set(y.tolist())) == [0, 1, 2]
    # noise-free, the innermost point of arm k sits at angle 2*pi*(k/3 + 0.1)
    for k in range(3):
        inner = X[y == k][np.argmin(r[y == k])]
        expected = 2 * np.pi * (k / 3 + 0.1)
        assert np.arctan2(inner[1], inner[0]) % (2 * np.pi) == pytest.approx(expected)


def test_circles_radii() -> None:
    X, y = datasets.circles(n=200, noise=0.0, factor=0.3)
    r = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(r[y == 0], 1.0)
    np.testing.assert_allclose(r[y == 1], 0.3)


def test_gaussians_centres() -> None:
    X, y = datasets.gaussians(n=3000, classes=4, std=0.5, radius=3.0)
    centres = np.array([X[y == k].mean(axis=0) for k in range(4)])
    expected = 3.0 * np.array([[1, 0], [0, 1], [-1, 0], [0, -1]])
    np.testing.assert_allclose(centres, expected, atol=0.1)  # ~5 standard errors


@settings(max_examples=30, deadline=None)
@given(st.integers(4, 500), st.integers(0, 10_000), st.floats(0, 2))
def test_xor_any_size_is_balanced(n: int, seed: int, noise: float) -> None:
    X, y = datasets.xor(n=n, noise=noise, seed=seed)
    assert X.shape == (n, 2) and np.all(np.isfinite(X))
    assert abs(2 * np.sum(y) - n) <= 2


@pytest.mark.parametrize(("call", "match"), [
    (lambda: datasets.xor(n=3), "n must be a whole number >= 4"),
    (lambda: datasets.xor(n=10.0), "n must"),
    (lambda: datasets.xor(noise=-0.1), "noise"),
    (lambda: datasets.xor(noise=float("nan")), "noise"),
    (lambda: datasets.xor(seed=-1), "seed"),
    (lambda: datasets.spiral(arms=1), "arms"),
    (lambda: datasets.spiral(n=2, arms=3), "n must be a whole number >= 3"),
    (lambda: datasets.spiral(turns=0), "turns"),
    (lambda: datasets.circles(factor=1.0), "0 < factor < 1"),
    (lambda: datasets.circles(factor=0), "0 < factor < 1"),
    (lambda: datasets.gaussians(classes=1), "classes"),
    (lambda: datasets.gaussians(std=-1), "std"),
])
def test_bad_input(call, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()


def test_digits() -> None:
    X, y = datasets.digits()
    assert X.shape == (1797, 64) and y.shape == (1797,)
    assert X.min() == 0.0 and X.max() == 1.0
    assert sorted(set(y.tolist())) == list(range(10))
    assert np.all(np.isclose(X * 16, np.round(X * 16)))
    assert np.bincount(y).min() >= 170  # about 180 of each digit


def test_digits_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="digits.csv.gz"):
        datasets.digits(tmp_path / "digits.csv.gz")


@pytest.mark.parametrize(("row", "match"), [
    ("1,2,3\n", "65 columns"),
    (",".join(["17"] * 64 + ["3"]) + "\n", "0 to 16"),
    (",".join(["1"] * 64 + ["10"]) + "\n", "0 to 9"),
])
def test_digits_bad_file(tmp_path: Path, row: str, match: str) -> None:
    file = tmp_path / "bad.csv.gz"
    with gzip.open(file, "wt") as handle:
        handle.write(row)
    with pytest.raises(ValueError, match=match):
        datasets.digits(file)


# -- held-out splits -----------------------------------------------------------


def test_mnist1d_is_the_package_split_and_leaves_random_state_alone() -> None:
    # make_dataset seeds NumPy's legacy global generator: check it is put back
    np.random.seed(123)  # noqa: NPY002
    random.seed(7)
    expected_np, expected_py = np.random.rand(), random.random()  # noqa: NPY002
    np.random.seed(123)  # noqa: NPY002
    random.seed(7)
    split = datasets.mnist1d()
    assert np.random.rand() == expected_np and random.random() == expected_py  # noqa: NPY002
    assert split.X_train.shape == (4000, 40) and split.X_test.shape == (1000, 40)
    assert split.validation is None and split.classes == 10
    assert sorted(set(split.y_train.tolist())) == list(range(10))
    both = np.concatenate([split.X_train, split.X_test])
    assert abs(both.mean()) < 1e-9 and both.std() == pytest.approx(1.0)  # the package standardises
    split.X_train[0, 0] = 99.0                                           # copies, not the cache
    assert datasets.mnist1d().X_train[0, 0] != 99.0


def test_mnist1d_validation_part() -> None:
    full, split = datasets.mnist1d(), datasets.mnist1d(validation=500, seed=1)
    assert split.X_val.shape == (500, 40) and split.X_train.shape == (3500, 40)
    rows = {r.tobytes() for r in full.X_train}
    parts = [{r.tobytes() for r in part} for part in (split.X_train, split.X_val)]
    assert parts[0] | parts[1] == rows and not parts[0] & parts[1]
    np.testing.assert_array_equal(split.X_test, full.X_test)


@pytest.mark.parametrize("name", datasets.PLAYGROUND)
def test_playground_split(name: str) -> None:
    split = datasets.playground(name, n=200, seed=3)
    assert split.X_train.shape == (100, 2) and split.X_test.shape == (100, 2)
    assert np.bincount(split.y_test).tolist() == [50, 50]
    X, _ = datasets.PLAYGROUND[name][0](n=200, seed=3, **datasets.PLAYGROUND[name][1])
    together = {r.tobytes() for r in np.concatenate([split.X_train, split.X_test])}
    assert together == {r.tobytes() for r in X}                      # a partition of the points
    again = datasets.playground(name, n=200, seed=3)
    np.testing.assert_array_equal(again.X_test, split.X_test)
    assert not np.array_equal(datasets.playground(name, n=200, seed=4).X_test, split.X_test)


def test_digits_split() -> None:
    split = datasets.digits_split(validation=0.2, test=0.2, seed=0)
    sizes = [len(split.y_train), len(split.y_val), len(split.y_test)]
    assert sum(sizes) == 1797 and all(abs(s - w * 1797) <= 10 for s, w in
                                      zip(sizes, (0.6, 0.2, 0.2), strict=True))
    assert np.bincount(split.y_test).min() >= 34                      # stratified
    assert split.n_features == 64


@pytest.mark.parametrize(("call", "match"), [
    (lambda: datasets.playground("moons"), "spiral, xor, circles, gaussians"),
    (lambda: datasets.playground("xor", test_fraction=1.0), "test_fraction"),
    (lambda: datasets.digits_split(validation=0.5, test=0.5), "validation \\+ test"),
    (lambda: datasets.digits_split(test=0), "test"),
    (lambda: datasets.mnist1d(validation=4000), "validation"),
    (lambda: datasets.mnist1d(validation=-1), "validation"),
])
def test_split_bad_input(call, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()
