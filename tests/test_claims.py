"""The claims page: every claim decided by a computed value that its cell asserts.

The page (book/claims.md) and the engine (helpers.studies.claims) must agree:
each claim of the engine has exactly one section on the page, headed by the
claim's text, linking the claim's chapters, with a cell that calls
``claims.decide`` and asserts the verdict. The verdict itself must come from the
numbers: each rule is checked to read the evidence it is given, and to change its
answer when those numbers change.
"""

import re
from collections.abc import Mapping
from pathlib import Path

import pytest

from helpers.studies import claims

PAGE = Path(__file__).resolve().parents[1] / "book" / "claims.md"
TEXT = PAGE.read_text()
CELL = re.compile(r'```\{code-cell\} ipython3\nverdict = claims\.decide\("([\w-]+)"\)\n'
                  r'assert verdict\.value == "(true|false|depends)"\nverdict\n```')


def sections() -> dict[str, str]:
    """Claim heading (### ...) -> the text of its section."""
    parts = re.split(r"^### (.+)$", TEXT, flags=re.M)
    return {parts[i].strip(): parts[i + 1].split("\n## ")[0] for i in range(1, len(parts), 2)}


SECTIONS = sections()


class Recording(dict):
    """A dict that remembers which keys were read."""

    def __init__(self, data: Mapping[str, float]) -> None:
        super().__init__(data)
        self.read: set[str] = set()

    def __getitem__(self, key: str) -> float:
        self.read.add(key)
        return super().__getitem__(key)


def test_at_least_twenty_claims_each_with_one_asserting_cell():
    cells = CELL.findall(TEXT)
    assert len(cells) >= 20
    assert sorted(k for k, _ in cells) == sorted(claims.keys())
    assert len({k for k, _ in cells}) == len(cells), "a claim is decided twice"
    assert len(SECTIONS) == len(cells)


def test_every_verdict_on_the_page_is_asserted_by_a_pattern_cell():
    """No cell decides a claim without asserting it, except the one that shows numbers."""
    calls = re.findall(r'claims\.decide\("([\w-]+)"\)', TEXT)
    asserted = [k for k, _ in CELL.findall(TEXT)]
    assert len(calls) - len(asserted) <= 1
    assert not re.search(r"Verdict\(", TEXT), "a verdict built by hand on the page"


@pytest.mark.parametrize("key", claims.keys())
def test_section_names_the_claim_and_links_its_chapters(key):
    c = claims.claim(key)
    heading = c.text.rstrip(".")
    assert heading in SECTIONS, f"no section headed {heading!r}"
    body = SECTIONS[heading]
    assert f'claims.decide("{key}")' in body
    for label in c.chapters:
        assert f"{{ref}}`{label}`" in body, f"{key}: no link to {label}"


@pytest.mark.parametrize("key", claims.keys())
def test_rule_reads_the_evidence(key):
    """The verdict is a function of the computed numbers, not a constant."""
    c = claims.claim(key)
    numbers = dict(claims.decide(key).numbers)
    recording = Recording(numbers)
    assert c.rule(recording) == claims.decide(key).value
    assert recording.read, f"{key}: the rule reads none of the numbers"
    assert recording.read <= set(numbers)


@pytest.mark.parametrize("key", claims.keys())
def test_rule_changes_when_the_numbers_do(key):
    """Some change of the evidence flips the verdict (scaling, negating or zeroing numbers)."""
    c = claims.claim(key)
    numbers = dict(claims.decide(key).numbers)
    value = c.rule(numbers)
    trials = []
    for name in numbers:
        for new in (0.0, -numbers[name], numbers[name] * 1e6, numbers[name] * 1e-6,
                    numbers[name] * 0.2,
                    numbers[name] + 1, 1e12, -1e12, -1.0, 1.0, 2.0):
            trials.append({**numbers, name: new})
    trials.append({name: 0.0 for name in numbers})
    trials.append({name: 1.0 for name in numbers})
    trials.append({name: 1e12 for name in numbers})
    assert any(c.rule(t) != value for t in trials), f"{key}: the verdict never changes"


def test_page_asserts_the_computed_verdicts():
    for key, value in CELL.findall(TEXT):
        assert claims.decide(key).value == value, key


def test_markdown_shows_verdict_numbers_and_correction():
    v = claims.decide("relu-gradient-always-1")
    text = v.markdown()
    assert text.startswith("**False.**")
    assert "*Correct version:*" in text
    assert f"{v.numbers['share']:.1%}" in text


def test_negative_numbers_use_a_minus_sign():
    text = claims.decide("selu-floor").markdown()
    assert "−1.758" in text and "-1.758" not in text


def test_unknown_claim_lists_the_valid_keys():
    with pytest.raises(ValueError, match="valid keys: sigmoid-derivative-support"):
        claims.decide("relu-is-magic")


def test_normal_mean_matches_closed_forms():
    assert claims.normal_mean("relu") == pytest.approx(1 / (2 * 3.141592653589793) ** 0.5)
    assert claims.normal_mean("tanh") == pytest.approx(0.0, abs=1e-12)
    assert claims.normal_mean("leaky_relu", alpha=0.5) == pytest.approx(
        0.5 / (2 * 3.141592653589793) ** 0.5)
