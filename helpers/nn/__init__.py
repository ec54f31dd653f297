r"""A small multilayer perceptron in NumPy, with backpropagation for any activation.

Introduced in: book/why_activations.md

The network is ``sizes = [d_in, h_1, ..., h_L, classes]``: ``L`` hidden
layers ``h = f(z)``, ``z = h_prev @ W + b``, all with the same activation
``f`` from the registry, then a linear output layer giving logits, trained
with the mean softmax cross-entropy. Backpropagation uses the registry's
derivative ``df``, so the derivative at a kink is the left-hand one
(``relu'(0) = 0``), as everywhere in the book. PReLU's slope is learnable
(one per hidden layer; its derivative is derived in :mod:`helpers.nn.layers`).

The package:

* :mod:`helpers.nn.network` -- :class:`MLP`, :func:`init_weights`;
* :mod:`helpers.nn.layers` -- the dense and activation layers (the protocol a
  new layer implements);
* :mod:`helpers.nn.blocks` -- batch normalisation and the residual block
  (``MLP(..., norm="batch", residual="pre")``);
* :mod:`helpers.nn.optimisers` -- SGD, momentum, Adam on one flat buffer;
* :mod:`helpers.nn.training` -- :func:`train` (the one training loop),
  :func:`train_many`, :class:`History`, diagnostics;
* :mod:`helpers.nn.recurrent` -- :class:`Recurrent`, a tanh RNN or LSTM
  sequence classifier with backpropagation through time, which
  :func:`train` trains like an MLP.

Several seeds at once
---------------------
``MLP(sizes, seed=[0, 1, 2, 3, 4])`` is a *stacked* network: five
independent networks computed together (each parameter gets a leading seed
axis and ``np.matmul`` broadcasts over it), so five seeds cost little more
than one. :func:`train_many` builds and trains one.

Examples
--------
>>> from helpers import datasets, nn
>>> X, y = datasets.xor(n=40)
>>> net = nn.MLP([2, 8, 2], activation="tanh", seed=0)
>>> history = nn.train(net, X, y, lr=0.5, epochs=300)
>>> float(history.accuracy[-1])
1.0

Held-out data, Adam, minibatches, five seeds at once:

>>> data = datasets.playground("spiral", seed=0)
>>> net, h = nn.train_many([2, 8, 8, 2], *data.train, seeds=range(5), activation="relu",
...                        optimiser="adam", lr=0.01, epochs=100, batch_size=10,
...                        test=data.test)
>>> h.test_accuracy[:, -1].shape
(5,)
"""

from helpers.nn.blocks import NORMS, RESIDUALS, BatchNorm, Residual
from helpers.nn.layers import ActivationLayer, Dense
from helpers.nn.network import INIT_SCHEMES, MLP, Params, init_weights
from helpers.nn.optimisers import OPTIMISERS, Optimiser
from helpers.nn.recurrent import Recurrent
from helpers.nn.training import (
    History,
    dead_fraction,
    gradient_norms,
    mean_ci,
    train,
    train_many,
)

__all__ = [
    "INIT_SCHEMES",
    "NORMS",
    "RESIDUALS",
    "OPTIMISERS",
    "init_weights",
    "MLP",
    "Params",
    "Dense",
    "ActivationLayer",
    "BatchNorm",
    "Residual",
    "Optimiser",
    "Recurrent",
    "History",
    "train",
    "train_many",
    "dead_fraction",
    "gradient_norms",
    "mean_ci",
]
