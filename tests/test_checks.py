"""Self-checks give feedback for every kind of answer and never raise."""

import pytest
import sympy as sp

from helpers import activations as act
from helpers import checks

x = act.x
SIG = act.get("sigmoid").expr
DSIG = act.get("sigmoid").dexpr


@pytest.mark.parametrize("answer", [SIG * (1 - SIG), "exp(-x)/(1 + exp(-x))**2", DSIG])
def test_equivalent_forms_are_correct(answer):
    fb = checks.check_expression(answer, DSIG, "sigma'")
    assert fb.correct and fb.status == "correct"


@pytest.mark.parametrize(("answer", "status", "needle"), [
    (None, "missing", "No answer yet"),
    (SIG, "wrong", "Not quite"),
    ("x**", "wrong", "could not read"),
    ("y * x", "wrong", "unexpected symbol"),
    (object(), "wrong", "could not read"),
    ([1, 2], "wrong", ""),
])
def test_wrong_or_malformed_answers_get_feedback(answer, status, needle):
    fb = checks.check_expression(answer, DSIG, "sigma'")
    assert fb.status == status and needle in fb.message
    assert "<div" in fb._repr_html_()


@pytest.mark.parametrize(("answer", "status"), [
    (0.25, "correct"), ("0.25", "correct"), (sp.Rational(1, 4), "correct"),
    (0.3, "wrong"), ("a quarter", "wrong"), (None, "missing"), ([0.25], "wrong"),
])
def test_check_value(answer, status):
    assert checks.check_value(answer, 0.25, "sigma'(0)").status == status


def test_value_feedback_says_which_way():
    assert "too large" in checks.check_value(0.5, 0.25).message
    assert "too small" in checks.check_value(0.1, 0.25).message


def test_nan_and_custom_hints():
    assert "NaN" in checks.check_value(float("nan"), 0.25).message
    fb = checks.check_expression(SIG, DSIG, "sigma'", hint="Use the quotient rule.")
    assert fb.status == "wrong" and fb.message.endswith("Use the quotient rule.")
    assert "values of x" in checks.check_expression(SIG, DSIG).message
