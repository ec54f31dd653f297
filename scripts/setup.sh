#!/usr/bin/env bash
# Set up everything the book needs, in the repository, from a fresh clone:
#   .venv/         Python environment: requirements (pinned, + constraints.txt) and helpers (-e .)
#   node_modules/  MathJax, RequireJS, the widget manager (npm ci, from package-lock.json)
#   _build/site_assets/  the files of those the website serves (scripts/copy_assets.py)
# Usage: bash scripts/setup.sh [--dev]   (--dev adds the test tools of requirements-dev.txt)
# Environment: PYTHON (default python3, must be 3.11+).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

requirements=requirements.txt
if [[ "${1:-}" == "--dev" ]]; then
  requirements=requirements-dev.txt
fi

say() { printf '\n==> %s\n' "$*"; }

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "error: Python 3.11 or newer is needed (tried '$PYTHON'); set PYTHON=/path/to/python3.11" >&2
  exit 1
fi
for tool in node npm; do
  if ! command -v "$tool" >/dev/null; then
    echo "error: '$tool' not found: install Node.js 20 and npm (see README.md)" >&2
    exit 1
  fi
done

if [[ ! -x .venv/bin/python ]]; then
  say "Creating .venv with $("$PYTHON" --version)"
  "$PYTHON" -m venv .venv
fi
say "Installing Python packages ($requirements, pinned by constraints.txt) and helpers"
.venv/bin/python -m pip install --disable-pip-version-check -q -r "$requirements" -c constraints.txt
.venv/bin/python -m pip install --disable-pip-version-check -q -e . -c constraints.txt

# SHA-256 of a file: GNU coreutils' sha256sum, or shasum on macOS.
sha256() {
  if command -v sha256sum >/dev/null; then
    sha256sum "$1" | cut -d' ' -f1
  elif command -v shasum >/dev/null; then
    shasum -a 256 "$1" | cut -d' ' -f1
  else
    echo "error: neither sha256sum nor shasum found" >&2
    return 1
  fi
}

# npm ci wipes node_modules; skip it when node_modules already matches package-lock.json.
stamp=node_modules/.installed-from-lock
lock_hash="$(sha256 package-lock.json)"
if [[ "$(cat "$stamp" 2>/dev/null)" != "$lock_hash" ]]; then
  say "Installing the site's browser assets (npm ci)"
  npm ci --ignore-scripts --no-audit --no-fund
  echo "$lock_hash" > "$stamp"
else
  say "node_modules is up to date with package-lock.json"
fi

say "Copying the browser assets the site serves"
.venv/bin/python scripts/copy_assets.py
