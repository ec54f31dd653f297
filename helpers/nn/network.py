"""The NumPy multilayer perceptron: initialisation, forward pass, backpropagation.

Introduced in: none (used by other helpers modules only)

See :mod:`helpers.nn` for the overview and examples.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from helpers import activations as act
from helpers.nn import _head
from helpers.nn._checks import check_dtype, check_int, check_positive, check_seeds, check_X, check_y
from helpers.nn.blocks import BatchNorm, Residual, build_layers, leaf_caches, leaves
from helpers.nn.layers import ActivationLayer, Dense
from helpers.vector import softmax

__all__ = ["INIT_SCHEMES", "init_weights", "MLP", "Params"]

#: Initialisation schemes of :func:`init_weights` and the variance each aims for.
INIT_SCHEMES: dict[str, str] = {
    "he": "normal, variance 2 / fan_in (He et al. 2015; for ReLU)",
    "glorot": "normal, variance 2 / (fan_in + fan_out) (Glorot & Bengio 2010)",
    "lecun": "normal, variance 1 / fan_in (LeCun et al. 1998)",
    "normal": "normal, standard deviation std (default 0.01)",
    "uniform": "uniform on [-1/sqrt(fan_in), 1/sqrt(fan_in)], variance 1 / (3 fan_in)",
}

Params = dict[str, list[np.ndarray] | np.ndarray]


def _rng(seed: int | np.random.Generator) -> np.random.Generator:
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(check_int("seed", seed, 0))


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
    fan_in = check_int("fan_in", fan_in, 1)
    fan_out = check_int("fan_out", fan_out, 1)
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
        "normal": check_positive("std", std),
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
    seed : int or sequence of int
        Seed of the initial weights. A list of seeds builds a *stacked*
        network: one independent member per seed, each initialised exactly as
        ``MLP(sizes, seed=s)`` would be, computed together (every parameter
        gets a leading seed axis).
    activation_params : mapping, optional
        Parameters for the activation, e.g. ``{"alpha": 0.1}``.
    dtype : str
        ``"float64"`` (default; use it for gradient checks) or ``"float32"``
        (about twice as fast for the larger nets; enough for training).
    norm : {None, "batch"}
        ``"batch"`` puts a :class:`helpers.nn.blocks.BatchNorm` before every
        hidden activation (parameters ``"gamma"`` and ``"beta"``). Training
        passes use batch statistics; :meth:`forward`, :meth:`predict`,
        :meth:`evaluate` and held-out evaluation use the running ones.
    residual : {None, "post", "pre"}
        Skip connections around hidden layers 2 .. L (the hidden widths must
        be equal; layer 1 maps the inputs to that width): ``"post"`` computes
        ``h = f(h + N(W h + b))``, ``"pre"`` computes ``h = h + W f(N(h)) + b``
        (layer 1 is then ``W x + b`` and ``f(N(h))`` feeds the output layer),
        with ``N`` the normalisation or nothing. Every variant has the same
        weight matrices and ``n_hidden`` activation layers.

    Attributes
    ----------
    params : dict
        ``{"W": [...], "b": [...]}`` plus ``"alpha"`` (one slope per hidden
        layer) for PReLU. Shapes ``W[l]: (sizes[l], sizes[l+1])``,
        ``b[l]: (sizes[l+1],)``, ``alpha: (n_hidden,)``; a stacked network
        puts the seed axis first. They are views into one flat buffer that
        the optimisers update in place: change them in place, never rebind.
    layers : list
        Dense and activation layers in order (see :mod:`helpers.nn.layers`).
    """

    def __init__(self, sizes: Sequence[int], activation: str | act.Activation = "relu",
                 init: str = "he", seed: int | Sequence[int] = 0,
                 activation_params: Mapping[str, float] | None = None,
                 dtype: str | type = "float64", norm: str | None = None,
                 residual: str | None = None) -> None:
        if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence) or len(sizes) < 2:
            raise ValueError(
                f"sizes must be a list of at least two layer widths, e.g. [2, 16, 3]; got {sizes!r}"
            )
        self.sizes = [check_int(f"sizes[{i}]", s, 1) for i, s in enumerate(sizes)]
        if isinstance(activation, act.Activation):
            if activation_params:
                raise ValueError("pass activation_params only with an activation name, "
                                 "not with an Activation object (it has its parameters)")
            self.activation = activation
        else:
            self.activation = act.get(activation, **dict(activation_params or {}))
        self.dtype = check_dtype(dtype)
        self.seeds = check_seeds(seed)
        self.seed = seed if self.seeds is None else list(self.seeds)
        self.init = init
        self.norm, self.residual = norm, residual
        self.layers: list[Dense | ActivationLayer | BatchNorm | Residual] = build_layers(
            self.sizes, lambda: ActivationLayer(self.activation, self.learnable_alpha),
            norm, residual)
        self._leaves = list(leaves(self.layers))
        self._allocate()
        self._initialise()

    @property
    def activation_layers(self) -> list[ActivationLayer]:
        """The ``n_hidden`` activation layers, in order."""
        return [la for la in self._leaves if isinstance(la, ActivationLayer)]

    def _set_training(self, training: bool, track: bool = True) -> None:
        """Batch statistics (``training``) or running ones; ``track``: update the latter."""
        for layer in self._leaves:
            if isinstance(layer, BatchNorm):
                layer.training, layer.track = training, track

    # -- parameters in one flat buffer ---------------------------------------

    def _allocate(self) -> None:
        lead = () if self.seeds is None else (len(self.seeds),)
        specs: list[tuple[int, str, tuple[int, ...]]] = []   # (layer, key, member shape)
        width = self.sizes[0]
        for i, layer in enumerate(self._leaves):
            shapes, width = layer.shapes(width)
            specs += [(i, key, shape) for key, shape in shapes.items()]
        # alphas of all layers share one block so that params["alpha"] is one array
        alpha_layers = [i for i, key, _ in specs if key == "alpha"]
        specs = [s for s in specs if s[1] != "alpha"]
        sizes = [math.prod(lead + shape) for _, _, shape in specs]
        total = sum(sizes) + math.prod(lead) * len(alpha_layers)
        self._theta = np.zeros(total, dtype=self.dtype)
        self._grad = np.zeros(total, dtype=self.dtype)
        self._blocks: list[tuple[np.ndarray, np.ndarray]] = []   # (param, grad) blocks
        views: list[dict[str, np.ndarray]] = [{} for _ in self._leaves]
        gviews: list[dict[str, np.ndarray]] = [{} for _ in self._leaves]
        self.params: Params = {"W": [], "b": []} | {key: [] for _, key, _ in specs}
        grads: Params = {key: [] for key in self.params}
        start = 0
        for (i, key, shape), size in zip(specs, sizes, strict=True):
            p = self._theta[start:start + size].reshape(lead + shape)
            g = self._grad[start:start + size].reshape(lead + shape)
            views[i][key], gviews[i][key] = p, g
            self.params[key].append(p)
            grads[key].append(g)
            self._blocks.append((p, g))
            start += size
        if alpha_layers:
            p = self._theta[start:].reshape(lead + (len(alpha_layers),))
            g = self._grad[start:].reshape(lead + (len(alpha_layers),))
            for column, i in enumerate(alpha_layers):
                views[i]["alpha"], gviews[i]["alpha"] = p[..., column], g[..., column]
            self.params["alpha"] = p
            grads["alpha"] = g
            self._blocks.append((p, g))
        self._grads = grads
        for layer, v, g in zip(self._leaves, views, gviews, strict=True):
            layer.bind(v, g)

    def _initialise(self) -> None:
        members = [self.seed] if self.seeds is None else list(self.seeds)
        for m, seed in enumerate(members):
            rng = _rng(seed)
            for layer, (a, b) in enumerate(zip(self.sizes[:-1], self.sizes[1:], strict=True)):
                W = init_weights(a, b, self.init, seed=rng)
                target = self.params["W"][layer]
                (target if self.seeds is None else target[m])[...] = W
        if self.learnable_alpha:
            self.params["alpha"][...] = float(self.activation.params["alpha"])
        for layer in self._leaves:
            if isinstance(layer, BatchNorm):
                layer.reset()

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
    def n_members(self) -> int:
        """How many seeds the network trains at once (1 unless stacked)."""
        return 1 if self.seeds is None else len(self.seeds)

    @property
    def stacked(self) -> bool:
        """True when built with a list of seeds (results get a leading seed axis)."""
        return self.seeds is not None

    @property
    def learnable_alpha(self) -> bool:
        """True for PReLU, whose slope ``alpha`` is trained with the weights."""
        return self.activation.name == "prelu"

    def __repr__(self) -> str:
        seeds = "" if self.seeds is None else f", seed={list(self.seeds)}"
        extra = "".join(f", {k}={v!r}" for k, v in (("norm", self.norm),
                                                    ("residual", self.residual)) if v)
        return (f"MLP({self.sizes}, activation={self.activation.name!r}, init={self.init!r}"
                f"{seeds}, dtype={np.dtype(self.dtype).name!r}{extra})")

    def member(self, index: int) -> MLP:
        """A copy of one member of a stacked network as an ordinary network."""
        if self.seeds is None:
            raise ValueError("member() needs a stacked network (built with a list of seeds)")
        index = check_int("index", index, 0)
        if index >= len(self.seeds):
            raise ValueError(f"index must be in 0 .. {len(self.seeds) - 1}, got {index}")
        net = MLP(self.sizes, activation=self.activation, init=self.init,
                  seed=self.seeds[index], dtype=self.dtype, norm=self.norm,
                  residual=self.residual)
        for mine, theirs in zip(net._leaves, self._leaves, strict=True):
            if isinstance(mine, BatchNorm):
                mine.running_mean[...] = theirs.running_mean[index]
                mine.running_var[...] = theirs.running_var[index]
        for key, value in self.params.items():
            if isinstance(value, list):
                for mine, theirs in zip(net.params[key], value, strict=True):
                    mine[...] = theirs[index]
            else:
                net.params[key][...] = value[index]
        return net

    # -- the activation of hidden layer l (kept for the chapters' diagnostics) -

    def _f(self, layer: int, z: np.ndarray) -> np.ndarray:
        return self.activation_layers[layer].forward(np.asarray(z, dtype=self.dtype))[0]

    def _df(self, layer: int, z: np.ndarray) -> np.ndarray:
        return self.activation_layers[layer].df(np.asarray(z, dtype=self.dtype))

    # -- input checks ------------------------------------------------------

    def _check_X(self, X: np.typing.ArrayLike, name: str = "X") -> np.ndarray:
        return check_X(name, X, self.sizes[0], self.dtype)

    def _check_y(self, y: np.typing.ArrayLike, n: int, name: str = "y") -> np.ndarray:
        return check_y(name, y, n, self.sizes[-1])

    # -- forward -----------------------------------------------------------

    def _run(self, layers: list, h: np.ndarray, trace: list) -> np.ndarray:
        """Forward through ``layers``, appending ``(layer, input, output)`` of each leaf."""
        for layer in layers:
            if isinstance(layer, Residual):
                h = h + self._run(layer.layers, h, trace)
                trace.append((layer, None, h))
            else:
                out, _ = layer.forward(h)
                trace.append((layer, h, out))
                h = out
        return h

    def _forward(self, X: np.ndarray, training: bool = False
                 ) -> tuple[list[np.ndarray], list[np.ndarray], np.ndarray]:
        """Activation inputs ``zs``, outputs ``hs`` (``hs[0] = X``) and the logits.

        Inference mode (running statistics) unless ``training``; either way the
        running statistics are left unchanged.
        """
        trace: list = []
        self._set_training(training, track=False)
        logits = self._run(self.layers, X, trace)
        acts = [(z, h) for layer, z, h in trace if isinstance(layer, ActivationLayer)]
        return [z for z, _ in acts], [X] + [h for _, h in acts], logits

    def trace(self, X: np.typing.ArrayLike, training: bool = False
              ) -> list[tuple[str, np.ndarray]]:
        """``(kind, output)`` of every layer in order: kind ``"dense"``, ``"batchnorm"``,
        ``"activation"`` or ``"add"`` (the sum at the end of a residual block).

        ``training=True`` normalises with the batch's statistics (without
        updating the running ones); the default uses the running statistics.
        """
        trace: list = []
        self._set_training(bool(training), track=False)
        self._run(self.layers, self._check_X(X), trace)
        kinds = {Dense: "dense", BatchNorm: "batchnorm", ActivationLayer: "activation",
                 Residual: "add"}
        return [(kinds[type(layer)], out) for layer, _, out in trace]

    def forward(self, X: np.typing.ArrayLike) -> np.ndarray:
        """Logits of shape ``(n, classes)`` (``(S, n, classes)`` if stacked)."""
        return self._forward(self._check_X(X))[2]

    def hidden(self, X: np.typing.ArrayLike) -> list[tuple[np.ndarray, np.ndarray]]:
        """``(pre_activation, post_activation)`` of every hidden layer, each ``(n, width)``."""
        zs, hs, _ = self._forward(self._check_X(X))
        return list(zip(zs, hs[1:], strict=True))

    def predict_proba(self, X: np.typing.ArrayLike) -> np.ndarray:
        """Softmax class probabilities, shape ``(n, classes)``."""
        return softmax(self.forward(X), axis=-1)

    def predict(self, X: np.typing.ArrayLike) -> np.ndarray:
        """Predicted class labels (int), shape ``(n,)``."""
        return np.argmax(self.forward(X), axis=-1).astype(np.int64)

    def evaluate(self, X: np.typing.ArrayLike, y: np.typing.ArrayLike
                 ) -> tuple[float | np.ndarray, float | np.ndarray]:
        """Mean cross-entropy and accuracy on ``(X, y)`` (arrays over seeds if stacked)."""
        Xc = self._check_X(X)
        yc = self._check_y(y, len(Xc))
        if len(yc) == 0:
            raise ValueError("X and y must have at least one row")
        loss, acc = self._evaluate(Xc, yc)
        return (float(loss[0]), float(acc[0])) if self.seeds is None else (loss, acc)

    def accuracy(self, X: np.typing.ArrayLike, y: np.typing.ArrayLike) -> float | np.ndarray:
        """Fraction of rows whose predicted label equals ``y`` (one per seed if stacked)."""
        Xc = self._check_X(X)
        yc = self._check_y(y, len(Xc))
        acc = np.mean(np.argmax(self._forward(Xc)[2], axis=-1) == yc, axis=-1)
        return float(acc) if self.seeds is None else acc

    def _evaluate(self, X: np.ndarray, y: np.ndarray,
                  logits: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Loss and accuracy per member, each of shape ``(n_members,)``."""
        if logits is None:
            logits = self._forward(X)[2]
        return _head.loss_and_accuracy(logits, y)

    # -- loss and backpropagation ------------------------------------------

    def _backward(self, X: np.ndarray, onehot_scaled: np.ndarray, y: np.ndarray | None = None
                  ) -> tuple[list[np.ndarray], np.ndarray | None, np.ndarray | None]:
        """Forward and backward pass; the gradients land in the flat buffer.

        ``onehot_scaled`` is ``onehot(y) / n``: the gradient of the mean
        cross-entropy with respect to the logits is ``softmax / n - onehot / n``.
        Returns the hidden pre-activations and, when the labels ``y`` are
        given, the loss and accuracy per member (else ``None``).
        """
        caches = []
        h = X
        self._set_training(True)
        for layer in self.layers:
            h, cache = layer.forward(h)
            caches.append(cache)
        loss, acc = _head.gradient_in_place(h, onehot_scaled, y)
        delta = h
        for i in range(len(self.layers) - 1, -1, -1):
            delta = self.layers[i].backward(delta, caches[i], need_input_grad=i > 0)
        zs = [c for layer, c in leaf_caches(self.layers, caches)
              if isinstance(layer, ActivationLayer)]
        return [z[0] if isinstance(z, tuple) else z for z in zs], loss, acc

    def _loss_grads(self, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, Params]:
        """Loss per member and the gradients (views of the flat gradient buffer)."""
        n = len(y)
        if n == 0:
            raise ValueError("X and y must have at least one row")
        _, loss, _ = self._backward(X, self._onehot(y, 1.0 / n), y)
        return loss, self._grads

    def _onehot(self, y: np.ndarray, value: float) -> np.ndarray:
        out = np.zeros((len(y), self.sizes[-1]), dtype=self.dtype)
        out[np.arange(len(y)), y] = value
        return out

    def loss_and_gradients(self, X: np.typing.ArrayLike, y: np.typing.ArrayLike
                           ) -> tuple[float | np.ndarray, Params]:
        """Mean softmax cross-entropy on ``(X, y)`` and its gradient.

        Returns
        -------
        loss : float (array of shape ``(S,)`` for a stacked network)
        grads : dict
            Same structure as :attr:`params` (``"W"``, ``"b"``, and ``"alpha"``
            for PReLU); fresh arrays.
        """
        Xc = self._check_X(X)
        loss, grads = self._loss_grads(Xc, self._check_y(y, len(Xc)))
        copies: Params = {k: [np.copy(g) for g in v] if isinstance(v, list) else np.copy(v)
                          for k, v in grads.items()}
        return (float(loss[0]) if self.seeds is None else loss), copies

    def step(self, grads: Params, lr: float) -> None:
        """Plain gradient descent, in place: ``p -= lr * grad`` for every parameter."""
        lr = check_positive("lr", lr)
        if set(grads) != set(self.params):
            raise ValueError(f"grads must have the keys {sorted(self.params)}, "
                             f"got {sorted(grads)}")
        for key, value in self.params.items():
            if isinstance(value, list):
                for p, g in zip(value, grads[key], strict=True):
                    p -= lr * np.asarray(g)
            else:
                value -= lr * np.asarray(grads[key])
