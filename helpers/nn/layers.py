r"""The layers of :class:`helpers.nn.MLP`: a dense layer and an activation layer.

Introduced in: none (used by other helpers modules only)

A layer works on a batch ``h`` of shape ``(n, width)``, or ``(S, n, width)``
for a *stacked* network that trains ``S`` seeds at once: every parameter has
a leading seed axis, ``np.matmul`` broadcasts over it, and the members never
mix. The protocol (what a new layer, e.g. batch normalisation or a residual
block, implements):

``shapes(width_in)``
    ``{name: shape}`` of its parameters for one member (may be empty), and
    the width it outputs.
``bind(params, grads)``
    Receives views into the network's flat parameter and gradient buffers;
    the optimiser updates those buffers in place, so the layer always sees the
    current values and must never rebind them.
``forward(h)``
    ``(out, cache)``; the cache is what ``backward`` needs.
``backward(dout, cache, need_input_grad)``
    Writes ``dL/dparam`` into the bound gradient views and returns
    ``dL/dh`` (or ``None`` when ``need_input_grad`` is false).

PReLU through the registry
--------------------------
The registry's PReLU, :math:`f(z; \alpha) = z` for :math:`z > 0` and
:math:`\alpha z` for :math:`z \le 0`, is affine in :math:`\alpha` (its SymPy
expression is; a test checks it), so with :math:`f_0 = f(\cdot\,; 0)` and
:math:`f_1 = f(\cdot\,; 1)` from ``act.get("prelu", alpha=0)`` and
``alpha=1``,

.. math::

    f(z; \alpha) = f_0(z) + \alpha\,(f_1(z) - f_0(z)), \qquad
    \frac{\partial f}{\partial \alpha} = f_1(z) - f_0(z) = \min(z, 0),

and :math:`\partial f / \partial z = f_0'(z) + \alpha (f_1'(z) - f_0'(z))`.
One :math:`\alpha` per hidden layer (and member) is shared by its units and
rows, so :math:`\partial L / \partial \alpha = \sum_{n, j} \partial L /
\partial h_{nj} \cdot (f_1 - f_0)(z_{nj})`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from helpers import activations as act

__all__ = ["Dense", "ActivationLayer", "kernels"]

Kernel = Callable[[np.ndarray], np.ndarray]


def kernels(activation: act.Activation) -> tuple[Kernel, Kernel]:
    """The registry's NumPy ``(f, df)`` for arrays of finite floats.

    ``Activation.f``/``df`` wrap the registry's kernels with NaN and dtype
    handling for arbitrary input; the trainer's inputs are already finite
    float arrays, so it calls the kernels themselves (same numbers, fewer
    temporaries) when they keep the dtype, and the public functions otherwise.
    """
    pair = []
    for public, private in ((activation.f, "_f"), (activation.df, "_df")):
        raw = getattr(activation, private, None)
        ok = raw is not None
        for dtype in (np.float32, np.float64):
            probe = np.linspace(-3, 3, 7, dtype=dtype)
            if not ok:
                break
            out = np.asarray(raw(probe))
            ok = out.dtype == dtype and np.array_equal(out, public(probe), equal_nan=True)
        pair.append(raw if ok else public)
    return pair[0], pair[1]


class Dense:
    """``z = h @ W + b``; parameters ``W`` ``(width_in, width)`` and ``b`` ``(width,)``."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.W: np.ndarray = np.empty(0)
        self.b: np.ndarray = np.empty(0)

    def shapes(self, width_in: int) -> tuple[dict[str, tuple[int, ...]], int]:
        return {"W": (width_in, self.width), "b": (self.width,)}, self.width

    def bind(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        self.W, self.b = params["W"], params["b"]
        self.gW, self.gb = grads["W"], grads["b"]
        self.WT = self.W.swapaxes(-1, -2)           # views: they follow in-place updates
        self.b_rows = self.b[..., None, :]           # broadcast over the rows of a batch

    def forward(self, h: np.ndarray) -> tuple[np.ndarray, Any]:
        if h.ndim == 2 and self.W.ndim == 3:     # one batch, stacked weights: one BLAS call
            z = np.tensordot(h, self.W, axes=([1], [1])).transpose(1, 0, 2)
        else:
            z = np.matmul(h, self.W)
        z += self.b_rows
        return z, h

    def backward(self, dout: np.ndarray, h: np.ndarray,
                 need_input_grad: bool) -> np.ndarray | None:
        np.matmul(h.swapaxes(-1, -2), dout, out=self.gW)
        np.sum(dout, axis=-2, out=self.gb)
        return np.matmul(dout, self.WT) if need_input_grad else None


class ActivationLayer:
    """``h = f(z)`` elementwise with a registry activation (PReLU: ``alpha`` learnable)."""

    def __init__(self, activation: act.Activation, learnable_alpha: bool = False) -> None:
        self.activation = activation
        self.learnable_alpha = learnable_alpha
        if learnable_alpha:
            self._f0, self._df0 = kernels(act.get(activation.name, alpha=0.0))
            self._f1, self._df1 = kernels(act.get(activation.name, alpha=1.0))
        else:
            self._f, self._df = kernels(activation)

    def shapes(self, width_in: int) -> tuple[dict[str, tuple[int, ...]], int]:
        return ({"alpha": ()} if self.learnable_alpha else {}), width_in

    def bind(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        if self.learnable_alpha:
            self.alpha, self.galpha = params["alpha"], grads["alpha"]
            stacked = self.alpha.ndim > 0
            self.alpha_rows = self.alpha[..., None, None] if stacked else self.alpha

    def forward(self, z: np.ndarray) -> tuple[np.ndarray, Any]:
        if not self.learnable_alpha:
            return self._f(z), z
        f0 = self._f0(z)
        slope_part = self._f1(z) - f0               # d f / d alpha
        return f0 + self.alpha_rows * slope_part, (z, slope_part)

    def df(self, z: np.ndarray) -> np.ndarray:
        """``f'(z)`` (left-hand at kinks, from the registry)."""
        if not self.learnable_alpha:
            return self._df(z)
        d0 = self._df0(z)
        return d0 + self.alpha_rows * (self._df1(z) - d0)

    def backward(self, dout: np.ndarray, cache: Any,
                 need_input_grad: bool) -> np.ndarray | None:
        if not self.learnable_alpha:
            return dout * self._df(cache)
        z, slope_part = cache
        np.sum(dout * slope_part, axis=(-2, -1), out=self.galpha)
        return dout * self.df(z)
