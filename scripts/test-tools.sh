#!/usr/bin/env bash
# Test tools: Chromium from Debian's packages, which renders the HTML report headless, and from
# PyPI, in the tests' own virtual environment .build/test-venv, Python's prometheus_client,
# whose strict text-format parser checks the metrics file, and jsonschema, which checks the
# shipped mappings and the JSON report against their schemas. Idempotent and quiet: does
# nothing once they are there.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/system-packages.sh chromium || echo "scripts/test-tools.sh: Chromium could not be installed; the HTML report's browser test is skipped" >&2
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
