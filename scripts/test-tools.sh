#!/usr/bin/env bash
# Test tools from PyPI in the tests' own virtual environment, .build/test-venv: Python's
# prometheus_client, whose strict text-format parser checks the metrics file. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build/test-venv
if ! "$venv/bin/python" -c "import prometheus_client" 2>/dev/null; then
  echo "setting up $venv (prometheus_client)" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check prometheus_client
fi
