#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Set-up step 2: the whole test suite. Builds twice with warnings as errors: once optimised,
# once with AddressSanitizer + UndefinedBehaviorSanitizer, and runs every test in both.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

scripts/format.sh --check

# The set-up build directory, configured with the same flags as set-up: nothing is rebuilt.
BUILD_DIR=${BUILD_DIR:-build}
source scripts/build_flags.sh
cmake -S . -B "$BUILD_DIR" "${feedback_build_flags[@]}" >/dev/null
cmake --build "$BUILD_DIR" -j "$jobs"
ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$jobs"

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DFEEDBACK_WARNINGS_AS_ERRORS=ON \
  -DFEEDBACK_SANITIZE=ON -DFEEDBACK_BUILD_BENCH=OFF >/dev/null
cmake --build build-asan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j "$jobs"
