"""MyST Markdown as plain Jupyter reads it: exercise headings, typeset maths, plain links.

Jupyter (without ``jupyterlab-myst``) renders a notebook's Markdown cells as
CommonMark with ``$maths$``: a MyST ``{exercise}`` fence shows as a code block with
its ``:label:`` line, and ``{cite}`` or ``{ref}`` roles show raw. The student
notebooks (the student edition's and the student bundle's) are converted here:

* ``{exercise}`` -> an anchor, a ``### Exercise: <title>`` heading and the statement,
  whose ``$...$`` maths Jupyter typesets;
* admonitions (``{note}``, ``{admonition}``, ...) -> a block quote with a bold title;
  ``{math}`` -> ``$$ ... $$``; any other directive -> its content; ``(label)=`` -> an
  anchor; option lines (``:label:``, ``:class:``) are dropped;
* roles: ``{doc}`` and ``{ref}`` -> links to the other notebooks (or plain text when
  the target is not a notebook), ``{cite}`` / ``{cite:t}`` -> "(Author, year)" /
  "Author (year)" with a *References* cell at the end of the notebook, ``{math}`` ->
  ``$...$``, any other role -> its text.

Solutions are not this module's business: the sources it converts have none
(:func:`student_edition.strip_solutions` runs first). :func:`convert_notebook` raises
if a ``{solution}`` is left, so a mistake cannot put one in a student's notebook.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import student_edition as se

#: Directives shown as a block quote with a bold title.
ADMONITIONS = {"note", "tip", "hint", "important", "warning", "caution", "attention",
               "danger", "error", "seealso", "admonition", "prf:remark"}
ROLE = re.compile(r"\{(?P<name>[\w:.-]+)\}`(?P<text>[^`]*)`")
TARGET = re.compile(r"^\((?P<label>[\w:.-]+)\)=\s*$")
EXERCISE = "exercise"


@dataclass
class Book:
    """What the conversion needs to know about the whole book.

    Attributes
    ----------
    titles : page name -> its title (the first ``# `` heading).
    notebooks : the pages that become notebooks (link targets ``<name>.ipynb``).
    labels : label -> (page name, link text) for ``{ref}``: page labels
        (``(sigmoid)=``) and exercise labels.
    bibliography : citation key -> (short author, year, full reference).
    """

    titles: dict[str, str] = field(default_factory=dict)
    notebooks: set[str] = field(default_factory=set)
    labels: dict[str, tuple[str, str]] = field(default_factory=dict)
    bibliography: dict[str, tuple[str, str, str]] = field(default_factory=dict)


def _title(text: str) -> str | None:
    match = re.search(r"^# (.+)$", text, re.M)
    return match[1].strip() if match else None


def book_index(sources: Mapping[str, str], notebooks: Iterable[str],
               bib: Path | None = None) -> Book:
    """The :class:`Book` of ``sources`` (page name -> MyST source)."""
    book = Book(notebooks=set(notebooks), bibliography=read_bibliography(bib) if bib else {})
    for name, text in sources.items():
        title = _title(text) or name
        book.titles[name] = title
        lines = text.splitlines()
        for i, line in enumerate(lines):
            target = TARGET.match(line)
            if target:
                heading = next((h for h in lines[i + 1:i + 3] if h.startswith("#")), "")
                book.labels[target["label"]] = (name, heading.lstrip("# ").strip() or title)
        for match in re.finditer(r"^[`:]{3,}\{exercise\}[ \t]*(.*)\n:label:[ \t]*(\S+)",
                                 text, re.M):
            book.labels[match[2]] = (name, f"Exercise: {match[1].strip()}".rstrip(": "))
    return book


def _latex_text(value: str) -> str:
    """A BibTeX field as plain text: ``G{\\"u}nter`` -> ``Günter``, braces removed."""
    try:
        import latexcodec  # noqa: F401 - registers the "latex" codec

        value = value.encode("utf-8").decode("latex")
    except (ImportError, UnicodeError, ValueError):
        pass
    return re.sub(r"[{}]", "", value)


def read_bibliography(path: Path) -> dict[str, tuple[str, str, str]]:
    """Citation key -> (short author, year, one-line reference) from a BibTeX file."""
    from pybtex.database import parse_file

    out = {}
    for key, entry in parse_file(str(path)).entries.items():
        people = entry.persons.get("author", [])
        last = [_latex_text(" ".join(p.prelast_names + p.last_names)) for p in people]
        short = (last[0] if len(last) == 1 else f"{last[0]} and {last[1]}" if len(last) == 2
                 else f"{last[0]} et al." if last else key)
        fields = entry.fields
        year = fields.get("year", "n.d.")
        venue = fields.get("journal") or fields.get("booktitle") or fields.get("publisher", "")
        authors = ", ".join(_latex_text(str(p)) for p in people)
        parts = [f"{authors} ({year}).", f"*{_latex_text(fields.get('title', ''))}*."]
        if venue:
            parts.append(f"{_latex_text(venue)}.")
        if fields.get("url"):
            parts.append(f"<{fields['url']}>")
        out[key] = (short, year, " ".join(parts))
    return out


# ------------------------------------------------------------------------- roles

def _target(text: str) -> tuple[str | None, str]:
    """``"text <target>"`` -> (text, target); ``"target"`` -> (None, target)."""
    match = re.match(r"^(.*?)\s*<([^>]+)>$", text.strip(), re.S)
    return (match[1], match[2]) if match else (None, text.strip())


def _link(book: Book, page: str, anchor: str | None, text: str, here: str) -> str:
    if page not in book.notebooks:
        return text
    href = "" if page == here else f"{page}.ipynb"
    return f"[{text}]({href}{'#' + anchor if anchor else ''})"


def convert_roles(text: str, book: Book, here: str, cited: list[str]) -> str:
    """Replace every MyST role of ``text``; citation keys used are appended to ``cited``."""

    def role(match: re.Match[str]) -> str:
        name, body = match["name"], match["text"]
        shown, target = _target(body)
        if name == "doc":
            page = target.removesuffix(".md").split("/")[-1]
            return _link(book, page, None, shown or book.titles.get(page, page), here)
        if name in ("ref", "numref"):
            page, title = book.labels.get(target, (None, target))
            if page is None:
                return shown or target
            page_label = book.titles.get(page) == title
            return _link(book, page, None if page_label else target, shown or title, here)
        if name.startswith("cite"):
            keys = [k.strip() for k in target.split(",") if k.strip()]
            cited.extend(k for k in keys if k not in cited)
            refs = [book.bibliography.get(k, (k, "n.d.", k)) for k in keys]
            if name in ("cite:t", "cite:alt"):
                return "; ".join(f"{short} ({year})" for short, year, _ in refs)
            return "(" + "; ".join(f"{short}, {year}" for short, year, _ in refs) + ")"
        if name == "math":
            return f"${body}$"
        return shown or target

    return ROLE.sub(role, text)


# -------------------------------------------------------------------- directives

def _options(inner: list[str]) -> tuple[dict[str, str], list[str]]:
    """Split a directive's content into its ``:key: value`` options and the rest."""
    options, i = {}, 0
    while i < len(inner):
        match = re.match(r"^\s*:([\w-]+):\s*(.*)$", inner[i])
        if not match:
            break
        options[match[1]] = match[2].strip()
        i += 1
    while i < len(inner) and not inner[i].strip():
        i += 1
    return options, inner[i:]


def convert_directives(text: str) -> str:
    """Rewrite MyST directive fences and ``(label)=`` targets as CommonMark."""
    lines = text.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        target = TARGET.match(line)
        if target:
            out.append(f'<a id="{target["label"]}"></a>')
            i += 1
            continue
        match = se.FENCE.match(line)
        directive = se.DIRECTIVE.match(match["info"]) if match else None
        if not match:
            out.append(line)
            i += 1
            continue
        close = se._find_close(lines, i, match["fence"][0], len(match["fence"]))
        if directive is None:  # a plain code fence: kept as it is
            out.extend(lines[i:close + 1])
            i = close + 1
            continue
        name, title = directive["name"], directive["args"].strip()
        options, body = _options(lines[i + 1:close])
        inner = convert_directives("\n".join(body)).strip("\n")
        if name == EXERCISE:
            if "label" in options:
                out.append(f'<a id="{options["label"]}"></a>')
                out.append("")
            out += [f"### Exercise: {title}" if title else "### Exercise", "", inner]
        elif name in ADMONITIONS:
            heading = title or name.capitalize()
            out += [f"> **{heading}**", ">"] + [f"> {x}".rstrip() for x in inner.splitlines()]
        elif name == "math":
            out += ["$$", inner, "$$"]
        elif name in se.LITERAL_DIRECTIVES:
            out += ["```", inner, "```"]
        else:
            out.append(inner)
        i = close + 1
    return "\n".join(out)


def convert_markdown(text: str, book: Book, here: str, cited: list[str]) -> str:
    """One Markdown cell of page ``here`` as plain Jupyter renders it well."""
    return convert_roles(convert_directives(text), book, here, cited)


def references_cell(cited: list[str], book: Book) -> str:
    """The Markdown of a *References* cell for the citation keys ``cited``."""
    items = [f"- {book.bibliography[k][2]}" if k in book.bibliography else f"- {k}"
             for k in cited]
    return "## References\n\n" + "\n".join(items)


def convert_notebook(notebook: object, book: Book, here: str) -> object:
    """Convert every Markdown cell of a Jupytext notebook in place; return it."""
    import nbformat

    cited: list[str] = []
    for cell in notebook.cells:
        if "{solution" in cell.source:
            raise ValueError(f"{here}: a solution is left in a cell of the student notebook")
        if cell.cell_type == "markdown":
            cell.source = convert_markdown(cell.source, book, here, cited)
    if cited:
        notebook.cells.append(nbformat.v4.new_markdown_cell(references_cell(cited, book)))
    return notebook
