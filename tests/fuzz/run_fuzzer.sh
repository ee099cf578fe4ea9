#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs one libFuzzer harness for a fixed number of executions from its seed corpus, as the test
# suite does (tests/fuzz/CMakeLists.txt):
#   tests/fuzz/run_fuzzer.sh FUZZER CORPUS_DIR RUNS [libFuzzer flags...]
# New inputs go to a temporary directory, removed at the end, so the seed corpus in the
# repository never changes; a crashing input is kept as crash-* in the current directory.
# Exit status: the harness's (0 when no property failed and nothing crashed).
set -euo pipefail
fuzzer=$1
corpus=$2
runs=$3
shift 3
work=$(mktemp -d "${TMPDIR:-/tmp}/fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
# A fixed seed: the same executions every time. -timeout: one input taking seconds is a finding.
"$fuzzer" -runs="$runs" -seed=1 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "$@" \
  "$work" "$corpus"
