"""Tests of helpers.nn: backprop against finite differences, init variances, learning XOR."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import activations as act
from helpers import datasets, nn


def _numeric_gradient(net: nn.MLP, X: np.ndarray, y: np.ndarray, array: np.ndarray,
                      eps: float = 1e-6) -> np.ndarray:
    """Central finite differences of the loss with respect to every entry of ``array``."""
    grad = np.zeros_like(array)
    flat, gflat = array.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        up, _ = net.loss_and_gradients(X, y)
        flat[i] = old - eps
        down, _ = net.loss_and_gradients(X, y)
        flat[i] = old
        gflat[i] = (up - down) / (2 * eps)
    return grad


def _away_from_kinks(net: nn.MLP, X: np.ndarray, margin: float = 1e-3) -> bool:
    return all(np.min(np.abs(z)) > margin for z, _ in net.hidden(X))


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "prelu", "gelu", "elu",
                                  "identity", "silu"])
def test_gradients_match_finite_differences(name: str) -> None:
    rng = np.random.default_rng(1)
    X = rng.standard_normal((7, 3))
    y = rng.integers(0, 3, size=7)
    net = nn.MLP([3, 5, 4, 3], activation=name, init="glorot", seed=2)
    for b in net.params["b"]:
        b += rng.normal(0, 0.3, size=b.shape)
    if name == "prelu":
        net.params["alpha"][:] = [0.2, -0.4]
    if act.get(name).kinks:
        assert _away_from_kinks(net, X), "pick another seed: a unit sits on the kink"
    loss, grads = net.loss_and_gradients(X, y)
    assert np.isfinite(loss) and loss > 0
    for key in ("W", "b"):
        for analytic, param in zip(grads[key], net.params[key], strict=True):
            numeric = _numeric_gradient(net, X, y, param)
            np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-8)
    if name == "prelu":
        numeric = _numeric_gradient(net, X, y, net.params["alpha"])
        np.testing.assert_allclose(grads["alpha"], numeric, rtol=1e-5, atol=1e-8)
        assert np.all(np.abs(grads["alpha"]) > 1e-6)  # the check is not vacuous


def test_prelu_alpha_gradient_formula() -> None:
    """dL/dalpha = sum over rows and units of dL/dh * min(z, 0) (one hidden layer)."""
    rng = np.random.default_rng(3)
    X, y = rng.standard_normal((6, 2)), rng.integers(0, 2, size=6)
    net = nn.MLP([2, 4, 2], activation="prelu", seed=4)
    _, grads = net.loss_and_gradients(X, y)
    z = X @ net.params["W"][0] + net.params["b"][0]
    p = net.predict_proba(X)
    p[np.arange(6), y] -= 1
    dh = (p / 6) @ net.params["W"][1].T
    assert grads["alpha"][0] == pytest.approx(np.sum(dh * np.minimum(z, 0)), rel=1e-12)


def test_prelu_matches_registry() -> None:
    net = nn.MLP([2, 3, 2], activation="prelu", activation_params={"alpha": 0.3}, seed=0)
    z = np.linspace(-2, 2, 9)
    ref = act.get("prelu", alpha=0.3)
    np.testing.assert_array_equal(net._f(0, z), ref.f(z))
    np.testing.assert_array_equal(net._df(0, z), ref.df(z))
    assert net._df(0, np.array([0.0]))[0] == 0.3  # left-hand derivative at the kink


def test_softmax_regression_gradient_closed_form() -> None:
    """Without hidden layers dL/dW = X^T (softmax - onehot) / n."""
    rng = np.random.default_rng(5)
    X, y = rng.standard_normal((10, 3)), rng.integers(0, 4, size=10)
    net = nn.MLP([3, 4], seed=1)
    loss, grads = net.loss_and_gradients(X, y)
    p = net.predict_proba(X)
    onehot = np.eye(4)[y]
    np.testing.assert_allclose(grads["W"][0], X.T @ (p - onehot) / 10, rtol=1e-12)
    assert loss == pytest.approx(-np.mean(np.log(p[np.arange(10), y])), rel=1e-12)


def test_loss_is_stable_for_huge_logits() -> None:
    net = nn.MLP([1, 2], seed=0)
    net.params["W"][0][:] = [[1000.0, -1000.0]]
    loss, grads = net.loss_and_gradients(np.array([[5.0]]), np.array([1]))
    assert loss == pytest.approx(10000.0)
    assert all(np.all(np.isfinite(g)) for g in grads["W"])


def test_step_is_gradient_descent() -> None:
    net = nn.MLP([2, 3, 2], activation="prelu", seed=0)
    before = {k: [np.copy(p) for p in v] if isinstance(v, list) else np.copy(v)
              for k, v in net.params.items()}
    X, y = datasets.xor(n=8)
    _, grads = net.loss_and_gradients(X, y)
    net.step(grads, lr=0.5)
    np.testing.assert_allclose(net.params["W"][1], before["W"][1] - 0.5 * grads["W"][1])
    np.testing.assert_allclose(net.params["alpha"], before["alpha"] - 0.5 * grads["alpha"])


@pytest.mark.parametrize(("scheme", "variance"), [
    ("he", lambda i, o: 2 / i),
    ("glorot", lambda i, o: 2 / (i + o)),
    ("lecun", lambda i, o: 1 / i),
    ("normal", lambda i, o: 0.01 ** 2),
    ("uniform", lambda i, o: 1 / (3 * i)),
])
def test_init_variance(scheme: str, variance) -> None:
    fan_in, fan_out = 200, 300
    W = nn.init_weights(fan_in, fan_out, scheme=scheme, seed=0)
    assert W.shape == (fan_in, fan_out) and W.dtype == np.float64
    # 60 000 draws: the sample variance is within ~1.5 % (5 standard errors) of the target
    assert np.var(W) == pytest.approx(variance(fan_in, fan_out), rel=0.03)
    assert abs(np.mean(W)) < 5 * np.sqrt(variance(fan_in, fan_out) / W.size)


def test_init_uniform_bounds_and_normal_std() -> None:
    W = nn.init_weights(16, 1000, scheme="uniform", seed=1)
    assert np.max(np.abs(W)) <= 0.25 and np.max(np.abs(W)) > 0.24
    assert np.std(nn.init_weights(100, 100, "normal", seed=1, std=0.5)) == pytest.approx(
        0.5, rel=0.03)


def test_init_errors() -> None:
    with pytest.raises(ValueError, match="he, glorot, lecun, normal, uniform"):
        nn.init_weights(3, 3, scheme="xavier")
    with pytest.raises(ValueError, match="fan_in"):
        nn.init_weights(0, 3)
    with pytest.raises(ValueError, match="std"):
        nn.init_weights(3, 3, "normal", std=-1.0)


def test_seeded_reproducibility() -> None:
    X, y = datasets.spiral(n=60)
    a, b, c = (nn.MLP([2, 8, 2], activation="tanh", seed=s) for s in (7, 7, 8))
    np.testing.assert_array_equal(a.params["W"][0], b.params["W"][0])
    assert not np.allclose(a.params["W"][0], c.params["W"][0])
    ha = nn.train(a, X, y, lr=0.3, epochs=20, batch_size=16, seed=3)
    hb = nn.train(b, X, y, lr=0.3, epochs=20, batch_size=16, seed=3)
    np.testing.assert_array_equal(ha.loss, hb.loss)
    np.testing.assert_array_equal(a.params["W"][1], b.params["W"][1])


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_nonlinear_net_learns_xor(activation: str) -> None:
    X, y = datasets.xor()
    net = nn.MLP([2, 16, 2], activation=activation, seed=0)
    history = nn.train(net, X, y, lr=0.5, epochs=300)
    assert net.accuracy(X, y) == 1.0
    assert history.accuracy[-1] == 1.0
    assert history.loss[-1] < history.loss[0] / 10


def test_linear_net_cannot_learn_xor() -> None:
    X, y = datasets.xor()
    for seed in range(3):
        net = nn.MLP([2, 16, 2], activation="identity", seed=seed)
        nn.train(net, X, y, lr=0.5, epochs=300)
        assert net.accuracy(X, y) <= 0.75


def test_history_shapes_and_loss_matches() -> None:
    X, y = datasets.gaussians(n=90)
    net = nn.MLP([2, 6, 5, 3], activation="relu", seed=0)
    h = nn.train(net, X, y, lr=0.1, epochs=15)
    assert h.loss.shape == (15,) and h.accuracy.shape == (15,)
    assert h.grad_norms.shape == (15, 3) and h.dead_fraction.shape == (15, 2)
    assert h.diverged_at is None
    loss, grads = net.loss_and_gradients(X, y)
    assert h.loss[-1] == pytest.approx(loss)
    np.testing.assert_allclose(h.grad_norms[-1], nn.gradient_norms(grads))
    assert h.accuracy[-1] == pytest.approx(net.accuracy(X, y))


def test_minibatch_training_learns() -> None:
    X, y = datasets.gaussians(n=150)
    net = nn.MLP([2, 8, 3], activation="tanh", seed=0)
    h = nn.train(net, X, y, lr=0.2, epochs=30, batch_size=10)
    assert h.loss[-1] < h.loss[0] and h.accuracy[-1] > 0.8


def test_divergence_is_reported_without_warnings() -> None:
    X, y = datasets.spiral(n=40)
    net = nn.MLP([2, 8, 8, 2], activation="relu", init="normal", seed=0)
    for W in net.params["W"]:
        W *= 1e6
    h = nn.train(net, X * 1e100, y, lr=1e100, epochs=10)
    assert h.diverged_at is not None
    assert np.all(np.isnan(h.loss[h.diverged_at:]))


def test_gradient_norms_are_frobenius() -> None:
    grads = {"W": [np.array([[3.0, 4.0]]), np.zeros((2, 2))], "b": []}
    np.testing.assert_array_equal(nn.gradient_norms(grads), [5.0, 0.0])


def test_dead_fraction_counts_units_dead_on_every_row() -> None:
    net = nn.MLP([2, 4, 2], activation="relu", seed=0)
    net.params["W"][0][:] = [[1.0, -1.0, 0.0, 1.0], [0.0, 0.0, 0.0, -1.0]]
    net.params["b"][0][:] = [0.0, -0.5, 0.0, 0.0]
    X = np.array([[1.0, 0.0], [2.0, 3.0]])
    # unit 0: z = 1, 2 (alive); unit 1: z < 0 (dead); unit 2: z = 0 (dead: relu'(0) = 0);
    # unit 3: z = 1, -1 (alive on one row)
    np.testing.assert_array_equal(nn.dead_fraction(net, X), [0.5])
    assert nn.dead_fraction(nn.MLP([2, 4, 4, 2], activation="tanh"), X).tolist() == [0.0, 0.0]


def test_step_activation_passes_no_gradient_to_hidden_weights() -> None:
    X, y = datasets.xor(n=20)
    net = nn.MLP([2, 4, 2], activation="step", seed=0)
    _, grads = net.loss_and_gradients(X, y)
    norms = nn.gradient_norms(grads)
    assert norms[0] == 0.0 and norms[1] > 0.0


def test_hidden_returns_pre_and_post_activations() -> None:
    net = nn.MLP([2, 3, 4, 2], activation="sigmoid", seed=0)
    X = np.ones((5, 2))
    layers = net.hidden(X)
    assert [z.shape for z, _ in layers] == [(5, 3), (5, 4)]
    for z, h in layers:
        np.testing.assert_allclose(h, act.get("sigmoid").f(z))
    np.testing.assert_allclose(net.forward(X),
                               layers[-1][1] @ net.params["W"][2] + net.params["b"][2])


def test_activation_object_and_params() -> None:
    leaky = act.get("leaky_relu", alpha=0.2)
    assert nn.MLP([2, 3, 2], activation=leaky).activation.params["alpha"] == 0.2
    with pytest.raises(ValueError, match="activation_params"):
        nn.MLP([2, 3, 2], activation=leaky, activation_params={"alpha": 0.1})
    with pytest.raises(ValueError, match="Valid names"):
        nn.MLP([2, 3, 2], activation="rleu")


@pytest.mark.parametrize(("sizes", "match"), [
    ([2], "at least two"), ("23", "at least two"), ([2, 0, 2], "sizes"), ([2, 2.5], "sizes"),
])
def test_bad_sizes(sizes, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        nn.MLP(sizes)


def test_bad_data() -> None:
    net = nn.MLP([2, 3, 2])
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        net.forward(np.ones((4, 3)))
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        net.forward(np.ones(2))
    with pytest.raises(ValueError, match="real numbers"):
        net.forward(np.array([["a", "b"]]))
    with pytest.raises(ValueError, match=r"0 \.\. 1"):
        net.loss_and_gradients(np.ones((2, 2)), np.array([0, 2]))
    with pytest.raises(ValueError, match="whole-number"):
        net.loss_and_gradients(np.ones((2, 2)), np.array([0.5, 1.0]))
    with pytest.raises(ValueError, match=r"shape \(2,\)"):
        net.accuracy(np.ones((2, 2)), np.array([0, 1, 1]))
    with pytest.raises(ValueError, match="lr"):
        nn.train(net, np.ones((2, 2)), np.array([0, 1]), lr=0)
    with pytest.raises(ValueError, match="epochs"):
        nn.train(net, np.ones((2, 2)), np.array([0, 1]), epochs=0)
    with pytest.raises(ValueError, match="batch_size"):
        nn.train(net, np.ones((2, 2)), np.array([0, 1]), batch_size=0)
    with pytest.raises(ValueError, match="keys"):
        net.step({"W": []}, lr=0.1)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**31 - 1), st.sampled_from(["tanh", "relu", "softplus"]))
def test_gradient_descent_step_lowers_loss(seed: int, name: str) -> None:
    """A small enough step along -grad lowers the loss (first-order property)."""
    rng = np.random.default_rng(seed)
    X, y = rng.standard_normal((8, 2)), rng.integers(0, 2, size=8)
    net = nn.MLP([2, 4, 2], activation=name, seed=seed % 1000)
    loss, grads = net.loss_and_gradients(X, y)
    if np.sum(nn.gradient_norms(grads) ** 2) < 1e-10:
        return
    net.step(grads, lr=1e-4)
    assert net.loss_and_gradients(X, y)[0] < loss
