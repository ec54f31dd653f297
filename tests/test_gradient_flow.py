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


def test_clipped_step_moves_parameters_at_most_lr_times_max_norm():
    X, y = datasets.spiral(n=60, seed=0)
    net = nn.MLP([2, 8, 8, 2], activation="relu", seed=0)
    for W in net.params["W"]:
        W *= 3.0
    before = [p.copy() for value in net.params.values() for p in value]
    run = gradient_flow.train_clipped(net, X, y, lr=0.1, epochs=1, max_norm=0.5)
    after = [p for value in net.params.values() for p in value]
    moved = np.sqrt(sum(np.sum((a - b) ** 2) for a, b in zip(after, before, strict=True)))
    assert run["grad_norm"][0] > 0.5              # the clip was active
    assert moved == pytest.approx(0.1 * 0.5, rel=1e-9)


def test_large_init_explodes_without_clipping_and_trains_with_it():
    runs = gradient_flow.exploding_runs()
    plain, clipped = runs.values()
    assert np.isnan(plain["loss"]).any()          # diverged and stopped
    assert np.isfinite(clipped["loss"]).all()
    assert clipped["loss"][-1] < clipped["loss"][0]


def test_train_clipped_rejects_two_clipping_rules():
    with pytest.raises(ValueError, match="not both"):
        gradient_flow.train_clipped(None, None, None, max_norm=1.0, max_value=1.0)


def test_figures_have_one_line_per_series_on_log_axes():
    ax = gradient_flow.plot_layer_gradient_norms(("sigmoid", "relu"), depth=4, width=8)
    assert len(ax.get_lines()) == 2 and ax.get_yscale() == "log"
    ax_loss, ax_norm = gradient_flow.plot_exploding(gradient_flow.exploding_runs(epochs=5))
    assert len(ax_loss.get_lines()) == len(ax_norm.get_lines()) == 2
    plt.close("all")
