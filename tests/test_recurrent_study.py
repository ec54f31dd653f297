"""Tests of the recurrent chapter's study: the task, the derivations, the gradient through
time, and the key claims of its training runs on the seeded case the chapter shows."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from helpers.studies import recurrent as study


def test_sign_memory_labels_are_the_sign_of_the_first_input() -> None:
    X, y = study.sign_memory(50, 7, noise=0.5, seed=3)
    assert X.shape == (50, 7, 1) and set(np.abs(X[:, 0, 0])) == {1.0}
    np.testing.assert_array_equal(y, X[:, 0, 0] > 0)
    assert 10 < y.sum() < 40
    with pytest.raises(ValueError, match="T >= 1"):
        study.sign_memory(5, 0)


def test_derivations_hold() -> None:
    d, product, _ = study.rnn_chain(3)
    assert sp.simplify(d - product) == 0
    d, product = study.lstm_cell_chain(4)
    assert sp.simplify(d - product) == 0 and len(product.args) == 4
    for name, (lhs, rhs) in study.gate_derivatives().items():
        assert sp.simplify(lhs - rhs) == 0, name


def test_a_wrong_product_is_caught() -> None:
    """The chain's check can fail: dropping one tanh factor breaks the identity."""
    d, product, h0 = study.rnn_chain(2)
    w = sp.Symbol("w", real=True)
    wrong = product.subs(w, 1) * w ** 2 / product.args[-1].subs(w, 1)
    values = {s: 0.3 + 0.1 * k for k, s in enumerate(sorted(d.free_symbols, key=str))}
    assert abs(float((d - wrong).subs(values))) > 1e-6


def test_gradient_through_time_vanishes_below_and_explodes_above() -> None:
    norms = study.gradient_through_time((0.5, 1.0, 3.0), T=30)
    t = np.arange(1, 31)
    for r, ys in norms.items():
        assert np.all(ys <= r ** t * (1 + 1e-9))                # never above the bound
    assert norms[0.5][-1] < 1e-8 and norms[1.0][-1] < 0.1     # tanh makes 1.0 vanish too
    assert norms[3.0][-1] > 1e3 and norms[3.0][-1] < 3.0 ** 30 * 1e-6


def test_clipping_rescues_exploding_but_not_vanishing() -> None:
    runs = study.clipping_runs()
    solved = {label: int(np.sum(r["test_accuracy"] >= 0.9)) for label, r in runs.items()}
    assert solved["ρ = 0.5, not clipped"] == solved["ρ = 0.5, clipped"] == 0
    assert solved["ρ = 3, clipped"] >= solved["ρ = 3, not clipped"] + 2
    # a vanishing gradient is (almost) never clipped: both runs stay at chance
    for label in ("ρ = 0.5, clipped", "ρ = 0.5, not clipped"):
        assert np.max(runs[label]["test_accuracy"]) < 0.6
    assert np.nanmax(runs["ρ = 0.5, clipped"]["grad_norm"]) < 1.0
    assert np.nanmax(runs["ρ = 3, clipped"]["grad_norm"]) > 10.0


def test_lstm_remembers_where_the_rnn_forgets() -> None:
    runs = study.cell_output_runs()
    acc = {label: r["test_accuracy"] for label, r in runs.items()}
    assert np.median(acc["LSTM, φ = tanh"]) > 0.95 > np.median(acc["tanh RNN"])
    for label, run in runs.items():
        if "forget" in run:
            assert np.all((run["forget"] > 0) & (run["forget"] < 1)), label
    summary = study.summary(runs)
    assert summary["LSTM, φ = tanh"].startswith("5/5")


def test_radius_view_renders_one_frame_per_radius() -> None:
    view = study.RadiusView([0.5, 2.0], T=10)
    pngs = study.frames.frames(view, view.radii)
    assert len(pngs) == 2 and pngs[0] != pngs[1]
    assert "0.5" in view.alt(0.5) and "9.8e-04" in view.alt(0.5)
    with pytest.raises(ValueError, match="radii must be > 0"):
        study.RadiusView([0.0, 1.0])
