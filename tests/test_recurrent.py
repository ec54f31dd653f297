"""Tests of the recurrent cells: backpropagation through time against finite differences,
the gradient through time against closed forms, clipping in the one training loop, bad input."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import activations as act
from helpers import nn
from helpers.nn.recurrent import Recurrent, cell_path, orthogonal, through_time


def _numeric_gradient(net: Recurrent, X: np.ndarray, y: np.ndarray, eps: float = 1e-6
                      ) -> np.ndarray:
    """Central differences of the (summed over members) loss for every parameter."""
    theta, grad = net._theta, np.zeros_like(net._theta)
    for i in range(theta.size):
        old = theta[i]
        theta[i] = old + eps
        up = np.sum(net.loss_and_gradients(X, y)[0])
        theta[i] = old - eps
        down = np.sum(net.loss_and_gradients(X, y)[0])
        theta[i] = old
        grad[i] = (up - down) / (2 * eps)
    return grad


@pytest.mark.parametrize(("cell", "phi"), [("rnn", "tanh"), ("rnn", "softsign"),
                                           ("lstm", "tanh"), ("lstm", "identity"),
                                           ("lstm", "softsign")])
def test_backprop_through_time_matches_finite_differences(cell: str, phi: str) -> None:
    rng = np.random.default_rng(3)
    X = rng.standard_normal((4, 5, 2))
    y = rng.integers(0, 3, size=4)
    net = Recurrent([2, 3, 3], cell=cell, activation=phi, radius=1.2, seed=[0, 1])
    net._theta += rng.normal(0, 0.3, size=net._theta.shape)   # biases non-zero, no symmetry
    net.loss_and_gradients(X, y)
    analytic = net._grad.copy()
    np.testing.assert_allclose(analytic, _numeric_gradient(net, X, y), rtol=1e-5, atol=1e-9)
    assert np.abs(net._grads["W"][1]).max() > 1e-3            # the recurrent weights learn


def test_stacked_members_equal_single_networks() -> None:
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((6, 4, 1)), rng.integers(0, 2, size=6)
    stacked = Recurrent([1, 4, 2], cell="lstm", seed=[5, 7], radius=[0.5, 2.0])
    loss, grads = stacked.loss_and_gradients(X, y)
    for m, (seed, r) in enumerate([(5, 0.5), (7, 2.0)]):
        single = Recurrent([1, 4, 2], cell="lstm", seed=seed, radius=r)
        l1, g1 = single.loss_and_gradients(X, y)
        assert loss[m] == pytest.approx(l1, rel=1e-12)
        for a, b in zip(grads["W"], g1["W"], strict=True):
            np.testing.assert_allclose(a[m], b, rtol=1e-10, atol=1e-14)


def test_forward_is_the_recurrence() -> None:
    """A scalar tanh RNN: h_t = tanh(u x_t + w h_{t-1} + b), written out by hand."""
    net = Recurrent([1, 1, 2], seed=0)
    u, w = net.params["W"][0][0, 0], net.params["W"][1][0, 0]
    net.params["b"][0][...] = 0.3
    x = np.array([0.5, -1.0, 2.0])
    h, expected = 0.0, []
    for xt in x:
        h = np.tanh(u * xt + w * h + 0.3)
        expected.append(h)
    np.testing.assert_allclose(net.hidden_states(x[None, :, None])[0, :, 0], expected)
    assert abs(w) == pytest.approx(1.0)                         # radius 1: a 1x1 orthogonal is ±1


def test_recurrent_weights_have_the_requested_radius_and_norm() -> None:
    net = Recurrent([2, 6, 2], cell="lstm", radius=0.7, seed=1)
    W = net.params["W"][1]
    for k in range(4):
        block = W[:, 6 * k:6 * (k + 1)]
        assert np.linalg.norm(block, 2) == pytest.approx(0.7)
        assert np.max(np.abs(np.linalg.eigvals(block))) == pytest.approx(0.7)


def test_through_time_linear_case_is_rho_to_the_t() -> None:
    """At h = 0 every tanh factor is 1, so the norm is ||W^t|| = rho^t for W = rho Q."""
    for rho in (0.5, 1.0, 1.7):
        W = rho * orthogonal(5, np.random.default_rng(2))
        norms = through_time(W, np.zeros((12, 5)))
        np.testing.assert_allclose(norms, rho ** np.arange(1, 13), rtol=1e-10)


def test_through_time_diagonal_closed_form() -> None:
    """Diagonal W: dh_t/dh_0 is diagonal with entries prod_s w_i (1 - h_{s,i}^2)."""
    rng = np.random.default_rng(4)
    w = np.array([0.5, -1.5, 3.0])
    h = np.tanh(rng.standard_normal((3, 20, 3)))
    expected = np.max(np.abs(np.cumprod(w * (1 - h ** 2), axis=-2)), axis=-1)
    np.testing.assert_allclose(through_time(np.diag(w), h), expected, rtol=1e-10)


def test_through_time_never_exceeds_the_bound_on_a_real_trajectory() -> None:
    X = np.random.default_rng(0).standard_normal((8, 25, 1))
    for rho in (0.5, 1.0, 2.0):
        net = Recurrent([1, 6, 2], radius=rho, seed=0)
        norms = through_time(net.params["W"][1], net.hidden_states(X))
        assert np.all(norms <= rho ** np.arange(1, 26) * (1 + 1e-9))


def test_cell_path_is_the_product_of_forget_gates() -> None:
    f = np.array([[0.5, 0.9], [0.5, 0.9], [0.5, 0.9]])
    np.testing.assert_allclose(cell_path(f)[-1], [0.125, 0.729])
    net = Recurrent([1, 3, 2], cell="lstm", forget_bias=1.0, seed=0)
    net.params["W"][1][...] = 0                  # forget gate = sigmoid(1) at every step
    net.params["W"][0][...] = 0
    gates = net.forget_gates(np.ones((2, 4, 1)))
    np.testing.assert_allclose(gates, act.get("sigmoid").f(1.0))


def test_clipping_in_the_training_loop_keeps_the_step_within_the_limit() -> None:
    """SGD with clip_norm: each member moves by lr * min(||g||, limit) in one step."""
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((16, 10, 1)), rng.integers(0, 2, size=16)
    net = Recurrent([1, 5, 2], radius=3.0, input_scale=3.0, seed=[0, 1, 2])
    _, grads = net.loss_and_gradients(X, y)
    norms = np.sqrt(sum(np.sum(g.reshape(3, -1) ** 2, axis=1)
                        for g in grads["W"] + grads["b"]))
    before = net._theta.copy()
    nn.train(net, X, y, lr=0.1, epochs=1, clip_norm=0.5)
    moved = np.sqrt([np.sum((p - before_p) ** 2) for p, before_p in
                     zip(_members(net._theta, net), _members(before, net), strict=True)])
    assert np.max(norms) > 0.5                                 # at least one member is clipped
    np.testing.assert_allclose(moved, 0.1 * np.minimum(norms, 0.5), rtol=1e-4)


def _members(theta: np.ndarray, net: Recurrent) -> list[np.ndarray]:
    member_of = np.concatenate([np.repeat(np.arange(net.n_members), p.size // net.n_members)
                                for p, _ in net._blocks])
    return [theta[member_of == m] for m in range(net.n_members)]


def test_train_learns_a_short_memory_task() -> None:
    rng = np.random.default_rng(1)
    X = 0.1 * rng.standard_normal((64, 5, 1))
    X[:, 0, 0] = np.sign(rng.standard_normal(64))
    y = (X[:, 0, 0] > 0).astype(int)
    net = Recurrent([1, 4, 2], cell="lstm", seed=0)
    history = nn.train(net, X, y, optimiser="adam", lr=0.05, epochs=40)
    assert history.loss[-1] < 0.5 * history.loss[0] and history.accuracy[-1] == 1.0
    assert history.grad_norms.shape == (40, 3) and history.dead_fraction.shape == (40, 0)


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"cell": "gru"}, "Valid cells: rnn, lstm"),
    ({"activation": "nope"}, "nope"),
    ({"radius": 0}, "radius"),
    ({"radius": [1.0, 2.0]}, "one radius per seed"),
    ({"sizes": [1, 2]}, "d_in, hidden, classes"),
])
def test_bad_arguments_raise_value_error(kwargs: dict, match: str) -> None:
    args = {"sizes": [1, 2, 2], **kwargs}
    with pytest.raises(ValueError, match=match):
        Recurrent(**args)


def test_bad_input_shapes_raise_value_error() -> None:
    net = Recurrent([2, 3, 2])
    with pytest.raises(ValueError, match=r"shape \(n, T, 2\)"):
        net.loss_and_gradients(np.zeros((4, 2)), np.zeros(4, dtype=int))
    with pytest.raises(ValueError, match="labels must be in 0 .. 1"):
        net.loss_and_gradients(np.zeros((4, 3, 2)), np.full(4, 5))
    with pytest.raises(ValueError, match="square"):
        through_time(np.zeros((2, 3)), np.zeros((4, 2)))
