"""helpers.symbolic: derivation and identity checks decide truth, not just run."""

import re
from pathlib import Path

import pytest
import sympy as sp

from helpers import activations as act
from helpers import symbolic

x = symbolic.x
SIG = act.get("sigmoid").expr
DSIG = act.get("sigmoid").dexpr
RELU6_D = act.get("relu6").dexpr


def test_derivative_accepts_names_objects_and_expressions():
    s = act.get("sigmoid")
    assert symbolic.derivative("sigmoid") == s.dexpr
    assert symbolic.derivative(s) == s.dexpr
    assert symbolic.derivative(x**3, order=2) == 6 * x


def test_derivative_rejects_bad_order():
    with pytest.raises(ValueError, match="order"):
        symbolic.derivative("tanh", order=0)


def test_sigmoid_identity_holds_even_after_simplify_rewrites():
    symbolic.assert_identity(symbolic.derivative("sigmoid"), SIG * (1 - SIG),
                             "sigma' = sigma(1-sigma)")
    symbolic.assert_identity(sp.tanh(x), 2 * SIG.subs(x, 2 * x) - 1, "tanh = 2 sigma(2x) - 1")


def test_false_identities_are_rejected():
    assert not symbolic.is_identity(DSIG, SIG * (1 + SIG))
    with pytest.raises(AssertionError, match="wrong claim does not hold"):
        symbolic.assert_identity(sp.tanh(x), 2 * SIG - 1, "wrong claim")


def test_piecewise_and_abs_forms():
    relu = act.get("relu").expr
    assert symbolic.is_identity(relu, (x + sp.Abs(x)) / 2)
    assert symbolic.is_identity(relu, sp.Max(0, x))
    assert not symbolic.is_identity(relu, sp.Abs(x))


@pytest.mark.parametrize(("lhs", "rhs"), [
    (sp.nan, 0),
    (sp.nan, sp.nan),
    (0 * sp.oo, 0),
    (sp.oo, sp.oo),
    (sp.zoo, sp.zoo),
    (x + sp.oo, x + sp.oo),
    (sp.Derivative(sp.tanh(x), x), 1 - sp.tanh(x) ** 2),
    (sp.Integral(2 * x, x), x**2),
    (sp.Limit(SIG, x, sp.oo), 1),
])
def test_undefined_or_unevaluated_never_equal(lhs, rhs):
    assert not symbolic.is_identity(lhs, rhs)
    assert symbolic.find_disagreement(lhs, rhs).at is None


@pytest.mark.parametrize(("lhs", "rhs", "where"), [
    # right on [-8, 8] only (the old fixed grid stopped at 7.3)
    (sp.Piecewise((SIG * (1 - SIG), sp.Abs(x) <= 8), (0, True)), DSIG, None),
    (sp.Piecewise((sp.tanh(x), sp.Abs(x) <= 8), (sp.sign(x), True)), sp.tanh(x), None),
    # wrong only on (0.1, 0.2)
    (sp.Piecewise((DSIG + 1, (x > 0.1) & (x < 0.2)), (DSIG, True)), DSIG, (0.1, 0.2)),
    # ReLU6' wrong on (6, 6.2]
    (sp.Piecewise((0, x <= 0), (1, x <= 6.2), (0, True)), RELU6_D, (6, 6.2)),
    # wrong only far out, beyond every fixed small grid
    (sp.Piecewise((x, x < 1000), (x + 1, True)), x, (1000, 1e6)),
    (x + sp.exp(-x**2 / 1e-6), x, (-0.01, 0.01)),
])
def test_counterexamples_are_found(lhs, rhs, where):
    found = symbolic.find_disagreement(lhs, rhs)
    assert found is not None and not symbolic.is_identity(lhs, rhs)
    if where is not None:
        assert where[0] <= float(found.at) <= where[1]


def test_values_at_breakpoints_count_unless_turned_off():
    heaviside = sp.Heaviside(x) - sp.Heaviside(x - 6)
    assert not symbolic.is_identity(heaviside, RELU6_D)
    assert symbolic.is_identity(heaviside, RELU6_D, at_breakpoints=False)
    right_convention = sp.Piecewise((0, x < 0), (1, x < 6), (0, True))
    assert not symbolic.is_identity(right_convention, RELU6_D)
    assert symbolic.is_identity(right_convention, RELU6_D, at_breakpoints=False)


def test_tails_are_compared_by_limits_beyond_the_samples():
    # equal to 30 digits for every |x| <= 1e6, apart as x -> oo
    late = x + 1 / (1 + sp.exp(2 * 10**6 - x))
    found = symbolic.find_disagreement(late, x)
    assert found is not None and found.at == sp.oo
    assert symbolic.find_disagreement(x + sp.exp(-x) / (1 + sp.exp(-2 * x)), x).at is not None


def test_sampling_is_reproducible_but_not_one_fixed_grid():
    a = symbolic.find_disagreement(sp.Piecewise((0, x < 0.3), (1, True)), 0)
    b = symbolic.find_disagreement(sp.Piecewise((0, x < 0.3), (1, True)), 0)
    c = symbolic.find_disagreement(sp.Piecewise((0, x < 0.31), (1, True)), 0)
    assert a == b and float(a.at) != float(c.at)


def test_breakpoints_of_kinks():
    assert symbolic.breakpoints(sp.Max(0, 1 - sp.Abs(x - 1))) == [0, 1, 2]
    assert symbolic.breakpoints(RELU6_D) == [0, 6]
    assert symbolic.breakpoints(SIG) == []


def test_parameters_proved_or_sampled_positive():
    alpha = sp.Symbol("alpha")
    elu = sp.Piecewise((alpha * (sp.exp(x) - 1), x <= 0), (x, True))
    assert symbolic.is_identity(sp.diff(elu, x).args[0].expr, elu.args[0].expr + alpha)
    assert not symbolic.is_identity(alpha * x, x)


BOOK = Path(__file__).resolve().parents[1] / "book"


def test_every_identity_the_book_asserts_is_executed_by_the_build():
    """The chapters' identities are checked when the build runs them; here, their count."""
    calls = sum(len(re.findall(r"assert_identity\(", p.read_text())) for p in BOOK.glob("*.md"))
    assert calls >= 30


@pytest.mark.parametrize(("lhs", "rhs"), [
    (DSIG, SIG * (1 - SIG)),
    (SIG.subs(x, -x), 1 - SIG),
    (act.get("tanh").dexpr, 1 - sp.tanh(x) ** 2),
    (act.get("softsign").dexpr, 1 / (1 + sp.Abs(x)) ** 2),
    (act.get("relu6").expr, act.get("relu").expr - act.get("relu").expr.subs(x, x - 6)),
    (act.get("hard_sigmoid").expr, act.get("relu6").expr.subs(x, x + 3) / 6),
    (act.get("hard_tanh").expr, 2 * act.get("hard_sigmoid").expr.subs(x, 3 * x) - 1),
    (act.get("gelu").dexpr, (1 + sp.erf(x / sp.sqrt(2))) / 2
     + x * sp.exp(-x**2 / 2) / sp.sqrt(2 * sp.pi)),
    (act.get("silu").dexpr, SIG * (1 + x * (1 - SIG))),
    (symbolic.derivative("softplus"), SIG),
    (act.get("softplus").expr - act.get("softplus").expr.subs(x, -x), x),
    (act.get("leaky_relu", alpha=0.1).expr, sp.Max(x, x / 10)),
    (act.get("step").dexpr, sp.Integer(0)),
])
def test_true_identities_of_the_book_hold(lhs, rhs):
    symbolic.assert_identity(lhs, rhs)


def test_identities_with_parameters_and_other_symbols():
    alpha, v, t = sp.Symbol("alpha"), *sp.symbols("v t", real=True)
    leaky = sp.Piecewise((alpha * x, x <= 0), (x, True))
    symbolic.assert_identity(sp.diff(leaky, alpha), sp.Min(x, 0))
    loss = (v * leaky - t) ** 2 / 2
    values = {v: sp.Rational(3, 2), t: sp.Rational(-1, 3), alpha: sp.Rational(1, 4)}
    symbolic.assert_identity(sp.diff(loss, alpha).subs(values),
                             ((v * leaky - t) * v * sp.Min(x, 0)).subs(values))
    celu = sp.Piecewise((alpha * (sp.exp(x / alpha) - 1), x <= 0), (x, True))
    elu_1 = sp.Piecewise((sp.exp(x) - 1, x <= 0), (x, True))
    for a in (sp.Rational(1, 2), 3):
        symbolic.assert_identity(celu.subs(alpha, a), a * elu_1.subs(x, x / a))
    softplus = sp.log(1 + sp.exp(x))
    mish_prime = sp.tanh(softplus) + x * (1 - sp.tanh(softplus) ** 2) * SIG
    symbolic.assert_identity(act.get("mish").dexpr, mish_prime)
    s = sp.Symbol("s", positive=True)
    density = sp.exp(-x**2 / (2 * s**2)) / (s * sp.sqrt(2 * sp.pi))
    second = sp.integrate(x**2 * density, (x, 0, sp.oo))
    symbolic.assert_identity(second, s**2 / 2, symbol=s)
    assert not symbolic.is_identity(second, s**2, symbol=s)


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
