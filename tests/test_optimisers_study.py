"""The optimisers study: momentum's and Adam's step sizes derived and run, and the
dead-unit grid."""

import numpy as np
import pytest
import sympy as sp

from helpers import nn
from helpers.studies import optimisers as opt


def test_momentum_sum_closed_form_and_limit():
    v_t, closed, limit = opt.momentum_sum()
    assert sp.simplify(v_t - closed) == 0
    g = next(iter(limit.free_symbols))
    assert limit == 10 * g


def test_adam_bias_equals_one_minus_beta_to_the_t():
    expectation, closed = opt.adam_bias()
    assert sp.simplify(expectation - closed) == 0
    symbols = {s.name: s for s in expectation.free_symbols}
    beta, t, Eg = symbols["beta_1"], symbols["t"], symbols["E_g"]
    assert expectation.subs({beta: sp.Rational(9, 10), t: 1}) == Eg / 10   # a tenth at t = 1
    assert sp.limit(expectation.subs(beta, sp.Rational(9, 10)), t, sp.oo) == Eg


def test_optimiser_first_moment_has_the_derived_bias():
    o = nn.Optimiser("adam", 1, 0.1)
    theta = np.zeros(1)
    for _ in range(3):
        o.step(theta, np.array([2.0]))
    assert np.isclose(o._m[0], (1 - 0.9 ** 3) * 2.0)


def test_first_steps():
    steps = opt.first_steps(g=3.0, lr=0.1, steps=50)
    assert np.allclose(steps["sgd"], 0.3)
    assert np.allclose(steps["adam"], 0.1)                     # size lr whatever g
    assert np.allclose(steps["momentum"], 0.3 * (1 - 0.9 ** np.arange(1, 51)) / 0.1)


def test_dead_grid_momentum_and_adam_kill_more_at_a_large_rate():
    grid = opt.dead_grid(learning_rates=(1.0, 4.0), seeds=(0, 1, 2), epochs=60)
    dead = {k: r["dead"].mean() for k, r in grid.items()}
    assert dead["sgd", 1.0] < 0.1 < dead["sgd", 4.0]
    assert dead["momentum", 4.0] > dead["sgd", 4.0]
    assert dead["adam", 1.0] > dead["sgd", 1.0]
    assert set(grid["sgd", 1.0]) == {"dead", "test_accuracy", "diverged"}
    assert "| SGD | 4 |" in opt.dead_table(grid).data


def test_dead_grid_rejects_bad_learning_rates():
    with pytest.raises(ValueError, match="learning_rates"):
        opt.dead_grid(learning_rates=(0.1, -1.0))
