"""Benchmark: a clean build of the book, the student edition, and the test command.

Prints

* the wall time of a clean build (``python scripts/book.py build``: every chapter
  executed once, any warning fails) and each chapter's execution time, as recorded by
  myst-nb in the Sphinx environment (``nb_metadata[docname]["exec_data"]``: the time to
  run the notebook, kernel start included). Chapters over the 5 s target are marked.
  Target for the clean build: 60 s.
* the wall time of the student edition built right after it
  (``python scripts/book.py student``), and how many chapters it executed itself
  rather than taking from the build's cache (expected: none).
* with ``--test-command``, the wall time of ``bash scripts/test.sh`` (the README's test
  command) with the existing ``.venv``. Target: 3 min.

A baseline is measured in the same process: the median time to execute a
notebook that only starts a kernel and runs a typical imports cell. The
table also shows each chapter minus that baseline (the chapter's own work)
and the chapter's time as a multiple of the baseline. It prints figures; it
asserts nothing.

Usage (after ``bash scripts/setup.sh``, which installs and copies the site's
browser assets)::

    .venv/bin/python bench/build.py [--output DIR] [--test-command]
    .venv/bin/python scripts/book.py bench [...]      # the same

The builds go to a fresh temporary folder (or ``DIR``), never to ``_build/``
(the test command, which builds into ``_build/``, excepted).
"""

from __future__ import annotations

import argparse
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 5.0


BOOK = ROOT / "scripts" / "book.py"
CLEAN_TARGET_S = 60.0
TEST_TARGET_S = 180.0


def run_timed(command: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    """Run ``command`` in the repository, output captured; return (wall time, result)."""
    print("$", " ".join(command), flush=True)
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, proc


def report_failure(proc: subprocess.CompletedProcess, what: str) -> None:
    """Print the exit status of ``proc`` and, if it failed, the end of its log."""
    print(f"{what} exit status: {proc.returncode}"
          + ("" if proc.returncode == 0 else " (warnings or errors; see the log below)"))
    if proc.returncode != 0:
        print("\n".join((proc.stdout + proc.stderr).strip().splitlines()[-30:]))


def exec_times(build_dir: Path) -> dict[str, dict]:
    """Execution records per document, from the pickled Sphinx environment."""
    env_file = build_dir / ".doctrees" / "environment.pickle"
    if not env_file.is_file():
        return {}
    with env_file.open("rb") as fh:
        env = pickle.load(fh)
    return {doc: meta["exec_data"] for doc, meta in getattr(env, "nb_metadata", {}).items()
            if meta.get("exec_data")}


def toc_order(docs: list[str]) -> list[str]:
    """Documents in the order of ``_toc.yml`` (unknown ones last)."""
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    return sorted(docs, key=lambda d: (toc.find(d) if d in toc else len(toc), d))


BASELINE_SOURCE = (
    "import numpy as np\nimport sympy as sp\n"
    "from helpers import activations, checks, plotting, symbolic"
)


def baseline_seconds(repeat: int = 3) -> float:
    """Median time to start a kernel and run a typical imports cell (nbclient)."""
    import nbclient
    import nbformat

    times = []
    for _ in range(repeat):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(BASELINE_SOURCE)]
        start = time.perf_counter()
        nbclient.NotebookClient(nb, kernel_name="python3", timeout=120,
                                resources={"metadata": {"path": str(ROOT / "book")}}).execute()
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def print_table(records: dict[str, dict], wall: float | None = None,
                baseline: float | None = None) -> None:
    """Print each chapter's execution time, marking those over the target."""
    width = max([len(d) for d in records] + [len("clean build (wall time)")])
    print()
    if baseline is not None:
        print(f"baseline (kernel start + imports cell, median of 3): {baseline:.2f} s")
    extra = f"  {'own work':>8}  {'x base':>6}" if baseline else ""
    print(f"{'chapter':<{width}}  {'execute (s)':>11}{extra}  {'ok':>3}  target {TARGET_S:g} s")
    print("-" * (width + 30 + len(extra)))
    total = 0.0
    over = []
    for doc in toc_order(list(records)):
        rec = records[doc]
        runtime = float(rec.get("runtime") or 0.0)
        total += runtime
        mark = f"OVER ({runtime - TARGET_S:+.1f} s)" if runtime > TARGET_S else "within"
        if runtime > TARGET_S:
            over.append(doc)
        ok = "yes" if rec.get("succeeded") else "NO"
        own = (f"  {runtime - baseline:>8.2f}  {runtime / baseline:>6.2f}" if baseline
               else "")
        print(f"{doc:<{width}}  {runtime:>11.2f}{own}  {ok:>3}  {mark}")
    print("-" * (width + 30 + len(extra)))
    print(f"{'all chapters (sum)':<{width}}  {total:>11.2f}")
    if wall is not None:
        print(f"{'clean build (wall time)':<{width}}  {wall:>11.2f}")
        print(f"{'build minus execution':<{width}}  {wall - total:>11.2f}")
    print()
    print(f"chapters executed: {len(records)}; over the {TARGET_S:g} s target: "
          f"{len(over)}{' (' + ', '.join(over) + ')' if over else ''}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time a clean, fully executed build.")
    parser.add_argument("--output", type=Path, default=None,
                        help="folder for the builds (default: a new temporary folder)")
    parser.add_argument("--report", type=Path, default=None, metavar="BUILD_DIR",
                        help="do not build: print the execution times of an existing "
                             "build (e.g. _build)")
    parser.add_argument("--test-command", action="store_true",
                        help="also time `bash scripts/test.sh` (builds into _build/)")
    args = parser.parse_args(argv)
    if args.report is not None:
        print_table(exec_times(args.report))
        return 0

    if not (ROOT / "_build" / "site_assets").is_dir():
        print("note: _build/site_assets is missing; run `bash scripts/setup.sh` first "
              "(the build warns about html_extra_path without it)")

    out = (args.output or Path(tempfile.mkdtemp(prefix="book-bench-"))).resolve()
    python = sys.executable
    wall, proc = run_timed([python, str(BOOK), "--output", str(out), "build"])
    records = exec_times(out / "_build")
    print_table(records, wall, baseline_seconds())
    print(f"clean build: {wall:.1f} s (target {CLEAN_TARGET_S:g} s)")
    report_failure(proc, "build")

    started = time.time()
    student_wall, proc = run_timed([python, str(BOOK), "--output", str(out), "student"])
    student = exec_times(out / "_build" / "student" / "_build")
    executed = sorted(doc for doc, rec in student.items()
                      if float(rec.get("mtime") or 0) >= started)
    print(f"\nstudent edition after the build: {student_wall:.1f} s; chapters executed "
          f"again: {len(executed)} of {len(student)}"
          + (f" ({', '.join(executed)})" if executed else ""))
    report_failure(proc, "student edition")
    print(f"build output: {out / '_build' / 'html'}")

    if args.test_command:
        test_wall, proc = run_timed(["bash", "scripts/test.sh"])
        last = (proc.stdout.strip().splitlines() or [""])[-1]
        print(f"\ntest command (bash scripts/test.sh, existing .venv): {test_wall:.1f} s "
              f"= {test_wall / 60:.1f} min (target {TEST_TARGET_S / 60:g} min); "
              f"last line: {last!r}; exit status {proc.returncode}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
