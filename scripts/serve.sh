#!/usr/bin/env bash
# Serve the built website on http://127.0.0.1:${PORT:-8000}/ (build it first: bash scripts/build.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ ! -f _build/html/index.html ]]; then
  echo "error: _build/html is missing: run 'bash scripts/build.sh' first" >&2
  exit 1
fi
PYTHON=python3
[[ -x .venv/bin/python ]] && PYTHON=.venv/bin/python
echo "Serving the book on http://127.0.0.1:${PORT:-8000}/ (Ctrl-C to stop)"
exec "$PYTHON" -m http.server --bind 127.0.0.1 --directory _build/html "${PORT:-8000}"
