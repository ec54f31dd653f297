"""The registry contract (DESIGN.md section 2): SymPy, NumPy and finite differences agree."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import activations as act
from helpers.symbolic import lambdify

NAMES = act.names()
REQUIRED = {
    "identity", "step", "sigmoid", "tanh", "relu", "leaky_relu", "prelu", "elu", "selu",
    "celu", "gelu", "gelu_tanh", "silu", "mish", "softplus", "softsign", "hard_sigmoid",
    "hard_tanh", "relu6",
}
# Non-default parameters exercise the parameter plumbing too.
VARIANTS = [(n, {}) for n in NAMES] + [
    ("leaky_relu", {"alpha": 0.2}), ("prelu", {"alpha": -0.5}), ("elu", {"alpha": 0.5}),
    ("celu", {"alpha": 2.0}), ("silu", {"beta": 3.0}), ("softplus", {"beta": 0.5}),
]
IDS = [f"{n}-{p}" if p else n for n, p in VARIANTS]


def _away_from_kinks(a: act.Activation, xs: np.ndarray, margin: float) -> np.ndarray:
    keep = np.ones_like(xs, dtype=bool)
    for k in a.kinks:
        keep &= np.abs(xs - k) > margin
    return xs[keep]


def test_registry_holds_every_required_name():
    assert REQUIRED <= set(NAMES)
    assert NAMES == sorted(NAMES)


def test_swish_is_an_alias_of_silu():
    assert act.get("swish").name == "silu"
    assert act.aliases()["swish"] == "silu"


@pytest.mark.parametrize(("name", "params"), VARIANTS, ids=IDS)
def test_dexpr_is_sympy_diff_of_expr(name, params):
    a = act.get(name, **params)
    assert a.dexpr == sp.diff(a.expr, act.x)
    assert a.expr.free_symbols <= {act.x}


@pytest.mark.parametrize(("name", "params"), VARIANTS, ids=IDS)
def test_numpy_agrees_with_lambdified_sympy(name, params):
    a = act.get(name, **params)
    xs = np.linspace(-8, 8, 321)
    np.testing.assert_allclose(a.f(xs), lambdify(a.expr)(xs) + 0 * xs, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(a.df(xs), lambdify(a.dexpr)(xs) + 0 * xs, rtol=1e-10,
                               atol=1e-12)


@pytest.mark.parametrize(("name", "params"), VARIANTS, ids=IDS)
def test_derivative_agrees_with_central_differences(name, params):
    a = act.get(name, **params)
    h = 1e-6
    xs = _away_from_kinks(a, np.linspace(-6, 6, 241) + 0.0123, margin=1e-3)
    numeric = (a.f(xs + h) - a.f(xs - h)) / (2 * h)
    np.testing.assert_allclose(a.df(xs), numeric, rtol=1e-6, atol=1e-7)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(NAMES), st.floats(-30, 30, allow_nan=False))
def test_random_points_numpy_matches_sympy(name, value):
    a = act.get(name)
    expected_f = float(a.expr.subs(act.x, sp.Float(value, 40)).evalf(30))
    assert math.isclose(float(a.f(value)), expected_f, rel_tol=1e-9, abs_tol=1e-12)
    expected_df = float(a.dexpr.subs(act.x, sp.Float(value, 40)).evalf(30))
    assert math.isclose(float(a.df(value)), expected_df, rel_tol=1e-8, abs_tol=1e-12)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_extreme_inputs_are_finite_quiet_and_keep_dtype(name, dtype):
    a = act.get(name)
    xs = np.array([-1e4, -1e3, -100, -1, 0, 1, 100, 1e3, 1e4], dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
            f, df = a.f(xs), a.df(xs)
    assert f.dtype == dtype and df.dtype == dtype
    assert np.all(np.isfinite(f)) and np.all(np.isfinite(df))


@pytest.mark.parametrize("name", NAMES)
def test_nan_in_gives_nan_out(name):
    a = act.get(name)
    xs = np.array([np.nan, 0.5, np.nan], dtype=np.float32)
    for out in (a.f(xs), a.df(xs)):
        assert np.isnan(out[0]) and np.isnan(out[2]) and not np.isnan(out[1])


@pytest.mark.parametrize("name", NAMES)
def test_shape_scalars_and_integers(name):
    a = act.get(name)
    grid = np.zeros((3, 4))
    assert a.f(grid).shape == (3, 4) and a.df(grid).shape == (3, 4)
    assert np.ndim(a.f(1.5)) == 0
    assert a.f(np.arange(-3, 4)).dtype == np.float64


def test_asymptotes_at_huge_inputs():
    assert act.get("sigmoid").f(-1e4) == 0.0 and act.get("sigmoid").f(1e4) == 1.0
    assert act.get("softplus").f(1e4) == 1e4
    assert act.get("gelu").f(1e4) == 1e4 and act.get("gelu_tanh").f(1e4) == 1e4
    assert act.get("silu").f(-1e4) == 0.0
    assert act.get("elu").f(-1e4) == -1.0
    assert math.isclose(act.get("selu").f(-1e4), -act.SELU_LAMBDA * act.SELU_ALPHA)


# --- closed forms -----------------------------------------------------------


def test_sigmoid_closed_forms():
    s = act.get("sigmoid")
    assert s.f(0.0) == 0.5
    assert s.df(0.0) == 0.25
    assert s.expr.subs(act.x, 0) == sp.Rational(1, 2)
    assert sp.simplify(s.dexpr.subs(act.x, 0)) == sp.Rational(1, 4)
    xs = np.linspace(-10, 10, 20001)
    assert np.max(s.df(xs)) == pytest.approx(0.25, abs=1e-12)
    assert xs[np.argmax(s.df(xs))] == pytest.approx(0.0, abs=1e-9)


def test_tanh_and_relu_closed_forms():
    assert act.get("tanh").df(0.0) == 1.0
    assert sp.simplify(act.get("tanh").dexpr.subs(act.x, 0)) == 1
    relu = act.get("relu")
    assert relu.df(0.0) == 0.0  # left-hand convention at the kink
    assert relu.dexpr.subs(act.x, 0) == 0
    assert "left-hand" in relu.kink_convention


def test_tanh_is_a_rescaled_sigmoid():
    xs = np.linspace(-20, 20, 401)
    sig = act.get("sigmoid").f
    np.testing.assert_allclose(act.get("tanh").f(xs), 2 * sig(2 * xs) - 1, atol=1e-15)


@pytest.mark.parametrize(("name", "x_min", "f_min"), [
    ("gelu", -0.7517915247, -0.1699712075),
    ("silu", -1.2784645428, -0.2784645428),
])
def test_minima_of_gelu_and_silu(name, x_min, f_min):
    a = act.get(name)
    root = sp.nsolve(a.dexpr, act.x, -1.0, prec=30)
    assert float(root) == pytest.approx(x_min, abs=1e-9)
    assert float(a.f(float(root))) == pytest.approx(f_min, abs=1e-9)
    assert float(a.df(x_min)) == pytest.approx(0.0, abs=1e-8)


def test_silu_minimum_is_lambert_w():
    # d/dx x*sigma(x) = 0  <=>  x = -1 - W(1/e)
    x_star = -1 - sp.LambertW(sp.exp(-1))
    assert abs(sp.N(act.get("silu").dexpr.subs(act.x, x_star), 30)) < 1e-25


def test_selu_constants_and_left_derivative():
    selu = act.get("selu")
    assert selu.f(1.0) == pytest.approx(act.SELU_LAMBDA)
    assert selu.df(0.0) == pytest.approx(act.SELU_LAMBDA * act.SELU_ALPHA)
    assert act.SELU_ALPHA == pytest.approx(1.6732632423543772, abs=1e-15)
    assert act.SELU_LAMBDA == pytest.approx(1.0507009873554805, abs=1e-15)


def test_hard_functions_match_their_definitions():
    xs = np.linspace(-8, 8, 161)
    np.testing.assert_allclose(act.get("hard_sigmoid").f(xs), np.clip(xs + 3, 0, 6) / 6)
    np.testing.assert_allclose(act.get("relu6").f(xs), np.minimum(np.maximum(xs, 0), 6))
    np.testing.assert_allclose(act.get("hard_tanh").f(xs), np.clip(xs, -1, 1))


@pytest.mark.parametrize(("name", "kink", "left"), [
    ("relu", 0.0, 0.0), ("relu6", 6.0, 1.0), ("hard_sigmoid", -3.0, 0.0),
    ("hard_sigmoid", 3.0, 1 / 6), ("hard_tanh", 1.0, 1.0), ("leaky_relu", 0.0, 0.01),
])
def test_kink_derivative_is_left_hand(name, kink, left):
    a = act.get(name)
    assert kink in a.kinks
    assert float(a.df(kink)) == pytest.approx(left)
    assert float(a.dexpr.subs(act.x, kink)) == pytest.approx(left)


def test_smooth_functions_have_no_kinks():
    for name in ("sigmoid", "tanh", "gelu", "silu", "mish", "softplus", "celu"):
        assert act.get(name).kinks == ()


# --- bad input --------------------------------------------------------------


def test_unknown_name_lists_choices_and_suggests():
    with pytest.raises(ValueError) as info:
        act.get("rleu")
    message = str(info.value)
    assert "Did you mean 'relu'" in message
    for name in NAMES:
        assert name in message


def test_non_string_name():
    with pytest.raises(ValueError, match="string"):
        act.get(3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="must be a finite number > 0, got True"):
        act.get("elu", alpha=True)


@pytest.mark.parametrize(("name", "params", "needle"), [
    ("elu", {"alpha": -1.0}, "alpha"),
    ("elu", {"alpha": 0}, "> 0"),
    ("leaky_relu", {"alpha": 1.5}, "0 <= alpha < 1"),
    ("silu", {"beta": float("nan")}, "beta"),
    ("softplus", {"beta": float("inf")}, "beta"),
    ("celu", {"alpha": "1"}, "alpha"),
    ("prelu", {"alpha": True}, "alpha"),
])
def test_invalid_parameter_values(name, params, needle):
    with pytest.raises(ValueError, match=needle):
        act.get(name, **params)


def test_unknown_parameter_names_the_valid_ones():
    with pytest.raises(ValueError, match="valid parameters: alpha"):
        act.get("elu", beta=1.0)
    with pytest.raises(ValueError, match="valid parameters: none"):
        act.get("sigmoid", alpha=1.0)


def test_params_are_recorded_and_read_only():
    a = act.get("leaky_relu", alpha=0.1)
    assert a.name == "leaky_relu" and dict(a.params) == {"alpha": 0.1}
    assert act.get("leaky_relu").params["alpha"] == 0.01
    with pytest.raises(TypeError):
        a.params["alpha"] = 0.5  # type: ignore[index]


@pytest.mark.parametrize("bad", [np.array(["a", "b"]), np.array([True, False]),
                                 np.array([1 + 2j]), np.array([object()])])
def test_non_real_arrays_are_rejected_with_value_error(bad):
    with pytest.raises(ValueError, match="must be real numbers"):
        act.get("relu").f(bad)


def test_resolve_takes_a_name_or_an_activation():
    a = act.get("elu", alpha=0.5)
    assert act.resolve(a) is a
    assert act.resolve("swish").name == "silu"
    with pytest.raises(ValueError, match="Valid names: .*relu"):
        act.resolve("rleu")
    with pytest.raises(ValueError, match="registry name .* or an Activation"):
        act.resolve(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("sigmoid", 40.0, math.exp(-40) / (1 + math.exp(-40)) ** 2),
    ("sigmoid", -40.0, math.exp(-40) / (1 + math.exp(-40)) ** 2),
    ("tanh", 20.0, 4 * math.exp(-40) / (1 + math.exp(-40)) ** 2),
    ("tanh", -300.0, 4 * math.exp(-600) / (1 + math.exp(-600)) ** 2),
])
def test_derivatives_keep_their_digits_in_the_tails(name, value, expected):
    """Saturated derivatives are tiny, not zero: s(1 - s) and 1 - tanh^2 would give 0."""
    assert act.get(name).df(value) == pytest.approx(expected, rel=1e-12)
