"""The instructor page: generated from the keys, complete, and listed before the bibliography."""

import re
from pathlib import Path

import pytest

from helpers.exercises import KEYS, MODULES, guide

ROOT = Path(__file__).resolve().parents[1]


def test_each_chapter_guide_lists_every_exercise_and_rubric():
    for module in MODULES:
        text = guide.chapter_guide(module.CHAPTER).data
        for ex in module.EXERCISES:
            row = next(line for line in text.splitlines() if f"`{ex.label}`" in line)
            cells = [c.strip() for c in row.strip("|").split("|")]
            assert cells[2:5] == [str(ex.points), str(sum(r.points for r in ex.rubric)),
                                  str(ex.total_points)]
            assert cells[6] == str(ex.minutes)
            assert ("rubric" in cells[5]) == bool(ex.rubric)
            for line in ex.rubric:
                assert line.model_answer in text and line.criteria in text
        assert f"about {sum(ex.minutes for ex in module.EXERCISES)} minutes" in text
        for goal in module.GOALS + module.PREREQUISITES:
            assert goal in text


def test_overview_adds_up():
    text = guide.overview().data
    rows = [line for line in text.splitlines()[2:]]
    assert len(rows) == len(MODULES)
    total = sum(int(r.strip("|").split("|")[5]) for r in rows)
    assert total == sum(ex.total_points for ex in KEYS.values())


def test_unknown_chapter_lists_the_valid_ones():
    with pytest.raises(ValueError, match="sigmoid"):
        guide.module_for("no_such_chapter")
    assert guide.module_for("sigmoid") is guide.module_for("book/sigmoid.md")


def test_the_page_shows_every_chapter_and_sits_before_the_bibliography():
    page = (ROOT / "book" / "instructor.md").read_text()
    shown = re.findall(r'guide\.chapter_guide\("(\w+)"\)', page)
    assert shown == [m.CHAPTER.removeprefix("book/").removesuffix(".md") for m in MODULES]
    for module in MODULES:
        assert f"### {module.TITLE}\n" in page
    toc = (ROOT / "_toc.yml").read_text()
    assert toc.index("book/initialisation") < toc.index("book/instructor") < toc.index("book/bibliography")
    assert "scripts/book.py bundle" in page and "scripts/book.py otter <chapter>" in page
