"""Residual blocks: structure, backward passes against finite differences, training."""

import numpy as np
import pytest
from finite_differences import numeric_grad

from helpers import datasets, nn

VARIANTS = [dict(residual=r, norm=n) for r in ("post", "pre") for n in (None, "batch")]


@pytest.mark.parametrize("options", VARIANTS + [{}, {"norm": "batch"}])
def test_every_variant_has_the_same_weights_and_activations(options):
    net = nn.MLP([3, 5, 5, 5, 2], seed=0, **options)
    assert [w.shape for w in net.params["W"]] == [(3, 5), (5, 5), (5, 5), (5, 2)]
    assert len(net.activation_layers) == net.n_hidden == 3
    plain = nn.MLP([3, 5, 5, 5, 2], seed=0)
    for mine, theirs in zip(net.params["W"], plain.params["W"], strict=True):
        assert np.array_equal(mine, theirs)


def test_block_adds_its_input():
    block = nn.Residual([nn.Dense(3)])
    W, b = np.arange(9.0).reshape(3, 3), np.ones(3)
    block.layers[0].bind({"W": W, "b": b}, {"W": np.zeros((3, 3)), "b": np.zeros(3)})
    h = np.array([[1.0, -2.0, 0.5]])
    out, cache = block.forward(h)
    assert np.allclose(out, h + h @ W + b)
    dh = block.backward(np.ones((1, 3)), cache, need_input_grad=True)
    assert np.allclose(dh, 1 + np.ones((1, 3)) @ W.T)       # I + W: the identity's share


def test_pre_activation_block_keeps_the_activation_off_the_skip_path():
    net = nn.MLP([2, 4, 4, 2], activation="relu", seed=0, residual="pre")
    kinds = [k for k, _ in net.trace(np.ones((3, 2)))]
    assert kinds == ["dense", "activation", "dense", "add", "activation", "dense"]
    post = nn.MLP([2, 4, 4, 2], activation="relu", seed=0, residual="post")
    assert [k for k, _ in post.trace(np.ones((3, 2)))] == \
        ["dense", "activation", "dense", "add", "activation", "dense"][:2] + \
        ["dense", "add", "activation", "dense"]


@pytest.mark.parametrize("options", VARIANTS)
def test_network_gradients_match_finite_differences(options):
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(6, 3)), rng.integers(0, 2, 6)
    net = nn.MLP([3, 4, 4, 4, 2], activation="tanh", seed=1, **options)
    net._theta += 0.3 * rng.normal(size=net._theta.shape)
    net.loss_and_gradients(X, y)
    analytic = net._grad.copy()
    numeric = numeric_grad(lambda: net.loss_and_gradients(X, y)[0], net._theta)
    assert np.max(np.abs(analytic - numeric)) < 1e-7


def test_unequal_hidden_widths_are_rejected():
    with pytest.raises(ValueError, match="equal hidden widths"):
        nn.MLP([2, 4, 8, 2], residual="pre")
    with pytest.raises(ValueError, match="residual must be one of"):
        nn.MLP([2, 4, 4, 2], residual="both")


def test_train_trains_a_residual_network_and_stacking_matches_single_runs():
    X, y = datasets.xor(n=40)
    net = nn.MLP([2, 8, 8, 8, 2], activation="tanh", seed=0, residual="pre")
    h = nn.train(net, X, y, lr=0.3, epochs=40, batch_size=10, seed=0)
    assert h.loss[-1] < 0.5 * h.loss[0]
    _, stacked = nn.train_many([2, 8, 8, 8, 2], X, y, seeds=[0, 1], activation="tanh",
                               residual="pre", lr=0.3, epochs=40, batch_size=10,
                               dtype="float64")
    assert np.allclose(stacked.loss[0], h.loss)
