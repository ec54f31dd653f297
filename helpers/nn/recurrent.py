r"""Recurrent networks: a tanh RNN cell and an LSTM cell, with backpropagation through time.

Introduced in: none (used by other helpers modules only)

:class:`Recurrent` reads a sequence ``x_1 .. x_T`` (inputs of shape
``(n, T, d)``), runs one cell over it from ``h_0 = 0`` and classifies the
last hidden state with a linear read-out and the mean softmax cross-entropy,
exactly the loss of :class:`helpers.nn.MLP`. It has the network protocol that
:func:`helpers.nn.train` uses (one flat parameter buffer, ``_backward``,
``_evaluate``, stacked seeds), so the one training loop, its optimisers and
its gradient clipping train it unchanged.

The cells (row vectors, as in the code; ``U`` input weights, ``W`` recurrent
weights, ``b`` bias):

* ``"rnn"``: :math:`h_t = \phi(x_t U + h_{t-1} W + b)` with :math:`\phi` =
  tanh by default (any registry activation);
* ``"lstm"`` :cite:`hochreiter1997lstm` with a forget gate
  :cite:`gers2000forget`: the pre-activations :math:`z = x_t U + h_{t-1} W + b`
  split into four blocks, :math:`i = \sigma(z_i)`, :math:`f = \sigma(z_f)`,
  :math:`g = \tanh(z_g)`, :math:`o = \sigma(z_o)`, and

  .. math::

      c_t = f \odot c_{t-1} + i \odot g, \qquad h_t = o \odot \phi(c_t),

  :math:`\phi` = tanh by default (the *cell-output* activation; the book
  tries others).

The function values and the derivative of :math:`\phi` come from the
registry (``act.get(name).f`` / ``.df``), as in the MLP; the gates'
derivatives are computed from their values, :math:`\sigma' = \sigma(1 -
\sigma)` and :math:`\tanh' = 1 - \tanh^2`.

Through time
------------
For the RNN, :math:`\partial h_t / \partial h_{t-1} = \operatorname{diag}
(\phi'(z_t))\, W^\top` (column convention), so

.. math::

    \frac{\partial h_T}{\partial h_0} = \prod_{t=T}^{1}
    \operatorname{diag}\bigl(1 - h_t^2\bigr)\, W^\top \quad (\phi = \tanh),

whose norm is at most :math:`\lVert W\rVert^T`; :func:`through_time` computes
it along a trajectory. Along the LSTM's cell path,
:math:`\partial c_T / \partial c_0 = \prod_t \operatorname{diag}(f_t)`
(holding the gates fixed): :func:`cell_path`.

Parameters are ``{"W": [U, W, V], "b": [b, c]}`` (``V``, ``c``: the
read-out), so ``History.grad_norms[..., 1]`` is the norm of the recurrent
weights' gradient. ``W`` starts as ``radius`` times a random orthogonal
matrix (for the LSTM, each of its four square blocks), so its spectral radius
*and* its norm are ``radius`` exactly.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from helpers import activations as act
from helpers.nn import _head
from helpers.nn._checks import check_dtype, check_int, check_positive, check_seeds, check_y
from helpers.nn.layers import kernels

__all__ = ["CELLS", "Recurrent", "orthogonal", "through_time", "cell_path"]

#: The cells :class:`Recurrent` knows.
CELLS: dict[str, str] = {
    "rnn": "h_t = phi(x_t U + h_{t-1} W + b), phi = tanh by default",
    "lstm": "gates i, f, o = sigmoid, candidate g = tanh; c_t = f c_{t-1} + i g; "
            "h_t = o phi(c_t), phi = tanh by default",
}


def orthogonal(size: int, rng: np.random.Generator) -> np.ndarray:
    """A random ``(size, size)`` orthogonal matrix (QR of a Gaussian matrix, signs fixed)."""
    q, r = np.linalg.qr(rng.standard_normal((size, size)))
    return q * np.sign(np.diag(r))


class Recurrent:
    """A one-layer recurrent classifier: a cell over the sequence, a linear read-out.

    Parameters
    ----------
    sizes : (int, int, int)
        ``(d_in, hidden, classes)``.
    cell : str
        ``"rnn"`` or ``"lstm"`` (see :data:`CELLS`).
    activation : str
        Registry name of :math:`\\phi`: the RNN's activation, or the LSTM's
        cell-output activation (default ``"tanh"`` for both).
    radius : float or sequence of float
        The recurrent weights start as ``radius`` times an orthogonal matrix
        (per square block for the LSTM): spectral radius = norm = ``radius``.
        A stacked network may take one radius per member.
    input_scale : float
        Standard deviation of the input weights ``U`` times ``sqrt(d_in)``.
    forget_bias : float
        Initial bias of the LSTM's forget gate (``sigma(1) = 0.73``); others start at 0.
    seed : int or sequence of int
        As for :class:`helpers.nn.MLP`: a list builds a stacked network, one
        member per seed.
    dtype : str
        ``"float64"`` (default; gradient checks) or ``"float32"``.
    """

    def __init__(self, sizes: Sequence[int], cell: str = "rnn", activation: str = "tanh",
                 radius: float | Sequence[float] = 1.0, input_scale: float = 1.0,
                 forget_bias: float = 1.0,
                 seed: int | Sequence[int] = 0, dtype: str | type = "float64") -> None:
        if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence) \
                or len(sizes) != 3:
            raise ValueError(f"sizes must be (d_in, hidden, classes), got {sizes!r}")
        self.sizes = [check_int(f"sizes[{i}]", s, 1) for i, s in enumerate(sizes)]
        key = cell.strip().lower() if isinstance(cell, str) else cell
        if key not in CELLS:
            raise ValueError(f"Unknown cell {cell!r}. Valid cells: {', '.join(CELLS)}.")
        self.cell = key
        self.activation = act.get(activation)
        self.input_scale = check_positive("input_scale", input_scale)
        self.forget_bias = float(forget_bias)
        self.dtype = check_dtype(dtype)
        self.seeds = check_seeds(seed)
        self.seed = seed if self.seeds is None else list(self.seeds)
        if isinstance(radius, Sequence):
            if self.seeds is None or len(radius) != len(self.seeds):
                raise ValueError("radius may be a list only for a stacked network, one "
                                 f"radius per seed; got {radius!r}")
            self.radii = [check_positive(f"radius[{m}]", r) for m, r in enumerate(radius)]
        else:
            self.radii = [check_positive("radius", radius)] * self.n_members
        self._phi, self._dphi = kernels(self.activation)
        self._sig = kernels(act.get("sigmoid"))[0]
        self._tanh = kernels(act.get("tanh"))[0]
        self.layers: list[Any] = []              # no activation layers: no dead-unit record
        self._allocate()
        self._initialise()

    # -- the network protocol of helpers.nn.train ------------------------------

    @property
    def gates(self) -> int:
        """Width of the pre-activations: ``hidden`` (RNN) or ``4 * hidden`` (LSTM)."""
        return self.sizes[1] * (4 if self.cell == "lstm" else 1)

    @property
    def n_members(self) -> int:
        return 1 if self.seeds is None else len(self.seeds)

    @property
    def stacked(self) -> bool:
        return self.seeds is not None

    n_layers = 3        # U, W and the read-out V: the three gradient norms recorded
    n_hidden = 0        # no feed-forward hidden layers, so no dead-unit fractions
    activation_layers: tuple = ()   # ... and none for the training loop to inspect

    def _allocate(self) -> None:
        d, hidden, k = self.sizes
        lead = () if self.seeds is None else (len(self.seeds),)
        specs = [("W", (d, self.gates)), ("W", (hidden, self.gates)), ("W", (hidden, k)),
                 ("b", (self.gates,)), ("b", (k,))]
        sizes = [math.prod(lead + shape) for _, shape in specs]
        self._theta = np.zeros(sum(sizes), dtype=self.dtype)
        self._grad = np.zeros(sum(sizes), dtype=self.dtype)
        self.params: dict[str, list[np.ndarray]] = {"W": [], "b": []}
        self._grads: dict[str, list[np.ndarray]] = {"W": [], "b": []}
        self._blocks: list[tuple[np.ndarray, np.ndarray]] = []
        start = 0
        for (key, shape), size in zip(specs, sizes, strict=True):
            p = self._theta[start:start + size].reshape(lead + shape)
            g = self._grad[start:start + size].reshape(lead + shape)
            self.params[key].append(p)
            self._grads[key].append(g)
            self._blocks.append((p, g))
            start += size

    def _initialise(self) -> None:
        d, hidden, k = self.sizes
        members = [self.seed] if self.seeds is None else list(self.seeds)
        blocks = self.gates // hidden
        for m, seed in enumerate(members):
            rng = np.random.default_rng(check_int("seed", seed, 0))
            U, W, V = (p if self.seeds is None else p[m] for p in self.params["W"])
            b = self.params["b"][0] if self.seeds is None else self.params["b"][0][m]
            U[...] = self.input_scale / math.sqrt(d) * rng.standard_normal(U.shape)
            W[...] = np.hstack([self.radii[m] * orthogonal(hidden, rng) for _ in range(blocks)])
            V[...] = math.sqrt(2 / (hidden + k)) * rng.standard_normal(V.shape)
            if self.cell == "lstm":
                b[hidden:2 * hidden] = self.forget_bias

    def __repr__(self) -> str:
        seeds = "" if self.seeds is None else f", seed={list(self.seeds)}"
        return (f"Recurrent({self.sizes}, cell={self.cell!r}, activation="
                f"{self.activation.name!r}, radius={self.radii}{seeds})")

    def _check_X(self, X: np.typing.ArrayLike, name: str = "X") -> np.ndarray:
        arr = np.asarray(X)
        if arr.ndim != 3 or arr.shape[2] != self.sizes[0] or arr.shape[1] < 1:
            raise ValueError(f"{name} must have shape (n, T, {self.sizes[0]}) with T >= 1, "
                             f"got {arr.shape}")
        if arr.dtype.kind not in "iuf" or not np.all(np.isfinite(arr)):
            raise ValueError(f"{name} must hold finite real numbers")
        return np.ascontiguousarray(arr, dtype=self.dtype)

    def _check_y(self, y: np.typing.ArrayLike, n: int, name: str = "y") -> np.ndarray:
        return check_y(name, y, n, self.sizes[-1])

    def _onehot(self, y: np.ndarray, value: float) -> np.ndarray:
        out = np.zeros((len(y), self.sizes[-1]), dtype=self.dtype)
        out[np.arange(len(y)), y] = value
        return out

    # -- forward and backward through time --------------------------------------

    def _run(self, X: np.ndarray) -> dict[str, np.ndarray]:
        """Forward through time. Returns the states ``H`` (``h_0 .. h_T``), the
        pre-activations ``Z`` and, for the LSTM, the gates ``A`` (``i, f, g, o``)
        and cells ``C`` (``c_0 .. c_T``), each of shape ``(..., T(+1), n, k)``
        (time before the rows, so that one step is one contiguous block per member)."""
        U, W, _ = self.params["W"]
        hidden = self.sizes[1]
        Xt = np.ascontiguousarray(np.swapaxes(X, -2, -3))        # (..., T, n, d)
        # the input part of every step at once
        Z = np.matmul(Xt, U[..., None, :, :]) + self.params["b"][0][..., None, None, :]
        T, lead, n = Z.shape[-3], Z.shape[:-3], Z.shape[-2]
        H = np.zeros(lead + (T + 1, n, hidden), dtype=self.dtype)
        out = {"X": Xt, "H": H, "Z": Z}
        if self.cell == "lstm":
            A = np.empty_like(Z)
            C = np.zeros_like(H)
            out.update(A=A, C=C)
        g_block = slice(2 * hidden, 3 * hidden)
        for t in range(T):
            z = Z[..., t, :, :]
            z += np.matmul(H[..., t, :, :], W)
            if self.cell == "rnn":
                H[..., t + 1, :, :] = self._phi(z)
                continue
            a = A[..., t, :, :]
            a[...] = self._sig(z)                                   # i, f, o (and g, next)
            a[..., g_block] = self._tanh(z[..., g_block])
            i, f, g, o = (a[..., j * hidden:(j + 1) * hidden] for j in range(4))
            c = C[..., t + 1, :, :]
            np.multiply(f, C[..., t, :, :], out=c)
            c += i * g
            np.multiply(o, self._phi(c), out=H[..., t + 1, :, :])
        return out

    def _through_time(self, dh: np.ndarray, run: dict[str, np.ndarray]) -> None:
        """Backpropagation through time from ``dL/dh_T``; gradients of U, W, b in place.

        Everything that does not depend on the incoming gradient (the
        derivatives, the factors of each gate) is computed for all steps at
        once; only ``dh`` and ``dc`` are carried step by step.
        """
        W = self.params["W"][1]
        gU, gW, _ = self._grads["W"]
        gb = self._grads["b"][0]
        WT = W.swapaxes(-1, -2)
        hidden = self.sizes[1]
        Z, H = run["Z"], run["H"]
        T = Z.shape[-3]
        if self.cell == "rnn":
            dZ = self._dphi(Z)
            for t in range(T - 1, -1, -1):
                dz = dZ[..., t, :, :]
                dz *= dh
                dh = np.matmul(dz, WT)
        else:
            A, C = run["A"], run["C"]
            s = slice(2 * hidden, 3 * hidden)
            # d a / d z of the four blocks from the gate values themselves:
            # sigma' = sigma (1 - sigma) and tanh' = 1 - tanh^2 (derived in the chapter)
            dZ = A * (1 - A)
            dZ[..., s] = 1 - A[..., s] ** 2
            # dL/dz = [dc g, dc c_prev, dc i, dh phi(c)] * da/dz: the factors for all steps
            dZ[..., :hidden] *= A[..., s]
            dZ[..., hidden:2 * hidden] *= C[..., :-1, :, :]
            dZ[..., s] *= A[..., :hidden]
            dZ[..., 3 * hidden:] *= self._phi(C[..., 1:, :, :])
            dc_dh = A[..., 3 * hidden:] * self._dphi(C[..., 1:, :, :])   # o phi'(c)
            dc = np.zeros_like(dh)
            for t in range(T - 1, -1, -1):
                dc += dh * dc_dh[..., t, :, :]
                dz = dZ[..., t, :, :]
                dz4 = dz.reshape(dz.shape[:-1] + (4, hidden))
                dz4[..., :3, :] *= dc[..., None, :]
                dz4[..., 3, :] *= dh
                dc *= A[..., t, :, hidden:2 * hidden]
                dh = np.matmul(dz, WT)
        # the parameter gradients of all steps at once: sum over time and rows
        lead = Z.shape[:-3]

        def rows(a: np.ndarray) -> np.ndarray:          # (..., T, n, k) -> (..., T n, k)
            a = np.broadcast_to(a, lead + a.shape[-3:])
            return a.reshape(lead + (-1, a.shape[-1]))

        flat_dZ = rows(dZ)
        np.matmul(rows(run["X"]).swapaxes(-1, -2), flat_dZ, out=gU)
        np.matmul(rows(H[..., :-1, :, :]).swapaxes(-1, -2), flat_dZ, out=gW)
        np.sum(flat_dZ, axis=-2, out=gb)

    def _logits(self, h: np.ndarray) -> np.ndarray:
        return np.matmul(h, self.params["W"][2]) + self.params["b"][1][..., None, :]

    def _backward(self, X: np.ndarray, onehot_scaled: np.ndarray, y: np.ndarray | None = None
                  ) -> tuple[list[np.ndarray], np.ndarray | None, np.ndarray | None]:
        """Forward and backward pass (as :meth:`helpers.nn.MLP._backward`); the
        gradients land in the flat buffer. Returns ``([], loss, accuracy)``."""
        run = self._run(X)
        h = run["H"][..., -1, :, :]
        logits = self._logits(h)
        loss, acc = _head.gradient_in_place(logits, onehot_scaled, y)
        dlogits = logits
        np.matmul(h.swapaxes(-1, -2), dlogits, out=self._grads["W"][2])
        np.sum(dlogits, axis=-2, out=self._grads["b"][1])
        self._through_time(np.matmul(dlogits, self.params["W"][2].swapaxes(-1, -2)), run)
        return [], loss, acc

    def _evaluate(self, X: np.ndarray, y: np.ndarray,
                  logits: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Loss and accuracy per member, each of shape ``(n_members,)``."""
        if logits is None:
            logits = self._logits(self._run(X)["H"][..., -1, :, :])
        return _head.loss_and_accuracy(logits, y)

    # -- public ---------------------------------------------------------------

    def hidden_states(self, X: np.typing.ArrayLike) -> np.ndarray:
        """``h_1 .. h_T``, shape ``(n, T, hidden)`` (``(S, n, T, hidden)`` if stacked)."""
        return np.swapaxes(self._run(self._check_X(X))["H"][..., 1:, :, :], -2, -3)

    def forget_gates(self, X: np.typing.ArrayLike) -> np.ndarray:
        """The LSTM's ``f_1 .. f_T``, shape ``(n, T, hidden)`` (stacked: leading seed axis)."""
        if self.cell != "lstm":
            raise ValueError("forget_gates() needs cell='lstm'")
        hidden = self.sizes[1]
        return np.swapaxes(self._run(self._check_X(X))["A"][..., hidden:2 * hidden], -2, -3)

    def loss_and_gradients(self, X: np.typing.ArrayLike, y: np.typing.ArrayLike
                           ) -> tuple[float | np.ndarray, dict[str, list[np.ndarray]]]:
        """Mean cross-entropy on ``(X, y)`` and its gradient (fresh arrays, like ``params``)."""
        Xc = self._check_X(X)
        yc = self._check_y(y, len(Xc))
        if len(yc) == 0:
            raise ValueError("X and y must have at least one row")
        _, loss, _ = self._backward(Xc, self._onehot(yc, 1.0 / len(yc)), yc)
        grads = {k: [np.copy(g) for g in v] for k, v in self._grads.items()}
        return (float(loss[0]) if self.seeds is None else loss), grads

    def evaluate(self, X: np.typing.ArrayLike, y: np.typing.ArrayLike
                 ) -> tuple[float | np.ndarray, float | np.ndarray]:
        """Mean cross-entropy and accuracy (arrays over seeds if stacked)."""
        Xc = self._check_X(X)
        loss, acc = self._evaluate(Xc, self._check_y(y, len(Xc)))
        return (float(loss[0]), float(acc[0])) if self.seeds is None else (loss, acc)

    def accuracy(self, X: np.typing.ArrayLike, y: np.typing.ArrayLike) -> float | np.ndarray:
        """Fraction of sequences classified correctly (one per seed if stacked)."""
        return self.evaluate(X, y)[1]


def through_time(W: np.ndarray, h: np.ndarray, dphi: np.ndarray | None = None) -> np.ndarray:
    r"""Spectral norms of :math:`\partial h_t / \partial h_0` for ``t = 1 .. T``.

    Parameters
    ----------
    W : ndarray, shape (H, H)
        Recurrent weights (row convention :math:`h_t = \phi(h_{t-1} W + \dots)`).
    h : ndarray, shape (..., T, H)
        The hidden states ``h_1 .. h_T`` of tanh cells along a trajectory.
    dphi : ndarray, optional
        :math:`\phi'(z_t)` for another activation; default ``1 - h**2`` (tanh).

    Returns
    -------
    ndarray, shape (..., T)
        :math:`\lVert \prod_{s=t}^{1} \operatorname{diag}(\phi'(z_s)) W^\top \rVert_2`.
    """
    W = np.asarray(W, dtype=float)
    h = np.asarray(h, dtype=float)
    if W.ndim != 2 or W.shape[0] != W.shape[1] or h.ndim < 2 or h.shape[-1] != W.shape[0]:
        raise ValueError(f"W must be square (H, H) and h of shape (..., T, H); "
                         f"got {W.shape} and {h.shape}")
    d = 1 - h ** 2 if dphi is None else np.asarray(dphi, dtype=float)
    J = np.broadcast_to(np.eye(W.shape[0]), h.shape[:-2] + W.shape).copy()
    norms = np.empty(h.shape[:-1])
    for t in range(h.shape[-2]):
        J = d[..., t, :, None] * np.matmul(W.T, J)          # diag(d_t) W^T J
        norms[..., t] = np.linalg.norm(J, ord=2, axis=(-2, -1))
    return norms


def cell_path(f: np.ndarray) -> np.ndarray:
    r""":math:`\partial c_t / \partial c_0 = \prod_{s \le t} f_s` along the LSTM's cell path.

    ``f`` has shape ``(..., T, H)`` (e.g. from :meth:`Recurrent.forget_gates`);
    the result has the same shape (one diagonal entry per unit and step).
    """
    return np.cumprod(np.asarray(f, dtype=float), axis=-2)
