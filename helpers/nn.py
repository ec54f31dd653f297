r"""A small multilayer perceptron in NumPy, with backpropagation for any activation.

Introduced in: book/why_activations.md

The network is ``sizes = [d_in, h_1, ..., h_L, classes]``: ``L`` hidden
layers ``h = f(z)``, ``z = h_prev @ W + b``, all with the same activation
``f``, then a linear output layer giving logits, trained with the mean
softmax cross-entropy. Backpropagation uses the activation's NumPy
derivative ``df``, so the derivative at a kink is the left-hand one
(``relu'(0) = 0``), as everywhere in the book.

Parameters live in ``net.params``, a dict of lists:
``params["W"][l]`` (shape ``(sizes[l], sizes[l+1])``), ``params["b"][l]``
(shape ``(sizes[l+1],)``) and, for PReLU only, ``params["alpha"]``, a 1-D
array with one learnable slope per hidden layer. Gradients come back in the
same structure.

PReLU and its slope
-------------------
With the left-kink convention PReLU is :math:`f(z) = z` for :math:`z > 0`
and :math:`f(z) = \alpha z` for :math:`z \le 0`, so

.. math::

    \frac{\partial f}{\partial \alpha} = \begin{cases} 0 & z > 0 \\ z & z \le 0
    \end{cases} = \min(z, 0).

One :math:`\alpha` is shared by every unit of a hidden layer and every row of
the batch, so by the chain rule

.. math::

    \frac{\partial L}{\partial \alpha} = \sum_{\text{rows } n}\ \sum_{\text{units } j}
    \frac{\partial L}{\partial h_{nj}} \, \min(z_{nj}, 0).

(The loss is a mean over rows, and that ``1/n`` is already inside
``dL/dh``.)

Examples
--------
>>> from helpers import datasets, nn
>>> X, y = datasets.xor(n=40)
>>> net = nn.MLP([2, 8, 2], activation="tanh", seed=0)
>>> history = nn.train(net, X, y, lr=0.5, epochs=300)
>>> float(history.accuracy[-1])
1.0
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from helpers import activations as act
from helpers.vector import log_softmax, softmax

__all__ = [
    "INIT_SCHEMES",
    "init_weights",
    "MLP",
    "History",
    "train",
    "dead_fraction",
    "gradient_norms",
]

#: Initialisation schemes of :func:`init_weights` and the variance each aims for.
INIT_SCHEMES: dict[str, str] = {
    "he": "normal, variance 2 / fan_in (He et al. 2015; for ReLU)",
    "glorot": "normal, variance 2 / (fan_in + fan_out) (Glorot & Bengio 2010)",
    "lecun": "normal, variance 1 / fan_in (LeCun et al. 1998)",
    "normal": "normal, standard deviation std (default 0.01)",
    "uniform": "uniform on [-1/sqrt(fan_in), 1/sqrt(fan_in)], variance 1 / (3 fan_in)",
}

Params = dict[str, list[np.ndarray] | np.ndarray]


def _check_int(name: str, value: object, minimum: int) -> int:
    ok = isinstance(value, (int, np.integer)) and not isinstance(value, bool)
    if not ok or value < minimum:
        raise ValueError(f"{name} must be a whole number >= {minimum}, got {value!r}")
    return int(value)


def _check_positive(name: str, value: object) -> float:
    ok = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
    if not ok or not math.isfinite(float(value)) or float(value) <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return float(value)


def _rng(seed: int | np.random.Generator) -> np.random.Generator:
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(_check_int("seed", seed, 0))


def init_weights(fan_in: int, fan_out: int, scheme: str = "he",
                 seed: int | np.random.Generator = 0, std: float = 0.01) -> np.ndarray:
    """A ``(fan_in, fan_out)`` float64 weight matrix drawn by ``scheme``.

    Parameters
    ----------
    fan_in, fan_out : int
        Inputs and outputs of the layer (>= 1).
    scheme : str
        One of :data:`INIT_SCHEMES`: ``"he"`` (variance ``2/fan_in``),
        ``"glorot"`` (``2/(fan_in+fan_out)``), ``"lecun"`` (``1/fan_in``),
        ``"normal"`` (standard deviation ``std``) or ``"uniform"``
        (on ``±1/sqrt(fan_in)``, variance ``1/(3 fan_in)``).
    seed : int or numpy.random.Generator
        Seed, or a generator to draw from (the network passes its own).
    std : float
        Standard deviation for ``scheme="normal"`` only.

    Raises
    ------
    ValueError
        For an unknown scheme (the message lists the valid ones) or bad sizes.
    """
    fan_in = _check_int("fan_in", fan_in, 1)
    fan_out = _check_int("fan_out", fan_out, 1)
    key = scheme.strip().lower() if isinstance(scheme, str) else scheme
    if key not in INIT_SCHEMES:
        raise ValueError(
            f"Unknown init scheme {scheme!r}. Valid schemes: {', '.join(INIT_SCHEMES)}."
        )
    rng = _rng(seed)
    shape = (fan_in, fan_out)
    if key == "uniform":
        limit = 1 / math.sqrt(fan_in)
        return rng.uniform(-limit, limit, shape)
    sigma = {
        "he": math.sqrt(2 / fan_in),
        "glorot": math.sqrt(2 / (fan_in + fan_out)),
        "lecun": math.sqrt(1 / fan_in),
        "normal": _check_positive("std", std),
    }[key]
    return sigma * rng.standard_normal(shape)


class MLP:
    """A fully connected network with one activation for all hidden layers.

    Parameters
    ----------
    sizes : sequence of int
        ``[inputs, hidden_1, ..., hidden_L, classes]``; at least two entries
        (``[d, k]`` is plain softmax regression, with no hidden layer).
    activation : str or helpers.activations.Activation
        Any registry name (see ``helpers.activations.names()``) or an
        ``Activation``. ``"prelu"`` gets one learnable slope per hidden layer,
        starting at its ``alpha`` (default 0.25).
    init : str
        Weight initialisation scheme for every layer (see :func:`init_weights`);
        biases start at zero.
    seed : int
        Seed for the initial weights.
    activation_params : mapping, optional
        Parameters for the activation, e.g. ``{"alpha": 0.1}``.

    Attributes
    ----------
    params : dict
        ``{"W": [...], "b": [...]}`` plus ``"alpha"`` (1-D array) for PReLU.
    activation : helpers.activations.Activation
        The activation (for PReLU: the one with the initial slope).
    """

    def __init__(self, sizes: Sequence[int], activation: str | act.Activation = "relu",
                 init: str = "he", seed: int = 0,
                 activation_params: Mapping[str, float] | None = None) -> None:
        if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence) or len(sizes) < 2:
            raise ValueError(
                f"sizes must be a list of at least two layer widths, e.g. [2, 16, 3]; got {sizes!r}"
            )
        self.sizes = [_check_int(f"sizes[{i}]", s, 1) for i, s in enumerate(sizes)]
        if isinstance(activation, act.Activation):
            if activation_params:
                raise ValueError("pass activation_params only with an activation name, "
                                 "not with an Activation object (it has its parameters)")
            self.activation = activation
        else:
            self.activation = act.get(activation, **dict(activation_params or {}))
        self.init = init
        self.seed = seed
        rng = _rng(seed)
        pairs = zip(self.sizes[:-1], self.sizes[1:], strict=True)
        weights = [init_weights(a, b, init, seed=rng) for a, b in pairs]
        self.params: Params = {
            "W": weights,
            "b": [np.zeros(b) for b in self.sizes[1:]],
        }
        if self.learnable_alpha:
            alpha = float(self.activation.params["alpha"])
            self.params["alpha"] = np.full(self.n_hidden, alpha)

    # -- shape facts -------------------------------------------------------

    @property
    def n_layers(self) -> int:
        """Number of weight matrices (hidden layers + the output layer)."""
        return len(self.sizes) - 1

    @property
    def n_hidden(self) -> int:
        """Number of hidden layers."""
        return len(self.sizes) - 2

    @property
    def learnable_alpha(self) -> bool:
        """True for PReLU, whose slope ``alpha`` is trained with the weights."""
        return self.activation.name == "prelu"

    def __repr__(self) -> str:
        return f"MLP({self.sizes}, activation={self.activation.name!r}, init={self.init!r})"

    # -- the activation of hidden layer l -----------------------------------

    def _f(self, layer: int, z: np.ndarray) -> np.ndarray:
        if self.learnable_alpha:
            alpha = self.params["alpha"][layer]
            return np.where(z > 0, z, alpha * z)
        return self.activation.f(z)

    def _df(self, layer: int, z: np.ndarray) -> np.ndarray:
        if self.learnable_alpha:
            alpha = self.params["alpha"][layer]
            return np.where(z > 0, 1.0, alpha)
        return self.activation.df(z)

    # -- forward -----------------------------------------------------------

    def _check_X(self, X: np.typing.ArrayLike) -> np.ndarray:
        arr = np.asarray(X)
        if arr.ndim != 2 or arr.shape[1] != self.sizes[0]:
            raise ValueError(
                f"X must have shape (n, {self.sizes[0]}), got {arr.shape}"
            )
        if arr.dtype.kind not in "iuf":
            raise ValueError(f"X must hold real numbers, got dtype {arr.dtype}")
        return arr.astype(np.float64, copy=False)

    def _check_y(self, y: np.typing.ArrayLike, n: int) -> np.ndarray:
        arr = np.asarray(y)
        if arr.shape != (n,):
            raise ValueError(f"y must have shape ({n},) to match X, got {arr.shape}")
        if arr.dtype == bool or not np.issubdtype(arr.dtype, np.number) \
                or np.any(arr != np.round(arr)):
            raise ValueError("y must hold whole-number class labels")
        classes = self.sizes[-1]
        if n and (arr.min() < 0 or arr.max() >= classes):
            raise ValueError(f"labels must be in 0 .. {classes - 1} (the network has "
                             f"{classes} outputs), got values {arr.min()} .. {arr.max()}")
        return arr.astype(np.int64)

    def _forward(self, X: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray], np.ndarray]:
        """Pre-activations ``zs``, layer inputs ``hs`` (``hs[0] = X``) and the logits."""
        zs, hs = [], [X]
        h = X
        for layer in range(self.n_hidden):
            z = h @ self.params["W"][layer] + self.params["b"][layer]
            h = self._f(layer, z)
            zs.append(z)
            hs.append(h)
        logits = h @ self.params["W"][-1] + self.params["b"][-1]
        return zs, hs, logits

    def forward(self, X: np.typing.ArrayLike) -> np.ndarray:
        """Logits of shape ``(n, classes)``."""
        return self._forward(self._check_X(X))[2]

    def hidden(self, X: np.typing.ArrayLike) -> list[tuple[np.ndarray, np.ndarray]]:
        """``(pre_activation, post_activation)`` of every hidden layer, each ``(n, width)``."""
        zs, hs, _ = self._forward(self._check_X(X))
        return list(zip(zs, hs[1:], strict=True))

    def predict_proba(self, X: np.typing.ArrayLike) -> np.ndarray:
        """Softmax class probabilities, shape ``(n, classes)``."""
        return softmax(self.forward(X), axis=1)

    def predict(self, X: np.typing.ArrayLike) -> np.ndarray:
        """Predicted class labels (int), shape ``(n,)``."""
        return np.argmax(self.forward(X), axis=1).astype(np.int64)

    def accuracy(self, X: np.typing.ArrayLike, y: np.typing.ArrayLike) -> float:
        """Fraction of rows whose predicted label equals ``y``."""
        Xc = self._check_X(X)
        yc = self._check_y(y, len(Xc))
        return float(np.mean(self.predict(Xc) == yc))

    # -- loss and backpropagation ------------------------------------------

    def _loss_grads(self, X: np.ndarray, y: np.ndarray
                    ) -> tuple[float, Params, np.ndarray, list[np.ndarray]]:
        n = len(y)
        if n == 0:
            raise ValueError("X and y must have at least one row")
        zs, hs, logits = self._forward(X)
        logp = log_softmax(logits, axis=1)
        loss = float(-np.mean(logp[np.arange(n), y]))
        delta = np.exp(logp)                   # dL/dlogits = (softmax - onehot) / n
        delta[np.arange(n), y] -= 1.0
        delta /= n
        grads_W = [np.empty(0)] * self.n_layers
        grads_b = [np.empty(0)] * self.n_layers
        grads_alpha = np.zeros(self.n_hidden)
        for layer in range(self.n_layers - 1, -1, -1):
            grads_W[layer] = hs[layer].T @ delta
            grads_b[layer] = delta.sum(axis=0)
            if layer == 0:
                break
            dh = delta @ self.params["W"][layer].T       # dL/dh of hidden layer layer-1
            z = zs[layer - 1]
            if self.learnable_alpha:
                grads_alpha[layer - 1] = np.sum(dh * np.minimum(z, 0.0))
            delta = dh * self._df(layer - 1, z)
        grads: Params = {"W": grads_W, "b": grads_b}
        if self.learnable_alpha:
            grads["alpha"] = grads_alpha
        return loss, grads, logits, zs

    def loss_and_gradients(self, X: np.typing.ArrayLike, y: np.typing.ArrayLike
                           ) -> tuple[float, Params]:
        """Mean softmax cross-entropy on ``(X, y)`` and its gradient.

        Returns
        -------
        loss : float
        grads : dict
            Same structure as :attr:`params` (``"W"``, ``"b"``, and ``"alpha"``
            for PReLU).
        """
        Xc = self._check_X(X)
        loss, grads, _, _ = self._loss_grads(Xc, self._check_y(y, len(Xc)))
        return loss, grads

    def step(self, grads: Params, lr: float) -> None:
        """Plain gradient descent, in place: ``p -= lr * grad`` for every parameter."""
        lr = _check_positive("lr", lr)
        if set(grads) != set(self.params):
            raise ValueError(f"grads must have the keys {sorted(self.params)}, "
                             f"got {sorted(grads)}")
        for key, value in self.params.items():
            if isinstance(value, list):
                for p, g in zip(value, grads[key], strict=True):
                    p -= lr * g
            else:
                value -= lr * grads[key]


# ---------------------------------------------------------------------------
# Diagnostics


def gradient_norms(grads: Params) -> np.ndarray:
    """Frobenius norm of each weight gradient ``grads["W"][l]``, shape ``(n_layers,)``."""
    return np.array([float(np.linalg.norm(g)) for g in grads["W"]])


def _dead_from_pre(net: MLP, zs: Sequence[np.ndarray]) -> np.ndarray:
    return np.array([float(np.mean(np.all(net._df(layer, z) == 0, axis=0)))
                     for layer, z in enumerate(zs)])


def dead_fraction(net: MLP, X: np.typing.ArrayLike) -> np.ndarray:
    """Fraction of dead units in each hidden layer, shape ``(n_hidden,)``.

    A unit is *dead* on ``X`` when its activation derivative is exactly 0 on
    every row: no gradient reaches its incoming weights, so gradient descent
    can never revive it (e.g. a ReLU whose pre-activation is <= 0 everywhere).
    """
    zs, _, _ = net._forward(net._check_X(X))
    return _dead_from_pre(net, zs)


@dataclass
class History:
    """What :func:`train` recorded after each epoch (row ``e`` = after epoch ``e+1``).

    Attributes
    ----------
    loss : ndarray, shape (epochs,)
        Mean cross-entropy on the full training set.
    accuracy : ndarray, shape (epochs,)
        Training accuracy.
    grad_norms : ndarray, shape (epochs, n_layers)
        Frobenius norm of each weight gradient on the full training set.
    dead_fraction : ndarray, shape (epochs, n_hidden)
        Fraction of dead units per hidden layer (see :func:`dead_fraction`).
    diverged_at : int or None
        First epoch (0-based) whose loss or parameters were not finite;
        training stops there and the remaining rows are NaN.
    """

    loss: np.ndarray
    accuracy: np.ndarray
    grad_norms: np.ndarray
    dead_fraction: np.ndarray
    diverged_at: int | None = None


def train(net: MLP, X: np.typing.ArrayLike, y: np.typing.ArrayLike, lr: float = 0.1,
          epochs: int = 200, batch_size: int | None = None, seed: int = 0) -> History:
    """Train ``net`` in place with plain (minibatch) gradient descent.

    Parameters
    ----------
    net : MLP
    X, y : arrays
        Inputs ``(n, d)`` and integer labels ``(n,)``.
    lr : float
        Learning rate (> 0).
    epochs : int
        Passes over the data (>= 1).
    batch_size : int, optional
        ``None`` (default) for full-batch gradient descent; otherwise the rows
        are shuffled every epoch (seeded) and split into batches of this size.
    seed : int
        Seed of the shuffling.

    Returns
    -------
    History
        Loss, accuracy, gradient norms and dead fractions on the full data
        after every epoch. If the loss or a parameter stops being finite
        (exploding weights) training stops; see ``History.diverged_at``.
    """
    Xc = net._check_X(X)
    yc = net._check_y(y, len(Xc))
    lr = _check_positive("lr", lr)
    epochs = _check_int("epochs", epochs, 1)
    n = len(yc)
    if batch_size is not None:
        batch_size = _check_int("batch_size", batch_size, 1)
    rng = _rng(seed)
    hist = History(
        loss=np.full(epochs, np.nan),
        accuracy=np.full(epochs, np.nan),
        grad_norms=np.full((epochs, net.n_layers), np.nan),
        dead_fraction=np.full((epochs, net.n_hidden), np.nan),
    )
    # Exploding runs overflow on purpose; divergence is reported in the history.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        _, grads, _, _ = net._loss_grads(Xc, yc)
        for epoch in range(epochs):
            if batch_size is None or batch_size >= n:
                net.step(grads, lr)
            else:
                order = rng.permutation(n)
                for start in range(0, n, batch_size):
                    rows = order[start:start + batch_size]
                    net.step(net._loss_grads(Xc[rows], yc[rows])[1], lr)
            loss, grads, logits, zs = net._loss_grads(Xc, yc)
            finite = math.isfinite(loss) and all(
                np.all(np.isfinite(p)) for value in net.params.values()
                for p in (value if isinstance(value, list) else [value]))
            if not finite:
                hist.diverged_at = epoch
                break
            hist.loss[epoch] = loss
            hist.accuracy[epoch] = np.mean(np.argmax(logits, axis=1) == yc)
            hist.grad_norms[epoch] = gradient_norms(grads)
            hist.dead_fraction[epoch] = _dead_from_pre(net, zs)
    return hist
