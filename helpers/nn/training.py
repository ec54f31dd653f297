"""The one training loop, its history, and the diagnostics it records.

Introduced in: none (used by other helpers modules only)

See :mod:`helpers.nn` for the overview and examples.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any

import numpy as np

from helpers import activations as act
from helpers import distributions
from helpers.nn._checks import check_int, check_positive, check_seeds
from helpers.nn.network import MLP, Params
from helpers.nn.optimisers import Optimiser
from helpers.nn.recurrent import Recurrent

__all__ = ["History", "train", "train_many", "dead_fraction", "gradient_norms", "mean_ci"]

Data = tuple[np.typing.ArrayLike, np.typing.ArrayLike]


def gradient_norms(grads: Params) -> np.ndarray:
    """Frobenius norm of each weight gradient ``grads["W"][l]``, shape ``(n_layers,)``
    (``(S, n_layers)`` for the gradients of a stacked network)."""
    return np.stack([np.sqrt(np.sum(np.square(g, dtype=np.float64), axis=(-2, -1)))
                     for g in grads["W"]], axis=-1)


def _dead_from_pre(net: MLP, zs: Sequence[np.ndarray]) -> np.ndarray:
    """Dead fraction per member and hidden layer, shape ``(n_members, n_hidden)``."""
    cols = [np.mean(np.all(layer.df(z) == 0, axis=-2), axis=-1)
            for layer, z in zip(net.activation_layers, zs, strict=True)]
    return np.reshape(np.stack(cols, axis=-1) if cols else np.zeros((net.n_members, 0)),
                      (net.n_members, net.n_hidden))


def dead_fraction(net: MLP, X: np.typing.ArrayLike) -> np.ndarray:
    """Fraction of dead units in each hidden layer, shape ``(n_hidden,)``.

    A unit is *dead* on ``X`` when its activation derivative is exactly 0 on
    every row: no gradient reaches its incoming weights, so gradient descent
    can never revive it (e.g. a ReLU whose pre-activation is <= 0 everywhere).
    A stacked network gives shape ``(S, n_hidden)``.
    """
    zs, _, _ = net._forward(net._check_X(X))
    out = _dead_from_pre(net, zs)
    return out[0] if not net.stacked else out


@dataclass
class History:
    """What :func:`train` recorded after each epoch (column ``e`` = after epoch ``e+1``).

    For a stacked network every array has a leading seed axis
    (``loss[s, e]``) and ``diverged_at`` is a list with one entry per seed;
    :meth:`member` picks one seed's history.

    Attributes
    ----------
    loss, accuracy : ndarray, shape (epochs,)
        Mean cross-entropy and accuracy on the full training set.
    grad_norms : ndarray, shape (epochs, n_layers), or None
        Frobenius norm of each weight gradient on the full training set
        (``None`` when trained with ``diagnostics=False``).
    dead_fraction : ndarray, shape (epochs, n_hidden), or None
        Fraction of dead units per hidden layer on the training set
        (see :func:`dead_fraction`; ``None`` with ``diagnostics=False``).
    diverged_at : int or None
        First epoch (0-based) whose training loss was not finite; that
        network stops there and its remaining entries are NaN.
    val_loss, val_accuracy, test_loss, test_accuracy : ndarray or None
        The same on the ``validation`` and ``test`` sets, when given.
    seconds : ndarray, shape (epochs,)
        Wall-clock time of each epoch (training and recording; the only
        entry that differs between two runs with the same seed).
    settings : dict
        The optimiser and its options, batch size, clipping, dtype.
    """

    loss: np.ndarray
    accuracy: np.ndarray
    grad_norms: np.ndarray | None
    dead_fraction: np.ndarray | None
    diverged_at: int | None | list[int | None] = None
    val_loss: np.ndarray | None = None
    val_accuracy: np.ndarray | None = None
    test_loss: np.ndarray | None = None
    test_accuracy: np.ndarray | None = None
    seconds: np.ndarray | None = None
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def diverged(self) -> bool | np.ndarray:
        """Whether training diverged (one bool per seed for a stacked network)."""
        if isinstance(self.diverged_at, list):
            return np.array([d is not None for d in self.diverged_at])
        return self.diverged_at is not None

    def member(self, index: int) -> History:
        """The history of one seed of a stacked network."""
        if not isinstance(self.diverged_at, list):
            raise ValueError("member() needs the history of a stacked network")
        index = check_int("index", index, 0)
        if index >= len(self.diverged_at):
            raise ValueError(f"index must be in 0 .. {len(self.diverged_at) - 1}, got {index}")
        per_seed = {f.name: getattr(self, f.name)[index] for f in fields(self)
                    if f.name not in ("seconds", "settings", "diverged_at")
                    and getattr(self, f.name) is not None}
        return replace(self, diverged_at=self.diverged_at[index], **per_seed)

    def epochs_to(self, threshold: float, metric: str = "val_accuracy") -> int | None | list:
        """Epochs (counting from 1) until ``metric`` first reaches ``threshold``;
        ``None`` if it never does (a list over seeds for a stacked network)."""
        values = getattr(self, metric, None) if metric in {f.name for f in fields(self)} else None
        if not isinstance(values, np.ndarray) or values.ndim == 0:
            raise ValueError(f"metric must be a recorded per-epoch array such as 'accuracy', "
                             f"'val_accuracy' or 'test_accuracy', got {metric!r}")

        def first(row: np.ndarray) -> int | None:
            hits = np.flatnonzero(row >= threshold)
            return int(hits[0]) + 1 if hits.size else None

        return first(values) if values.ndim == 1 else [first(row) for row in values]


def mean_ci(values: np.typing.ArrayLike, confidence: float = 0.95) -> tuple[float, float]:
    """Mean and half-width of its ``confidence`` interval (Student's t over the values).

    >>> tuple(round(v, 3) for v in mean_ci([0.60, 0.62, 0.64]))
    (0.62, 0.05)
    """
    arr = np.asarray(values, dtype=np.float64).ravel()
    if arr.size < 2 or not np.all(np.isfinite(arr)):
        raise ValueError("values must hold at least two finite numbers")
    t = distributions.t_quantile(0.5 + confidence / 2, arr.size - 1)
    half = t * arr.std(ddof=1) / math.sqrt(arr.size)
    return float(arr.mean()), float(half)


def _held_out(net: MLP, name: str, data: Data | None) -> tuple[np.ndarray, np.ndarray] | None:
    if data is None:
        return None
    if not isinstance(data, (tuple, list)) or len(data) != 2:
        raise ValueError(f"{name} must be a pair (X, y), got {type(data).__name__}")
    X = net._check_X(data[0], f"{name}[0]")
    y = net._check_y(data[1], len(X), f"{name}[1]")
    if len(y) == 0:
        raise ValueError(f"{name} must have at least one row")
    return X, y


def train(net: MLP | Recurrent, X: np.typing.ArrayLike, y: np.typing.ArrayLike, lr: float = 0.1,
          epochs: int = 200, batch_size: int | None = None,
          seed: int | Sequence[int] = 0, *, optimiser: str = "sgd", momentum: float = 0.9,
          betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
          clip_value: float | None = None, clip_norm: float | None = None,
          validation: Data | None = None, test: Data | None = None,
          diagnostics: bool = True) -> History:
    """Train ``net`` in place; record losses, accuracies and diagnostics per epoch.

    Parameters
    ----------
    net : MLP or Recurrent
        Ordinary or stacked (built with a list of seeds). Any network with
        the same protocol trains here (flat ``_theta``/``_grad`` buffers,
        ``_backward``, ``_evaluate``): :class:`helpers.nn.recurrent.Recurrent`
        reads inputs of shape ``(n, T, d)``.
    X, y : arrays
        Training inputs ``(n, d)`` (finite) and integer labels ``(n,)``.
    lr : float
        Learning rate (> 0).
    epochs : int
        Passes over the training data (>= 1).
    batch_size : int, optional
        ``None`` (default) for full-batch gradient descent; otherwise the
        rows are shuffled every epoch and split into batches of this size
        (the last one may be smaller).
    seed : int or sequence of int
        Seed of the shuffling. For a stacked network, one seed per member
        gives each member its own order (exactly as if trained alone); one
        int gives all members the same order.
    optimiser : str
        ``"sgd"``, ``"momentum"`` or ``"adam"`` (see
        :mod:`helpers.nn.optimisers`), with ``momentum``, ``betas``, ``eps``.
    clip_value : float, optional
        Clip every gradient entry into ``[-clip_value, clip_value]`` before each step.
    clip_norm : float, optional
        Then rescale the gradient (all parameters together, per seed) to a
        norm of at most ``clip_norm``, as ``torch.nn.utils.clip_grad_norm_``.
    validation, test : (X, y), optional
        Held-out sets evaluated after every epoch (never trained on).
    diagnostics : bool
        Record gradient norms and dead fractions on the full training set
        after every epoch (a backward pass over all rows). ``False`` records
        only losses and accuracies, which is faster with minibatches.

    Returns
    -------
    History
        If the training loss of a network stops being finite, that network
        stops and the history says when (``History.diverged_at``); no error,
        no warning. A stacked network's other members train on.
    """
    Xc = net._check_X(X)
    yc = net._check_y(y, len(Xc))
    n = len(yc)
    if n == 0:
        raise ValueError("X and y must have at least one row")
    lr = check_positive("lr", lr)
    epochs = check_int("epochs", epochs, 1)
    if batch_size is not None:
        batch_size = check_int("batch_size", batch_size, 1)
    full_batch = batch_size is None or batch_size >= n
    clip_value = None if clip_value is None else check_positive("clip_value", clip_value)
    clip_norm = None if clip_norm is None else check_positive("clip_norm", clip_norm)
    held = {"val": _held_out(net, "validation", validation),
            "test": _held_out(net, "test", test)}
    shuffle_seeds = check_seeds(seed)
    if shuffle_seeds is not None and len(shuffle_seeds) != net.n_members:
        raise ValueError(f"seed must be one int or {net.n_members} seeds (one per member "
                         f"of the network), got {len(shuffle_seeds)}")
    rngs = [np.random.default_rng(s) for s in (shuffle_seeds or [seed])]
    opt = Optimiser(optimiser, net._theta.size, lr, momentum=momentum, betas=betas, eps=eps,
                    dtype=net.dtype)
    S = net.n_members
    nan = np.full((S, epochs), np.nan)
    record = {"loss": nan.copy(), "accuracy": nan.copy(), "seconds": np.full(epochs, np.nan)}
    if diagnostics or full_batch:
        record["grad_norms"] = np.full((S, epochs, net.n_layers), np.nan)
        record["dead_fraction"] = np.full((S, epochs, net.n_hidden), np.nan)
    for key, data in held.items():
        if data is not None:
            record[f"{key}_loss"], record[f"{key}_accuracy"] = nan.copy(), nan.copy()
    diverged_at: list[int | None] = [None] * S
    alive = np.ones(S, dtype=bool)
    member_of = np.concatenate([np.repeat(np.arange(S), p.size // S) for p, _ in net._blocks])
    onehot_full = net._onehot(yc, 1.0 / n)
    if not full_batch:
        onehot_batch = net._onehot(yc, 1.0 / batch_size)
        rest = n % batch_size
        onehot_rest = net._onehot(yc, 1.0 / rest) if rest else onehot_batch

    def clip() -> None:
        if clip_value is not None:
            np.clip(net._grad, -clip_value, clip_value, out=net._grad)
        if clip_norm is not None:
            norms = np.sqrt(sum(np.sum(np.square(g.reshape(S, -1)), axis=1)
                                for _, g in net._blocks))
            scale = np.minimum(1.0, clip_norm / (norms + 1e-6)).astype(net.dtype)
            net._grad *= scale[member_of]

    def full_pass() -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
        zs, loss, acc = net._backward(Xc, onehot_full, yc)
        return zs, loss, acc

    # Exploding runs overflow on purpose; divergence is reported in the history.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        if full_batch:
            full_pass()
        for epoch in range(epochs):
            start = time.perf_counter()
            if full_batch:
                clip()
                opt.step(net._theta, net._grad)
            else:
                orders = np.stack([r.permutation(n) for r in rngs])
                if len(rngs) == 1:
                    orders = orders[0]
                for lo in range(0, n, batch_size):
                    rows = orders[..., lo:lo + batch_size]
                    oh = onehot_batch if rows.shape[-1] == batch_size else onehot_rest
                    net._backward(Xc[rows], oh[rows])
                    clip()
                    opt.step(net._theta, net._grad)
            if diagnostics or full_batch:
                zs, loss, acc = full_pass()
                grad_norms = gradient_norms(net._grads).reshape(S, -1)
            else:
                loss, acc = net._evaluate(Xc, yc)
            newly = alive & ~(np.isfinite(loss) & (np.all(np.isfinite(grad_norms), axis=1)
                                                   if diagnostics or full_batch else True))
            for s in np.flatnonzero(newly):
                diverged_at[s] = epoch
                if S > 1:                       # park it at zero; the others train on
                    net._theta[member_of == s] = 0
                    opt.reset(member_of == s)
            alive &= ~newly
            if not alive.any():
                break
            record["loss"][alive, epoch] = loss[alive]
            record["accuracy"][alive, epoch] = acc[alive]
            if diagnostics or full_batch:
                record["grad_norms"][alive, epoch] = grad_norms[alive]
                record["dead_fraction"][alive, epoch] = _dead_from_pre(net, zs)[alive]
            for key, data in held.items():
                if data is not None:
                    h_loss, h_acc = net._evaluate(*data)
                    record[f"{key}_loss"][alive, epoch] = h_loss[alive]
                    record[f"{key}_accuracy"][alive, epoch] = h_acc[alive]
            record["seconds"][epoch] = time.perf_counter() - start
    if full_batch and not diagnostics:
        del record["grad_norms"], record["dead_fraction"]
    squeeze = (lambda a: a) if net.stacked else (lambda a: a[0])
    arrays = {k: (v if k == "seconds" else squeeze(v)) for k, v in record.items()}
    return History(
        loss=arrays.pop("loss"), accuracy=arrays.pop("accuracy"),
        grad_norms=arrays.pop("grad_norms", None), dead_fraction=arrays.pop("dead_fraction", None),
        diverged_at=diverged_at if net.stacked else diverged_at[0], **arrays,
        settings={"optimiser": opt.name, "lr": lr, "momentum": momentum, "betas": tuple(betas),
                  "eps": eps, "batch_size": batch_size, "epochs": epochs,
                  "clip_value": clip_value, "clip_norm": clip_norm,
                  "dtype": np.dtype(net.dtype).name, "seed": seed},
    )


def train_many(sizes: Sequence[int], X: np.typing.ArrayLike, y: np.typing.ArrayLike,
               seeds: Sequence[int] = (0, 1, 2, 3, 4), activation: str | act.Activation = "relu",
               *, init: str = "he", activation_params: dict[str, float] | None = None,
               dtype: str = "float32", norm: str | None = None, residual: str | None = None,
               **options: Any) -> tuple[MLP, History]:
    """Train one network per seed, all at once as a stacked network.

    Member ``s`` is initialised with ``seed`` ``s`` and shuffles its batches
    with ``s``: the same numbers (up to rounding) as
    ``train(MLP(sizes, activation, seed=s), X, y, seed=s, ...)`` for each seed
    in turn, for little more than the cost of one.

    Parameters
    ----------
    sizes, activation, init, activation_params, norm, residual
        As for :class:`MLP`.
    X, y
        Training data.
    seeds : sequence of int
        One member per seed.
    dtype : str
        ``"float32"`` by default here (fast); ``"float64"`` for exact work.
    **options
        Anything :func:`train` takes (``lr``, ``epochs``, ``batch_size``,
        ``optimiser``, ``validation``, ``test``, ...), except ``seed``.

    Returns
    -------
    (MLP, History)
        The stacked network (``net.member(i)`` is seed ``seeds[i]`` alone)
        and its history (arrays with a leading seed axis; ``history.member(i)``).

    Examples
    --------
    >>> from helpers import datasets, nn
    >>> data = datasets.playground("xor", seed=0)
    >>> net, h = nn.train_many([2, 8, 8, 2], *data.train, seeds=range(3), activation="tanh",
    ...                        lr=0.3, epochs=50, batch_size=10, test=data.test)
    >>> h.test_accuracy.shape
    (3, 50)
    """
    if "seed" in options:
        raise ValueError("train_many takes seeds=..., not seed=")
    seeds = check_seeds(list(seeds) if not isinstance(seeds, (int, np.integer)) else seeds)
    if seeds is None:
        raise ValueError("seeds must be a list of whole numbers >= 0")
    net = MLP(sizes, activation=activation, init=init, seed=list(seeds),
              activation_params=activation_params, dtype=dtype, norm=norm, residual=residual)
    return net, train(net, X, y, seed=list(seeds), **options)
