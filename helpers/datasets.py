"""Classification data sets: the Playground's toy problems, the digits, MNIST-1D.

Introduced in: book/why_activations.md

Every generator is seeded (``np.random.default_rng(seed)``), returns
``(X, y)`` with ``X`` a float64 array of shape ``(n, 2)`` and ``y`` an int
array of class labels ``0 .. k-1``, splits ``n`` as evenly as possible over
the classes and shuffles the rows.

The handwritten digits (:func:`digits`) are the UCI *Optical Recognition of
Handwritten Digits* test set by E. Alpaydin and C. Kaynak (CC BY 4.0),
shipped as ``book/data/digits.csv.gz``.

MNIST-1D (:func:`mnist1d`; S. Greydanus and D. Kobak, *Scaling down deep
learning with MNIST-1D*, ICML 2024; the ``mnist1d`` package, Apache-2.0) is
generated locally by the package's ``make_dataset`` with its default
arguments; nothing is downloaded (:mod:`helpers.mnist1d_source`: Binder reads
the same arrays from a file its build saved).

Held-out splits come as a :class:`Split`: :func:`playground` (the four
TensorFlow-Playground sets with a seeded train/test split),
:func:`digits_split` (train/validation/test) and :func:`mnist1d` (the
package's train/test split, optionally with a validation part of the
training set). ``split.train``, ``split.validation`` and ``split.test`` are
``(X, y)`` pairs ready for ``helpers.nn.train(..., validation=..., test=...)``.

Examples
--------
>>> from helpers import datasets
>>> X, y = datasets.xor(n=8, seed=1)
>>> X.shape, sorted(set(y.tolist()))
((8, 2), [0, 1])
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from helpers import _validate, mnist1d_source

__all__ = ["xor", "spiral", "circles", "gaussians", "digits", "DIGITS_PATH", "data_file",
           "Split", "PLAYGROUND", "playground", "digits_split", "mnist1d"]

#: The book's data folder in a clone of the repository.
BOOK_DATA = Path(__file__).resolve().parents[1] / "book" / "data"

#: Where :func:`digits` looks first: ``book/data/digits.csv.gz`` in the repository.
DIGITS_PATH = BOOK_DATA / "digits.csv.gz"


def data_file(name: str) -> Path:
    """The path of the data file ``name`` shipped with the book.

    In a clone of the repository it is ``book/data/<name>``; where helpers is
    installed from a wheel (the student bundle), the notebooks sit beside a
    ``data/`` folder, so ``./data/<name>`` (relative to the working directory,
    which Jupyter sets to the notebook's folder) is used instead. The returned
    path may not exist: callers report where the file was expected.
    """
    shipped = BOOK_DATA / name
    if shipped.is_file():
        return shipped
    beside = Path.cwd() / "data" / name
    return beside if beside.is_file() else shipped

_DIGITS_ROWS = 1797
_DIGITS_PIXELS = 64


# ---------------------------------------------------------------------------
# Validation


def _check_count(name: str, value: object, minimum: int) -> int:
    return _validate.whole_number(value, name, minimum)


def _check_nonnegative(name: str, value: object) -> float:
    return _validate.real_number(value, name, "a finite number >= 0", lambda v: v >= 0)


def _check_seed(seed: object) -> int:
    return _validate.whole_number(seed, "seed", 0)


def _class_sizes(n: int, classes: int) -> np.ndarray:
    """``n`` split over ``classes`` as evenly as possible (first ones get the extra)."""
    return np.array([n // classes + (k < n % classes) for k in range(classes)])


def _shuffled(rng: np.random.Generator, X: np.ndarray, y: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray]:
    order = rng.permutation(len(y))
    return np.ascontiguousarray(X[order], dtype=np.float64), y[order].astype(np.int64)


# ---------------------------------------------------------------------------
# Generated data


def xor(n: int = 200, noise: float = 0.1, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """XOR: four Gaussian blobs at the corners ``(±1, ±1)``.

    The label is 1 where exactly one coordinate of the corner is positive
    (``x1 * x2 < 0``), so opposite corners share a class and no straight line
    separates the classes: a linear classifier gets at most three of the four
    blobs right (accuracy 0.75 when ``n`` is a multiple of 4).

    Parameters
    ----------
    n : int
        Number of points, at least 4.
    noise : float
        Standard deviation of each blob (>= 0).
    seed : int
        Seed of the random generator.

    Returns
    -------
    X : ndarray, shape (n, 2)
    y : ndarray of int, shape (n,)
    """
    n = _check_count("n", n, 4)
    noise = _check_nonnegative("noise", noise)
    rng = np.random.default_rng(_check_seed(seed))
    corners = np.array([[1.0, 1.0], [-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0]])
    labels = np.array([0, 0, 1, 1])
    which = np.repeat(np.arange(4), _class_sizes(n, 4))
    X = corners[which] + noise * rng.standard_normal((n, 2))
    return _shuffled(rng, X, labels[which])


def spiral(n: int = 300, arms: int = 2, noise: float = 0.2, seed: int = 0,
           turns: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Interleaved spiral arms, one class per arm.

    Arm ``k`` starts near the origin at angle ``2πk/arms`` and winds
    ``turns`` times around it while its radius grows from 0.1 to 1; the
    angle of every point gets Gaussian noise of standard deviation
    ``noise`` (radians).

    Parameters
    ----------
    n : int
        Number of points, at least ``arms``.
    arms : int
        Number of arms (= classes), at least 2.
    noise : float
        Angular noise in radians (>= 0).
    seed : int
        Seed of the random generator.
    turns : float
        How many times each arm winds around the origin (> 0).

    Returns
    -------
    X : ndarray, shape (n, 2)
    y : ndarray of int, shape (n,)
    """
    arms = _check_count("arms", arms, 2)
    n = _check_count("n", n, arms)
    noise = _check_nonnegative("noise", noise)
    if _check_nonnegative("turns", turns) == 0:
        raise ValueError(f"turns must be a finite number > 0, got {turns!r}")
    rng = np.random.default_rng(_check_seed(seed))
    parts_X, parts_y = [], []
    for k, m in enumerate(_class_sizes(n, arms)):
        r = np.linspace(0.1, 1.0, m)
        angle = 2 * np.pi * (k / arms + turns * r) + noise * rng.standard_normal(m)
        parts_X.append(np.column_stack([r * np.cos(angle), r * np.sin(angle)]))
        parts_y.append(np.full(m, k))
    return _shuffled(rng, np.concatenate(parts_X), np.concatenate(parts_y))


def circles(n: int = 300, noise: float = 0.1, factor: float = 0.5,
            seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two concentric circles: the outer one (radius 1) is class 0, the inner one class 1.

    Parameters
    ----------
    n : int
        Number of points, at least 2.
    noise : float
        Standard deviation of the Gaussian noise added to each coordinate (>= 0).
    factor : float
        Radius of the inner circle, ``0 < factor < 1``.
    seed : int
        Seed of the random generator.

    Returns
    -------
    X : ndarray, shape (n, 2)
    y : ndarray of int, shape (n,)
    """
    n = _check_count("n", n, 2)
    noise = _check_nonnegative("noise", noise)
    ok = isinstance(factor, (int, float, np.integer, np.floating)) and not isinstance(factor, bool)
    if not ok or not 0 < float(factor) < 1:
        raise ValueError(f"factor must be a number with 0 < factor < 1, got {factor!r}")
    rng = np.random.default_rng(_check_seed(seed))
    sizes = _class_sizes(n, 2)
    y = np.repeat([0, 1], sizes)
    radius = np.where(y == 0, 1.0, float(factor))
    angle = 2 * np.pi * rng.random(n)
    X = radius[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])
    X = X + noise * rng.standard_normal((n, 2))
    return _shuffled(rng, X, y)


def gaussians(n: int = 300, classes: int = 3, seed: int = 0,
              radius: float = 2.5, std: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Isotropic Gaussian blobs, one per class, centred evenly on a circle.

    Class ``k`` is centred at ``radius * (cos 2πk/classes, sin 2πk/classes)``
    with standard deviation ``std`` in each coordinate; neighbouring blobs
    overlap a little, so even the best classifier makes a few mistakes.

    Parameters
    ----------
    n : int
        Number of points, at least ``classes``.
    classes : int
        Number of classes (>= 2).
    seed : int
        Seed of the random generator.
    radius, std : float
        Distance of the centres from the origin (>= 0) and spread of each blob (>= 0).

    Returns
    -------
    X : ndarray, shape (n, 2)
    y : ndarray of int, shape (n,)
    """
    classes = _check_count("classes", classes, 2)
    n = _check_count("n", n, classes)
    radius = _check_nonnegative("radius", radius)
    std = _check_nonnegative("std", std)
    rng = np.random.default_rng(_check_seed(seed))
    angles = 2 * np.pi * np.arange(classes) / classes
    centres = radius * np.column_stack([np.cos(angles), np.sin(angles)])
    y = np.repeat(np.arange(classes), _class_sizes(n, classes))
    X = centres[y] + std * rng.standard_normal((n, 2))
    return _shuffled(rng, X, y)


# ---------------------------------------------------------------------------
# The handwritten digits


def digits(path: str | Path | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The 8×8 handwritten digits (1797 images), pixels scaled to ``[0, 1]``.

    Data: E. Alpaydin and C. Kaynak, *Optical Recognition of Handwritten
    Digits*, UCI Machine Learning Repository, licensed CC BY 4.0. Each row
    of the CSV holds 64 pixel intensities ``0 .. 16`` (row by row) and then
    the label ``0 .. 9``.

    Parameters
    ----------
    path : str or Path, optional
        The gzipped CSV; by default :data:`DIGITS_PATH`
        (``book/data/digits.csv.gz`` in the repository).

    Returns
    -------
    X : ndarray, shape (1797, 64)
        Pixel intensities divided by 16.
    y : ndarray of int, shape (1797,)
        The digit shown, 0 to 9.

    Raises
    ------
    FileNotFoundError
        When the file is missing (the message says where it was expected).
    ValueError
        When the file does not have 65 columns of integers in the expected ranges.
    """
    file = Path(path) if path is not None else data_file(DIGITS_PATH.name)
    if not file.is_file():
        raise FileNotFoundError(
            f"digits data not found at {file}. It ships with the book as "
            "book/data/digits.csv.gz; run from a full clone of the repository "
            "or pass path= to the file."
        )
    with gzip.open(file, "rt") as handle:
        table = np.loadtxt(handle, delimiter=",", ndmin=2)
    if table.shape[1] != _DIGITS_PIXELS + 1:
        raise ValueError(
            f"{file}: expected {_DIGITS_PIXELS + 1} columns (64 pixels then the label), "
            f"got {table.shape[1]}"
        )
    pixels, labels = table[:, :_DIGITS_PIXELS], table[:, _DIGITS_PIXELS]
    if np.any(pixels < 0) or np.any(pixels > 16) or np.any(pixels != np.round(pixels)):
        raise ValueError(f"{file}: pixel values must be whole numbers from 0 to 16")
    if np.any(labels < 0) or np.any(labels > 9) or np.any(labels != np.round(labels)):
        raise ValueError(f"{file}: labels must be whole numbers from 0 to 9")
    return pixels / 16.0, labels.astype(np.int64)


# ---------------------------------------------------------------------------
# Held-out splits


@dataclass(frozen=True)
class Split:
    """A data set cut into training, (optional) validation and test parts.

    Attributes
    ----------
    name : str
    X_train, y_train, X_test, y_test : ndarray
    X_val, y_val : ndarray or None
    classes : int
        Number of classes (labels are ``0 .. classes-1``).
    source : str
        Where the data comes from and its licence.
    """

    name: str
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    classes: int
    source: str
    X_val: np.ndarray | None = None
    y_val: np.ndarray | None = None

    @property
    def train(self) -> tuple[np.ndarray, np.ndarray]:
        """``(X_train, y_train)``."""
        return self.X_train, self.y_train

    @property
    def validation(self) -> tuple[np.ndarray, np.ndarray] | None:
        """``(X_val, y_val)``, or ``None`` without a validation part."""
        return None if self.X_val is None else (self.X_val, self.y_val)

    @property
    def test(self) -> tuple[np.ndarray, np.ndarray]:
        """``(X_test, y_test)``."""
        return self.X_test, self.y_test

    @property
    def n_features(self) -> int:
        """Width of one input row."""
        return int(self.X_train.shape[1])


def _check_fraction(name: str, value: object) -> float:
    ok = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
    if not ok or not 0 < float(value) < 1:
        raise ValueError(f"{name} must be a number with 0 < {name} < 1, got {value!r}")
    return float(value)


def _cut(rng: np.random.Generator, X: np.ndarray, y: np.ndarray,
         fractions: tuple[float, ...]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Shuffle and cut into ``len(fractions) + 1`` parts, stratified by class."""
    parts: list[list[np.ndarray]] = [[] for _ in range(len(fractions) + 1)]
    for k in np.unique(y):
        rows = rng.permutation(np.flatnonzero(y == k))
        edges = np.round(np.cumsum(fractions) * len(rows)).astype(int)
        for part, chunk in zip(parts, np.split(rows, edges), strict=True):
            part.append(chunk)
    out = []
    for part in parts:
        rows = rng.permutation(np.concatenate(part))
        out.append((np.ascontiguousarray(X[rows]), y[rows]))
    return out


#: The Playground's data sets: generator and its arguments (2-D inputs).
PLAYGROUND: dict[str, tuple] = {
    "spiral": (spiral, {"arms": 2, "noise": 0.2, "turns": 1.0}),
    "xor": (xor, {"noise": 0.25}),
    "circles": (circles, {"noise": 0.1, "factor": 0.5}),
    "gaussians": (gaussians, {"classes": 2, "radius": 1.5, "std": 0.6}),
}


def playground(name: str, n: int = 400, test_fraction: float = 0.5, seed: int = 0) -> Split:
    """One of the four Playground sets (as in the TensorFlow Playground) with a test split.

    Parameters
    ----------
    name : str
        ``"spiral"``, ``"xor"``, ``"circles"`` or ``"gaussians"`` (two classes each;
        see :data:`PLAYGROUND` for the generator arguments).
    n : int
        Points in total (>= 8).
    test_fraction : float
        Share of the points held out for testing (``0 < f < 1``; the
        Playground's default is one half), stratified by class.
    seed : int
        Seed of the points and of the split.

    Returns
    -------
    Split
        No validation part (choose hyper-parameters on a split of the training part).
    """
    key = name.strip().lower() if isinstance(name, str) else name
    if key not in PLAYGROUND:
        raise ValueError(f"Unknown Playground data set {name!r}. "
                         f"Valid names: {', '.join(PLAYGROUND)}.")
    n = _check_count("n", n, 8)
    fraction = _check_fraction("test_fraction", test_fraction)
    seed = _check_seed(seed)
    make, kwargs = PLAYGROUND[key]
    X, y = make(n=n, seed=seed, **kwargs)
    (X_train, y_train), (X_test, y_test) = _cut(
        np.random.default_rng([seed, 1]), X, y, (1 - fraction,))
    return Split(key, X_train, y_train, X_test, y_test, classes=2,
                 source=f"generated: datasets.{make.__name__}(seed={seed})")


def digits_split(validation: float = 0.2, test: float = 0.2, seed: int = 0,
                 path: str | Path | None = None) -> Split:
    """The handwritten digits cut into train / validation / test, stratified and seeded.

    Parameters
    ----------
    validation, test : float
        Shares of the 1797 images (each ``0 < f < 1``, together < 1).
    seed : int
        Seed of the split.
    path : str or Path, optional
        As for :func:`digits`.
    """
    val = _check_fraction("validation", validation)
    tst = _check_fraction("test", test)
    if val + tst >= 1:
        raise ValueError(f"validation + test must be < 1, got {val} + {tst}")
    X, y = digits(path)
    rng = np.random.default_rng([_check_seed(seed), 2])
    (Xtr, ytr), (Xv, yv), (Xt, yt) = _cut(rng, X, y, (1 - val - tst, val))
    return Split("digits", Xtr, ytr, Xt, yt, classes=10, X_val=Xv, y_val=yv,
                 source="UCI Optical Recognition of Handwritten Digits "
                        "(E. Alpaydin, C. Kaynak), CC BY 4.0")


def mnist1d(validation: int = 0, seed: int = 0) -> Split:
    """MNIST-1D: 4000 training and 1000 test signals of length 40, ten classes.

    Generated locally with ``mnist1d.data.make_dataset()`` and its default
    arguments (about a second, then cached for the session; never downloaded).
    ``make_dataset`` seeds Python's and NumPy's global random generators;
    this function puts both back as they were. Without the ``mnist1d``
    package (Binder) the same arrays are read from the file Binder's build
    saved (:mod:`helpers.mnist1d_source`).

    Parameters
    ----------
    validation : int
        Signals moved from the training part to a validation part (a seeded
        random choice); 0 (default) keeps the package's split exactly.
    seed : int
        Seed of the validation cut (the signals themselves are fixed).

    Returns
    -------
    Split
        Arrays are copies (float64 inputs standardised by the package, int labels).
    """
    validation = _check_count("validation", validation, 0)
    seed = _check_seed(seed)
    X, y, X_test, y_test = (np.array(a) for a in mnist1d_source.arrays())
    if validation >= len(y):
        raise ValueError(f"validation must be smaller than {len(y)}, got {validation}")
    source = ("MNIST-1D (Greydanus & Kobak), mnist1d package, Apache-2.0; "
              "generated by make_dataset() with default arguments")
    if not validation:
        return Split("mnist1d", X, y, X_test, y_test, classes=10, source=source)
    order = np.random.default_rng([seed, 3]).permutation(len(y))
    train_rows, val_rows = order[validation:], order[:validation]
    Xtr, ytr, Xv, yv = X[train_rows], y[train_rows], X[val_rows], y[val_rows]
    return Split("mnist1d", Xtr, ytr, X_test, y_test, classes=10, X_val=Xv, y_val=yv,
                 source=source)
