"""Chapter: book/leaky_relu.md

PReLU's learnable slope in the book's network (:class:`helpers.nn.MLP` with
``activation="prelu"``): its backpropagated gradient checked against a
finite difference, and the slope of each hidden layer recorded while the
network trains.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from helpers import nn
from helpers._validate import real_number, whole_number

__all__ = ["alpha_gradients", "learned_slopes"]


def _loss_at(start: float, X: np.ndarray, y: np.ndarray, sizes: Sequence[int],
             seed: int) -> tuple[float, nn.Params]:
    net = nn.MLP(list(sizes), activation="prelu", seed=seed,
                 activation_params={"alpha": start})
    return net.loss_and_gradients(X, y)


def alpha_gradients(X: np.ndarray, y: np.ndarray, sizes: Sequence[int] = (2, 32, 32, 2),
                    alpha: float = 0.25, step: float = 1e-6,
                    seed: int = 0) -> tuple[float, float]:
    """dL/dα by backpropagation and by a central finite difference, at a common start α.

    Every hidden layer of a fresh seeded PReLU network starts with slope
    ``alpha``; the derivative of the loss with respect to that common value
    is the sum of the layers' ``"alpha"`` gradients, which is compared with
    ``(L(alpha + step) - L(alpha - step)) / (2 step)``.

    Returns
    -------
    (backprop, finite_difference)
    """
    alpha = real_number(alpha, "alpha")
    step = real_number(step, "step", "a finite number > 0", lambda v: v > 0)
    backprop = _loss_at(alpha, X, y, sizes, seed)[1]["alpha"].sum()
    finite_difference = (_loss_at(alpha + step, X, y, sizes, seed)[0]
                         - _loss_at(alpha - step, X, y, sizes, seed)[0]) / (2 * step)
    return backprop, finite_difference


def learned_slopes(net: nn.MLP, X: np.ndarray, y: np.ndarray, lr: float = 0.5,
                   rounds: int = 30, epochs: int = 10) -> tuple[np.ndarray, nn.History]:
    """Train a PReLU ``net`` in place for ``rounds`` rounds of ``epochs`` epochs.

    Returns
    -------
    (slopes, history)
        ``slopes[r]`` holds each hidden layer's α after ``r`` rounds (row 0:
        the start), shape ``(rounds + 1, layers)``; ``history`` is the last
        round's :class:`helpers.nn.History`.
    """
    whole_number(rounds, "rounds", minimum=1)
    slopes = [net.params["alpha"].copy()]
    for _ in range(rounds):
        history = nn.train(net, X, y, lr=lr, epochs=epochs)
        slopes.append(net.params["alpha"].copy())
    return np.array(slopes), history
