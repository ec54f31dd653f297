"""Chapter: book/playground.md

The Playground: the TensorFlow Playground's four data sets, its 2-8-8-2
network and the book's activations, trained with :mod:`helpers.nn` and drawn
as a decision boundary, loss curves and hidden units.

The recipe
----------
The TensorFlow Playground trains with plain SGD, learning rate 0.03 and
batches of 10 on half of the points; one *epoch* is one pass over the training
half, so 200 training points make 20 steps of 0.03 per epoch. Full-batch
gradient descent with ``lr = 20 * 0.03 = 0.6`` moves the weights as far per
epoch (exactly so in the small-step limit), costs one step instead of twenty,
and leaves nothing to shuffle. This module trains with it (:data:`LR`), so
that an epoch here means what it means on the Playground; the exact recipe is
:data:`PLAYGROUND_RECIPE` for comparison.

Full-batch gradient descent has no state, so training in segments (0 -> 10
-> 50 -> ... epochs, a snapshot after each) gives exactly the numbers of one
long run: :func:`train_run` records the boundary, the hidden units and the
loss curves at the slider's epochs :data:`EPOCHS` in one pass.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy as sp
from matplotlib.colors import BoundaryNorm
from matplotlib.figure import Figure

from helpers import activations as act
from helpers import datasets, nn, plotting
from helpers.studies.boundaries import MARKERS

__all__ = [
    "DATASETS", "ACTIVATIONS", "SIZES", "SEEDS", "EPOCHS", "LR", "THRESHOLD", "FRAME_DPI",
    "PLAYGROUND_RECIPE", "Run", "train_run", "train_grid", "extend", "composed_map",
    "one_unit_boundary", "claim_rows", "learning_rate_rows", "final_rows",
    "plot_boundaries", "plot_accuracy", "PlaygroundView",
]

#: The Playground's data sets (see :func:`helpers.datasets.playground`).
DATASETS: tuple[str, ...] = ("spiral", "xor", "circles", "gaussians")
#: The activations of the widget: none, the classic three and two smooth rectifiers.
ACTIVATIONS: tuple[str, ...] = ("identity", "sigmoid", "tanh", "relu", "elu", "silu")
#: The network: 2 inputs, two hidden layers of 8 units, 2 logits.
SIZES: tuple[int, ...] = (2, 8, 8, 2)
#: Seeds trained together as one stacked network.
SEEDS: tuple[int, ...] = (0, 1, 2, 3, 4)
#: The epochs the slider shows (the first is the untrained network).
EPOCHS: tuple[int, ...] = (0, 10, 30, 100, 300)
#: Full-batch learning rate: 20 Playground steps of 0.03 per epoch.
LR = 0.6
#: Test accuracy that counts as "fits" in the epochs-to-threshold numbers.
#: The Playground's 120 frames render at 112 dpi (shown at the figure's size, so their text
#: is as large as every other frame's): the page's frames stay under 2 MB.
FRAME_DPI = 112

THRESHOLD = 0.9
#: The TensorFlow Playground's own optimiser settings, as :func:`helpers.nn.train` options.
PLAYGROUND_RECIPE: dict[str, Any] = {"optimiser": "sgd", "lr": 0.03, "batch_size": 10}
#: Points per axis of the decision-boundary and hidden-unit images.
RESOLUTION = 48
#: The hidden units drawn: (layer, unit), counting from 0.
UNITS: tuple[tuple[int, int], ...] = ((0, 0), (0, 1), (1, 0), (1, 1))


# ---------------------------------------------------------------------------
# Derive


def composed_map(net: nn.MLP) -> tuple[np.ndarray, np.ndarray]:
    """The one matrix and bias a network of identity layers computes.

    For rows ``X`` the logits are ``X @ W + b`` with ``W = W_1 W_2 ... W_L``
    and ``b`` the biases pushed through the later layers.
    """
    if net.activation.name != "identity" or net.stacked:
        raise ValueError("net must be an ordinary (not stacked) MLP with activation='identity'")
    W = np.eye(net.sizes[0])
    b = np.zeros(net.sizes[0])
    for Wl, bl in zip(net.params["W"], net.params["b"], strict=True):
        W, b = W @ Wl, b @ Wl + bl
    return W, b


#: Closed-form inverses of the invertible activations :func:`one_unit_boundary` accepts.
INVERSES = {"tanh": sp.atanh, "sigmoid": lambda y: sp.log(y / (1 - y)),
            "identity": lambda y: y}


def one_unit_boundary(activation: str = "tanh") -> tuple[sp.Expr, sp.Expr, dict[str, sp.Symbol]]:
    """Logit difference of a 2-1-2 network and the line where it vanishes.

    The hidden unit computes ``h = f(w1 x1 + w2 x2 + c)``; the logit
    difference is ``d = a h + e``. For an invertible ``f`` the boundary
    ``d = 0`` is ``w1 x1 + w2 x2 + c = f^{-1}(-e/a)``: a straight line.

    Returns
    -------
    d, line, symbols
        ``d`` in the symbols, ``line`` the boundary as ``x2`` in terms of
        ``x1``, and the symbols by name (``x1, x2, w1, w2, c, a, e``).
    """
    names = ("x1", "x2", "w1", "w2", "c", "a", "e")
    s = {n: sp.Symbol(n, real=True) for n in names}
    f = act.get(activation).expr
    z = s["w1"] * s["x1"] + s["w2"] * s["x2"] + s["c"]
    d = s["a"] * f.subs(act.x, z) + s["e"]
    if activation not in INVERSES:
        raise ValueError(f"activation must be one of {', '.join(INVERSES)} (an invertible "
                         f"activation with a closed-form inverse), got {activation!r}")
    level = INVERSES[activation](-s["e"] / s["a"])
    line = sp.solve(sp.Eq(z, level), s["x2"])[0]
    return d, line, s


# ---------------------------------------------------------------------------
# Training with snapshots


@dataclass
class Run:
    """One (data set, activation) trained with snapshots at the slider's epochs.

    Attributes
    ----------
    dataset, activation : str
    data : datasets.Split
    net : nn.MLP
        The stacked network (one member per seed) after the last epoch.
    train_loss, test_loss, test_accuracy : ndarray, shape (seeds, epochs + 1)
        Column ``e`` is after ``e`` epochs (column 0: the untrained network).
    proba : dict[int, ndarray]
        Seed 0's probability of class 1 on the image grid, by epoch.
    units : dict[int, ndarray]
        Seed 0's hidden outputs :data:`UNITS` on the grid, by epoch, shape (4, R, R).
    extent : (float, float, float, float)
        The grid's box ``(x_lo, x_hi, y_lo, y_hi)``.
    lr : float
    """

    dataset: str
    activation: str
    data: datasets.Split
    net: nn.MLP
    train_loss: np.ndarray
    test_loss: np.ndarray
    test_accuracy: np.ndarray
    extent: tuple[float, float, float, float]
    lr: float = LR
    proba: dict[int, np.ndarray] = field(default_factory=dict)
    units: dict[int, np.ndarray] = field(default_factory=dict)

    @property
    def epochs(self) -> int:
        """Epochs trained so far."""
        return self.train_loss.shape[1] - 1

    def epochs_to(self, threshold: float = THRESHOLD) -> list[int | None]:
        """Per seed, the first epoch whose test accuracy reaches ``threshold`` (None: never)."""
        hits = [np.flatnonzero(row >= threshold) for row in self.test_accuracy]
        return [int(h[0]) if h.size else None for h in hits]


def _grid(extent: tuple[float, float, float, float], resolution: int) -> np.ndarray:
    xs = np.linspace(extent[0], extent[1], resolution)
    ys = np.linspace(extent[2], extent[3], resolution)
    xx, yy = np.meshgrid(xs, ys)
    return np.column_stack([xx.ravel(), yy.ravel()])


def _snapshot(run: Run, resolution: int) -> None:
    points = _grid(run.extent, resolution)
    shape = (resolution, resolution)
    proba = run.net.predict_proba(points)[0, :, 1]
    hidden = run.net.hidden(points)
    run.proba[run.epochs] = proba.reshape(shape)
    run.units[run.epochs] = np.stack([hidden[layer][1][0, :, unit].reshape(shape)
                                      for layer, unit in UNITS])


def _columns(net: nn.MLP, data: datasets.Split) -> tuple[np.ndarray, ...]:
    """Losses and test accuracy of every member now, as (seeds, 1) columns."""
    train_loss, _ = net.evaluate(*data.train)
    test_loss, test_acc = net.evaluate(*data.test)
    return tuple(np.asarray(v, dtype=np.float64).reshape(-1, 1)
                 for v in (train_loss, test_loss, test_acc))


def extend(run: Run, epochs: int, snapshot: bool = True,
           resolution: int = RESOLUTION) -> Run:
    """Train ``run`` on (full batch, its learning rate) until it has ``epochs`` epochs.

    Appends to its curves and, with ``snapshot``, records the picture at the
    new last epoch. Full-batch gradient descent has no state, so extending in
    steps gives the same numbers as one long run.
    """
    more = int(epochs) - run.epochs
    if more < 0:
        raise ValueError(f"epochs must be >= the {run.epochs} already trained, got {epochs}")
    if more:
        h = nn.train(run.net, *run.data.train, lr=run.lr, epochs=more, test=run.data.test,
                     diagnostics=False)
        run.train_loss = np.hstack([run.train_loss, h.loss])
        run.test_loss = np.hstack([run.test_loss, h.test_loss])
        run.test_accuracy = np.hstack([run.test_accuracy, h.test_accuracy])
    if snapshot:
        _snapshot(run, resolution)
    return run


def train_run(dataset: str, activation: str, epochs: Sequence[int] = EPOCHS,
              lr: float = LR, seeds: Sequence[int] = SEEDS,
              resolution: int = RESOLUTION) -> Run:
    """Train the 2-8-8-2 net on one Playground set, with a snapshot at each of ``epochs``.

    Parameters
    ----------
    dataset : str
        One of :data:`DATASETS` (200 training, 200 test points, seed 0).
    activation : str
        Any registered activation name.
    epochs : sequence of int
        Increasing epochs (>= 0) at which to record the picture.
    lr : float
        Full-batch learning rate (:data:`LR` is the Playground's pace).
    seeds : sequence of int
        The stacked members; seed 0's network is the one drawn.
    resolution : int
        Grid points per axis of the images.

    Returns
    -------
    Run
    """
    marks = [int(e) for e in epochs]
    if not marks or any(e < 0 for e in marks) or marks != sorted(set(marks)):
        raise ValueError(f"epochs must be increasing whole numbers >= 0, got {list(epochs)}")
    data = datasets.playground(dataset, seed=0)
    net = nn.MLP(list(SIZES), activation=activation, seed=list(seeds), dtype="float32")
    X = np.vstack([data.X_train, data.X_test])
    centre = (X.min(axis=0) + X.max(axis=0)) / 2
    half = 0.58 * float(np.max(np.ptp(X, axis=0)))       # a square box, 8 % margin
    lo, hi = centre - half, centre + half
    run = Run(dataset, net.activation.name, data, net, *_columns(net, data),
              extent=(float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1])), lr=float(lr))
    for e in marks:
        extend(run, e, resolution=resolution)
    return run


def train_grid(datasets_: Sequence[str] = DATASETS,
               activations: Sequence[str] = ACTIVATIONS,
               epochs: Sequence[int] = EPOCHS) -> dict[tuple[str, str], Run]:
    """:func:`train_run` for every (data set, activation), once each."""
    return {(d, a): train_run(d, a, epochs) for d in datasets_ for a in activations}


# ---------------------------------------------------------------------------
# Tables


def _epochs_cell(hits: list[int | None], trained: int) -> str:
    done = sorted(h for h in hits if h is not None)
    if not done:
        return f"never in {trained}"
    median = int(np.median(done))
    spread = f" (range {done[0]}-{done[-1]})" if len(done) > 1 else ""
    missing = len(hits) - len(done)
    note = f"; {missing} of {len(hits)} seeds never in {trained}" if missing else ""
    return f"{median}{spread}{note}"


def claim_rows(runs: Mapping[tuple[str, str], Run], dataset: str = "spiral",
               threshold: float = THRESHOLD) -> list[tuple[str, str, str]]:
    """Per activation: final test accuracy (mean ± 95 % CI over the seeds) and the
    epochs each seed needs to reach ``threshold`` (median, range, misses)."""
    rows = []
    for (d, name), run in runs.items():
        if d != dataset:
            continue
        mean, half = nn.mean_ci(run.test_accuracy[:, -1])
        rows.append((name, f"{mean:.2f} ± {half:.2f} after {run.epochs}",
                     _epochs_cell(run.epochs_to(threshold), run.epochs)))
    return rows


def learning_rate_rows(dataset: str = "spiral", activation: str = "relu",
                       rates: Sequence[float] = (0.06, 0.6, 6.0, 60.0),
                       epochs: int = 200) -> list[tuple[float, str, str, str]]:
    """Per full-batch learning rate: mean test accuracy after ``epochs``, the share of
    dead hidden units (see :func:`helpers.nn.dead_fraction`) and how many seeds diverged."""
    data = datasets.playground(dataset, seed=0)
    rows = []
    for lr in rates:
        net, h = nn.train_many(list(SIZES), *data.train, seeds=SEEDS, activation=activation,
                               lr=lr, epochs=epochs, test=data.test, diagnostics=False)
        diverged = sum(d is not None for d in h.diverged_at)
        final = h.test_accuracy[:, -1]
        acc = f"{np.nanmean(final):.2f}" if np.isfinite(final).any() else "-"
        dead = f"{np.mean(nn.dead_fraction(net, data.X_train)):.0%}"
        rows.append((lr, acc, dead, f"{diverged} of {len(SEEDS)}"))
    return rows


def final_rows(runs: Mapping[tuple[str, str], Run],
               activations: Sequence[str] = ("identity", "sigmoid", "relu"),
               epoch: int = EPOCHS[-1]) -> list[tuple[str, ...]]:
    """Mean test accuracy after ``epoch``, one row per data set, one column per activation."""
    rows = []
    for d in dict.fromkeys(key[0] for key in runs):
        rows.append((d, *(f"{runs[d, a].test_accuracy[:, epoch].mean():.2f}"
                          for a in activations)))
    return rows


# ---------------------------------------------------------------------------
# Figures


def _label(name: str) -> str:
    return {"leaky_relu": "leaky ReLU", "relu": "ReLU", "elu": "ELU",
            "silu": "SiLU"}.get(name, name)


def _draw_boundary(ax: Any, run: Run, epoch: int) -> None:
    """Seed 0's class-1 probability (banded diverging map) with the data on top."""
    x0, x1, y0, y1 = run.extent
    ax.imshow(run.proba[epoch], origin="lower", cmap=CMAP, norm=BoundaryNorm(LEVELS, 256),
              extent=run.extent, interpolation="nearest")
    for k in range(2):
        pts = run.data.X_train[run.data.y_train == k]
        ax.scatter(pts[:, 0], pts[:, 1], s=9, marker=MARKERS[k], color=CLASS_COLOURS[k],
                   edgecolors="black", linewidths=0.3)
    ax.set(xlim=(x0, x1), ylim=(y0, y1), xticks=[], yticks=[])


def plot_boundaries(runs: Mapping[tuple[str, str], Run], dataset: str = "spiral",
                    epoch: int = EPOCHS[-1]) -> np.ndarray:
    """One panel per activation: the decision boundary on ``dataset`` after ``epoch``."""
    names = [a for d, a in runs if d == dataset]
    _, axes = plotting.new_figure(ncols=len(names), width=1.45, height=1.75)
    for ax, name in zip(axes[0], names, strict=True):
        run = runs[dataset, name]
        _draw_boundary(ax, run, epoch)
        ax.set_title(f"{_label(name)}\n{run.test_accuracy[0, epoch]:.2f}", fontsize=9)
    return axes[0]


def plot_accuracy(runs: Mapping[tuple[str, str], Run], dataset: str = "spiral",
                  threshold: float = THRESHOLD) -> Any:
    """Mean test accuracy over the seeds against the epoch, one line per activation."""
    names = [a for d, a in runs if d == dataset]
    _, axes = plotting.new_figure(width=6.4, height=3.0)
    ax = axes[0, 0]
    with plotting.book_style():
        for name, style in zip(names, plotting.series_styles(len(names)), strict=True):
            curve = runs[dataset, name].test_accuracy.mean(axis=0)
            ax.plot(np.arange(len(curve)), curve, label=_label(name), lw=1.5, **style)
        ax.axhline(threshold, color="0.5", lw=0.8)
        ax.set_xscale("symlog", linthresh=10)
        last = max(runs[dataset, name].epochs for name in names)
        ax.set(xlabel="epoch (linear to 10, then logarithmic)", ylabel="test accuracy",
               xlim=(0, last), ylim=(0.4, 1.02))
        ax.legend(fontsize=8, ncol=2, loc="upper left")
    return ax


# ---------------------------------------------------------------------------
# The view: boundary, loss curves, hidden units


#: Colour-blind-safe diverging map (ColorBrewer PuOr): orange = class 0, purple = class 1.
CMAP = "PuOr"
#: Class colours of the points, from the two ends of :data:`CMAP`.
CLASS_COLOURS = ("#E66101", "#5E3C99")
#: Probability bands of the boundary image (0.5 is a band edge).
LEVELS = np.linspace(0.0, 1.0, 11)


class PlaygroundView:
    """The Playground figure for :mod:`helpers.frame_grid`.

    A point is ``{"data": ..., "activation": ..., "epochs": ...}`` (plus
    ``"learning rate"`` in the live face). With ``runs`` (from
    :func:`train_grid`) the static frames look them up; a point that is not
    there (the live face) is trained on the spot, which takes about a second.
    """

    figsize = (7.1, 3.0)   # no wider than the text column (684 px), so text stays >= 9 px
    margins: dict[str, float] = {}
    caption = ("Pick a data set and an activation, then move the epoch slider: the left "
               "panel shows what the network (seed 0) predicts, orange for class 0 and "
               "purple for class 1, over the training points (filled) and the test points "
               "(white); the middle panel its loss curves; the right panels four of its "
               "hidden units.")

    def __init__(self, runs: Mapping[tuple[str, str], Run] | None = None,
                 max_epochs: int = EPOCHS[-1]) -> None:
        self.runs: dict[tuple[str, str], Run] = dict(runs or {})
        self.max_epochs = max_epochs
        self._live: dict[tuple, Run] = {}

    def run_for(self, point: Mapping[str, Any]) -> Run:
        """The run that shows ``point`` (precomputed, or trained now and kept)."""
        key = (point["data"], point["activation"])
        epochs = int(point["epochs"])
        lr = float(point.get("learning rate", LR))
        run = self.runs.get(key)
        if run is not None and lr == run.lr and epochs in run.proba:
            return run
        live_key = (*key, lr, epochs)
        if live_key not in self._live:
            self._live.clear()
            self._live[live_key] = train_run(*key, epochs=sorted({0, epochs}), lr=lr)
        return self._live[live_key]

    def setup(self, fig: Figure) -> dict[str, Any]:
        ax_b = fig.add_axes((0.045, 0.08, 0.27, 0.70))
        ax_l = fig.add_axes((0.42, 0.18, 0.25, 0.60))
        ax_u = [fig.add_axes((0.735 + 0.135 * j, 0.45 - 0.38 * i, 0.11, 0.27))
                for i in range(2) for j in range(2)]
        blank = np.full((RESOLUTION, RESOLUTION), 0.5)
        norm = BoundaryNorm(LEVELS, 256)
        image = ax_b.imshow(blank, origin="lower", cmap=CMAP, norm=norm, extent=(0, 1, 0, 1),
                            interpolation="nearest", aspect="auto")
        points = []
        for k in range(2):
            points.append(ax_b.scatter([], [], s=13, marker=MARKERS[k], color=CLASS_COLOURS[k],
                                       edgecolors="black", linewidths=0.4))
        for k in range(2):
            points.append(ax_b.scatter([], [], s=13, marker=MARKERS[k], color="white",
                                       edgecolors="black", linewidths=0.6))
        ax_b.set(xlim=(0, 1), ylim=(0, 1), xticks=[], yticks=[])
        ax_b.set_xlabel("x₁", fontsize=9, labelpad=1)
        ax_b.set_ylabel("x₂", fontsize=9, labelpad=1)
        title = ax_b.set_title(" ", fontsize=9)
        curves = []
        for style, label in zip(plotting.series_styles(2), ("train", "test"), strict=True):
            curves.append(ax_l.plot([], [], lw=1.6, label=label, **style)[0])
        ax_l.set(xlim=(0, self.max_epochs), ylim=(0, 1.0))
        ax_l.set_xlabel("epoch", fontsize=9)
        ax_l.set_ylabel("cross-entropy", fontsize=9)
        ax_l.tick_params(labelsize=9)
        ax_l.legend(fontsize=9, loc="upper right", framealpha=1.0)
        ax_l.set_title("loss (seed 0)", fontsize=9)
        unit_images = []
        for ax, (layer, unit) in zip(ax_u, UNITS, strict=True):
            unit_images.append(ax.imshow(blank, origin="lower", cmap=CMAP, vmin=-1, vmax=1,
                                         interpolation="nearest", aspect="auto"))
            ax.set(xticks=[], yticks=[])
            ax.set_title(f"unit {layer + 1}.{unit + 1}", fontsize=9, pad=2)
        return {"image": image, "points": points, "title": title, "curves": curves,
                "units": unit_images}

    def update(self, artists: dict[str, Any], point: Mapping[str, Any]) -> None:
        run = self.run_for(point)
        epoch = int(point["epochs"])
        x0, x1, y0, y1 = run.extent

        def box(X: np.ndarray) -> np.ndarray:
            return np.column_stack([(X[:, 0] - x0) / (x1 - x0), (X[:, 1] - y0) / (y1 - y0)])

        artists["image"].set_data(run.proba[epoch])
        for k in range(2):
            artists["points"][k].set_offsets(box(run.data.X_train[run.data.y_train == k]))
            artists["points"][2 + k].set_offsets(box(run.data.X_test[run.data.y_test == k]))
        acc = run.test_accuracy[:, epoch]
        artists["title"].set_text(f"test accuracy {acc[0]:.2f}\n(5 seeds: {acc.mean():.2f})")
        steps = np.arange(epoch + 1)
        for line, values in zip(artists["curves"], (run.train_loss, run.test_loss), strict=True):
            line.set_data(steps, np.clip(values[0, :epoch + 1], 0, 1.0))
        for image, values in zip(artists["units"], run.units[epoch], strict=True):
            scale = float(np.max(np.abs(values))) or 1.0
            image.set_data(values / scale)

    def label(self, name: str, value: Any) -> str:
        """The text on a control's button or readout."""
        if name == "activation":
            return _label(value)
        return value if isinstance(value, str) else f"{value:g}"

    def alt(self, point: Mapping[str, Any]) -> str:
        run = self.run_for(point)
        epoch = int(point["epochs"])
        acc = run.test_accuracy[:, epoch]
        shape = ("bands with straight, parallel edges" if run.activation == "identity"
                 else "regions")
        return (f"{run.dataset} data, {self.label('activation', run.activation)} network after "
                f"{epoch} epochs: the predicted classes form {shape} over the orange circles "
                f"and purple squares; test accuracy {acc[0]:.2f} for seed 0 and "
                f"{acc.mean():.2f} on average over five seeds; training loss "
                f"{run.train_loss[0, epoch]:.2f}, test loss {run.test_loss[0, epoch]:.2f}; "
                "four hidden units shown as small maps.")
