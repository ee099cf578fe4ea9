#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Set-up step 1: install what is missing from Debian's packages, build, and run the demo.
#   scripts/setup.sh            (as root, or with sudo available)
# Environment: BUILD_DIR (default build), FEEDBACK_SKIP_DEMO=1 to skip the demo,
# FEEDBACK_WARNINGS_AS_ERRORS=ON to build with -Werror (CI does, so the tests reuse this build).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake pkg-config libsqlite3-dev sqlite3 libfmt-dev libcli11-dev
          libhowardhinnant-date-dev catch2 nlohmann-json3-dev tzdata)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DFEEDBACK_WARNINGS_AS_ERRORS="${FEEDBACK_WARNINGS_AS_ERRORS:-OFF}"
cmake --build "$BUILD_DIR" -j "$(nproc)"

if [ "${FEEDBACK_SKIP_DEMO:-0}" != 1 ]; then
  examples/demo.sh "$BUILD_DIR"
fi
