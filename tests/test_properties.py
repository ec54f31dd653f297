"""helpers.properties: the computed table agrees with closed forms and with NumPy."""

import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import activations as act
from helpers import piecewise
from helpers.studies import properties as P

x = act.x
GRID = np.linspace(-12.0, 12.0, 4801)


def test_sigmoid_row_matches_closed_forms():
    r = P.properties("sigmoid")
    assert r.range == sp.Interval.open(0, 1)
    assert r.f0 == sp.Rational(1, 2)
    assert not r.both_signs
    assert r.monotonic
    assert r.smoothness == math.inf and r.smoothness_label == "C^∞"
    assert r.saturates_left and r.saturates_right
    assert r.max_slope == sp.Rational(1, 4)
    assert r.argmax_slope == sp.FiniteSet(0)
    assert not r.has_dead_region
    assert r.needs_exp and not r.needs_erf
    assert r.n_params == 0
    assert r.minimum is None and r.argmin is None  # inf 0 is never attained
    assert r.numeric == ()


def test_tanh_row():
    r = P.properties("tanh")
    assert r.range == sp.Interval.open(-1, 1)
    assert r.max_slope == 1 and r.argmax_slope == sp.FiniteSet(0)
    assert r.both_signs and r.monotonic and r.needs_exp  # tanh counts as exp


def test_relu_row():
    r = P.properties("relu")
    assert r.range == sp.Interval(0, sp.oo)
    assert r.smoothness == 0
    assert r.dead_region == sp.Interval(-sp.oo, 0)  # left-hand convention owns x = 0
    assert r.saturates_left and not r.saturates_right
    assert r.max_slope == 1 and r.argmax_slope == sp.Interval.open(0, sp.oo)
    assert r.f0 == 0 and not r.both_signs  # through the origin, but never negative
    assert r.minimum == 0 and r.argmin == sp.Interval(-sp.oo, 0)
    assert r.needs == ()


def test_relu6_is_flat_on_both_sides():
    r = P.properties("relu6")
    assert r.range == sp.Interval(0, 6)
    assert r.dead_region == sp.Union(sp.Interval(-sp.oo, 0), sp.Interval.open(6, sp.oo))
    assert r.saturates_left and r.saturates_right


def test_elu_smoothness_depends_on_alpha():
    assert P.properties("elu").smoothness == 1
    assert P.properties(act.get("elu", alpha=2.0)).smoothness == 0
    r = P.properties("elu")
    assert r.range == sp.Interval.open(-1, sp.oo)
    assert r.saturates_left and not r.saturates_right
    assert r.argmax_slope == sp.Interval(0, sp.oo)


def test_elu_range_scales_with_alpha():
    r = P.properties(act.get("elu", alpha=2.0))
    assert r.range == sp.Interval.open(-2, sp.oo)
    assert r.max_slope == 2 and r.argmax_slope == sp.FiniteSet(0)


def test_selu_range_and_steepest_slope_at_zero():
    lam_alpha = act.SELU_LAMBDA * act.SELU_ALPHA
    r = P.properties("selu")
    assert r.range.left_open and r.range.end == sp.oo
    assert float(r.range.start) == pytest.approx(-lam_alpha, rel=1e-15)
    # f' = lam*alpha*e^x on x <= 0 (left-hand convention includes 0), lam on x > 0
    assert float(r.max_slope) == pytest.approx(lam_alpha, rel=1e-15)
    assert r.argmax_slope == sp.FiniteSet(0)
    assert r.smoothness == 0 and r.monotonic


def test_gelu_minimum_and_shape():
    r = P.properties("gelu")
    assert float(r.minimum) == pytest.approx(-0.169971207479904, abs=1e-12)
    (where,) = r.argmin.args
    assert float(where) == pytest.approx(-0.751791524693564, abs=1e-9)
    assert r.range == sp.Interval(r.minimum, sp.oo)
    assert not r.monotonic and r.smoothness == math.inf
    assert r.needs_erf and not r.needs_exp
    # f'' = phi(x) (2 - x^2): the steepest slope is exact, at sqrt(2)
    assert r.argmax_slope == sp.FiniteSet(sp.sqrt(2))
    expected = sp.Rational(1, 2) + sp.erf(1) / 2 + sp.exp(-1) / sp.sqrt(sp.pi)
    assert sp.simplify(r.max_slope - expected) == 0
    assert "range" in r.numeric  # the minimiser comes from the numeric root scan


def test_silu_minimum_is_minus_lambert_w():
    r = P.properties("silu")
    w = float(sp.LambertW(sp.exp(-1)))
    assert float(r.minimum) == pytest.approx(-w, abs=1e-12)
    (where,) = r.argmin.args
    assert float(where) == pytest.approx(-1 - w, abs=1e-9)
    assert not r.monotonic and r.n_params == 1


def test_step_is_discontinuous_with_two_values():
    r = P.properties("step")
    assert r.range == sp.FiniteSet(0, 1)
    assert r.smoothness == -1 and r.smoothness_label == "discontinuous"
    assert r.monotonic  # the jump goes up
    assert r.dead_region == sp.Interval(-sp.oo, sp.oo)


def test_softsign_is_c1_not_c2():
    r = P.properties("softsign")
    assert r.smoothness == 1
    assert r.range == sp.Interval.open(-1, 1)


def test_softplus_slope_supremum_not_attained():
    r = P.properties("softplus")
    assert r.max_slope == 1 and r.argmax_slope is None
    assert r.f0 == sp.log(2) and r.needs == ("exp", "log")


def test_downward_jump_is_not_monotonic():
    # f' = 0 on both pieces, yet f steps down: monotonicity must look at the jump
    down = P._compute(sp.Piecewise((1, x <= 0), (0, True)), "down", (), 0)
    assert not down.monotonic and down.smoothness == -1
    assert P.properties("step").monotonic


def test_pieces_follow_the_left_hand_convention():
    parts = P.pieces(act.get("relu6").expr)
    assert [p.interval for p in parts] == [
        sp.Interval(-sp.oo, 0), sp.Interval.Lopen(0, 6), sp.Interval.open(6, sp.oo)]
    assert [p.expr for p in parts] == [0, x, 6]


@pytest.mark.parametrize("bad", ["relu7", "", "sigmoidd"])
def test_bad_names_raise_value_error_listing_choices(bad):
    with pytest.raises(ValueError, match="Valid names"):
        P.properties(bad)


def test_non_name_raises_value_error():
    with pytest.raises(ValueError, match="valid names"):
        P.properties(3.0)  # type: ignore[arg-type]


def test_table_markdown_rejects_unknown_columns():
    with pytest.raises(ValueError, match="valid columns"):
        P.table_markdown(P.property_table(["relu"]), columns=("range", "colour"))


def test_table_markdown_has_one_line_per_row():
    rows = P.property_table(["sigmoid", "relu", "gelu"])
    text = P.table_markdown(rows, columns=P.SHAPE_COLUMNS)
    lines = text.splitlines()
    assert len(lines) == 2 + 3
    assert all(line.count("|") == len(P.SHAPE_COLUMNS) + 2 for line in lines)
    assert "$(0, 1)$" in lines[2] and "ReLU `relu`" in lines[3] and "†" in lines[4]
    assert lines[2].startswith("| Sigmoid `sigmoid` |")


def test_full_table_covers_every_registered_name():
    rows = P.property_table()
    assert [r.name for r in rows] == act.names()
    assert {r.name for r in rows if r.has_dead_region} == {
        "relu", "relu6", "step", "hard_sigmoid", "hard_tanh"}
    assert {r.name for r in rows if not r.monotonic} == {"gelu", "gelu_tanh", "silu", "mish"}


# --- agreement with NumPy on a grid, for every function ------------------------


def _mask(s: sp.Set, grid: np.ndarray) -> np.ndarray:
    """Boolean mask of the grid points inside a union of intervals."""
    if s is sp.S.EmptySet:
        return np.zeros_like(grid, dtype=bool)
    if isinstance(s, sp.Union):
        return np.logical_or.reduce([_mask(part, grid) for part in s.args])
    lo, hi = float(s.inf), float(s.sup)
    above = grid > lo if s.left_open else grid >= lo
    below = grid < hi if s.right_open else grid <= hi
    return above & below


def _a_point(s: sp.Set) -> float:
    """Some finite point of a non-empty set (a FiniteSet, Interval or Union)."""
    if isinstance(s, sp.Union):
        return _a_point(s.args[0])
    if isinstance(s, sp.FiniteSet):
        return float(s.args[0])
    for end in (s.sup, s.inf):
        if end.is_finite and end in s:
            return float(end)
    return 0.0


@pytest.mark.parametrize("name", act.names())
def test_table_agrees_with_numpy(name):
    a, r = act.get(name), P.properties(name)
    f, df = a.f(GRID), a.df(GRID)
    lo, hi = float(r.range.inf), float(r.range.sup)
    assert f.min() >= lo - 1e-9 and f.max() <= hi + 1e-9
    assert np.abs(df).max() <= float(r.max_slope) + 1e-9
    assert r.monotonic == bool(np.all(np.diff(f) >= -1e-12))
    if r.minimum is not None:
        assert f.min() >= float(r.minimum) - 1e-12
        assert float(a.f(_a_point(r.argmin))) == pytest.approx(float(r.minimum), abs=1e-9)
    dead = _mask(r.dead_region, GRID)
    assert np.all(df[dead] == 0)
    central = np.abs(GRID) <= 5  # beyond, some derivatives underflow to 0 in float64
    assert np.all(df[~dead & central] != 0)
    assert r.f0 == a.expr.subs(x, 0)
    assert math.isclose(float(r.f0), float(a.f(0.0)), abs_tol=1e-15)
    assert r.both_signs == bool(a.f(0.0) == 0 and f.min() < 0 < f.max())


def test_both_signs_is_not_a_zero_mean():
    # GELU and leaky ReLU take both signs, yet their mean on N(0, 1) input is positive:
    # E[GELU(z)] = 1 / (2 sqrt(pi)), E[LeakyReLU_a(z)] = (1 - a) / sqrt(2 pi)
    z = sp.Symbol("z", real=True)
    density = sp.exp(-z**2 / 2) / sp.sqrt(2 * sp.pi)
    gelu_mean = sp.integrate(act.get("gelu").expr.subs(x, z) * density, (z, -sp.oo, sp.oo))
    assert sp.simplify(gelu_mean - 1 / (2 * sp.sqrt(sp.pi))) == 0
    assert P.properties("gelu").both_signs and P.properties("leaky_relu").both_signs
    assert P.properties("tanh").both_signs and not P.properties("relu").both_signs


@settings(max_examples=10, deadline=None)
@given(alpha=st.floats(0.05, 5.0))
def test_elu_family_closed_forms(alpha):
    r = P.properties(act.get("elu", alpha=alpha))
    assert float(r.range.inf) == pytest.approx(-alpha, rel=1e-12)
    assert float(r.max_slope) == pytest.approx(max(alpha, 1.0), rel=1e-12)
    assert r.smoothness == (1 if alpha == 1.0 else 0)
    assert r.both_signs and r.monotonic and r.saturates_left and not r.saturates_right


@settings(max_examples=10, deadline=None)
@given(alpha=st.floats(0.0, 0.99))
def test_leaky_relu_family(alpha):
    r = P.properties(act.get("leaky_relu", alpha=alpha))
    assert r.has_dead_region == (alpha == 0.0)
    assert r.both_signs == (alpha > 0.0)
    assert r.saturates_left == (alpha == 0.0)
    assert r.max_slope == 1 and r.monotonic


@pytest.mark.parametrize("name", act.names())
def test_exact_limits_agree_with_high_precision_evaluation(name):
    for piece, end in ((P.pieces(act.get(name).expr)[0], -sp.oo),
                       (P.pieces(act.get(name).expr)[-1], sp.oo)):
        for g in (piece.expr, sp.diff(piece.expr, x)):
            limit = piecewise.limit(g, end)
            # rational functions converge slowly; the others exponentially fast
            point = 10**4 if g.is_rational_function(x) else 40
            far = g.subs(x, sp.sign(end) * point).evalf(50)
            if limit.is_infinite:
                assert far * sp.sign(limit) > 10
            else:
                assert abs(far - limit) < 1e-3, (name, g, end)


def test_rational_limits_read_off_degrees():
    t = sp.Symbol("t", positive=True)
    assert piecewise._rational_limit((2 * t**2 + 1) / (t**2 + t), t, at_zero=False) == 2
    assert piecewise._rational_limit((2 * t**2 + 1) / (t**2 + t), t, at_zero=True) == sp.oo
    assert piecewise._rational_limit(t / (t + 1) ** 2, t, at_zero=True) == 0
    assert piecewise._rational_x_limit(x / (1 - x), -sp.oo) == -1
