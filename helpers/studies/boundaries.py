"""Chapter: book/why_activations.md

Decision regions of a trained classifier in the plane.

A linear model and a one-hidden-layer network compared on XOR and the
spiral; usable for any classifier of the plane.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap

from helpers import plotting
from helpers._validate import real_number, whole_number

__all__ = ["Classifier", "region_grid", "decision_regions", "decision_region_grid", "MARKERS"]

#: One marker per class, so classes differ without colour too.
MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "P", "X")


class Classifier(Protocol):
    """Anything with ``predict(X) -> labels``, e.g. :class:`helpers.nn.MLP`."""

    def predict(self, X: np.ndarray) -> np.ndarray: ...


def _check_points(X: np.typing.ArrayLike) -> np.ndarray:
    arr = np.asarray(X, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[1] != 2 or len(arr) == 0:
        raise ValueError(f"X must be a non-empty array of shape (n, 2), got {np.shape(X)}")
    return arr


def region_grid(predict: Callable[[np.ndarray], np.ndarray], X: np.typing.ArrayLike,
                resolution: int = 200, padding: float = 0.5
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Predicted labels on a ``resolution × resolution`` grid covering ``X``.

    Parameters
    ----------
    predict : callable
        Maps an ``(m, 2)`` array to ``m`` integer labels.
    X : array_like, shape (n, 2)
        The data; the grid spans its bounding box widened by ``padding``.
    resolution : int
        Grid points per axis (>= 2).
    padding : float
        Margin added on every side (>= 0).

    Returns
    -------
    xx, yy, labels : ndarray, each ``(resolution, resolution)``
    """
    arr = _check_points(X)
    whole_number(resolution, "resolution", minimum=2)
    padding = real_number(padding, "padding", "a finite number >= 0", lambda v: v >= 0)
    lo, hi = arr.min(axis=0) - padding, arr.max(axis=0) + padding
    xx, yy = np.meshgrid(np.linspace(lo[0], hi[0], resolution),
                         np.linspace(lo[1], hi[1], resolution))
    labels = np.asarray(predict(np.column_stack([xx.ravel(), yy.ravel()])))
    return xx, yy, labels.reshape(xx.shape).astype(np.int64)


def decision_regions(net: Classifier, X: np.typing.ArrayLike, y: np.typing.ArrayLike,
                     ax: Axes | None = None, resolution: int = 200, padding: float = 0.5,
                     title: str | None = None) -> Axes:
    """Shade the region each class wins and draw the data on top.

    Parameters
    ----------
    net : object with ``predict``
        The classifier, e.g. a trained :class:`helpers.nn.MLP`.
    X, y : arrays
        Points ``(n, 2)`` and integer labels ``(n,)``.
    ax : Axes, optional
        Draw here instead of in a new figure.
    resolution, padding
        See :func:`region_grid`.
    title : str, optional
        Panel title.

    Returns
    -------
    Axes
    """
    arr = _check_points(X)
    labels = np.asarray(y)
    if labels.shape != (len(arr),):
        raise ValueError(f"y must have shape ({len(arr)},) to match X, got {labels.shape}")
    xx, yy, grid = region_grid(net.predict, arr, resolution, padding)
    classes = int(max(grid.max(), labels.max())) + 1
    colours = [plotting.PALETTE[1 + k % (len(plotting.PALETTE) - 1)] for k in range(classes)]
    if ax is None:
        _, axes = plotting.new_figure()
        ax = axes[0, 0]
    with plotting.book_style():
        ax.contourf(xx, yy, grid, levels=np.arange(classes + 1) - 0.5,
                    cmap=ListedColormap(colours), alpha=0.25)
        for k in range(classes):
            pts = arr[labels == k]
            ax.scatter(pts[:, 0], pts[:, 1], s=14, marker=MARKERS[k % len(MARKERS)],
                       color=colours[k], edgecolors="black", linewidths=0.3,
                       label=f"class {k}")
        ax.set_xlim(xx.min(), xx.max())
        ax.set_ylim(yy.min(), yy.max())
        ax.set_aspect("equal")
        ax.grid(False)
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
        if title:
            ax.set_title(title, fontsize=10)
    return ax


def decision_region_grid(rows: Sequence[tuple[str, Mapping[str, Classifier], np.ndarray,
                                               np.ndarray]]) -> np.ndarray:
    """One row of :func:`decision_regions` panels per data set, one column per network.

    Used in *Why activation functions?* to put a linear model beside a
    nonlinear one on XOR and on the spiral.

    Parameters
    ----------
    rows : sequence of (label, {name: net}, X, y)
        Each row's networks share its data; every row needs as many networks.

    Returns
    -------
    ndarray of Axes, shape (len(rows), networks per row)
    """
    widths = {len(nets) for _, nets, _, _ in rows}
    if len(widths) != 1 or 0 in widths:
        raise ValueError("every row needs the same, nonzero number of networks; "
                         f"got {[len(nets) for _, nets, _, _ in rows]}")
    _, grid = plotting.new_figure(ncols=widths.pop(), nrows=len(rows), width=3.4, height=3.2)
    for axes, (label, nets, X, y) in zip(grid, rows, strict=True):
        for ax, (name, net) in zip(axes, nets.items(), strict=True):
            accuracy = float(np.mean(net.predict(X) == np.asarray(y)))
            decision_regions(net, X, y, ax=ax, title=f"{label}, {name}: accuracy {accuracy:.2f}")
    return grid
