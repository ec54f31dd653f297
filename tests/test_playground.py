"""The Playground study: derivations, training with snapshots, tables, frames."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from matplotlib.text import Text

from helpers import checks, frame_grid, frames, nn
from helpers.exercises import playground as keys
from helpers.studies import playground

CONTROLS = {"data": list(playground.DATASETS), "activation": list(playground.ACTIVATIONS),
            "epochs": list(playground.EPOCHS)}


@pytest.fixture(scope="module")
def runs() -> dict:
    """Every (data set, activation) of the widget, trained once as the chapter does."""
    return playground.train_grid()


# -- Derive ----------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 3])
def test_identity_network_is_one_matrix(seed: int) -> None:
    net = nn.MLP([2, 8, 8, 2], activation="identity", seed=seed)
    W, b = playground.composed_map(net)
    X = np.random.default_rng(seed).standard_normal((50, 2))
    assert W.shape == (2, 2) and b.shape == (2,)
    np.testing.assert_allclose(net.forward(X), X @ W + b, rtol=1e-10, atol=1e-12)


def test_composed_map_refuses_a_nonlinear_network() -> None:
    with pytest.raises(ValueError, match="identity"):
        playground.composed_map(nn.MLP([2, 8, 2], activation="relu"))


@pytest.mark.parametrize("name", ["tanh", "sigmoid", "identity"])
def test_one_unit_boundary_is_where_the_logit_difference_vanishes(name: str) -> None:
    d, line, s = playground.one_unit_boundary(name)
    assert sp.simplify(d.subs(s["x2"], line)) == 0
    # numerically too, at parameters where the line exists (|e/a| inside the range of f)
    values = {s["w1"]: 0.7, s["w2"]: -1.3, s["c"]: 0.2, s["a"]: 2.0, s["e"]: -0.6}
    for x1 in (-2.0, 0.0, 1.5):
        x2 = float(line.subs(values).subs(s["x1"], x1))
        assert abs(float(d.subs(values).subs({s["x1"]: x1, s["x2"]: x2}))) < 1e-12


def test_one_unit_boundary_refuses_a_non_invertible_activation() -> None:
    with pytest.raises(ValueError, match="tanh, sigmoid, identity"):
        playground.one_unit_boundary("relu")


# -- Training --------------------------------------------------------------


def test_runs_are_deterministic_and_shaped() -> None:
    a = playground.train_run("xor", "tanh", epochs=(0, 5, 20))
    b = playground.train_run("xor", "tanh", epochs=(0, 5, 20))
    assert a.train_loss.shape == a.test_loss.shape == a.test_accuracy.shape == (5, 21)
    assert sorted(a.proba) == sorted(a.units) == [0, 5, 20]
    R = playground.RESOLUTION
    assert a.proba[20].shape == (R, R) and a.units[20].shape == (4, R, R)
    np.testing.assert_array_equal(a.train_loss, b.train_loss)
    np.testing.assert_array_equal(a.proba[20], b.proba[20])
    assert np.all((a.proba[20] >= 0) & (a.proba[20] <= 1))


def test_snapshots_in_segments_equal_one_long_run() -> None:
    """Full-batch gradient descent has no state: segments change nothing."""
    run = playground.train_run("circles", "relu", epochs=(0, 7, 25))
    data = run.data
    _, h = nn.train_many(list(playground.SIZES), *data.train, seeds=playground.SEEDS,
                         activation="relu", lr=playground.LR, epochs=25, test=data.test,
                         diagnostics=False)
    np.testing.assert_allclose(run.train_loss[:, 1:], h.loss, rtol=1e-6)
    np.testing.assert_array_equal(run.test_accuracy[:, 1:], h.test_accuracy)


def test_the_untrained_column_is_the_initial_network() -> None:
    run = playground.train_run("gaussians", "elu", epochs=(0,))
    net = nn.MLP(list(playground.SIZES), activation="elu", seed=list(playground.SEEDS),
                 dtype="float32")
    loss, acc = net.evaluate(*run.data.test)
    np.testing.assert_allclose(run.test_loss[:, 0], loss, rtol=1e-6)
    np.testing.assert_array_equal(run.test_accuracy[:, 0], acc)


def test_identity_stays_near_chance_on_the_spiral_while_relu_fits(runs: dict) -> None:
    identity = runs["spiral", "identity"].test_accuracy[:, -1]
    relu = runs["spiral", "relu"].test_accuracy[:, -1]
    assert identity.max() <= 0.6
    assert np.median(relu) >= 0.95
    assert runs["spiral", "identity"].epochs_to() == [None] * 5


def test_bad_epochs_are_refused() -> None:
    with pytest.raises(ValueError, match="increasing"):
        playground.train_run("xor", "relu", epochs=(10, 5))
    run = playground.train_run("xor", "relu", epochs=(0, 3))
    with pytest.raises(ValueError, match="already trained"):
        playground.extend(run, 2)


def test_epochs_to_counts_from_the_untrained_column() -> None:
    run = playground.train_run("xor", "relu", epochs=(0,))
    run.test_accuracy = np.array([[0.5, 0.8, 0.95, 0.99], [0.5, 0.6, 0.7, 0.8],
                                  [0.91, 0.5, 0.5, 0.5]])
    assert run.epochs_to(0.9) == [2, None, 0]


# -- Tables ----------------------------------------------------------------


def test_claim_rows_format_medians_ranges_and_misses(runs: dict) -> None:
    rows = dict((name, (acc, hits)) for name, acc, hits in
                playground.claim_rows(runs, "spiral"))
    assert set(rows) == set(playground.ACTIVATIONS)
    assert rows["identity"][1] == "never in 300"
    hits = runs["spiral", "relu"].epochs_to()
    assert rows["relu"][1].startswith(f"{int(np.median(hits))} (range {min(hits)}-{max(hits)})")
    assert rows["relu"][0].endswith("after 300")


def test_final_rows_are_the_mean_test_accuracy(runs: dict) -> None:
    rows = playground.final_rows(runs, ("identity", "relu"))
    assert [r[0] for r in rows] == list(playground.DATASETS)
    spiral = rows[0]
    assert spiral[2] == f"{runs['spiral', 'relu'].test_accuracy[:, -1].mean():.2f}"


def test_a_too_large_learning_rate_kills_relu_units() -> None:
    rows = playground.learning_rate_rows(rates=(0.6, 60.0), epochs=50)
    (_, good_acc, good_dead, _), (_, bad_acc, bad_dead, _) = rows
    assert float(good_acc) > 0.8 and float(bad_acc) < 0.6
    assert int(bad_dead.rstrip("%")) > 80 > int(good_dead.rstrip("%"))


# -- The widget ------------------------------------------------------------


def test_the_page_frames_stay_under_three_megabytes(runs: dict) -> None:
    pngs = frame_grid.grid_frames(playground.PlaygroundView(runs), CONTROLS)
    assert len(pngs) == len(playground.DATASETS) * len(playground.ACTIVATIONS) * 5
    assert len(set(pngs)) == len(pngs)            # every combination looks different
    assert sum(map(len, pngs)) < 3_000_000


def test_every_text_in_a_frame_is_at_least_nine_pixels_tall(runs: dict) -> None:
    view = playground.PlaygroundView(runs)
    renderer = frames._Renderer(view, frame_grid.grid_points(CONTROLS)[0], frames.FRAME_DPI)
    texts = [t for t in renderer.fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    assert texts
    for t in texts:
        assert t.get_fontsize() * frames.FRAME_DPI / 72 >= 9, t.get_text()


def test_alt_text_names_the_point_and_its_accuracy(runs: dict) -> None:
    view = playground.PlaygroundView(runs)
    alt = view.alt({"data": "circles", "activation": "identity", "epochs": 300})
    acc = runs["circles", "identity"].test_accuracy[0, 300]
    assert alt.startswith("circles data, identity network after 300 epochs")
    assert f"test accuracy {acc:.2f} for seed 0" in alt
    assert view.label("activation", "silu") == "SiLU"


def test_live_face_retrains_for_a_new_learning_rate() -> None:
    view = playground.PlaygroundView()
    box = frame_grid.live_face(view, {"data": ["xor", "circles"], "activation": ["relu", "tanh"],
                                      "learning rate": [0.06, 6.0], "epochs": [0, 20]})
    first = box.frame.value
    box.controls["epochs"].value = 20
    after_epochs = box.frame.value
    box.controls["learning rate"].value = 3.0
    assert len({first, after_epochs, box.frame.value}) == 3
    lr = box.controls["learning rate"].value
    run = view.run_for({"data": "xor", "activation": "relu", "learning rate": lr, "epochs": 20})
    assert run.lr == pytest.approx(3.0, abs=0.03) and run.epochs == 20


# -- Exercises -------------------------------------------------------------


def test_boundary_key_is_the_line_derived_by_hand() -> None:
    x1 = keys.x1
    by_hand = (x1 + 1 - sp.atanh(sp.Rational(1, 2))) / 2
    assert sp.simplify((keys._boundary() - by_hand).rewrite(sp.log)) == 0
    assert checks.check("playground-ex-boundary", (x1 + 1 - sp.atanh(sp.Rational(1, 2))) / 2
                        ).correct
    assert not checks.check("playground-ex-boundary", (x1 + 1) / 2).correct


def test_xor_key_is_the_slowest_activation_that_gets_there() -> None:
    counts = {name: playground.train_run("xor", name).epochs_to()[0]
              for name in ("identity", "sigmoid", "tanh", "relu")}
    assert counts["identity"] is None
    slowest = max(c for c in counts.values() if c is not None)
    assert slowest == counts["sigmoid"] == keys._slowest_on_xor()
    assert checks.check("playground-ex-xor", slowest).correct
    assert not checks.check("playground-ex-xor", slowest + 1).correct
