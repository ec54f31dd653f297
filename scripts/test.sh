#!/usr/bin/env bash
# Set up and run every test:
#   1. ruff and the unit tests (pytest tests/, without the site tests)
#   2. a clean build of the book, every chapter executed once, failing on any warning
#      (python scripts/book.py build)
#   3. the student edition, reusing the outputs of step 2 (python scripts/book.py student),
#      and the student bundle beside it (python scripts/book.py bundle)
#   4. the website tests in Chromium, the student edition's and the bundle's tests
#      (pytest tests/site; the bundle is installed in a venv cached in _build/bundle-venv)
# Every step runs even if an earlier one failed. The last line printed states the
# overall result ("ALL TESTS PASSED", or "FAILED: <the steps that failed>") and the
# exit status matches it. With CI=true (or REQUIRE_BROWSER=1) a missing Chromium or
# a missing site is a failure, not a skip.
# Usage: bash scripts/test.sh
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

failed=()
step() { printf '\n==> %s\n' "$1"; }
finish() {
  if ((${#failed[@]})); then
    local list
    list="$(printf '%s, ' "${failed[@]}")"
    printf '\nFAILED: %s\n' "${list%, }"
    exit 1
  fi
  printf '\nALL TESTS PASSED\n'
  exit 0
}

step "Setting up (scripts/setup.sh --dev)"
if ! bash scripts/setup.sh --dev; then
  failed+=("setup")
  finish
fi

step "Lint (ruff check)"
.venv/bin/ruff check . || failed+=("ruff")

step "Unit tests (pytest tests, without tests/site)"
.venv/bin/python -m pytest tests --ignore=tests/site -p no:cacheprovider || failed+=("unit tests")

step "Building the book (every chapter executed; any warning fails the build)"
.venv/bin/python scripts/book.py build || failed+=("book build")

step "Building the student edition (solutions removed; outputs of the build above)"
.venv/bin/python scripts/book.py student || failed+=("student edition build")

step "Building the student bundle (notebooks, helpers wheel, requirements, binder/, zip)"
.venv/bin/python scripts/book.py bundle || failed+=("student bundle")

step "Site tests (pytest tests/site: Chromium, and the student edition)"
.venv/bin/python -m pytest tests/site -p no:cacheprovider || failed+=("site tests")

finish
