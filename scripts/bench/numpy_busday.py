# SPDX-License-Identifier: MIT
"""NumPy's busday_offset on the pairs of bench_calendar, timed and checked against our answers.

Run with Debian's interpreter (/usr/bin/python3, python3-numpy). Reads the `DATE,N` pairs, the
non-working weekdays exported by `feedback-admin calendar holidays --format csv`, and the
`DATE,N,RESULT` answers of bench_calendar; answers every pair with
`numpy.busday_offset(dates, n, roll='forward', holidays=...)` REPS times; prints `key=value`
lines; exits 1 (naming the first mismatches) unless NumPy's answer equals ours for every pair.

NumPy's rule is ours: a non-working date rolls forward to the next working day first, and N = 0
gives that day. Weekends are NumPy's default weekmask (Monday to Friday).
"""

import argparse
import csv
import statistics
import sys
import time

import numpy as np


def load_holidays(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if not rows or "date" not in rows[0]:
        sys.exit(f"numpy_busday: {path}: expected a CSV with a 'date' column")
    return np.array([row["date"] for row in rows], dtype="datetime64[D]")


def time_reps(reps, count, body):
    per_call = []
    result = None
    for _ in range(reps):
        start = time.perf_counter_ns()
        result = body()
        per_call.append((time.perf_counter_ns() - start) / count)
    return min(per_call), statistics.median(per_call), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", required=True, help="DATE,N lines")
    parser.add_argument("--holidays", required=True, help="feedback-admin holidays CSV")
    parser.add_argument("--holidays-to", required=True,
                        help="last date the holiday list covers (YYYY-MM-DD)")
    parser.add_argument("--expect", required=True, help="DATE,N,RESULT lines from bench_calendar")
    parser.add_argument("--reps", type=int, default=7)
    args = parser.parse_args()

    pairs = np.loadtxt(args.pairs, delimiter=",", dtype=[("d", "M8[D]"), ("n", "i8")], ndmin=1)
    expect = np.loadtxt(args.expect, delimiter=",",
                        dtype=[("d", "M8[D]"), ("n", "i8"), ("r", "M8[D]")], ndmin=1)
    holidays = load_holidays(args.holidays)
    if len(expect) != len(pairs) or not (np.array_equal(expect["d"], pairs["d"])
                                         and np.array_equal(expect["n"], pairs["n"])):
        sys.exit("numpy_busday: the answers file does not hold the same pairs in the same order")
    dates = np.ascontiguousarray(pairs["d"])
    offsets = np.ascontiguousarray(pairs["n"])
    count = len(dates)

    best, median, answers = time_reps(args.reps, count, lambda: np.busday_offset(
        dates, offsets, roll="forward", holidays=holidays))
    # The same with the holiday list prepared once, for reference: NumPy's fastest form.
    calendar = np.busdaycalendar(holidays=holidays)
    cal_best, cal_median, cal_answers = time_reps(args.reps, count, lambda: np.busday_offset(
        dates, offsets, roll="forward", busdaycal=calendar))

    print(f"numpy_version={np.__version__}")
    print(f"numpy_pairs={count}")
    print(f"numpy_holidays={len(holidays)}")
    print(f"numpy_best_ns={best:.3f}")
    print(f"numpy_median_ns={median:.3f}")
    print(f"numpy_busdaycal_best_ns={cal_best:.3f}")
    print(f"numpy_busdaycal_median_ns={cal_median:.3f}")

    covered_to = np.datetime64(args.holidays_to, "D")
    if answers.max() > covered_to:
        sys.exit(f"numpy_busday: an answer ({answers.max()}) is past the holiday list's end "
                 f"({covered_to}); export a longer list")
    if not np.array_equal(answers, cal_answers):
        sys.exit("numpy_busday: holidays= and busdaycal= gave different answers")
    bad = np.flatnonzero(answers != expect["r"])
    print(f"numpy_mismatches={len(bad)}")
    if len(bad):
        for i in bad[:10]:
            print(f"numpy_busday: MISMATCH {dates[i]},{offsets[i]}: "
                  f"numpy {answers[i]}, feedback {expect['r'][i]}", file=sys.stderr)
        sys.exit(f"numpy_busday: {len(bad)} of {count} answers differ from NumPy's")


if __name__ == "__main__":
    main()
