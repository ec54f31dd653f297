"""Claims decided by computation: a claim, the numbers that decide it, its verdict.

Introduced in: none (used by other helpers modules only)

A :class:`Claim` pairs a sentence as it circulates with a function computing
its *evidence* (a dict of numbers) and a *rule* that turns those numbers into
a verdict, ``"true"``, ``"false"`` or ``"depends"``; :func:`decide` runs both.
The finding and the correct version are ``str.format`` templates filled in
with the numbers (negative numbers get a true minus sign), so no number in a
verdict is typed in. The claims themselves live with the chapter that checks
them (:mod:`helpers.studies.claims`).

Examples
--------
>>> from helpers import verdicts
>>> c = verdicts.Claim("one", "1 > 0.", ("intro",), lambda: {"one": 1.0},
...                    lambda n: "true" if n["one"] > 0 else "false", "It is {one:g}.")
>>> print(verdicts.decide(c).markdown())
**True.** It is 1.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

__all__ = ["VERDICTS", "Claim", "Verdict", "decide", "format_numbers"]

#: The three verdicts a claim can get.
VERDICTS = ("true", "false", "depends")
Numbers = Mapping[str, float]


@dataclass(frozen=True)
class Claim:
    """A claim, the computation that decides it and how to report it.

    Attributes
    ----------
    key : str
        Short identifier, used by :func:`decide`.
    text : str
        The claim as it circulates.
    chapters : tuple of str
        MyST labels of the chapters that explain it (the first is the main one).
    evidence : callable
        ``evidence() -> {name: float}``: the numbers that decide the claim.
    rule : callable
        ``rule(numbers) -> "true" | "false" | "depends"``.
    finding : str
        What the numbers show; ``str.format`` fields name the numbers.
    correction : str
        The correct version of a carelessly stated claim (same fields), or "".
    """

    key: str
    text: str
    chapters: tuple[str, ...]
    evidence: Callable[[], dict[str, float]] = field(repr=False)
    rule: Callable[[Numbers], str] = field(repr=False)
    finding: str = ""
    correction: str = ""


class _Minus(string.Formatter):
    """``str.format`` that writes negative numbers with a minus sign (−), not a hyphen."""

    def format_field(self, value: object, format_spec: str) -> str:
        return super().format_field(value, format_spec).replace("-", "−")


_FORMAT = _Minus()


def format_numbers(template: str, numbers: Mapping[str, float]) -> str:
    """``template.format(**numbers)``, negative numbers written with a minus sign (−)."""
    return _FORMAT.format(template, **numbers)


@dataclass(frozen=True)
class Verdict:
    """The outcome of :func:`decide`: ``value`` is one of :data:`VERDICTS`."""

    claim: Claim
    value: str
    numbers: Numbers

    def markdown(self) -> str:
        """The verdict, the finding and the correct version, as Markdown."""
        text = f"**{self.value.capitalize()}.** {format_numbers(self.claim.finding, self.numbers)}"
        if self.claim.correction:
            text += f"\n\n*Correct version:* {format_numbers(self.claim.correction, self.numbers)}"
        return text

    def _repr_markdown_(self) -> str:
        return self.markdown()

    def __str__(self) -> str:
        return self.markdown()


def decide(c: Claim) -> Verdict:
    """Compute the evidence of ``c`` and apply its rule.

    Raises
    ------
    ValueError
        When the rule returns something else than one of :data:`VERDICTS`.
    """
    numbers = MappingProxyType({k: float(v) for k, v in c.evidence().items()})
    value = c.rule(numbers)
    if value not in VERDICTS:
        raise ValueError(f"{c.key}: the rule returned {value!r}, not one of {VERDICTS}")
    return Verdict(c, value, numbers)
