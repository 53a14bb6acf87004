#!/usr/bin/env bash
# Installs the Debian packages the build needs, once: apt-get update, then apt-get install -y,
# through sudo when not root. Does nothing when they are all present. `postgresql` (the server)
# is for the tests and the benchmark, which start a throwaway cluster of their own. Arguments
# name more packages (scripts/test-tools.sh: chromium).
set -euo pipefail
packages=(pkg-config curl libsqlite3-dev zlib1g-dev libphonenumber-dev libicu-dev libpq-dev postgresql "$@")
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing system packages: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${missing[@]}" >/dev/null
