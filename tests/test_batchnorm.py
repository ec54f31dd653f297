"""Batch normalisation: forward statistics, backward against finite differences,
running statistics, inference mode, and the MLP option norm="batch"."""

import numpy as np
import pytest
from finite_differences import numeric_grad

from helpers import datasets, nn


def bound(width, gamma=1.0, beta=0.0, lead=(), **options):
    layer = nn.BatchNorm(**options)
    shape = lead + (width,)
    layer.bind({"gamma": np.full(shape, float(gamma)), "beta": np.full(shape, float(beta))},
               {"gamma": np.zeros(shape), "beta": np.zeros(shape)})
    return layer


def test_training_mode_standardises_each_unit_then_scales_and_shifts():
    rng = np.random.default_rng(0)
    x = rng.normal(3, 5, (50, 4))
    y, _ = bound(4, gamma=2.0, beta=-1.0).forward(x)
    assert np.allclose(y.mean(axis=0), -1.0)
    assert np.allclose(y.std(axis=0), 2.0, rtol=1e-5)


@pytest.mark.parametrize("training", [True, False])
@pytest.mark.parametrize("lead", [(), (3,)])
def test_backward_matches_finite_differences(training, lead):
    rng = np.random.default_rng(1)
    layer = bound(3, lead=lead)
    layer.gamma[...] = rng.normal(1, 0.3, layer.gamma.shape)
    layer.beta[...] = rng.normal(0, 0.3, layer.beta.shape)
    layer.running_mean[...] = rng.normal(size=layer.running_mean.shape)
    layer.running_var[...] = rng.uniform(0.5, 2, layer.running_var.shape)
    layer.training, layer.track = training, False
    x = rng.normal(0.5, 2, lead + (5, 3))
    G = rng.normal(size=x.shape)

    def loss():
        return float(np.sum(G * layer.forward(x)[0]))

    _, cache = layer.forward(x)
    dx = layer.backward(G, cache, need_input_grad=True)
    assert np.max(np.abs(dx - numeric_grad(loss, x))) < 1e-7
    for name in ("gamma", "beta"):
        expected = numeric_grad(loss, getattr(layer, name))
        assert np.max(np.abs(getattr(layer, "g" + name) - expected)) < 1e-7


def test_training_gradient_sums_to_zero_over_the_batch():
    # the batch mean is subtracted, so shifting every x_i equally changes nothing
    rng = np.random.default_rng(2)
    layer = bound(2)
    x = rng.normal(size=(6, 2))
    _, cache = layer.forward(x)
    dx = layer.backward(rng.normal(size=(6, 2)), cache, need_input_grad=True)
    assert np.allclose(dx.sum(axis=0), 0, atol=1e-12)


def test_running_statistics_follow_pytorch():
    layer = bound(1, momentum=0.1)
    x = np.array([[1.0], [2.0], [3.0], [6.0]])
    layer.forward(x)
    assert np.isclose(layer.running_mean[0], 0.1 * 3.0)
    assert np.isclose(layer.running_var[0], 0.9 * 1.0 + 0.1 * np.var(x, ddof=1))
    for _ in range(300):
        layer.forward(x)
    assert np.isclose(layer.running_mean[0], 3.0) and np.isclose(layer.running_var[0], 14 / 3)
    layer.track = False
    layer.forward(x + 100)
    assert np.isclose(layer.running_mean[0], 3.0)


def test_inference_mode_uses_running_statistics_and_ignores_the_batch():
    layer = bound(1, gamma=2.0, beta=1.0, eps=1e-12)
    layer.running_mean[...] = 4.0
    layer.running_var[...] = 9.0
    layer.training = False
    y, _ = layer.forward(np.array([[7.0], [1.0]]))
    assert np.allclose(y[:, 0], [2 * 1 + 1, 2 * -1 + 1])
    alone, _ = layer.forward(np.array([[7.0]]))
    assert alone[0, 0] == y[0, 0]


def test_bad_options_are_rejected():
    with pytest.raises(ValueError, match="momentum"):
        nn.BatchNorm(momentum=1.5)
    with pytest.raises(ValueError, match="eps"):
        nn.BatchNorm(eps=0)
    with pytest.raises(ValueError, match="norm must be one of"):
        nn.MLP([2, 4, 2], norm="layer")


def test_mlp_gradients_with_batch_norm_match_finite_differences():
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(7, 3)), rng.integers(0, 2, 7)
    net = nn.MLP([3, 4, 4, 2], activation="tanh", seed=1, norm="batch")
    net._theta += 0.3 * rng.normal(size=net._theta.shape)
    assert set(net.params) == {"W", "b", "gamma", "beta"}
    net.loss_and_gradients(X, y)
    analytic = net._grad.copy()

    def loss():
        return net.loss_and_gradients(X, y)[0]

    assert np.max(np.abs(analytic - numeric_grad(loss, net._theta))) < 1e-7


def test_mlp_predictions_use_running_statistics():
    X, y = datasets.xor(n=40)
    net = nn.MLP([2, 8, 2], activation="tanh", seed=0, norm="batch")
    nn.train(net, X, y, lr=0.3, epochs=20, batch_size=10)
    bn = net.layers[1]
    assert not np.allclose(bn.running_mean, 0)       # training updated them
    assert np.allclose(net.forward(X[:1]), net.forward(X)[:1], rtol=1e-12, atol=1e-12)
    before = bn.running_mean.copy()
    net.evaluate(X, y)
    net.trace(X, training=True)
    assert np.array_equal(bn.running_mean, before)   # evaluation never updates them


def test_stacked_member_keeps_its_running_statistics():
    X, y = datasets.xor(n=40)
    net, _ = nn.train_many([2, 6, 2], X, y, seeds=[0, 1], activation="tanh", lr=0.3, epochs=5,
                           batch_size=10, norm="batch", dtype="float64")
    one = net.member(1)
    assert one.norm == "batch"
    assert np.allclose(one.forward(X), net.forward(X)[1])
