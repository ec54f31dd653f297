"""helpers.studies.gradient_flow: gradients through real networks, exploding and clipping."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import datasets, nn  # noqa: E402
from helpers.studies import gradient_flow  # noqa: E402


def test_deep_sigmoid_gradients_vanish_towards_the_input():
    sig = gradient_flow.layer_gradient_norms("sigmoid", depth=10)
    relu = gradient_flow.layer_gradient_norms("relu", depth=10)
    assert sig.shape == relu.shape == (11,)
    assert sig[0] < 1e-4 * sig[-1]           # about 0.25 per layer, ten layers
    assert relu[0] > 1e-2 * relu[-1]         # He init keeps ReLU gradients alive


def test_one_clipped_step_of_the_training_loop_moves_parameters_lr_times_max_norm():
    X, y = datasets.spiral(n=60, seed=0)
    net = nn.MLP([2, 8, 8, 2], activation="relu", seed=0)
    for W in net.params["W"]:
        W *= 3.0
    _, grads = net.loss_and_gradients(X, y)
    norm = np.sqrt(sum(np.sum(g ** 2) for value in grads.values() for g in value))
    before = [p.copy() for value in net.params.values() for p in value]
    nn.train(net, X, y, lr=0.1, epochs=1, clip_norm=0.5)
    after = [p for value in net.params.values() for p in value]
    moved = np.sqrt(sum(np.sum((a - b) ** 2) for a, b in zip(after, before, strict=True)))
    assert norm > 0.5                              # the clip was active
    assert moved == pytest.approx(0.1 * 0.5, rel=1e-5)


def test_large_init_explodes_without_clipping_and_trains_with_it():
    runs = gradient_flow.exploding_runs()
    plain, clipped = runs.values()
    first_nan = int(np.flatnonzero(np.isnan(plain["loss"]))[0])
    assert 0 < first_nan < 10                      # diverged within a few epochs and stopped
    assert np.isnan(plain["loss"][first_nan:]).all()
    assert np.isfinite(clipped["loss"]).all() and np.isfinite(clipped["grad_norm"]).all()
    assert clipped["loss"][-1] < clipped["loss"][0] / 10


def test_exploding_runs_record_the_weight_gradient_norm_of_the_training_loop():
    runs = gradient_flow.exploding_runs(epochs=3)
    X, y = datasets.spiral(n=300, arms=2, noise=0.2, seed=0)
    net = nn.MLP([2] + [32] * 6 + [2], activation="relu", init="he", seed=0)
    for W in net.params["W"]:
        W *= 2.5
    history = nn.train(net, X, y, lr=0.05, epochs=3, clip_norm=1.0)
    clipped = runs["clip norm at 1"]
    assert np.array_equal(clipped["loss"], history.loss)
    assert np.allclose(clipped["grad_norm"], np.linalg.norm(history.grad_norms, axis=1))


def test_the_second_training_loop_is_gone():
    assert not hasattr(gradient_flow, "train_clipped")


def test_figures_have_one_line_per_series_on_log_axes():
    ax = gradient_flow.plot_layer_gradient_norms(("sigmoid", "relu"), depth=4, width=8)
    assert len(ax.get_lines()) == 2 and ax.get_yscale() == "log"
    ax_loss, ax_norm = gradient_flow.plot_exploding(gradient_flow.exploding_runs(epochs=5))
    assert len(ax_loss.get_lines()) == len(ax_norm.get_lines()) == 2
    plt.close("all")
