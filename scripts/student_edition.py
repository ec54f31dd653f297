"""The student edition of the book: the same site with every solution removed.

What it takes (built by ``python scripts/book.py student``, all under ``--out``,
default ``_build/student``):

1. The book's inputs (``_toc.yml``, ``book/`` with its data and ``references.bib``)
   staged in ``<out>/src`` (:func:`stage`), with every ``{solution}`` directive cut
   out of the chapter sources (:func:`strip_solutions`), and the configuration of
   :func:`student_config`: the title marks the student edition, the project's browser
   assets are served by absolute path so the site stays self-contained,
   sphinx-exercise's ``hide_solutions`` is a second guard, and there is no Binder
   and no repository button (both lead to the chapters with their solutions).
2. The site, ``<out>/_build/html``, built like the teacher's; its code cells are the
   teacher's, so their outputs come from the teacher's build of the same run.
3. ``<out>/notebooks/<chapter>.ipynb`` for every chapter with code, converted with
   Jupytext from the solution-free source, without outputs (:func:`write_notebooks`).

Usage: ``python scripts/student_edition.py [--out DIR] [--no-build] [--fresh]`` runs
``python scripts/book.py student`` with the same arguments.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE_ASSETS = ROOT / "_build" / "site_assets"
TITLE_SUFFIX = " — student edition"
#: Written into the output folder, so that ``--out`` never wipes a folder it did not make.
MARKER = ".student-edition"

# An opening or closing fence of CommonMark / MyST: up to 3 spaces, then 3+ backticks,
# tildes or colons (colon fences are MyST's), then the info string.
FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,}|:{3,})(?P<info>.*)$")
DIRECTIVE = re.compile(r"^\s*\{(?P<name>[\w:.-]+)\}\s*(?P<args>.*)$")
#: Directives whose content is not Markdown (so a ``{solution}`` in them is literal text).
LITERAL_DIRECTIVES = {"code-cell", "code-block", "code", "sourcecode", "math", "raw",
                      "literalinclude", "eval-rst", "csv-table", "mermaid", "glue:math"}
SOLUTION = "solution"
GATED_START, GATED_END = "solution-start", "solution-end"


@dataclass(frozen=True)
class SolutionBlock:
    """One solution directive in a chapter source (lines ``start`` to ``stop - 1``)."""

    start: int
    stop: int
    target: str
    """The exercise label the solution answers (the directive's argument)."""
    labels: tuple[str, ...]
    """Labels and targets defined inside the block (``:label:``, ``:name:``, ``(x)=``)."""
    body: str
    """The text between the option lines and the closing fence."""


def _is_closing(line: str, char: str, length: int) -> bool:
    match = FENCE.match(line.rstrip("\n"))
    return bool(match and match["fence"][0] == char and len(match["fence"]) >= length
                and not match["info"].strip())


def _find_close(lines: list[str], start: int, char: str, length: int) -> int:
    """Index of the line closing the fence opened at ``start`` (``len(lines)`` if none)."""
    for i in range(start + 1, len(lines)):
        if _is_closing(lines[i], char, length):
            return i
    return len(lines)


def _block_labels(block: list[str]) -> tuple[str, ...]:
    text = "".join(block)
    labels = re.findall(r"^\s*:(?:label|name):\s*(\S+)", text, re.M)
    labels += re.findall(r"^\s*\(([\w:.-]+)\)=\s*$", text, re.M)
    return tuple(labels)


def _body(block: list[str]) -> str:
    """Content of a fenced directive: without the fences and the leading option lines."""
    inner = block[1:-1] if len(block) > 1 and FENCE.match(block[-1].rstrip("\n")) else block[1:]
    i = 0
    if i < len(inner) and inner[i].strip() == "---":  # YAML option block
        end = next((j for j in range(i + 1, len(inner)) if inner[j].strip() == "---"), i)
        i = end + 1
    while i < len(inner) and re.match(r"^\s*:[\w-]+:", inner[i]):
        i += 1
    return "".join(inner[i:]).strip("\n")


def find_solutions(text: str) -> list[SolutionBlock]:
    """Every solution in a MyST source, in order.

    Fences are matched as MyST parses them: a block opened by N backticks (or
    colons, or tildes) ends at the first line of at least N of the same character
    with nothing after them, so ```` ```python ```` fences inside a four-backtick
    solution stay inside it. Solutions inside code (code cells, plain code fences,
    literal directives) are text, not solutions, and are not reported. The gated
    form ``{solution-start}`` ... ``{solution-end}`` is one block from the start
    fence to the end fence.
    """
    lines = text.splitlines(keepends=True)
    blocks: list[SolutionBlock] = []
    stack: list[tuple[str, int]] = []  # open Markdown-container directives: (char, length)
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i].rstrip("\n"))
        if not match:
            i += 1
            continue
        char, length, info = match["fence"][0], len(match["fence"]), match["info"]
        if stack and not info.strip() and char == stack[-1][0] and length >= stack[-1][1]:
            stack.pop()  # the end of a container directive
            i += 1
            continue
        directive = DIRECTIVE.match(info)
        name = directive["name"] if directive else None
        if char == "`" and "`" in info:
            i += 1  # not a fence: inline code at the start of a line
            continue
        if name in (SOLUTION, GATED_START):
            close = _find_close(lines, i, char, length)
            stop = min(close + 1, len(lines))
            if name == GATED_START:
                stop = _gated_end(lines, stop)
            block = lines[i:stop]
            blocks.append(SolutionBlock(start=i, stop=stop, target=directive["args"].strip(),
                                        labels=_block_labels(block), body=_body(block)))
            i = stop
        elif name is None or name in LITERAL_DIRECTIVES:
            i = _find_close(lines, i, char, length) + 1  # code: skip it whole
        else:
            stack.append((char, length))  # a directive whose content is Markdown
            i += 1
    return blocks


def _gated_end(lines: list[str], start: int) -> int:
    """Line after the ``{solution-end}`` directive that follows ``start``."""
    for i in range(start, len(lines)):
        match = FENCE.match(lines[i].rstrip("\n"))
        directive = DIRECTIVE.match(match["info"]) if match else None
        if directive and directive["name"] == GATED_END:
            return min(_find_close(lines, i, match["fence"][0], len(match["fence"])) + 1,
                       len(lines))
    raise ValueError(f"{{solution-start}} on line {start} has no {{solution-end}}")


def strip_solutions(text: str) -> str:
    """``text`` (a MyST source) with every solution directive removed.

    Everything else is kept byte for byte: the exercises, their labels and their
    self-check cells. The blank lines after a removed block are dropped when a
    blank line precedes it, so no gap grows. Text without solutions is returned
    unchanged.
    """
    blocks = find_solutions(text)
    if not blocks:
        return text
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    pos = 0
    for block in blocks:
        out += lines[pos:block.start]
        pos = block.stop
        if not out or not out[-1].strip():
            while pos < len(lines) and not lines[pos].strip():
                pos += 1
    out += lines[pos:]
    if blocks[-1].stop >= len(lines):  # a solution ended the file: so do no blank lines
        while out and not out[-1].strip():
            out.pop()
    result = "".join(out)
    if text.endswith("\n") and result and not result.endswith("\n"):
        result += "\n"
    return result


def references(text: str) -> set[str]:
    """Labels a MyST source refers to with ``{ref}``, ``{numref}``, ``{eq}`` or ``(#label)``."""
    refs = set()
    for target in re.findall(r"\{(?:ref|numref|eq|prf:ref)\}`([^`]+)`", text):
        refs.add(re.sub(r"^.*<([^>]+)>$", r"\1", target.strip()))
    refs |= set(re.findall(r"\]\(#([\w:.-]+)\)", text))
    return refs


def student_source(text: str) -> str:
    """A chapter as the student edition shows it: the same text without solutions.

    The prose is written to read right in both editions (the introduction
    says the student edition leaves the solutions out), so nothing else changes.
    """
    return strip_solutions(text)


def check_no_dangling(teacher: dict[str, str]) -> None:
    """Fail if any chapter refers to a label that only a removed solution defines.

    ``teacher`` maps chapter names to their (teacher's) sources.
    """
    removed = {label: name for name, text in teacher.items()
               for block in find_solutions(text) for label in block.labels}
    if not removed:
        return
    students = {name: strip_solutions(text) for name, text in teacher.items()}
    dangling = sorted(f"{name} -> {label} (defined in a solution of {removed[label]})"
                      for name, text in students.items()
                      for label in references(text) & removed.keys())
    if dangling:
        raise ValueError("references to solutions would dangle in the student edition: "
                         + "; ".join(dangling))


def fingerprints(teacher: str, students: list[str], min_length: int = 15) -> list[str]:
    """One distinctive fragment of each solution of ``teacher``, for the tests.

    A fragment is a run of prose between math, roles and markup (failing that, a line
    of code, or a line of prose with its math) from one paragraph of the solution, in
    :func:`canonical` form, of at least three words and ``min_length`` characters,
    that occurs in none of ``students`` (the solution-free sources of every chapter).
    The longest one is taken; a solution with no such fragment gives none. Look for
    it in ``canonical(text)`` of a source or notebook, or ``canonical(html_text(page))``
    of a page: the canonical form survives rendering (entities, smart quotes, markup).
    """
    haystack = [canonical(s) for s in students]

    def distinctive(texts: set[str]) -> set[str]:
        found = {canonical(t) for t in texts}
        return {c for c in found if len(c) >= min_length and c.count(" ") >= 2
                and not any(c in h for h in haystack)}

    result = []
    for block in find_solutions(teacher):
        paragraphs, code, in_code = [[]], set(), False
        for line in block.body.splitlines():
            if FENCE.match(line):
                in_code = not in_code
                paragraphs.append([])
            elif in_code:
                code.add(line)
            elif not line.strip():
                paragraphs.append([])
            else:
                paragraphs[-1].append(line)
        prose = [line for paragraph in paragraphs for line in paragraph]
        parts: set[str] = set()
        for paragraph in paragraphs:
            text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", " ".join(paragraph))  # [a](url)
            # Math, roles ({ref}`x` renders as the target's title) and table bars split it.
            parts |= set(re.split(r"\$\$.*?\$\$|\$[^$]*\$|\{[^}]*\}`[^`]*`|[$|\\{}]", text,
                                  flags=re.S))
        candidates = distinctive(parts) or distinctive(code) or distinctive(set(prose))
        if candidates:
            result.append(max(sorted(candidates), key=len))
    return result


def html_text(page: str) -> str:
    """The text of an HTML page: tags removed, entities decoded."""
    page = re.sub(r"<(script|style)\b.*?</\1\s*>", " ", page, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]*>", " ", page))


def canonical(text: str) -> str:
    """Lower-case letters and digits, one space between runs: ``"It's -- x"`` -> ``"it s x"``."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


# --------------------------------------------------------------------------- build

def chapters(book: Path) -> dict[str, str]:
    """Chapter name -> source, for every ``book/*.md``."""
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(book.glob("*.md"))}


def student_config(config: dict) -> dict:
    """The student edition's configuration, from the teacher's build configuration.

    The title says "student edition"; the browser assets are served by absolute path
    (the edition is built from a staged copy); sphinx-exercise's ``hide_solutions`` is
    a second guard; and there is no repository link and no Binder button, whatever
    ``config`` says: both lead to the chapters with their solutions.
    """
    config = dict(config)
    config["title"] = f"{config.get('title', 'Book')}{TITLE_SUFFIX}"
    config["launch_buttons"] = {**(config.get("launch_buttons") or {}), "binderhub_url": ""}
    config["repository"] = {**(config.get("repository") or {}), "url": ""}
    config["html"] = {**(config.get("html") or {}), "use_repository_button": False,
                      "use_issues_button": False, "use_edit_page_button": False}
    sphinx = dict(config.get("sphinx") or {})
    sphinx_config = dict(sphinx.get("config") or {})
    sphinx_config["html_extra_path"] = [str(SITE_ASSETS)]
    sphinx_config["hide_solutions"] = True
    sphinx["config"] = sphinx_config
    config["sphinx"] = sphinx
    return config


def prepare_out(out: Path) -> None:
    """Empty ``out`` (only if this script made it) and mark it as ours."""
    out = out.resolve()
    if out == ROOT or out in ROOT.parents:
        raise ValueError(f"--out {out} would overwrite the repository")
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            raise ValueError(f"--out {out} is not empty and was not made by this script")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("made by scripts/student_edition.py; deleted on rebuild\n")


def stage(src: Path) -> dict[str, str]:
    """Copy the book's inputs into ``src``, solutions removed; return the staged chapters.

    The configuration is the build's business (``scripts/book.py student`` writes
    ``src/_config.yml`` from :func:`student_config`).
    """
    teacher = chapters(ROOT / "book")
    check_no_dangling(teacher)
    shutil.copytree(ROOT / "book", src / "book",
                    ignore=shutil.ignore_patterns(".*", "__pycache__", "*.ipynb", "_build"))
    staged = {}
    for name, text in teacher.items():
        staged[name] = student_source(text)
        (src / "book" / f"{name}.md").write_text(staged[name], encoding="utf-8")
    shutil.copy2(ROOT / "_toc.yml", src / "_toc.yml")
    # The book's own Sphinx extensions (_ext/, e.g. the accessibility fixes):
    # _config.yml loads them relative to the source folder.
    shutil.copytree(ROOT / "_ext", src / "_ext", ignore=shutil.ignore_patterns("__pycache__"))
    return staged


def write_notebooks(staged: dict[str, str], dest: Path) -> list[Path]:
    """``dest/<chapter>.ipynb`` for every staged chapter with code cells, no outputs."""
    import jupytext

    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in staged.items():
        notebook = jupytext.reads(text, fmt="md:myst")
        if not any(cell.cell_type == "code" for cell in notebook.cells):
            continue
        for cell in notebook.cells:
            if cell.cell_type == "code":
                cell.outputs = []
                cell.execution_count = None
        notebook.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python",
                                           "name": "python3"}
        notebook.metadata.pop("jupytext", None)
        path = dest / f"{name}.ipynb"
        jupytext.write(notebook, path, fmt="ipynb")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """Build the student edition: ``python scripts/book.py student [--out DIR] [--no-build]``."""
    args = sys.argv[1:] if argv is None else argv
    return subprocess.call([sys.executable, str(ROOT / "scripts" / "book.py"), "student", *args])


if __name__ == "__main__":
    sys.exit(main())
