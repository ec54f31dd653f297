"""Introduced in: book/instructor.md

The instructor page's tables, generated from the answer keys.

Each chapter's key module holds its ``TITLE``, ``GOALS``, ``PREREQUISITES``
and ``EXERCISES``; this module turns them into Markdown: an overview of every
chapter (:func:`overview`) and, per chapter, the learning goals,
prerequisites, estimated time, the exercise table and the rubrics with model
answers (:func:`chapter_guide`). Nothing here computes an expected answer, so
the page builds quickly. This is teacher material: the student edition
leaves the page out.
"""

from __future__ import annotations

from types import ModuleType

from IPython.display import Markdown

from helpers import tables
from helpers.exercises import MODULES
from helpers.exercises.key import Exercise

__all__ = ["KIND_NAMES", "module_for", "minutes", "overview", "exercise_table", "rubrics",
           "chapter_guide"]

#: How each kind of exercise is named in the tables.
KIND_NAMES = {"formula": "derivation (SymPy formula)", "number": "calculation (number)",
              "function": "coding (NumPy function)"}


def module_for(chapter: str) -> ModuleType:
    """The key module of ``chapter`` (``"sigmoid"`` or ``"book/sigmoid.md"``).

    Raises
    ------
    ValueError
        When no key module belongs to that chapter; the message lists the valid ones.
    """
    wanted = chapter if chapter.startswith("book/") else f"book/{chapter}.md"
    for module in MODULES:
        if module.CHAPTER == wanted:
            return module
    names = ", ".join(m.CHAPTER.removeprefix("book/").removesuffix(".md") for m in MODULES)
    raise ValueError(f"chapter must be one of {names}; got {chapter!r}")


def minutes(module: ModuleType) -> int:
    """Estimated time for a chapter's exercises: the sum of their minutes."""
    return sum(ex.minutes for ex in module.EXERCISES)


def _grading(ex: Exercise) -> str:
    if ex.rubric:
        return f"auto-checked + rubric ({len(ex.rubric)} line{'s' * (len(ex.rubric) > 1)})"
    return "auto-checked"


def overview() -> Markdown:
    """One row per chapter: exercises, points (auto / rubric / total) and minutes."""
    rows = []
    for module in MODULES:
        auto = sum(ex.points for ex in module.EXERCISES)
        total = sum(ex.total_points for ex in module.EXERCISES)
        coding = sum(ex.kind == "function" for ex in module.EXERCISES)
        rows.append([module.TITLE, len(module.EXERCISES), coding, auto, total - auto, total,
                     minutes(module)])
    return tables.markdown_table(
        ["Chapter", "Exercises", "Coding", "Auto points", "Rubric points", "Total points",
         "Minutes"], rows)


def exercise_table(chapter: str) -> Markdown:
    """The chapter's exercises: label, type, points, how it is graded, minutes."""
    rows = [[f"`{ex.label}`", KIND_NAMES[ex.kind], ex.points,
             sum(r.points for r in ex.rubric), ex.total_points, _grading(ex), ex.minutes]
            for ex in module_for(chapter).EXERCISES]
    return tables.markdown_table(["Exercise", "Type", "Auto points", "Rubric points",
                                  "Total", "Graded", "Minutes"], rows)


def rubrics(chapter: str) -> str:
    """Markdown list of every rubric line of the chapter, with its model answer."""
    lines = []
    for ex in module_for(chapter).EXERCISES:
        for r in ex.rubric:
            lines.append(f"- **`{ex.label}`** — {r.question} *({r.points} "
                         f"point{'s' * (r.points > 1)})*  \n"
                         f"  Criteria: {r.criteria}  \n"
                         f"  Model answer: {r.model_answer}")
    return "\n".join(lines) if lines else "No rubric lines: every part is auto-checked."


def chapter_guide(chapter: str) -> Markdown:
    """Goals, prerequisites, estimated time, exercise table and rubrics of one chapter."""
    module = module_for(chapter)
    goals = "\n".join(f"- {g}" for g in module.GOALS)
    needs = "\n".join(f"- {p}" for p in module.PREREQUISITES)
    total = sum(ex.total_points for ex in module.EXERCISES)
    return Markdown(
        f"**Learning goals.**\n\n{goals}\n\n**Prerequisites.**\n\n{needs}\n\n"
        f"**Estimated time for the exercises:** about {minutes(module)} minutes "
        f"({len(module.EXERCISES)} exercises, {total} points).\n\n"
        f"{exercise_table(chapter).data}\n\n**Rubrics and model answers.**\n\n"
        f"{rubrics(chapter)}\n")
