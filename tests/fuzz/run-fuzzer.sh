#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# run-fuzzer.sh FUZZER CORPUS REGRESSIONS ARTIFACTS MAX_LEN
#
# The CI smoke run of one libFuzzer target (meson test --suite fuzz in a
# -Dfuzzing=true build; build-aux/dev test runs it): every regression
# input once, then TIAOJIE_FUZZ_SECONDS (default 25) of fuzzing from the
# committed corpus. New inputs go to a temporary folder, never into the
# source tree; a crash, a leak or a timeout fails the test and leaves the
# input in ARTIFACTS, to be kept under tests/fuzz/regressions/NAME/ once
# fixed.
set -eu

fuzzer=$1
corpus=$2
regressions=$3
artifacts=$4
max_len=$5
seconds=${TIAOJIE_FUZZ_SECONDS:-25}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
mkdir -p "$artifacts"

# GLib's slice allocator would hide blocks from ASan and LeakSanitizer.
export G_SLICE=always-malloc G_DEBUG=gc-friendly
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

name=$(basename "$fuzzer")
n_regressions=0
if [ -d "$regressions" ]; then
  n_regressions=$(find "$regressions" -type f | wc -l)
  # Files given one by one are run once each, whatever their size.
  find "$regressions" -type f | sort | xargs "$fuzzer" -artifact_prefix="$artifacts/" -rss_limit_mb=2048 \
    2>"$work/regressions.log" || { cat "$work/regressions.log" >&2; exit 1; }
fi
mkdir "$work/corpus"
"$fuzzer" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$artifacts/" "$work/corpus" "$corpus" \
  2>"$work/fuzz.log" || { cat "$work/fuzz.log" >&2; exit 1; }
tail -n 20 "$work/fuzz.log" >&2
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/fuzz.log")
speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/fuzz.log")
echo "$name: $n_regressions regression inputs, then $runs runs in ${seconds} s ($speed/s), no crash"
