#!/usr/bin/env bash
# Set up and run every test:
#   1. ruff and the unit tests (pytest tests/, without the site tests)
#   2. a clean build of the book, every chapter executed, failing on any warning
#   3. the student edition (scripts/student_edition.py: no solutions, _build/student)
#   4. the website tests in Chromium and the student edition's tests (pytest tests/site)
# Exits non-zero if any step fails; the last line printed is pytest's summary
# of the site tests. With CI=true (or REQUIRE_BROWSER=1) a missing Chromium or
# a missing site is a failure, not a skip.
# Usage: bash scripts/test.sh
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh --dev || exit 1

failed=()
step() { printf '\n==> %s\n' "$1"; }

step "Lint (ruff check)"
.venv/bin/ruff check . || failed+=("ruff")

step "Unit tests (pytest tests, without tests/site)"
.venv/bin/python -m pytest tests --ignore=tests/site -p no:cacheprovider || failed+=("unit tests")

step "Building the book (every chapter executed; any warning fails the build)"
rm -rf _build/html _build/.doctrees _build/jupyter_execute
.venv/bin/jupyter-book build -W -n --keep-going . || failed+=("book build")

# --- student edition (scripts/student_edition.py; tested by tests/site/test_student_site.py)
step "Building the student edition (solutions removed; any warning fails the build)"
.venv/bin/python scripts/student_edition.py || failed+=("student edition build")
# --- end student edition

if ((${#failed[@]})); then
  step "FAILED so far: ${failed[*]} (the site tests run anyway)"
fi
step "Site tests (pytest tests/site: Chromium, and the student edition)"
.venv/bin/python -m pytest tests/site -p no:cacheprovider || failed+=("site tests")

((${#failed[@]} == 0))
