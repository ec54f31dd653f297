r"""Batch normalisation and the residual (skip) block, as layers of :class:`helpers.nn.MLP`.

Introduced in: none (used by other helpers modules only)

Both follow the layer protocol of :mod:`helpers.nn.layers` (``shapes``,
``bind``, ``forward``, ``backward``) and work on a batch ``(n, width)`` or a
stacked batch ``(S, n, width)``; statistics are taken over the rows (axis
``-2``), so the members of a stacked network never mix.

Batch normalisation (Ioffe & Szegedy 2015)
------------------------------------------
In *training* mode each unit is standardised with the mean and variance of
the batch, then scaled and shifted by learnable :math:`\gamma, \beta`:

.. math::

    \mu = \tfrac1n \textstyle\sum_i x_i, \quad
    \sigma^2 = \tfrac1n \textstyle\sum_i (x_i - \mu)^2, \quad
    \hat x_i = \frac{x_i - \mu}{\sqrt{\sigma^2 + \epsilon}}, \quad
    y_i = \gamma \hat x_i + \beta .

Because :math:`\mu` and :math:`\sigma` depend on every row, the backward
pass has two extra terms (with :math:`g_i = \gamma\, \partial L / \partial y_i`):

.. math::

    \frac{\partial L}{\partial x_i} = \frac{1}{\sqrt{\sigma^2+\epsilon}}
    \Big(g_i - \overline{g} - \hat x_i\, \overline{g \hat x}\Big),

where the bars are means over the batch. Each step also updates *running*
estimates, as PyTorch does: :math:`m \leftarrow (1-\rho) m + \rho \mu` and
:math:`v \leftarrow (1-\rho) v + \rho\, \sigma^2 n/(n-1)` with
:math:`\rho` = ``momentum`` = 0.1. In *inference* mode (``training =
False``) the layer uses :math:`m` and :math:`v` instead of the batch's
statistics, so an example's output no longer depends on the other rows of
its batch; the layer is then an affine map and its backward pass is
:math:`\gamma / \sqrt{v + \epsilon}` times the incoming gradient.

The residual block (He et al. 2016)
-----------------------------------
:class:`Residual` wraps a few layers :math:`F` and adds its input to their
output: :math:`h_{l+1} = h_l + F(h_l)`, so
:math:`\partial h_{l+1}/\partial h_l = I + \partial F/\partial h_l` and the
backward pass adds the incoming gradient to the one through :math:`F`.
Where the activation sits is the choice of layers in ``F`` (see
:class:`helpers.nn.MLP`'s ``residual`` option).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

from helpers.nn._checks import check_fraction, check_positive
from helpers.nn.layers import Dense

__all__ = ["NORMS", "RESIDUALS", "BatchNorm", "Residual", "build_layers", "leaves",
           "leaf_caches"]

#: Normalisation layers :class:`helpers.nn.MLP` can put before each hidden activation.
NORMS: dict[str | None, str] = {
    None: "none",
    "batch": "batch normalisation (Ioffe & Szegedy 2015) of each hidden activation's input",
}

#: Where :class:`helpers.nn.MLP` puts skip connections, and where the activation sits then.
RESIDUALS: dict[str | None, str] = {
    None: "none: h = f(N(W h + b))",
    "post": "h = f(h + N(W h + b)): the activation after the addition (He et al. 2016a)",
    "pre": "h = h + W f(N(h)) + b: the activation before the weights (He et al. 2016b)",
}


class BatchNorm:
    """Batch normalisation of every unit; parameters ``gamma`` and ``beta`` ``(width,)``.

    Parameters
    ----------
    eps : float
        Added to the variance before the square root (> 0).
    momentum : float
        Weight ``rho`` of the newest batch in the running statistics (``0 <= rho < 1``).

    Attributes
    ----------
    training : bool
        ``True``: batch statistics; ``False``: running statistics (inference).
        :class:`helpers.nn.MLP` switches it: training passes use batch
        statistics, predictions and held-out evaluation the running ones.
    track : bool
        Whether a training-mode forward pass updates the running statistics.
    running_mean, running_var : ndarray
        Shape ``(width,)`` (``(S, width)`` for a stacked network); start at 0 and 1.
    """

    def __init__(self, eps: float = 1e-5, momentum: float = 0.1) -> None:
        self.eps = check_positive("eps", eps)
        self.momentum = check_fraction("momentum", momentum)
        self.training = True
        self.track = True
        self.running_mean: np.ndarray = np.empty(0)
        self.running_var: np.ndarray = np.empty(0)

    def shapes(self, width_in: int) -> tuple[dict[str, tuple[int, ...]], int]:
        return {"gamma": (width_in,), "beta": (width_in,)}, width_in

    def bind(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        self.gamma, self.beta = params["gamma"], params["beta"]
        self.ggamma, self.gbeta = grads["gamma"], grads["beta"]
        self.gamma_rows = self.gamma[..., None, :]      # views: follow in-place updates
        self.beta_rows = self.beta[..., None, :]
        self.running_mean = np.zeros_like(self.gamma)
        self.running_var = np.ones_like(self.gamma)

    def reset(self) -> None:
        """``gamma = 1``, ``beta = 0`` and fresh running statistics (mean 0, variance 1)."""
        self.gamma[...] = 1
        self.beta[...] = 0
        self.running_mean[...] = 0
        self.running_var[...] = 1

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, Any]:
        if self.training:
            n = x.shape[-2]
            mean = np.mean(x, axis=-2)
            centred = x - mean[..., None, :]
            var = np.mean(np.square(centred), axis=-2)
        if self.training and self.track:
            rho = self.momentum
            self.running_mean *= 1 - rho
            self.running_mean += rho * mean
            self.running_var *= 1 - rho
            self.running_var += rho * var * (n / (n - 1) if n > 1 else 1.0)
        if not self.training:
            centred = x - self.running_mean[..., None, :]
            var = self.running_var
        inv_std = (1.0 / np.sqrt(var + self.eps)).astype(x.dtype)[..., None, :]
        xhat = centred * inv_std
        return xhat * self.gamma_rows + self.beta_rows, (xhat, inv_std, self.training)

    def backward(self, dout: np.ndarray, cache: Any,
                 need_input_grad: bool) -> np.ndarray | None:
        xhat, inv_std, training = cache
        np.sum(dout * xhat, axis=-2, out=self.ggamma)
        np.sum(dout, axis=-2, out=self.gbeta)
        if not need_input_grad:
            return None
        g = dout * self.gamma_rows
        if not training:
            return g * inv_std
        g_xhat = np.mean(g * xhat, axis=-2, keepdims=True)
        g -= np.mean(g, axis=-2, keepdims=True)
        g -= xhat * g_xhat
        return g * inv_std


class Residual:
    """``h + F(h)`` for a sequence of inner layers ``F`` that keep the width.

    The block has no parameters of its own; :class:`helpers.nn.MLP` binds the
    inner layers (see :func:`leaves`). Its cache is the list of the inner
    layers' caches.
    """

    def __init__(self, layers: Sequence[Any]) -> None:
        self.layers = list(layers)

    def forward(self, h: np.ndarray) -> tuple[np.ndarray, Any]:
        out, caches = h, []
        for layer in self.layers:
            out, cache = layer.forward(out)
            caches.append(cache)
        return h + out, caches

    def backward(self, dout: np.ndarray, caches: Any,
                 need_input_grad: bool) -> np.ndarray | None:
        d = dout
        for i in range(len(self.layers) - 1, -1, -1):
            d = self.layers[i].backward(d, caches[i], need_input_grad=True)
        return dout + d if need_input_grad else None


def build_layers(sizes: Sequence[int], activation: Callable[[], Any],
                 norm: str | None = None, residual: str | None = None) -> list[Any]:
    """The layers of an MLP with widths ``sizes`` (see :class:`helpers.nn.MLP`).

    ``activation()`` makes a fresh activation layer. Every variant has
    ``len(sizes) - 1`` dense layers and ``len(sizes) - 2`` activation layers.
    """
    for name, value, valid in (("norm", norm, NORMS), ("residual", residual, RESIDUALS)):
        if value not in valid:
            raise ValueError(f"{name} must be one of {', '.join(map(str, valid))}, "
                             f"got {value!r}")
    widths, out = list(sizes[1:-1]), Dense(sizes[-1])
    if residual and len(set(widths)) > 1:
        raise ValueError(f"residual needs equal hidden widths, got sizes {list(sizes)}")

    def n() -> list[BatchNorm]:
        return [BatchNorm()] if norm == "batch" else []

    if not widths:
        return [out]
    if residual == "pre":
        blocks = [Residual([*n(), activation(), Dense(w)]) for w in widths[1:]]
        return [Dense(widths[0]), *blocks, *n(), activation(), out]
    layers = [Dense(widths[0]), *n(), activation()]
    for w in widths[1:]:
        inner = [Dense(w), *n()]
        layers += [Residual(inner) if residual == "post" else inner, activation()]
    return [la for item in layers + [out] for la in (item if isinstance(item, list) else [item])]


def leaves(layers: Sequence[Any]) -> Iterator[Any]:
    """The layers in order, with every :class:`Residual` replaced by its inner layers."""
    for layer in layers:
        if isinstance(layer, Residual):
            yield from leaves(layer.layers)
        else:
            yield layer


def leaf_caches(layers: Sequence[Any], caches: Sequence[Any]) -> Iterator[tuple[Any, Any]]:
    """``(layer, cache)`` for every leaf layer, from the caches of one forward pass."""
    for layer, cache in zip(layers, caches, strict=True):
        if isinstance(layer, Residual):
            yield from leaf_caches(layer.layers, cache)
        else:
            yield layer, cache
