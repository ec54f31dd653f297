"""The softmax cross-entropy read-out that the MLP and the recurrent nets share.

Introduced in: none (used by other helpers modules only)

Both networks end in logits of shape ``(..., n, k)`` (``...`` is the seed axis of
a stacked network) and the mean softmax cross-entropy over the ``n`` rows.
:func:`loss_and_accuracy` evaluates it; :func:`gradient_in_place` turns the
logits into the loss's gradient without a copy, as the training loop needs at
every step. Neither validates its input: a diverging run's non-finite logits
give a non-finite loss, which :func:`helpers.nn.train` records.
"""

from __future__ import annotations

import numpy as np

from helpers.vector import log_softmax

__all__ = ["loss_and_accuracy", "gradient_in_place"]


def loss_and_accuracy(logits: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean cross-entropy and accuracy per member, each of shape ``(n_members,)``.

    Parameters
    ----------
    logits : ndarray, shape (..., n, k)
    y : ndarray of int, shape (n,)
        The class of each row.
    """
    logp = log_softmax(logits, axis=-1)
    picked = np.take_along_axis(logp, np.broadcast_to(y, logp.shape[:-1])[..., None], -1)
    loss = -np.mean(picked[..., 0], axis=-1)
    accuracy = np.mean(np.argmax(logits, axis=-1) == y, axis=-1)
    return np.atleast_1d(loss), np.atleast_1d(accuracy)


def gradient_in_place(logits: np.ndarray, onehot_scaled: np.ndarray, y: np.ndarray | None = None
                      ) -> tuple[np.ndarray | None, np.ndarray | None]:
    """Overwrite ``logits`` with the gradient of the mean cross-entropy with respect to them.

    With ``onehot_scaled = onehot(y) / n`` that gradient is
    ``softmax(logits) / n - onehot_scaled``.

    Parameters
    ----------
    logits : ndarray, shape (..., n, k)
        Overwritten.
    onehot_scaled : ndarray, shape (n, k)
    y : ndarray of int, shape (n,), optional
        The labels again, to also return the loss and accuracy of these logits.

    Returns
    -------
    (ndarray, ndarray) or (None, None)
        Loss and accuracy per member (computed on the way, before the logits
        are overwritten), when ``y`` is given.
    """
    loss = accuracy = picked = None
    if y is not None:
        accuracy = np.atleast_1d(np.mean(np.argmax(logits, axis=-1) == y, axis=-1))
    logits -= np.max(logits, axis=-1, keepdims=True)
    if y is not None:
        picked = np.take_along_axis(logits, np.broadcast_to(y, logits.shape[:-1])[..., None], -1)
    np.exp(logits, out=logits)
    total = np.sum(logits, axis=-1, keepdims=True)
    if y is not None:
        loss = np.atleast_1d(np.mean(np.log(total) - picked, axis=(-2, -1)))
    logits *= (1.0 / onehot_scaled.shape[-2]) / total
    logits -= onehot_scaled
    return loss, accuracy
