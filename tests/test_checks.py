"""Self-checks: right answers pass in every accepted form, wrong ones get a sentence.

The expected answers come from helpers.exercises; the book's own solutions
(copied below from the solution dropdowns) must pass their checks, and no
chapter's check cell may hold its answer.
"""

import json
import math
import re
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

from helpers import activations as act
from helpers import checks, datasets, gradients, nn, symbolic, vector
from helpers.exercises import KEYS
from helpers.studies import normalisation, optimisers, property_effects, shootout, shootout_report

x = act.x
BOOK = Path(__file__).resolve().parents[1] / "book"
SIG = act.get("sigmoid").expr
RELU = act.get("relu").expr
n = sp.Symbol("n", positive=True)


def relu(e):
    return RELU.subs(x, e)


def _tanh_lr_1():
    train = datasets.spiral(300, arms=3, noise=0.2, seed=0)
    test = datasets.spiral(300, arms=3, noise=0.2, seed=1)
    _, h = nn.train_many([2, 32, 32, 3], *train, seeds=range(5), activation="tanh",
                         init="glorot", lr=1.0, epochs=300, test=test)
    return h.test_accuracy[:, -1].mean()


def _adam(theta, grads, lr=0.1, b1=0.9, b2=0.999, eps=1e-8):
    m = v = 0.0
    for t, g in enumerate(grads, start=1):
        m, v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g * g
        theta -= lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
    return theta


def _digits_drop():
    results = shootout.load()
    return (shootout_report.summary(shootout_report.cell(results, "digits", "relu"))[0]
            - shootout_report.summary(shootout_report.cell(results, "digits", "identity"))[0])


P_SAT = (1 + np.sqrt(0.96)) / 2
S_ = 1 / (1 + sp.exp(-x))

#: The answers the chapters' solution dropdowns give, as they give them.
def _playground_epochs(name, activation, **options):
    """Seed 0's epochs to 0.9 test accuracy for the Playground's 2-8-8-2 net."""
    data = datasets.playground(name, seed=0)
    _, h = nn.train_many([2, 8, 8, 2], *data.train, seeds=[0], activation=activation,
                         test=data.test, diagnostics=False, **options)
    return h.epochs_to(0.9, "test_accuracy")[0]


SOLUTIONS = {
    "why-ex-collapse": lambda: -6 * x + 3,
    "why-ex-bump": lambda: relu(x) - 2 * relu(x - 1) + relu(x - 2),
    "why-ex-xor-line": lambda: 0.75,
    "sigmoid-ex-second-derivative": lambda: SIG * (1 - SIG) * (1 - 2 * SIG),
    "sigmoid-ex-depth": lambda: 15,
    "sigmoid-ex-saturation": lambda: np.log(P_SAT / (1 - P_SAT)),
    "sigmoid-ex-signs": lambda: 1.0,
    "tanh-ex-derivative": lambda: 1 - sp.tanh(x) ** 2,
    "tanh-ex-sigmoid": lambda: (1 + sp.tanh(x / 2)) / 2,
    "tanh-ex-softsign": lambda: 1 / (1 + sp.Abs(x)) ** 2,
    "tanh-ex-saturated": lambda: np.arctanh(np.sqrt(0.99)),
    "relu-ex-relu6": lambda: sp.Piecewise((0, x <= 0), (1, x <= 6), (0, True)),
    "relu-ex-hard-swish": lambda: sp.Piecewise((0, x <= -3), ((2 * x + 3) / 6, x <= 3), (1, True)),
    "relu-ex-shifted": lambda: 0.5 * (1 + math.erf(1 / math.sqrt(2))),
    "relu-ex-two-relus": lambda: -1 + sp.Max(0, x + 1) - sp.Max(0, x - 1),
    "leaky-ex-prelu-grad": lambda: sp.Piecewise(((x / 4 - 1) * x, x <= 0), (0, True)),
    "leaky-ex-rrelu-variance": lambda: sp.Piecewise((x**2 * sp.Rational(5, 24) ** 2 / 12, x <= 0),
                                                    (0, True)),
    "leaky-ex-mean": lambda: 0.9 / np.sqrt(2 * np.pi),
    "leaky-ex-second-moment": lambda: (1 + 0.1**2) / 2,
    "elu-ex-celu-derivative": lambda: sp.Piecewise((sp.exp(x / 2), x <= 0), (1, True)),
    "elu-ex-zero-mean": lambda: (1 / np.sqrt(2 * np.pi))
    / (0.5 - np.exp(0.5) * 0.15865525393145707),
    "elu-ex-alpha-dropout": lambda: (0.8 + (act.SELU_LAMBDA * act.SELU_ALPHA) ** 2 * 0.8 * 0.2)
    ** -0.5,
    "elu-ex-dropout-variance": lambda: (1 + 0.5**2) / (1 - 0.2) - 0.5**2,
    "gelu-ex-derivative": lambda: (1 + sp.erf(x / sp.sqrt(2))) / 2
    + x * sp.exp(-x**2 / 2) / sp.sqrt(2 * sp.pi),
    "gelu-ex-taylor": lambda: (4 - np.pi) / (6 * np.pi),
    "gelu-ex-swish": lambda: S_ + x * S_ * (1 - S_),
    "gelu-ex-silu-min": lambda: float(-sp.LambertW(sp.exp(-1))),
    "output-ex-two-class": lambda: 1 / (1 + sp.exp(-x)),
    "output-ex-jacobian": lambda: 1 / (1 + sp.exp(-x)) * (1 - 1 / (1 + sp.exp(-x))),
    "output-ex-cross-entropy": lambda: vector.softmax([2.0, 1.0, 0.0])[1] - 1,
    "output-ex-maxout": lambda: 50 * (100 + 1),
    "failures-ex-weights": lambda: 4 * 10 ** (-3 / 20),
    "failures-ex-tanh": lambda: gradients.chain_gradients("tanh", 10, x0=2.0, weights=1.0,
                                                          biases=0.0)[0, -1],
    "failures-ex-leaky": lambda: 0.01 * 0.01,
    "failures-ex-clip": lambda: gradients.clip_by_global_norm(
        [np.array([3.0, 4.0]), np.array([12.0])], 6.5)[0][1][0],
    "init-ex-he-std": lambda: 0.0625,
    "init-ex-glorot": lambda: 2 / (300 + 100),
    "init-ex-leaky-gain": lambda: 1.3868,
    "init-ex-symmetry": lambda: 1,
    "claims-ex-sigmoid-area": lambda: 1 - (act.get("sigmoid").f(1.0) - act.get("sigmoid").f(-1.0)),
    "claims-ex-maxout": lambda: 256 * 3 * (784 + 1),
    "claims-ex-gelu-relu": lambda: abs(act.get("gelu").f(3.0) - act.get("relu").f(3.0)),
    "claims-ex-selu-he": lambda: property_effects.bounded_depth("selu", 2 ** 0.5)[0],
    "properties-ex-softplus": lambda: 1 / (1 + sp.exp(-x)),
    "properties-ex-elu": lambda: 1.0,
    "properties-ex-gelu": lambda: sp.exp(-x**2 / 2) / sp.sqrt(2 * sp.pi) * (2 - x**2),
    "choosing-ex-he": lambda: 2 / n,
    "choosing-ex-mean": lambda: float(sp.integrate(x * sp.exp(-x**2 / 2) / sp.sqrt(2 * sp.pi),
                                                   (x, 0, sp.oo))),
    "choosing-ex-gelu-mean": lambda: 1 / (2 * np.sqrt(np.pi)),
    "choosing-ex-lr": _tanh_lr_1,
    "playground-ex-boundary": lambda: (sp.Symbol("x1") + 1 - sp.log(3) / 2) / 2,
    "playground-ex-xor": lambda: _playground_epochs("xor", "sigmoid", lr=0.6, epochs=300),
    "playground-ex-recipe": lambda: _playground_epochs("spiral", "relu", lr=0.03, epochs=100,
                                                       batch_size=10),
    "recurrent-ex-bound": lambda: 0.9**20,
    "recurrent-ex-forget": lambda: float(act.get("sigmoid").f(1.0)) ** 10,
    "recurrent-ex-half": lambda: 0.5 ** (1 / 50),
    "recurrent-ex-clip": lambda: float(np.linalg.norm([6e-7, 8e-7])),
    "norm-ex-skip-product": lambda: float(normalisation.skip_chain(10)["skip at 1/4"]),
    "norm-ex-bn-output": lambda: 2 * (6 - 3) / np.std([1.0, 2.0, 3.0, 6.0]) + 1,
    "norm-ex-batch-of-one": lambda: 0.5,
    "norm-ex-running-mean": lambda: 10 * (1 - 0.9**3),
    "opt-ex-momentum-step": lambda: 0.1 * (1 - 0.9**200) / (1 - 0.9),
    "opt-ex-adam-first-step": lambda: 0.01,
    "opt-ex-uncorrected": lambda: (1 - 0.9**3) * 2,
    "opt-ex-dead-sgd": lambda: 100 * optimisers.dead_grid()["sgd", 4.0]["dead"].mean(),
    "shootout-ex-ci": lambda: nn.mean_ci([0.61, 0.64, 0.60, 0.63, 0.62])[1],
    "shootout-ex-adam": lambda: _adam(1.0, [2.0, -1.0]),
    "shootout-ex-drop": _digits_drop,
}

#: Roundings the chapters' prose uses; each must pass at the statement's precision.
PROSE = {"leaky-ex-mean": 0.359, "sigmoid-ex-saturation": 4.6, "gelu-ex-silu-min": -0.278465,
         "gelu-ex-taylor": 0.04554, "choosing-ex-mean": 0.399, "choosing-ex-gelu-mean": 0.282,
         "relu-ex-shifted": 0.841, "output-ex-cross-entropy": -0.755, "choosing-ex-lr": 0.75,
         "elu-ex-alpha-dropout": 0.8789, "elu-ex-zero-mean": 1.6733, "tanh-ex-saturated": 2.99,
         "failures-ex-weights": 2.83, "failures-ex-tanh": 0.00367, "leaky-ex-second-moment": 0.505,
         "recurrent-ex-bound": 0.122, "recurrent-ex-forget": 0.0436, "recurrent-ex-half": 0.986,
         "norm-ex-skip-product": 9.31, "norm-ex-bn-output": 4.21, "norm-ex-running-mean": 2.71,
         "opt-ex-momentum-step": 1.00, "opt-ex-adam-first-step": 0.0100,
         "opt-ex-uncorrected": 0.542, "opt-ex-dead-sgd": 64,
         "shootout-ex-ci": 0.020, "shootout-ex-adam": 0.8734, "shootout-ex-drop": 0.016,
         "claims-ex-sigmoid-area": 0.538, "claims-ex-gelu-relu": 0.00405, "claims-ex-selu-he": 18}




def exercise_labels() -> dict[str, str]:
    """label -> the code of the check cell right after that exercise."""
    cells = {}
    for path in BOOK.glob("*.md"):
        for m in re.finditer(r"```\{exercise\}[^\n]*\n:label: ([\w-]+)\n.*?\n```\n\n"
                             r"```\{code-cell\} ipython3\n(.*?)\n```", path.read_text(), re.S):
            cells[m.group(1)] = m.group(2)
    return cells


CELLS = exercise_labels()


def solution_functions() -> dict[str, str]:
    """label -> the Python code of the solution dropdown of each coding exercise."""
    code = {}
    for path in BOOK.glob("*.md"):
        for m in re.finditer(r"^(`{4,})\{solution\} ([\w-]+)\n(.*?)^\1$", path.read_text(),
                             re.S | re.M):
            if KEYS.get(m.group(2)) and KEYS[m.group(2)].kind == "function":
                code[m.group(2)] = re.search(r"```python\n(.*?)```", m.group(3), re.S).group(1)
    return code


FUNCTIONS = solution_functions()


def test_labels_are_the_checked_exercises():
    assert checks.labels() == sorted(CELLS) == sorted({**SOLUTIONS, **FUNCTIONS})
    assert len(checks.labels()) >= 53


def test_every_chapter_has_three_exercises_and_a_coding_exercise():
    chapters = {ex.chapter for ex in KEYS.values()}
    assert len(chapters) >= 11
    for chapter in chapters:
        kinds = [ex.kind for ex in KEYS.values() if ex.chapter == chapter]
        assert len(kinds) >= 4 and "function" in kinds, chapter


def test_every_key_has_points_time_and_a_check_or_rubric():
    for label, ex in KEYS.items():
        assert ex.points > 0 and ex.minutes > 0, label
        assert ex.kind in ("formula", "number", "function"), label
        assert ex.total_points == ex.points + sum(r.points for r in ex.rubric)
        for line in ex.rubric:
            assert line.points > 0 and line.criteria and line.model_answer, label
        grading = ex.grading()
        assert json.loads(json.dumps(grading)) == grading
        assert "expected" not in grading and grading["points"] == ex.points


def test_unchecked_sub_questions_have_rubric_lines():
    """Statements that ask for more than the checked value have a rubric line each."""
    asks_more = re.compile(r"\b(Where is|Is it|explain|Explain|compare|Compare|Why|why|"
                           r"Which activation|Show that|Argue|predict|What would|Would)\b")
    for path in BOOK.glob("*.md"):
        for m in re.finditer(r"```\{exercise\}[^\n]*\n:label: ([\w-]+)\n(.*?)\n```\n",
                             path.read_text(), re.S):
            ex = KEYS[m.group(1)]
            if ex.kind != "function" and asks_more.search(m.group(2)):
                assert ex.rubric, f"{ex.label} asks an unchecked question but has no rubric"


def test_bad_keys_are_refused():
    from helpers.exercises.key import Exercise, Rubric, sig_figs
    with pytest.raises(ValueError, match="points"):
        Exercise("a", "book/x.md", "number", lambda: 1, "it", precision=sig_figs(2), minutes=5)
    with pytest.raises(ValueError, match="minutes"):
        Exercise("a", "book/x.md", "number", lambda: 1, "it", precision=sig_figs(2), points=1)
    with pytest.raises(ValueError, match="kind"):
        Exercise("a", "book/x.md", "essay", lambda: 1, "it", points=1, minutes=5)
    with pytest.raises(ValueError, match="Function"):
        Exercise("a", "book/x.md", "function", lambda: abs, "it", points=1, minutes=5)
    with pytest.raises(ValueError, match="points"):
        Rubric("Why?", 0, "criteria", "answer")


def test_check_output_never_shows_a_rubric():
    for label, ex in KEYS.items():
        for answer in (None, 12345.678, "x + 1"):
            message = checks.check(label, answer).message
            for line in ex.rubric:
                assert line.model_answer not in message and line.criteria not in message


def test_each_key_names_its_chapter():
    for label, ex in KEYS.items():
        assert f":label: {label}\n" in (BOOK.parent / ex.chapter).read_text()


@pytest.mark.parametrize("label", sorted(CELLS))
def test_check_cell_names_its_label_and_holds_no_answer(label):
    cell = CELLS[label]
    assert "expected" not in cell and "check_value" not in cell and "check_expression" not in cell
    ex = KEYS[label]
    if ex.kind == "function":
        name = ex.function.name
        assert f'checks.check("{label}", {name})' in cell
        body = cell.split(f"def {name}(")[1].split("checks.check")[0]
        assert not re.search(r"^\s*return\b", body, re.M) and "    ..." in body
        assert FUNCTIONS[label].split("def ")[-1].split("\n", 1)[1] not in cell
        return
    assert f'checks.check("{label}", answer)' in cell
    assert "answer = None" in cell
    if ex.kind == "number":
        value = ex.answer()
        numbers = [float(t) for t in re.findall(r"(?<![\w.])-?\d+\.?\d*(?:e-?\d+)?", cell)]
        assert not [v for v in numbers if ex.precision.accepts(v, value) and v not in (0,)]
    else:
        assert sp.sstr(ex.answer()) not in cell
        assert sp.sstr(sp.simplify(ex.answer())) not in cell


@pytest.mark.parametrize("label", sorted(SOLUTIONS))
def test_the_books_solution_passes(label):
    result = checks.check(label, SOLUTIONS[label]())
    assert result.correct, result.message


@pytest.mark.parametrize(("label", "value"), sorted(PROSE.items()))
def test_the_books_roundings_pass(label, value):
    assert checks.check(label, value).correct


@pytest.mark.parametrize("label", [k for k in sorted(KEYS) if KEYS[k].kind == "number"])
def test_numbers_pass_in_every_accepted_form(label):
    ex = KEYS[label]
    value = ex.answer()
    for form in (value, [value], (value,), np.array([value]), np.array(value), complex(value, 0),
                 np.float64(value), repr(value), sp.Float(value), sp.nsimplify(value)):
        assert checks.check(label, form).correct, (form, checks.check(label, form).message)
    if ex.precision.digits is None or ex.precision.digits <= 6:
        assert checks.check(label, np.float32(value)).correct
    if ex.precision.digits is None:
        assert checks.check(label, Fraction(value).limit_denominator(10**6)).correct
    else:
        # a value off by one unit in the last asked digit fails, with no direction given
        r = ex.precision.rounded(value)
        step = 10 ** (math.floor(math.log10(abs(r))) - ex.precision.digits + 1)
        for wrong in (r + step, r - step):
            result = checks.check(label, wrong)
            assert not result.correct
            assert not re.search(r"too (small|large|big|low|high)|smaller|larger|bigger",
                                 result.message)


@pytest.mark.parametrize("label", [k for k in sorted(KEYS) if KEYS[k].kind == "formula"])
def test_formulas_pass_in_every_accepted_form(label):
    ex = KEYS[label]
    expected = ex.answer()
    plain = sp.Symbol(ex.symbol.name)
    if all(form.test(expected) for form in ex.forms):
        forms = [expected, [expected], sp.sstr(expected), expected.subs(ex.symbol, plain),
                 expected.subs(ex.symbol, sp.Symbol(ex.symbol.name, real=True, nonzero=True))]
        if not symbolic.breakpoints(expected, ex.symbol):
            forms.append(expected.subs(ex.symbol, sp.Symbol(ex.symbol.name, positive=True)))
        for form in forms:
            assert checks.check(label, form).correct, (form, checks.check(label, form).message)
    else:
        assert "asks for" in checks.check(label, expected).message
    wrong = expected + sp.Piecewise((1, (ex.symbol > 9) & (ex.symbol < 9.5)), (0, True))
    assert "differs" in checks.check(label, wrong).message
    far = expected + sp.Piecewise((0, sp.Abs(ex.symbol) <= 8), (1, True))
    assert not checks.check(label, far).correct


@pytest.mark.parametrize(("label", "answer", "needle"), [
    ("sigmoid-ex-second-derivative", None, "replace None with your answer"),
    ("sigmoid-ex-depth", None, "replace None with your answer"),
    ("sigmoid-ex-second-derivative", sp.nan, "NaN"),
    ("sigmoid-ex-second-derivative", "nan", "NaN"),
    ("sigmoid-ex-second-derivative", 0 * sp.oo, "NaN"),
    ("sigmoid-ex-second-derivative", sp.zoo, "zoo"),
    ("sigmoid-ex-second-derivative", sp.oo * x, "infinity"),
    ("sigmoid-ex-depth", float("nan"), "NaN"),
    ("sigmoid-ex-depth", float("inf"), "infinite"),
    ("sigmoid-ex-depth", "1e400", "infinit"),
    ("sigmoid-ex-depth", sp.zoo, "zoo"),
    ("sigmoid-ex-signs", True, "True is not 1"),
    ("sigmoid-ex-signs", np.bool_(True), "True is not 1"),
    ("tanh-ex-derivative", sp.true, "truth value"),
    ("tanh-ex-derivative", sp.Derivative(sp.tanh(x), x), "unevaluated Derivative"),
    ("failures-ex-tanh", sp.Derivative(sp.tanh(x), x), "unevaluated Derivative"),
    ("choosing-ex-mean", sp.Integral(x * sp.exp(-x**2 / 2), (x, 0, sp.oo)), "unevaluated Integral"),
    ("properties-ex-softplus", sp.Limit(SIG, x, 0), "unevaluated Limit"),
    ("choosing-ex-he", "2/x", "expression in x, but this exercise asks for one in n"),
    ("choosing-ex-he", 2 / sp.Symbol("m"), "expression in m"),
    ("leaky-ex-prelu-grad", sp.Symbol("alpha") * x, "uses alpha"),
    ("relu-ex-relu6", sp.Piecewise((0, x <= 0), (1, x <= 6.2), (0, True)), "just right of x = 6"),
    ("sigmoid-ex-second-derivative",
     sp.Piecewise((SIG * (1 - SIG) * (1 - 2 * SIG), sp.Abs(x) <= 8), (0, True)), "differs"),
    ("tanh-ex-sigmoid", SIG, "written with tanh"),
    ("tanh-ex-sigmoid", (1 + sp.tanh(x / 2)) / 2 + 0 * sp.exp(x), None),
    ("relu-ex-two-relus", act.get("hard_tanh").expr, "multiples of ReLUs"),
    ("relu-ex-two-relus", sp.Max(-1, sp.Min(1, x)), "multiples of ReLUs"),
    ("why-ex-bump", sp.Max(0, 1 - sp.Abs(x - 1)), "multiples of ReLUs"),
    ("gelu-ex-swish", SIG + x * act.get("sigmoid").dexpr, None),
    ("gelu-ex-swish", (1 + sp.tanh(x / 2)) / 2 * (1 + x * (1 - (1 + sp.tanh(x / 2)) / 2)),
     "sp.exp only"),
    ("why-ex-collapse", -2 * (3 * x + 1) + 5, None),
    ("sigmoid-ex-depth", 9.97, "whole number"),
    ("sigmoid-ex-depth", 11, "Not quite"),
    ("leaky-ex-mean", 0.36, "asks for 3"),
    ("leaky-ex-mean", 0.35, "Not quite"),
    ("failures-ex-clip", 6.01, "exactly"),
    ("failures-ex-clip", [1.2, 1.6], "not a list of 2"),
    ("failures-ex-clip", np.array([1.2, 1.6]), "not a ndarray of 2"),
    ("failures-ex-clip", 1.2 + 1j, "imaginary"),
    ("failures-ex-clip", object(), "expected a number"),
    ("failures-ex-clip", {"a": 1}, "dict"),
    ("failures-ex-clip", "hello", "symbol(s) hello"),
    ("failures-ex-clip", "__import__('os').system('true')", "Cannot check"),
    ("failures-ex-clip", "lambda: 1", "Lambda"),
    ("failures-ex-clip", "x**", "could not read"),
    ("failures-ex-clip", x, "symbol(s) x"),
    ("tanh-ex-derivative", lambda t: 1 - sp.tanh(t) ** 2, "Python function"),
    ("tanh-ex-derivative", sp.Eq(sp.Symbol("y"), 1 - sp.tanh(x) ** 2), "not an equation"),
    ("tanh-ex-derivative", sp.Matrix([1 - sp.tanh(x) ** 2]), "matrix"),
    ("tanh-ex-derivative", [x, x], "not a list of 2"),
    ("tanh-ex-derivative", object(), "expected a SymPy expression"),
    ("tanh-ex-derivative", "1 - tanh(x)^2", None),
    ("no-such-label", 1, "checks.labels()"),
])
def test_wrong_odd_and_garbage_answers_get_a_sentence(label, answer, needle):
    result = checks.check(label, answer)
    if needle is None:  # right answers written in an unusual way
        assert result.correct, result.message
        return
    assert not result.correct
    assert needle in result.message, result.message
    assert "<div" in result._repr_html_() and str(result).startswith(("✘", "…"))


def test_right_answers_in_odd_forms():
    assert checks.check("choosing-ex-he", 2 / sp.Symbol("n")).correct
    assert checks.check("choosing-ex-he", "2/n").correct
    assert checks.check("failures-ex-leaky", "1/10000").correct
    assert checks.check("failures-ex-leaky", Fraction(1, 10000)).correct
    assert checks.check("why-ex-xor-line", 0.75 + 0j).correct
    assert checks.check("elu-ex-zero-mean", np.float32(1.6732632)).correct
    assert checks.check("failures-ex-clip", np.array([6.0])).correct
    assert checks.check("relu-ex-relu6", sp.Heaviside(x) - sp.Heaviside(x - 6)).correct
    own = sp.Symbol("x")
    s = 1 / (1 + sp.exp(-own))
    assert checks.check("sigmoid-ex-second-derivative", s * (1 - s) * (1 - 2 * s)).correct
    assert checks.check("tanh-ex-derivative", 1 - sp.tanh(sp.Symbol("x", real=True)) ** 2).correct


def test_a_positive_symbol_that_loses_cases_is_explained():
    positive = sp.Symbol("x", positive=True)
    relu6_d = sp.Piecewise((0, positive <= 0), (1, positive <= 6), (0, True))
    result = checks.check("relu-ex-relu6", relu6_d)
    assert not result.correct and "declared with a sign" in result.message


def test_form_rules_alone():
    from helpers.exercises import key
    assert key.RELU_SUM.test(-1 + relu(x + 1) - relu(x - 1))
    assert key.RELU_SUM.test(2 * sp.Max(0, 1 - x) + 3)
    assert not key.RELU_SUM.test(sp.Max(0, x) * sp.Max(0, x - 1))
    assert not key.RELU_SUM.test(sp.Max(0, x**2))
    assert key.WITH_TANH_NO_EXP.test((1 + sp.tanh(x / 2)) / 2)
    assert not key.WITH_TANH_NO_EXP.test(sp.tanh(x) + sp.exp(x) - sp.exp(x) + sp.exp(-x))
    assert key.ONLY_EXP.test(x * sp.exp(-x) / (1 + sp.exp(-x)) ** 2)
    assert not key.ONLY_EXP.test(sp.tanh(x))
    assert key.LINEAR.test(3 - 6 * x) and not key.LINEAR.test(x**2)
    assert not key.BY_HAND.test(sp.Derivative(sp.Function("f")(x), x))


def test_precision_rule():
    from helpers.exercises.key import EXACT, WHOLE, sig_figs
    three = sig_figs(3)
    assert three.accepts(0.359, 0.35904805) and three.accepts(0.35904805, 0.35904805)
    assert three.accepts(0.3585, 0.35904805)   # rounds to 0.359 (tie accepted)
    assert not three.accepts(0.36, 0.35904805) and not three.accepts(0.358, 0.35904805)
    assert sig_figs(2).accepts(4.6, 4.5848) and not sig_figs(2).accepts(4.5, 4.5848)
    assert EXACT.accepts(1 - 0.99**2, 0.0199) and not EXACT.accepts(0.0198, 0.0199)
    assert WHOLE.accepts(10.0, 10) and not WHOLE.accepts(10.2, 10)


def test_unevaluated_derivative_is_refused_even_though_it_would_equal():
    msg = checks.check("gelu-ex-derivative", sp.Derivative(act.get("gelu").expr, x)).message
    assert "unevaluated Derivative" in msg and ".doit()" in msg
