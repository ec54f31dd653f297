"""helpers.studies.initialisation: variance rules, gains, symmetry and the depth widget."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp
from scipy import integrate, stats

from helpers import activations as act
from helpers import frame_grid, gaussian
from helpers.studies import initialisation as ini

SELU_SECOND_MOMENT_AT_FIXED_POINT = 1.0  # Klambauer et al.: mean 0, variance 1


@pytest.mark.parametrize("n", [1, 2, 5])
def test_forward_variance_is_n_v_second_moment_and_ignores_the_mean(n):
    var, s = ini.forward_variance(n)
    assert sp.expand(var - n * s["v"] * s["s2"]) == 0
    assert s["m"] not in var.free_symbols


def test_backward_variance_is_n_out_v_d2_q():
    var, s = ini.backward_variance(4)
    assert sp.expand(var - 4 * s["v"] * s["d2"] * s["q"]) == 0


def test_independent_expectation_matches_known_moments():
    a, b = sp.symbols("a b", real=True)
    moments = {a: (1, 0, 1, 0, 3), b: (1, 2, 5)}   # a ~ N(0, 1); b with mean 2, E[b²] = 5
    assert ini.independent_expectation(a**4 * b**2 + 3 * b, moments) == 3 * 5 + 6
    with pytest.raises(ValueError, match=r"E\[b\*\*3\]"):
        ini.independent_expectation(b**3, moments)


def test_normal_expectation_of_relu_squared_is_half_the_variance():
    q = sp.Symbol("q", positive=True)
    assert sp.simplify(gaussian.normal_expectation(act.get("relu").expr ** 2, q) - q / 2) == 0


@pytest.mark.parametrize("k", range(7))
def test_normal_expectation_of_powers_and_exponentials(k):
    # E[u^k] are 1, 0, 1, 0, 3, 0, 15; E[exp(u)] = exp(1/2); E[u exp(u)] = exp(1/2)
    expected = 0 if k % 2 else sp.factorial2(k - 1)
    assert sp.simplify(gaussian.normal_expectation(act.x**k) - expected) == 0
    assert sp.simplify(gaussian.normal_expectation(sp.exp(act.x)) - sp.exp(sp.Rational(1, 2))) == 0
    assert sp.simplify(gaussian.normal_expectation(act.x * sp.exp(act.x))
                       - sp.exp(sp.Rational(1, 2))) == 0


def test_normal_expectation_refuses_what_has_no_closed_form_here():
    with pytest.raises(ValueError, match="no closed form"):
        gaussian.normal_expectation(sp.tanh(act.x) ** 2)


@pytest.mark.parametrize("name", act.names())
def test_second_moments_agree_with_scipy_normal_expectation(name):
    a = act.get(name)
    for derivative, fn in ((False, a.f), (True, a.df)):
        moment = ini.second_moment(name, derivative=derivative)
        reference = stats.norm.expect(lambda u, fn=fn: float(fn(np.array([u]))[0]) ** 2,
                                      lb=-30, ub=30, points=[-6, -3, -1, 0, 1, 3, 6])
        assert moment.value == pytest.approx(reference, rel=1e-7, abs=1e-12)
        assert moment.method in ("closed form", "quadrature")


def test_closed_forms_exist_exactly_for_the_piecewise_exponential_functions():
    closed = {n for n in act.names() if ini.second_moment(n).method == "closed form"}
    assert closed == {"celu", "elu", "hard_sigmoid", "hard_tanh", "identity", "leaky_relu",
                      "prelu", "relu", "relu6", "selu", "step"}


def test_gains_with_known_closed_forms():
    assert ini.second_moment("relu").exact == sp.Rational(1, 2)
    assert ini.forward_gain("relu") == pytest.approx(math.sqrt(2), rel=1e-15)
    assert ini.backward_gain("relu") == pytest.approx(math.sqrt(2), rel=1e-15)
    assert ini.forward_gain("identity") == 1.0
    # SELU with LeCun weights: E[selu(u)^2] = 1 is its fixed point, so the gain is 1.
    assert ini.second_moment("selu").value == pytest.approx(SELU_SECOND_MOMENT_AT_FIXED_POINT,
                                                            rel=1e-12)
    assert ini.forward_gain("selu") == pytest.approx(1.0, rel=1e-12)
    for alpha in (0.01, 0.2, 0.5):
        leaky = act.get("leaky_relu", alpha=alpha)
        assert ini.forward_gain(leaky) == pytest.approx(math.sqrt(2 / (1 + alpha**2)), rel=1e-12)
        assert ini.forward_gain(leaky) == pytest.approx(
            ini.pytorch_gain("leaky_relu", alpha=alpha), rel=1e-12)
    assert ini.backward_gain("step") == math.inf


def test_tanh_and_sigmoid_gains_by_independent_quadrature():
    def gain(fn):
        value, _ = integrate.quad(lambda u: fn(u) ** 2 * stats.norm.pdf(u), -np.inf, np.inf)
        return 1 / math.sqrt(value)

    assert ini.forward_gain("tanh") == pytest.approx(gain(math.tanh), rel=1e-8)
    sigmoid = gain(lambda u: 0.5 * (1 + math.tanh(u / 2)))   # no overflow far out
    assert ini.forward_gain("sigmoid") == pytest.approx(sigmoid, rel=1e-8)
    assert ini.pytorch_gain("tanh") == 5 / 3 != pytest.approx(ini.forward_gain("tanh"), rel=1e-2)


def test_pytorch_rows_predict_stable_relu_and_vanishing_sigmoid_gradients():
    rows = {r[0]: r for r in ini.pytorch_rows(depth=30)}
    assert set(rows) == set(ini.PYTORCH_GAINS)
    assert rows["relu"][4] == pytest.approx(1.0, rel=1e-9)
    assert rows["relu"][5] == pytest.approx(1.0, rel=1e-9)
    assert rows["identity"][4] == pytest.approx(1.0, rel=1e-9)
    assert rows["sigmoid"][5] < 1e-15
    assert rows["tanh"][4] > 1.0 and rows["tanh"][5] > 1.0
    assert rows["selu"][4] < 0.2


def test_mean_field_matches_the_simulated_network():
    for name, init in (("tanh", "LeCun"), ("tanh", "gain"), ("relu", "He"), ("selu", "LeCun")):
        g = ini.INITS[init](name, ini.WIDTH)
        q, _ = ini.mean_field(name, g, depth=10, q0=g**2)   # the inputs are N(0, 1)
        simulated = ini.layer_statistics(name, init)["std"][:10]
        assert simulated == pytest.approx(np.sqrt(q), rel=0.15), (name, init)


def test_variance_map_is_homogeneous_for_relu():
    for q in (0.01, 1.0, 100.0):
        assert ini.variance_map("relu", q, math.sqrt(2)) == pytest.approx(q, rel=1e-6)


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid"])
def test_equal_weights_stay_equal_and_zero_weights_stay_zero(activation):
    equal = ini.symmetric_start(activation, value=0.5, epochs=30)
    assert equal["distinct"] == [1, 1]
    grad = equal["first_gradient"]
    assert np.all(grad == grad[:, :1]) and np.any(grad != 0)
    zero = ini.symmetric_start(activation, value=0.0, epochs=30)
    assert zero["distinct"] == [1, 1]
    if activation != "sigmoid":  # f(0) = 0: nothing but the output bias can move
        assert not any(W.any() for W in zero["weights"])
    assert ini.symmetric_start(activation, value=None, epochs=5)["distinct"] == [8, 8]


def test_layer_statistics_scale_the_same_matrices():
    lecun = ini.layer_statistics("relu", "LeCun")
    he = ini.layer_statistics("relu", "He")
    # ReLU is positively homogeneous: sqrt(2) on every layer multiplies layer l by 2^(l/2).
    layers = np.arange(1, 31)
    assert he["std"] == pytest.approx(lecun["std"] * 2 ** (layers / 2), rel=1e-9)
    assert lecun["hist"].sum(axis=1) == pytest.approx(np.ones(30))
    with pytest.raises(ValueError, match="valid: std 0.01, LeCun, He, gain, std 1"):
        ini.layer_statistics("relu", "xavier")


def test_depth_widget_frames_and_alt_text():
    view = ini.InitDepthView(["tanh", "relu"], ["LeCun", "He"])
    box = frame_grid.static_face(view, {"activation": view.activations, "init": view.inits,
                                        "layer": [1, 30]})
    assert len(box.frame_bytes) == 8 and len(box.links) == 1 + 2 + 4
    # 80 such frames make the page: at most 20 kB each keeps them under the 2 MB budget.
    assert max(box.frame_bytes) < 20_000
    alt = view.alt({"activation": "relu", "init": "LeCun", "layer": 30})
    assert "relu with LeCun" in alt and "layer 30" in alt
