#!/usr/bin/env bash
# Test tools from PyPI in the tests' own virtual environment, .build/test-venv: Python's
# prometheus_client, whose strict text-format parser checks the metrics file, and jsonschema,
# which checks the shipped mappings against mappings/mapping.schema.json. Idempotent and
# quiet: does nothing once both import there.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build/test-venv
"$venv/bin/python" -c "import prometheus_client, jsonschema" 2>/dev/null && exit 0
echo "setting up $venv (prometheus_client, jsonschema)" >&2
mkdir -p .build
if ! python3 -m venv "$venv"; then
  echo "scripts/test-tools.sh: python3 -m venv failed (on Debian's own python3, apt-get install python3-venv)" >&2
  exit 1
fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check prometheus_client jsonschema
"$venv/bin/python" -c "import prometheus_client, jsonschema"
