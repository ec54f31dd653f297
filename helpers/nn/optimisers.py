r"""Optimisers and gradient clipping, working in place on the network's flat buffers.

Introduced in: none (used by other helpers modules only)

All parameters of a network (every ``W``, ``b`` and PReLU ``alpha``) live in
one flat array ``theta`` and their gradients in one flat array ``g`` of the
same layout, so an update is a handful of NumPy calls whatever the depth.
The updates are PyTorch's (``torch.optim.SGD``, with ``momentum``, and
``torch.optim.Adam``):

* ``"sgd"``: :math:`\theta \leftarrow \theta - \eta g`;
* ``"momentum"``: :math:`v \leftarrow \mu v + g`, :math:`\theta \leftarrow
  \theta - \eta v` (:math:`v_0 = 0`);
* ``"adam"`` (Kingma & Ba 2015): :math:`m \leftarrow \beta_1 m + (1-\beta_1) g`,
  :math:`v \leftarrow \beta_2 v + (1-\beta_2) g^2`, and with
  :math:`\hat m = m / (1-\beta_1^t)`, :math:`\hat v = v / (1-\beta_2^t)`,
  :math:`\theta \leftarrow \theta - \eta \hat m / (\sqrt{\hat v} + \epsilon)`.
"""

from __future__ import annotations

import numpy as np

from helpers.nn._checks import check_fraction, check_positive

__all__ = ["OPTIMISERS", "Optimiser"]

#: The optimisers :func:`helpers.nn.train` knows, with their update rule.
OPTIMISERS: dict[str, str] = {
    "sgd": "theta -= lr * g",
    "momentum": "v = momentum * v + g; theta -= lr * v",
    "adam": "Adam (Kingma & Ba 2015) with bias correction, betas and eps",
}


class Optimiser:
    """One of :data:`OPTIMISERS` with its state, updating ``theta`` in place.

    Parameters
    ----------
    name : str
        ``"sgd"``, ``"momentum"`` or ``"adam"``.
    size : int
        Length of the flat parameter buffer.
    lr : float
        Learning rate (> 0).
    momentum : float
        ``mu`` of ``"momentum"`` (``0 <= mu < 1``).
    betas : tuple of float
        ``(beta1, beta2)`` of ``"adam"``, each in ``[0, 1)``.
    eps : float
        ``epsilon`` of ``"adam"`` (> 0).
    dtype : numpy floating type
        Of the state buffers (the network's).
    """

    def __init__(self, name: str, size: int, lr: float, momentum: float = 0.9,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 dtype: type = np.float64) -> None:
        key = name.strip().lower() if isinstance(name, str) else name
        if key not in OPTIMISERS:
            raise ValueError(f"Unknown optimiser {name!r}. Valid optimisers: "
                             f"{', '.join(OPTIMISERS)}.")
        self.name = key
        self.lr = check_positive("lr", lr)
        self.momentum = check_fraction("momentum", momentum)
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise ValueError(f"betas must be a pair (beta1, beta2), got {betas!r}")
        self.beta1 = check_fraction("betas[0]", betas[0])
        self.beta2 = check_fraction("betas[1]", betas[1])
        self.eps = check_positive("eps", eps)
        self.t = 0
        self._dtype = dtype
        self._tmp = np.zeros(size, dtype=dtype)
        self._m = np.zeros(size, dtype=dtype) if key in ("momentum", "adam") else None
        self._v = np.zeros(size, dtype=dtype) if key == "adam" else None

    def step(self, theta: np.ndarray, g: np.ndarray) -> None:
        """One update of ``theta`` in place from the gradient ``g`` (left unchanged
        for ``"sgd"`` and ``"momentum"``, used as scratch space by ``"adam"``)."""
        self.t += 1
        tmp = self._tmp
        if self.name == "sgd":
            np.multiply(g, self.lr, out=tmp)
            theta -= tmp
        elif self.name == "momentum":
            m = self._m
            m *= self.momentum
            m += g
            np.multiply(m, self.lr, out=tmp)
            theta -= tmp
        else:
            m, v = self._m, self._v
            m *= self.beta1
            np.multiply(g, 1 - self.beta1, out=tmp)
            m += tmp
            v *= self.beta2
            np.multiply(g, g, out=tmp)
            tmp *= 1 - self.beta2
            v += tmp
            correction1 = 1 - self.beta1 ** self.t
            correction2 = 1 - self.beta2 ** self.t
            # theta -= lr * (m / c1) / (sqrt(v / c2) + eps), as PyTorch computes it
            np.sqrt(v, out=tmp)
            tmp *= 1 / np.sqrt(correction2)
            tmp += self.eps
            np.divide(m, tmp, out=tmp)
            tmp *= self.lr / correction1
            theta -= tmp

    def reset(self, index: np.ndarray | slice) -> None:
        """Zero the state at ``index`` (used when one member of a stacked net diverged)."""
        for state in (self._m, self._v):
            if state is not None:
                state[index] = 0

