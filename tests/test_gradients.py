"""helpers.gradients: depth bounds, the chain of neurons and clipping (*Training failures*)."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from helpers import gradients

finite = st.floats(-3, 3, allow_nan=False, allow_infinity=False)


# --- depth products ---------------------------------------------------------

def test_max_derivative_closed_forms():
    assert gradients.max_derivative("sigmoid") == 0.25
    assert gradients.max_derivative("tanh") == 1.0
    assert gradients.max_derivative("relu") == 1.0
    assert gradients.max_derivative("leaky_relu") == 1.0


def test_max_derivative_exact_from_sympy():
    assert gradients.max_derivative_exact("sigmoid") == sp.Rational(1, 4)
    assert gradients.max_derivative_exact("tanh") == 1


@pytest.mark.parametrize("name", ["sigmoid", "tanh"])
def test_exact_and_grid_maximum_agree(name):
    assert float(gradients.max_derivative_exact(name)) == pytest.approx(
        gradients.max_derivative(name), abs=1e-12)


def test_depth_bound_is_a_power():
    n = np.arange(0, 30)
    np.testing.assert_array_equal(gradients.depth_bound("sigmoid", n), 0.25 ** n)
    np.testing.assert_array_equal(gradients.depth_bound("tanh", n), np.ones(30))
    np.testing.assert_allclose(gradients.depth_bound("sigmoid", [3], weight=-2.0), [0.125])


@pytest.mark.parametrize("bad", [[-1], [1.5]])
def test_depth_bound_rejects_bad_depths(bad):
    with pytest.raises(ValueError, match="integers >= 0"):
        gradients.depth_bound("sigmoid", bad)


def test_unknown_activation_lists_valid_names():
    with pytest.raises(ValueError, match="sigmoid"):
        gradients.max_derivative("sigmoidd")


def test_max_derivative_rejects_range_without_zero():
    with pytest.raises(ValueError, match="contain 0"):
        gradients.max_derivative("sigmoid", xlim=(1.0, 3.0))


# --- the chain of neurons ---------------------------------------------------

@pytest.mark.parametrize("depth", [1, 2, 5, 12, 40])
def test_sigmoid_chain_at_zero_preactivation_attains_the_bound_exactly(depth):
    # x0 = 0, w = 1, b_0 = 0 and b_k = -1/2 afterwards keep every z_k = 0.
    biases = np.r_[0.0, np.full(depth - 1, -0.5)]
    g = gradients.chain_gradients("sigmoid", depth, x0=0.0, weights=1.0, biases=biases)
    np.testing.assert_array_equal(g[0], 0.25 ** np.arange(1, depth + 1))


@settings(max_examples=60, deadline=None)
@given(w=hnp.arrays(float, 8, elements=finite), b=hnp.arrays(float, 8, elements=finite),
       x0=finite)
def test_sigmoid_chain_never_exceeds_its_bound(w, b, x0):
    g = np.abs(gradients.chain_gradients("sigmoid", 8, x0=x0, weights=w, biases=b)[0])
    bound = np.cumprod(0.25 * np.abs(w))
    assert np.all(g <= bound * (1 + 1e-12))


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "softplus", "gelu"])
def test_chain_gradient_matches_finite_differences(name):
    rng = np.random.default_rng(3)
    depth, x0, h = 6, 0.3, 1e-6
    w, b = rng.normal(size=depth), rng.normal(size=depth)
    g = gradients.chain_gradients(name, depth, x0=x0, weights=w, biases=b)[0, -1]
    fd = (gradients.chain_forward(name, x0 + h, w, b) - gradients.chain_forward(
        name, x0 - h, w, b))[0] / (2 * h)
    assert g == pytest.approx(fd, rel=1e-6, abs=1e-10)


def test_chain_is_seeded_and_shaped():
    a = gradients.chain_gradients("tanh", 7, n_chains=5, seed=1)
    b = gradients.chain_gradients("tanh", 7, n_chains=5, seed=1)
    c = gradients.chain_gradients("tanh", 7, n_chains=5, seed=2)
    assert a.shape == (5, 7)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_chain_accepts_one_input_per_chain():
    x0 = np.array([-1.0, 0.0, 2.0])
    g = gradients.chain_gradients("tanh", 1, n_chains=3, x0=x0, weights=1.0, biases=0.0)
    np.testing.assert_allclose(g[:, 0], 1 - np.tanh(x0) ** 2)


@pytest.mark.parametrize("kwargs", [{"depth": 0}, {"depth": 3, "n_chains": 0}])
def test_chain_rejects_bad_sizes(kwargs):
    with pytest.raises(ValueError, match=">= 1"):
        gradients.chain_gradients("tanh", **kwargs)


# --- clipping ---------------------------------------------------------------

grad_lists = st.lists(hnp.arrays(float, hnp.array_shapes(max_dims=2, max_side=4),
                                 elements=st.floats(-1e3, 1e3)), min_size=1, max_size=4)


@settings(max_examples=80, deadline=None)
@given(grads=grad_lists, max_norm=st.floats(1e-3, 1e3))
def test_clip_by_norm_caps_the_norm_and_keeps_the_direction(grads, max_norm):
    clipped, norm = gradients.clip_by_global_norm(grads, max_norm)
    assert norm == pytest.approx(np.sqrt(sum(np.sum(g ** 2) for g in grads)))
    new_norm = gradients.global_norm(clipped)
    assert new_norm <= max_norm * (1 + 1e-12)
    if norm <= max_norm:
        for g, c in zip(grads, clipped, strict=True):
            np.testing.assert_array_equal(g, c)
    else:
        assert new_norm == pytest.approx(max_norm, rel=1e-9)
        scale = max_norm / norm
        for g, c in zip(grads, clipped, strict=True):
            np.testing.assert_allclose(c, scale * g, rtol=1e-12, atol=1e-300)


@settings(max_examples=60, deadline=None)
@given(grads=grad_lists, limit=st.floats(1e-3, 1e3))
def test_clip_by_value_bounds_every_entry(grads, limit):
    clipped = gradients.clip_by_value(grads, limit)
    for g, c in zip(grads, clipped, strict=True):
        assert np.all(np.abs(c) <= limit)
        np.testing.assert_array_equal(c, np.clip(g, -limit, limit))


def test_clip_by_value_can_turn_the_gradient_but_clip_by_norm_cannot():
    g = [np.array([10.0, 1.0])]
    by_value = gradients.clip_by_value(g, 1.0)[0]
    by_norm = gradients.clip_by_global_norm(g, 1.0)[0][0]
    cos = lambda a, b: a @ b / np.linalg.norm(a) / np.linalg.norm(b)
    assert cos(by_value, g[0]) < 0.8
    assert cos(by_norm, g[0]) == pytest.approx(1.0)


def test_clipping_keeps_the_structure_of_nn_gradients():
    grads = {"W": [np.full((2, 3), 4.0), np.full((3, 1), 4.0)], "b": [np.zeros(3), np.ones(1)]}
    clipped, norm = gradients.clip_by_global_norm(grads, 1.0)
    assert set(clipped) == {"W", "b"}
    assert [c.shape for c in clipped["W"]] == [(2, 3), (3, 1)]
    assert norm == pytest.approx(np.sqrt(9 * 16 + 1))
    assert gradients.global_norm(clipped) == pytest.approx(1.0)


@pytest.mark.parametrize("bad", [0.0, -1.0, float("nan"), float("inf")])
def test_clipping_rejects_bad_limits(bad):
    with pytest.raises(ValueError, match="> 0"):
        gradients.clip_by_global_norm([np.ones(2)], bad)
    with pytest.raises(ValueError, match="> 0"):
        gradients.clip_by_value([np.ones(2)], bad)


def test_clip_by_norm_refuses_non_finite_gradients_and_empty_structures():
    with pytest.raises(ValueError, match="non-finite"):
        gradients.clip_by_global_norm([np.array([np.inf, 1.0])], 1.0)
    with pytest.raises(ValueError, match="at least one array"):
        gradients.global_norm([])


# --- the chain rule prints the same on every run -----------------------------

_CHAIN = """
import sympy as sp
from helpers import gradients
x0 = sp.Symbol("x_0", real=True)
w, b, f = sp.symbols("w_1:4", real=True), sp.symbols("b_1:4", real=True), sp.Function("f")
h = x0
for k in range(3):
    h = f(w[k] * h + b[k])
print(sp.latex(gradients.chain_rule(h, x0)))
"""


def test_chain_rule_latex_does_not_depend_on_the_hash_seed():
    # Plain sympy.diff orders these factors by dummy creation order (seed 1 differs from 0).
    outputs = {subprocess.run([sys.executable, "-c", _CHAIN], capture_output=True, text=True,
                              check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
               for seed in ("0", "1", "2", "3")}
    assert len(outputs) == 1
    (latex,) = outputs
    # the innermost layer's factor first, as the chain is built
    assert latex.index("b_{1} + w_{1} x_{0} }}") < latex.index("b_{2} + w_{2} f")


def test_chain_rule_is_the_derivative():
    x0, f = sp.Symbol("x_0"), sp.Function("f")
    expr = f(2 * f(x0))
    assert (gradients.chain_rule(expr, x0) - sp.diff(expr, x0)).doit() == 0
