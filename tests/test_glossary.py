"""The bilingual glossary, and the first use of each term in a chapter linking to it.

``book/glossary.md`` holds one Sphinx ``glossary`` directive: each entry is
one or more English terms, its Chinese term(s), then a one-line definition.
In every chapter the first use of an English term in the prose is written
``{term}`used words <term>```. Prose means Markdown text outside code, math,
headings, directive lines, links and roles; exercises count. Solutions come
last: the student edition removes them, so the first use outside solutions is
the one linked, and a term that only a solution uses is linked there. The
student edition's text therefore links every term's first use too (tested).

Run ``python tests/test_glossary.py --fix`` to link the first uses after
editing a chapter.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import student_edition as se  # noqa: E402

GLOSSARY = ROOT / "book" / "glossary.md"
HAN = re.compile(r"[\u4e00-\u9fff]")
#: Spans of a prose chunk that are not prose: math, code, roles, links, HTML.
PROTECTED = re.compile(
    r"\$\$.*?\$\$|\$[^$]+\$|``.*?``|`[^`]*`|\{[\w:-]+\}`[^`]*`|\[[^\]]*\]\([^)]*\)|<[^>\n]+>",
    re.S)
TERM_ROLE = re.compile(r"\{term\}`(?:[^`<]*<([^>`]+)>|([^`]+))`")


@dataclass(frozen=True)
class Entry:
    terms: tuple[str, ...]
    definition: str

    @property
    def target(self) -> str:
        return self.terms[0]

    @property
    def english(self) -> tuple[str, ...]:
        return tuple(t for t in self.terms if not HAN.search(t))

    @property
    def chinese(self) -> tuple[str, ...]:
        return tuple(t for t in self.terms if HAN.search(t))


def entries() -> list[Entry]:
    """The glossary's entries, in file order."""
    text = GLOSSARY.read_text(encoding="utf-8")
    body = text.split("```{glossary}", 1)[1].split("\n```", 1)[0]
    found, terms = [], []
    for line in body.splitlines():
        if not line.strip() or line.startswith(":"):
            continue
        if line.startswith((" ", "\t")):
            found.append(Entry(tuple(terms), line.strip()))
            terms = []
        else:
            terms.append(line.strip())
    return found


def _pattern(term: str) -> re.Pattern[str]:
    words = r"\s+".join(re.escape(w) for w in term.split())
    flags = 0 if any(c.isupper() for c in term) else re.IGNORECASE
    return re.compile(rf"(?<![\w-]){words}(?:s|es)?(?![\w-])", flags)


def _prose_chunks(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) line ranges of Markdown prose.

    Prose directives (exercises, solutions, admonitions) nest: a fence line closes
    the innermost open one; any other fenced block (code, math, glossary ...) is
    skipped to its closing fence.
    """
    chunks, start, fence, in_math, i = [], None, None, False, 0
    open_prose: list[str] = []       # fence markers of the prose directives now open
    if lines and lines[0] == "---":  # front matter
        i = lines.index("---", 1) + 1

    def close(j: int) -> None:
        nonlocal start
        if start is not None and j > start:
            chunks.append((start, j))
        start = None

    prose_directives = ("{exercise}", "{solution}", "{note}", "{tip}", "{warning}",
                        "{important}", "{admonition}", "{hint}", "{caution}", "{seealso}")
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        opener = re.match(r"^(`{3,}|:{3,})(.*)$", stripped)
        if fence is not None:
            if stripped == fence:
                fence = None
            i += 1
            continue
        if in_math:
            in_math = not stripped.endswith("$$")
            i += 1
            continue
        if opener:
            close(i)
            marker, rest = opener.groups()
            if open_prose and stripped == open_prose[-1]:
                open_prose.pop()             # the end of an exercise, solution, note ...
                i += 1
                continue
            if rest.startswith(prose_directives):
                open_prose.append(marker)
            else:
                fence = marker               # code, code-cell, math, glossary ...: skip it
            i += 1
            while i < len(lines) and lines[i].startswith(":") and fence is None:
                i += 1  # directive options
            continue
        if stripped.startswith("$$"):
            close(i)
            in_math = not (len(stripped) > 2 and stripped.endswith("$$"))
            i += 1
            continue
        if (stripped.startswith(("#", "+++", "|", "**Figure.**"))
                or re.match(r"^\(.*\)=$", stripped)):
            close(i)
            i += 1
            continue
        if start is None and stripped:
            start = i
        if not stripped:
            close(i)
        i += 1
    close(len(lines))
    return chunks


def _solution_lines(text: str) -> set[int]:
    """Line numbers (0-based) inside the chapter's solutions."""
    return {n for block in se.find_solutions(text) for n in range(block.start, block.stop)}


def _unprotected(chunk: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in PROTECTED.finditer(chunk):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(chunk)))
    return spans


def link_terms(text: str, glossary: list[Entry] | None = None) -> str:
    """``text`` with the first use of every glossary term in its prose linked."""
    glossary = entries() if glossary is None else glossary
    candidates = sorted(((term, entry.target) for entry in glossary for term in entry.english),
                        key=lambda pair: -len(pair[0]))
    lines = text.split("\n")
    done: set[str] = set()
    in_solution = _solution_lines(text)
    chunks = _prose_chunks(lines)
    ordered = ([c for c in chunks if c[0] not in in_solution]
               + [c for c in chunks if c[0] in in_solution])
    for start, end in ordered:
        chunk = "\n".join(lines[start:end])
        for term, target in candidates:
            if target.lower() in done:
                continue
            roles = [m.start() for m in TERM_ROLE.finditer(chunk)
                     if (m.group(1) or m.group(2)).strip().lower() == target.lower()]
            plain = [m for a, b in _unprotected(chunk)
                     for m in _pattern(term).finditer(chunk, a, b)]
            first_plain = min(plain, key=lambda m: m.start()) if plain else None
            if roles and (first_plain is None or roles[0] < first_plain.start()):
                done.add(target.lower())
            elif first_plain is not None:
                words = first_plain.group(0)
                prefix = chunk[:first_plain.start()]
                if "\n" in words:  # keep a role on one line: break the line before it
                    words = " ".join(words.split())
                    space = prefix.rfind(" ")
                    if space > prefix.rfind("\n"):
                        prefix = prefix[:space] + "\n" + prefix[space + 1:]
                role = (f"{{term}}`{words}`" if words == target
                        else f"{{term}}`{words} <{target}>`")
                chunk = prefix + role + chunk[first_plain.end():]
                done.add(target.lower())
        lines[start:end] = chunk.split("\n")
    return "\n".join(lines)


def chapters() -> list[Path]:
    return [p for p in sorted((ROOT / "book").glob("*.md")) if p != GLOSSARY
            and p.name != "bibliography.md"]


def test_glossary_has_60_terms_in_english_and_chinese_with_one_line_definitions():
    found = entries()
    assert len(found) >= 60
    for entry in found:
        assert entry.english and entry.chinese, entry.terms
        assert entry.definition.endswith(".") and "\n" not in entry.definition
    targets = [e.target.lower() for e in found]
    assert len(set(targets)) == len(targets)
    chinese = {t for e in found for t in e.chinese}
    for term in ("激活函数", "梯度消失", "梯度爆炸", "饱和", "死亡 ReLU", "批归一化", "残差连接"):
        assert term in chinese


@pytest.mark.parametrize("path", chapters(), ids=lambda p: p.name)
def test_first_use_of_each_term_links_to_the_glossary(path):
    text = path.read_text(encoding="utf-8")
    assert link_terms(text) == text, (
        f"{path.name}: a term's first use is not linked to the glossary; run "
        "python tests/test_glossary.py --fix")


@pytest.mark.parametrize("path", chapters(), ids=lambda p: p.name)
def test_the_student_edition_links_each_terms_first_use_too(path):
    student = se.student_source(path.read_text(encoding="utf-8"), path.stem)
    assert link_terms(student) == student, (
        f"{path.name}: without its solutions a term's first use is not linked")


def test_solutions_come_last_and_nested_directives_are_prose():
    glossary = [Entry(("ReLU", "修正线性单元"), "max(0, x)."),
                Entry(("saturation", "饱和"), "Flat regions.")]
    text = ("Intro.\n\n````{exercise}\n:label: a\nWhy?\n````\n\n"
            "````{solution} a\n:class: dropdown\nA ReLU has no saturation.\n\n"
            "```{note}\nNested ReLU note.\n```\n````\n\nThen ReLU again.\n")
    linked = link_terms(text, glossary)
    assert linked == text.replace("Then ReLU", "Then {term}`ReLU`").replace(
        "no saturation", "no {term}`saturation`")
    assert link_terms(linked, glossary) == linked
    assert se.strip_solutions(linked).count("{term}") == 1


def test_every_term_link_names_a_glossary_term():
    known = {t.lower() for e in entries() for t in e.terms}
    for path in chapters():
        for m in TERM_ROLE.finditer(path.read_text(encoding="utf-8")):
            assert (m.group(1) or m.group(2)).strip().lower() in known, (path.name, m.group(0))


def test_linking_skips_code_math_headings_and_links_only_the_first_use():
    glossary = [Entry(("ReLU", "修正线性单元"), "max(0, x)."),
                Entry(("leaky ReLU", "带泄露的 ReLU"), "max(αx, x)."),
                Entry(("saturation", "饱和"), "Flat regions.")]
    text = ("# ReLU\n\nCode `ReLU` and $ReLU$ stay. A leaky ReLU, then ReLUs and\n"
            "Saturation; saturation.\n\n```python\nReLU = 1\n```\n")
    linked = link_terms(text, glossary)
    assert linked == ("# ReLU\n\nCode `ReLU` and $ReLU$ stay. A {term}`leaky ReLU`, then "
                      "{term}`ReLUs <ReLU>` and\n{term}`Saturation <saturation>`; saturation."
                      "\n\n```python\nReLU = 1\n```\n")
    assert link_terms(linked, glossary) == linked
    wrapped = "We use a leaky\nReLU here.\n"
    assert link_terms(wrapped, glossary) == "We use a\n{term}`leaky ReLU` here.\n"


if __name__ == "__main__":
    if sys.argv[1:] != ["--fix"]:
        sys.exit("usage: python tests/test_glossary.py --fix")
    for chapter in chapters():
        before = chapter.read_text(encoding="utf-8")
        after = link_terms(before)
        if after != before:
            chapter.write_text(after, encoding="utf-8")
            print(f"linked terms in {chapter.relative_to(ROOT)}")
