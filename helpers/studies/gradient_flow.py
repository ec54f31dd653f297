"""Chapter: book/training_failures.md

Gradients through real networks (:class:`helpers.nn.MLP`): the norm of each
layer's weight gradient at initialisation (vanishing towards the input for
sigmoid and tanh), and a deliberately exploding ReLU network trained with
and without gradient clipping, each with its figure. Training goes through
the one training loop, :func:`helpers.nn.train` (its ``clip_norm`` and
``clip_value`` options); the bounds, chains and clipping functions of the
chapter's small examples are engine code in :mod:`helpers.gradients`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
from matplotlib.axes import Axes

from helpers import datasets, nn, plotting

__all__ = [
    "USUAL_INIT",
    "layer_gradient_norms",
    "exploding_runs",
    "plot_layer_gradient_norms",
    "plot_exploding",
]


# ---------------------------------------------------------------------------
# Networks: per-layer gradient norms at initialisation, exploding and clipping

#: The initialisation each activation is usually paired with.
USUAL_INIT = {"sigmoid": "glorot", "tanh": "glorot", "relu": "he"}


def layer_gradient_norms(activation: str, depth: int = 10, width: int = 32,
                         init: str | None = None, seed: int = 0) -> np.ndarray:
    """Norm of the weight gradient of each layer of a fresh deep network, input side first.

    The network is ``[2] + [width] * depth + [2]`` (see ``helpers.nn.MLP``),
    initialised with ``init`` (default: :data:`USUAL_INIT` for the activation,
    else ``"he"``), evaluated once on the seeded two-arm spiral.

    Returns
    -------
    np.ndarray, shape (depth + 1,)
        ``||dL/dW_l||`` for ``l = 1 .. depth + 1`` (the last is the output layer).
    """
    if depth < 1 or width < 1:
        raise ValueError(f"depth and width must be >= 1, got depth={depth}, width={width}")
    X, y = datasets.spiral(n=300, arms=2, noise=0.2, seed=seed)
    net = nn.MLP([2] + [width] * depth + [2], activation=activation,
                 init=init or USUAL_INIT.get(activation, "he"), seed=seed)
    _, grads = net.loss_and_gradients(X, y)
    return nn.gradient_norms(grads)


def exploding_runs(gain: float = 2.5, depth: int = 6, width: int = 32, lr: float = 0.05,
                   epochs: int = 50, max_norm: float = 1.0,
                   seed: int = 0) -> dict[str, dict[str, np.ndarray]]:
    """A deep ReLU net with He weights times ``gain``, trained without and with clipping.

    Both runs start from the same seeded weights and train with
    :func:`helpers.nn.train` (full-batch gradient descent); the clipped one
    passes ``clip_norm=max_norm``, which rescales the whole gradient to
    length at most ``max_norm`` before each step.

    Returns
    -------
    dict
        ``{"no clipping": run, "clip norm at <max_norm>": run}``; each run has
        ``"loss"`` (training loss after each epoch) and ``"grad_norm"`` (the
        norm of all weight gradients together, measured on the training set
        after each epoch, i.e. before the next step clips it), both of shape
        ``(epochs,)`` and NaN from the epoch the run diverged.
    """
    X, y = datasets.spiral(n=300, arms=2, noise=0.2, seed=seed)
    runs = {}
    for label, clip in (("no clipping", None), (f"clip norm at {max_norm:g}", max_norm)):
        net = nn.MLP([2] + [width] * depth + [2], activation="relu", init="he", seed=seed)
        for W in net.params["W"]:
            W *= gain
        history = nn.train(net, X, y, lr=lr, epochs=epochs, seed=seed, clip_norm=clip)
        runs[label] = {"loss": history.loss,
                       "grad_norm": np.sqrt(np.sum(np.square(history.grad_norms), axis=1))}
    return runs


# ---------------------------------------------------------------------------
# Figures


def plot_layer_gradient_norms(activations: Iterable[str] = ("sigmoid", "tanh", "relu"),
                              depth: int = 10, width: int = 32, seed: int = 0) -> Axes:
    """Per-layer gradient norm at initialisation, one line per activation (log scale)."""
    names = list(activations)
    fig, grid = plotting.new_figure(width=5.5, height=3.0)
    ax = grid[0, 0]
    layers = np.arange(1, depth + 2)
    with plotting.book_style():
        for name, style in zip(names, plotting.series_styles(len(names)), strict=True):
            norms = layer_gradient_norms(name, depth, width, seed=seed)
            init = USUAL_INIT.get(name, "he")
            ax.plot(layers, norms, marker="o", markersize=4, label=f"{name} ({init} init)",
                    **style)
        plotting.log_axis(ax)
        ax.set_xlabel("layer (1 = next to the input)")
        ax.set_ylabel(r"$\|\partial L / \partial W_l\|$")
        ax.legend(fontsize=8)
    return ax


def plot_exploding(runs: Mapping[str, Mapping[str, np.ndarray]],
                   cap: float = 1e4) -> tuple[Axes, Axes]:
    """Loss (left) and gradient norm before clipping (right) per epoch for each run.

    The y axes stop at ``cap``; a run that blows up leaves through the top,
    and a label gives the last epoch at which its loss was still finite.
    """
    fig, grid = plotting.new_figure(ncols=2, width=3.6, height=2.8)
    ax_loss, ax_norm = grid[0]
    styles = plotting.series_styles(len(runs) + 1)[1:]
    with plotting.book_style():
        for (label, run), style in zip(runs.items(), styles, strict=True):
            epochs = np.arange(1, len(run["loss"]) + 1)
            for ax, key in ((ax_loss, "loss"), (ax_norm, "grad_norm")):
                ax.plot(epochs, run[key], label=label, **style)
                finite = np.isfinite(run[key])
                above = np.flatnonzero(finite & (np.where(finite, run[key], 0) > cap))
                if above.size:
                    last = int(np.flatnonzero(finite)[-1]) + 1
                    ax.annotate(f"leaves the plot; overflows after epoch {last}",
                                (above[0] + 1, cap), textcoords="offset points",
                                xytext=(6, -12), fontsize=8, color=style["color"])
        for ax, name in ((ax_loss, "training loss"), (ax_norm, "gradient norm")):
            plotting.log_axis(ax)
            ax.set_ylim(top=cap)
            ax.set_xlabel("epoch")
            ax.set_ylabel(name)
        ax_loss.legend(fontsize=8, loc="center right")
    return ax_loss, ax_norm
