#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Set-up step 1: install what is missing from Debian's packages, build, and run the demo.
#   scripts/setup.sh            (as root, or with sudo available)
# Environment: BUILD_DIR (default build), FEEDBACK_SKIP_DEMO=1 to skip the demo.
# The build is configured exactly as scripts/test.sh configures it (scripts/build_flags.sh), so
# the test command reuses it instead of compiling everything again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake pkg-config libsqlite3-dev sqlite3 libpq-dev libfmt-dev libcli11-dev
          libhowardhinnant-date-dev catch2 nlohmann-json3-dev libkainjow-mustache-dev libssl-dev
          tzdata clang-format clang-14 libclang-rt-14-dev)
source scripts/install_packages.sh
install_packages "${packages[@]}"

BUILD_DIR=${BUILD_DIR:-build}
source scripts/build_flags.sh
cmake -S . -B "$BUILD_DIR" "${feedback_build_flags[@]}"
cmake --build "$BUILD_DIR" -j "$(nproc)"

if [ "${FEEDBACK_SKIP_DEMO:-0}" != 1 ]; then
  examples/demo.sh "$BUILD_DIR"
fi
