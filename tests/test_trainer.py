"""Tests of the trainer: every activation's backprop, optimisers, clipping, held-out
evaluation, stacked seeds, determinism, divergence, bad input, and learning on real data."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import sympy as sp

from helpers import activations as act
from helpers import datasets, nn


def _loss(net: nn.MLP, X: np.ndarray, y: np.ndarray) -> float:
    return float(net._loss_grads(X, y)[0][0])


def _numeric_gradient(net: nn.MLP, X: np.ndarray, y: np.ndarray, eps: float = 1e-6
                      ) -> np.ndarray:
    """Central finite differences of the loss for every entry of the flat parameter buffer."""
    theta = net._theta
    grad = np.zeros_like(theta)
    for i in range(theta.size):
        old = theta[i]
        theta[i] = old + eps
        up = _loss(net, X, y)
        theta[i] = old - eps
        down = _loss(net, X, y)
        theta[i] = old
        grad[i] = (up - down) / (2 * eps)
    return grad


@pytest.mark.parametrize("name", act.names())
def test_every_activation_backprop_matches_finite_differences(name: str) -> None:
    rng = np.random.default_rng(1)
    X = rng.standard_normal((6, 3))
    y = rng.integers(0, 3, size=6)
    kinks = act.get(name).kinks
    for seed in range(20):                   # the first seed whose units stay off the kinks
        net = nn.MLP([3, 4, 4, 3], activation=name, init="glorot", seed=seed)
        net._theta += rng.normal(0, 0.2, size=net._theta.shape)   # biases and alphas non-zero
        if all(np.min(np.abs(z - k)) > 1e-3 for z, _ in net.hidden(X) for k in kinks):
            break
    else:
        pytest.fail("no seed keeps the units off the kinks")
    Xc, yc = net._check_X(X), net._check_y(y, 6)
    net._loss_grads(Xc, yc)
    analytic = net._grad.copy()
    numeric = _numeric_gradient(net, Xc, yc)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-8)
    if name != "step":                       # the step function passes no gradient back
        assert np.linalg.norm(net.params["W"][0]) > 0 and np.abs(analytic).max() > 1e-4


def test_prelu_is_affine_in_alpha_in_the_registry() -> None:
    """f(z; a) = f(z; 0) + a (f(z; 1) - f(z; 0)), which the trainer's PReLU relies on."""
    z = np.linspace(-3, 3, 61)
    exprs = {a: sp.lambdify(act.x, act.get("prelu", alpha=a).expr, "numpy") for a in (0, 1, 0.3)}
    f0, f1, fa = (np.array([float(exprs[a](t)) for t in z]) for a in (0, 1, 0.3))
    np.testing.assert_allclose(fa, f0 + 0.3 * (f1 - f0), rtol=0, atol=1e-14)
    net = nn.MLP([2, 3, 2], activation="prelu", activation_params={"alpha": 0.3})
    np.testing.assert_array_equal(net._f(0, z), act.get("prelu", alpha=0.3).f(z))


def test_stacked_members_equal_single_networks() -> None:
    split = datasets.playground("xor", n=80, seed=1)
    options = dict(lr=0.05, epochs=5, batch_size=8, optimiser="momentum",
                   validation=split.test, clip_norm=5.0)
    stacked, hs = nn.train_many([2, 6, 5, 2], *split.train, seeds=[3, 4, 5],
                                activation="prelu", dtype="float64", **options)
    for i, s in enumerate([3, 4, 5]):
        net = nn.MLP([2, 6, 5, 2], activation="prelu", seed=s)
        h = nn.train(net, *split.train, seed=s, **options)
        np.testing.assert_allclose(hs.loss[i], h.loss, rtol=1e-12)
        np.testing.assert_allclose(hs.val_accuracy[i], h.val_accuracy)
        np.testing.assert_allclose(stacked.member(i).params["alpha"], net.params["alpha"],
                                   rtol=1e-12)
        np.testing.assert_allclose(hs.member(i).grad_norms, h.grad_norms, rtol=1e-10)


def test_adam_and_momentum_steps_match_hand_computed_updates() -> None:
    X, y = datasets.gaussians(n=30, seed=2)
    grads, thetas = [], []
    probe = nn.MLP([2, 4, 3], activation="tanh", seed=1)
    theta = start = probe._theta.copy()
    lr, (b1, b2), eps = 0.01, (0.8, 0.9), 1e-8
    m = v = np.zeros_like(theta)
    for t in (1, 2, 3):                               # Adam by hand, as in Kingma & Ba
        probe._theta[:] = theta
        _, g = probe.loss_and_gradients(X, y)
        g = np.concatenate([np.ravel(a) for a in g["W"][:1] + g["b"][:1] + g["W"][1:] + g["b"][1:]])
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        theta = theta - lr * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + eps)
        thetas.append(theta)
        grads.append(g)
    net = nn.MLP([2, 4, 3], activation="tanh", seed=1)
    nn.train(net, X, y, lr=lr, epochs=3, optimiser="adam", betas=(b1, b2), eps=eps)
    np.testing.assert_allclose(net._theta, thetas[-1], rtol=1e-12, atol=1e-15)
    # the first Adam step moves every parameter with a non-zero gradient by about lr
    assert np.allclose(np.abs(thetas[0] - start)[np.abs(grads[0]) > 1e-6], lr, rtol=1e-3)
    # momentum: v1 = g0, v2 = mu g0 + g1
    net = nn.MLP([2, 4, 3], activation="tanh", seed=1)
    start = net._theta.copy()
    g0 = net.loss_and_gradients(X, y)[1]
    nn.train(net, X, y, lr=0.1, epochs=1, optimiser="momentum", momentum=0.5)
    np.testing.assert_allclose(start - net._theta, 0.1 * _flat(net, g0), rtol=1e-12)


def _flat(net: nn.MLP, grads: nn.Params) -> np.ndarray:
    order = []
    for W, b in zip(grads["W"], grads["b"], strict=True):
        order += [W.ravel(), b.ravel()]
    return np.concatenate(order)


def test_clipping_by_value_and_by_norm() -> None:
    X, y = datasets.spiral(n=40)
    for kind in ("clip_value", "clip_norm"):
        net = nn.MLP([2, 8, 2], activation="relu", seed=0)
        start = net._theta.copy()
        g = _flat(net, net.loss_and_gradients(X, y)[1])
        nn.train(net, X, y, lr=1.0, epochs=1, **{kind: 0.01})
        step = start - net._theta
        if kind == "clip_value":
            np.testing.assert_allclose(step, np.clip(g, -0.01, 0.01), rtol=1e-12)
        else:
            assert np.linalg.norm(g) > 0.01
            np.testing.assert_allclose(step, g * 0.01 / (np.linalg.norm(g) + 1e-6), rtol=1e-10)


def test_history_records_held_out_sets() -> None:
    split = datasets.playground("circles", n=120, seed=0)
    net = nn.MLP([2, 8, 2], activation="tanh", seed=0)
    h = nn.train(net, *split.train, lr=0.2, epochs=6, batch_size=16,
                 validation=split.test, test=split.test)
    for field in ("loss", "accuracy", "val_loss", "val_accuracy", "test_loss", "test_accuracy"):
        assert getattr(h, field).shape == (6,) and np.all(np.isfinite(getattr(h, field)))
    np.testing.assert_array_equal(h.val_loss, h.test_loss)
    loss, acc = net.evaluate(*split.test)
    assert h.test_loss[-1] == pytest.approx(loss) and h.test_accuracy[-1] == acc
    assert h.grad_norms.shape == (6, 2) and h.dead_fraction.shape == (6, 1)
    assert h.settings["optimiser"] == "sgd" and h.seconds.shape == (6,)
    assert h.epochs_to(0.0, "test_accuracy") == 1 and h.epochs_to(2.0, "accuracy") is None
    quick = nn.train(nn.MLP([2, 8, 2], seed=0), *split.train, epochs=2, batch_size=16,
                     diagnostics=False)
    assert quick.grad_norms is None and quick.dead_fraction is None


def test_same_seed_same_history_different_seed_different() -> None:
    split = datasets.playground("spiral", n=100, seed=0)

    def run(seed: int, dtype: str) -> nn.History:
        net = nn.MLP([2, 8, 8, 2], activation="gelu", seed=seed, dtype=dtype)
        return nn.train(net, *split.train, lr=0.01, epochs=8, batch_size=10, seed=seed,
                        optimiser="adam", validation=split.test)

    for dtype in ("float64", "float32"):
        a, b, c = run(1, dtype), run(1, dtype), run(2, dtype)
        for field in ("loss", "accuracy", "val_loss", "val_accuracy", "grad_norms",
                      "dead_fraction"):
            np.testing.assert_array_equal(getattr(a, field), getattr(b, field))
        assert not np.array_equal(a.loss, c.loss)
    np.testing.assert_allclose(run(1, "float32").loss, run(1, "float64").loss, rtol=1e-4)


def test_diverging_run_is_reported_without_warnings() -> None:
    X, y = datasets.spiral(n=40)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        net = nn.MLP([2, 8, 8, 2], activation="relu", init="he", seed=[0, 1])
        net.params["W"][0][0] *= 1e200                       # member 0 explodes
        h = nn.train(net, X, y, lr=1e10, epochs=5, optimiser="adam")
        h2 = nn.train(nn.MLP([2, 8, 2], seed=0, dtype="float32"), X * 1e30, y, lr=1e30,
                      epochs=5)
    assert h.diverged_at[0] == 0 and h.diverged.tolist() == [True, h.diverged_at[1] is not None]
    assert np.all(np.isnan(h.loss[0])) and np.all(np.isfinite(net._theta))
    assert h2.diverged and np.all(np.isnan(h2.loss[h2.diverged_at:]))
    net = nn.MLP([2, 8, 2], activation="tanh", seed=[0, 1])
    h = nn.train(net, X, y, lr=0.1, epochs=3)
    assert h.diverged_at == [None, None] and np.all(np.isfinite(h.loss))


@pytest.mark.parametrize(("call", "match"), [
    (lambda net, X, y: nn.train(net, X, y, optimiser="rmsprop"), "sgd, momentum, adam"),
    (lambda net, X, y: nn.train(net, X, y, momentum=1.0, optimiser="momentum"), "momentum"),
    (lambda net, X, y: nn.train(net, X, y, betas=(0.9,)), "betas"),
    (lambda net, X, y: nn.train(net, X, y, clip_norm=0), "clip_norm"),
    (lambda net, X, y: nn.train(net, X, y, clip_value=-1), "clip_value"),
    (lambda net, X, y: nn.train(net, X[:, :1], y), r"X must have shape \(n, 2\)"),
    (lambda net, X, y: nn.train(net, X, y[:-1]), "y must have shape"),
    (lambda net, X, y: nn.train(net, X, y + 2), r"0 \.\. 1"),
    (lambda net, X, y: nn.train(net, np.where(X > 1, np.nan, X), y), "X must be finite"),
    (lambda net, X, y: nn.train(net, X, y, validation=(X[:, :1], y)), r"validation\[0\]"),
    (lambda net, X, y: nn.train(net, X, y, test=(X, y + 5)), r"test\[1\]"),
    (lambda net, X, y: nn.train(net, X, y, test=X), "test must be a pair"),
    (lambda net, X, y: nn.train(net, X, y, seed=[1, 2]), "seed"),
    (lambda net, X, y: nn.MLP([2, 3, 2], activation="rleu"), "Valid names"),
    (lambda net, X, y: nn.MLP([2, 3, 2], dtype="float16"), "float64, float32"),
    (lambda net, X, y: nn.MLP([2, 3, 2], seed=[]), "seed"),
    (lambda net, X, y: nn.train_many([2, 3, 2], X, y, seed=1), "seeds="),
    (lambda net, X, y: net.member(0), "stacked"),
])
def test_bad_input_names_the_argument(call, match: str) -> None:
    X, y = datasets.xor(n=20)
    with pytest.raises(ValueError, match=match):
        call(nn.MLP([2, 3, 2]), X, y)


# -- learning on the book's data (float32, stacked seeds: seconds) ------------------


def test_spiral_needs_a_nonlinearity() -> None:
    split = datasets.playground("spiral", seed=0)
    results = {}
    for name in ("relu", "identity"):
        _, h = nn.train_many([2, 32, 32, 2], *split.train, seeds=range(3), activation=name,
                             optimiser="adam", lr=0.01, epochs=150, batch_size=20,
                             test=split.test, diagnostics=False)
        results[name] = h.test_accuracy[:, -1]
    assert np.all(results["relu"] >= 0.95)
    assert np.all(results["identity"] <= 0.65)          # chance is 0.5


def test_mnist1d_relu_beats_identity() -> None:
    split = datasets.mnist1d()
    acc = {}
    for name, seeds in (("relu", [0, 1]), ("identity", [0])):
        _, h = nn.train_many([40, 100, 100, 10], *split.train, seeds=seeds, activation=name,
                             optimiser="adam", lr=0.004, epochs=12, batch_size=100,
                             test=split.test, diagnostics=False)
        acc[name] = h.test_accuracy[:, -1]
    assert np.all(acc["relu"] >= 0.55), acc
    assert np.all(acc["identity"] <= 0.40), acc


def test_digits_relu() -> None:
    split = datasets.digits_split(seed=0)
    _, h = nn.train_many([64, 64, 10], *split.train, seeds=range(3), activation="relu",
                         optimiser="adam", lr=0.003, epochs=30, batch_size=50,
                         validation=split.validation, test=split.test, diagnostics=False)
    assert np.all(h.test_accuracy[:, -1] >= 0.95), h.test_accuracy[:, -1]
    assert np.all(h.val_accuracy[:, -1] >= 0.9)


def test_mean_ci() -> None:
    mean, half = nn.mean_ci([1.0, 2.0, 3.0])
    assert mean == 2.0 and half == pytest.approx(4.302652729749464 * 1 / np.sqrt(3))
    with pytest.raises(ValueError, match="two finite"):
        nn.mean_ci([1.0])
