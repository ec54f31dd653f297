"""The normalisation study: derivations that would fail if wrong, and the rescue of a
deep sigmoid network by batch normalisation and by pre-activation skips."""

import numpy as np
import pytest
import sympy as sp

from helpers import datasets, nn
from helpers.studies import normalisation as norm


def test_symbolic_backward_equals_the_closed_form_and_a_wrong_one_differs():
    derived, closed, point = norm.bn_backward_symbolic(n=3)
    assert sp.simplify((derived - closed).subs(point)) == 0
    gamma = sp.Symbol("gamma", real=True)
    naive = gamma * sp.Symbol("g_1", real=True)          # forgets the batch statistics
    assert sp.simplify((derived - naive).subs(point)) != 0


@pytest.mark.parametrize("training", [True, False])
def test_bn_gradient_check(training):
    assert norm.bn_gradient_check(training=training) < 1e-7


def test_skip_chain_and_jacobian():
    chain = norm.skip_chain(depth=20)
    assert chain["plain at 1/4"] == sp.Rational(1, 4) ** 20
    assert chain["skip at 1/4"] == sp.Rational(5, 4) ** 20
    jacobian, closed = norm.skip_jacobian()
    assert sp.simplify(jacobian - closed) == sp.zeros(2, 2)
    assert jacobian[0, 0] != closed[0, 0] - 1               # the identity is really there


def test_activation_statistics():
    stats = norm.activation_stats(depth=8, rows=256)
    assert np.allclose(stats["after BN mean"], 0, atol=1e-9)
    assert np.allclose(stats["after BN std"], 1, atol=1e-3)
    assert stats["plain std"][-1] < 1e-3 * stats["plain std"][0]    # the spread collapses
    assert stats["before BN std"][-1] > 0.1


def test_gradient_norms_vanish_only_without_a_fix():
    plain = norm.layer_gradient_norms(20, "plain")
    assert plain.shape == (21,) and plain[0] / plain[-1] < 1e-8
    post = norm.layer_gradient_norms(20, "skip, f after the sum")
    assert post[0] / post[-1] < 1e-6
    for variant in ("batch norm", "skip, pre-activation"):
        n = norm.layer_gradient_norms(20, variant)
        assert n[0] / n[-1] > 0.1
    with pytest.raises(ValueError, match="variant must be one of"):
        norm.layer_gradient_norms(5, "layer norm")


def test_inference_mode_removes_the_batch_dependence():
    out = norm.batch_dependence()
    assert out["inference mode"] == 0 < out["training mode"]


def test_a_deep_stalling_sigmoid_network_trains_with_batch_norm():
    data = datasets.digits_split(seed=0)
    sizes = [data.n_features] + [32] * 10 + [data.classes]
    acc = {}
    for label, options in (("plain", {}), ("batch", {"norm": "batch"})):
        net = nn.MLP(sizes, activation="sigmoid", init="glorot", seed=0, dtype="float32",
                     **options)
        nn.train(net, *data.train, lr=0.1, epochs=3, batch_size=64, diagnostics=False)
        acc[label] = net.accuracy(*data.test)
    assert acc["plain"] < 0.2 and acc["batch"] > 0.5, acc


def test_widget_frames_and_alt_text():
    view = norm.GradientDepthView([2, 5])
    assert "2 hidden layers" in view.alt(2) and "plain" in view.alt(5)
    box = norm.gradient_depth([2, 5])
    assert len(box.stack.children) == 2 and box.values == (2, 5)
