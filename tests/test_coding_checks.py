"""Coding exercises: the book's implementations pass; typical wrong ones get a sentence.

The reference solutions are read from the chapters' solution dropdowns and the
starter cells from the chapters' check cells, so the tests follow the book.
"""

import math
import re
from pathlib import Path

import numpy as np
import pytest

from helpers import activations as act
from helpers import checks
from helpers.exercises import KEYS, coding

BOOK = Path(__file__).resolve().parents[1] / "book"
CODING = sorted(label for label, ex in KEYS.items() if ex.kind == "function")


def _chapter_blocks(label: str) -> tuple[str, str]:
    """(starter check cell, solution code) of a coding exercise, as the chapter has them."""
    text = (BOOK.parent / KEYS[label].chapter).read_text()
    cell = re.search(r":label: " + label + r"\n.*?```\{code-cell\} ipython3\n(.*?)\n```\n",
                     text, re.S).group(1)
    solution = re.search(r"````\{solution\} " + label + r"\n.*?```python\n(.*?)```", text,
                         re.S).group(1)
    return cell, solution


def _define(code: str, name: str):
    scope = {"np": np, "act": act, "math": math}
    exec(code, scope)  # noqa: S102 - the book's own solution code
    return scope[name]


@pytest.mark.parametrize("label", CODING)
def test_the_books_implementation_passes(label):
    _, solution = _chapter_blocks(label)
    fn = _define(solution, KEYS[label].function.name)
    result = checks.check(label, fn)
    assert result.correct, result.message
    assert "agrees with" in result.message


@pytest.mark.parametrize("label", CODING)
def test_the_starter_cell_runs_and_asks_for_an_answer(label):
    cell, _ = _chapter_blocks(label)
    scope = {"np": np, "act": act, "checks": checks}
    exec(cell, scope)  # noqa: S102 - the chapter's own cell
    result = checks.check(label, scope[KEYS[label].function.name])
    assert result.status == "missing" and "returns None" in result.message


def test_the_cases_cover_the_wide_range_float32_and_nan():
    ex = KEYS["properties-ex-my-softplus"]
    spec = ex.function
    cases = coding.cases(spec.args, spec.special, spec.rowwise, spec.variants)
    inputs = [c.args[0] for c in cases]
    assert {np.dtype(np.float32), np.dtype(np.float64)} <= {x.dtype for x in inputs}
    assert any(np.nanmax(np.abs(x)) == 1e4 for x in inputs)
    assert any(np.isnan(x).any() for x in inputs) and any(x.ndim == 2 for x in inputs)
    # the kinks are tried, on both sides
    relu6 = KEYS["relu-ex-my-relu6-grad"].function
    x = coding.cases(relu6.args, relu6.special, relu6.rowwise, relu6.variants)[0].args[0]
    assert 6.0 in x and (x > 6).any() and ((x > 5.99) & (x < 6)).any()


def naive_softplus(x):
    return np.log(1 + np.exp(x))


def good_softplus(x):
    return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))


def _sigmoid(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def _mutating_softplus(x):
    x[...] = good_softplus(x)
    return x.copy()


def _tuple_softmax(z):
    return tuple(np.exp(z - z.max(axis=-1, keepdims=True)))


#: (label, wrong implementation, words its feedback must contain)
WRONG = [
    ("properties-ex-my-softplus", naive_softplus, ["at x = 1000 (float64)", "returns inf"]),
    ("properties-ex-my-softplus", lambda x: list(good_softplus(x)), ["returns a list"]),
    ("properties-ex-my-softplus", lambda x: good_softplus(x).astype(np.float64),
     ["returns float64 values for a float32 input"]),
    ("properties-ex-my-softplus", lambda x: np.nan_to_num(good_softplus(x)),
     ["at x = nan", "a NaN input must give NaN"]),
    ("properties-ex-my-softplus", lambda x: math.log1p(math.exp(x)),
     ["raised TypeError", "np.exp, not math.exp"]),
    ("properties-ex-my-softplus", lambda x: good_softplus(x).ravel()[:3],
     ["shape (3,)"]),
    ("properties-ex-my-softplus", lambda x: float(good_softplus(x).sum()),
     ["returns a single number"]),
    ("properties-ex-my-softplus", _mutating_softplus, ["changes its input array in place"]),
    ("properties-ex-my-softplus", lambda x: np.maximum(x, 0), ["at x = -10 ", "but softplus"]),
    ("properties-ex-my-softplus", lambda x: undefined_name(x),  # noqa: F821
     ["raised NameError", "import"]),
    ("properties-ex-my-softplus", good_softplus(np.array([1.0])), ["pass the function itself"]),
    ("properties-ex-my-softplus", "np.log1p(np.exp(x))", ["a Python function"]),
    ("sigmoid-ex-my-sigmoid", lambda x: 1 / (1 + np.exp(-x)),
     ["at x = -10000 (float64)", "overflow encountered in exp"]),
    ("sigmoid-ex-my-sigmoid", lambda x: np.where(x >= 0, 1 / (1 + np.exp(-x)),
                                                 np.exp(x) / (1 + np.exp(x))),
     ["warns", "overflow"]),
    ("why-ex-my-relu", lambda x: np.where(x > 0, x, 0), ["a NaN input must give NaN"]),
    ("why-ex-my-relu", lambda x: max(x, 0), ["raised ValueError", "np.maximum"]),
    ("tanh-ex-my-tanh-grad", lambda x: 4 / (np.exp(x) + np.exp(-x)) ** 2,
     ["x = -10000", "overflow"]),
    ("relu-ex-my-relu6-grad",
     lambda x: np.where(np.isnan(x), x, ((x > 0) & (x < 6)).astype(x.dtype)),
     ["at x = 6 (float64)", "returns 0"]),
    ("relu-ex-my-relu6-grad", lambda x: ((x > 0) & (x <= 6)).astype(x.dtype),
     ["a NaN input must give NaN"]),
    ("leaky-ex-my-leaky-relu", lambda x, alpha=0.01: np.where(x > 0, x, 0.01 * x),
     ["alpha=0.2"]),
    ("leaky-ex-my-leaky-relu", lambda x: np.where(x > 0, x, 0.01 * x),
     ["unexpected keyword argument 'alpha'"]),
    ("elu-ex-my-selu",
     lambda x: act.SELU_LAMBDA * np.where(x > 0, x, act.SELU_ALPHA * (np.exp(x) - 1)),
     ["x = 1000", "overflow", "np.where throws away"]),
    ("gelu-ex-my-silu", lambda x: x / (1 + np.exp(-x)), ["x = -10000", "overflow"]),
    ("output-ex-my-softmax", lambda z: np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True),
     ["for the row z = [1000, 0, -1000, 1]"]),
    ("output-ex-my-softmax", lambda z: np.exp(z - z.max()) / np.exp(z - z.max()).sum(),
     ["for the row z = [1, 2, 3, 4]"]),
    ("output-ex-my-softmax", _tuple_softmax, ["returns a tuple"]),
    ("choosing-ex-my-gelu-tanh",
     lambda x: 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3))),
     ["float64 values for a float32 input", "x.dtype.type"]),
    ("failures-ex-my-sigmoid-backward", lambda z, grad_out: _sigmoid(z) * (1 - _sigmoid(z)),
     ["at z = ", "grad_out = "]),
    ("failures-ex-my-sigmoid-backward",
     lambda z, grad_out: grad_out / (1 + np.exp(-z)) * (1 - 1 / (1 + np.exp(-z))),
     ["z = -10000", "overflow"]),
]


@pytest.mark.parametrize(("label", "fn", "needles"), WRONG)
def test_wrong_implementations_get_a_sentence(label, fn, needles):
    result = checks.check(label, fn)
    assert not result.correct
    assert str(result).startswith("✘")
    for needle in needles:
        assert needle in result.message, result.message
    assert "Traceback" not in result.message


def test_feedback_names_the_exact_input_and_value():
    message = checks.check("properties-ex-my-softplus", naive_softplus).message
    assert message.startswith("Not yet: at x = 1000 (float64) my_softplus returns inf, but "
                              "softplus(x) is 1000.")


def test_a_function_that_warns_only_on_nan_is_not_blamed_on_a_finite_input():
    def noisy(x):
        with np.errstate(invalid="warn"):
            out = good_softplus(x)
            if np.isnan(x).any():
                np.sqrt(-np.ones(1))
        return out
    message = checks.check("properties-ex-my-softplus", noisy).message
    assert "x = nan" in message and "invalid value" in message
