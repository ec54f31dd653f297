"""helpers.symbolic: derivation and identity checks decide truth, not just run."""

import pytest
import sympy as sp

from helpers import activations as act
from helpers import symbolic

x = symbolic.x


def test_derivative_accepts_names_objects_and_expressions():
    s = act.get("sigmoid")
    assert symbolic.derivative("sigmoid") == s.dexpr
    assert symbolic.derivative(s) == s.dexpr
    assert symbolic.derivative(x**3, order=2) == 6 * x


def test_derivative_rejects_bad_order():
    with pytest.raises(ValueError, match="order"):
        symbolic.derivative("tanh", order=0)


def test_sigmoid_identity_holds_even_after_simplify_rewrites():
    s = act.get("sigmoid").expr
    symbolic.assert_identity(symbolic.derivative("sigmoid"), s * (1 - s), "sigma' = sigma(1-sigma)")
    symbolic.assert_identity(sp.tanh(x), 2 * s.subs(x, 2 * x) - 1, "tanh = 2 sigma(2x) - 1")


def test_false_identities_are_rejected():
    s = act.get("sigmoid").expr
    assert not symbolic.is_identity(symbolic.derivative("sigmoid"), s * (1 + s))
    with pytest.raises(AssertionError, match="wrong claim does not hold"):
        symbolic.assert_identity(sp.tanh(x), 2 * s - 1, "wrong claim")


def test_numeric_fallback_detects_piecewise_differences():
    relu = act.get("relu").expr
    assert symbolic.is_identity(relu, (x + sp.Abs(x)) / 2)
    assert not symbolic.is_identity(relu, sp.Abs(x))


def test_critical_points_of_sigmoid_derivative_is_zero():
    assert symbolic.critical_points(symbolic.derivative("sigmoid")) == [0]
    with pytest.raises(ValueError):
        symbolic.critical_points(sp.sin(x))


def test_lambdify_handles_erf_and_piecewise():
    gelu = symbolic.lambdify(act.get("gelu").expr)
    assert gelu(1.0) == pytest.approx(0.8413447460685429)
    assert symbolic.lambdify(act.get("relu").expr)(-2.0) == 0


def test_equation_renders_latex():
    eq = symbolic.equation(r"\sigma'(x)", symbolic.derivative("sigmoid"))
    assert eq.data.startswith(r"\sigma'(x) = ") and "e^{- x}" in eq.data
