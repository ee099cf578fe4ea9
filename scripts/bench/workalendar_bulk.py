# SPDX-License-Identifier: MIT
"""workalendar answering `DATE,N` lines, timed per line and compared with feedback's answers.

Run with Debian's interpreter (/usr/bin/python3, python3-workalendar). Answers the first LINES
lines of PAIRS as `DATE,N,RESULT` lines, as `feedback-admin calendar add-days --stdin` does
(parse the line, answer, format the answer line), two ways:

  plain:  UnitedKingdom().add_working_days(day, n), the call the issue names. It counts from
          `day` itself, so a non-working `day` is not rolled forward first and N = 0 gives `day`.
  rolled: add_working_days(roll(day), n), with roll() stepping to the first working day on or
          after `day` (find_following_working_day skips weekends only): our counting rule.

Prints `key=value` lines: microseconds per line for each, and how many answers equal ours (the
matching lines of OURS, the CLI's output for the same pairs), with the reasons for the others.
Interpreter start-up, imports and a warm-up on the first 500 lines are not timed.
"""

import argparse
import collections
import datetime
import itertools
import sys
import time

from workalendar.europe import UnitedKingdom


def answer_lines(lines, answer):
    out = []
    for line in lines:
        day_text, n_text = line.split(",")
        result = answer(datetime.date.fromisoformat(day_text), int(n_text))
        out.append(f"{day_text},{n_text},{result.isoformat()}\n")
    return out


def timed(lines, answer):
    start = time.perf_counter_ns()
    out = answer_lines(lines, answer)
    return (time.perf_counter_ns() - start) / len(lines) / 1000.0, out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", required=True, help="DATE,N lines")
    parser.add_argument("--ours", required=True, help="DATE,N,RESULT lines from feedback-admin")
    parser.add_argument("--lines", type=int, default=20000, help="how many lines to answer")
    parser.add_argument("--holidays", required=True,
                        help="feedback-admin holidays CSV, to explain differences")
    args = parser.parse_args()

    with open(args.pairs, encoding="ascii") as f:
        lines = [line.rstrip("\n") for line in itertools.islice(f, args.lines)]
    with open(args.ours, encoding="ascii") as f:
        ours = [line for line in itertools.islice(f, len(lines))]
    if len(ours) != len(lines):
        sys.exit("workalendar_bulk: the answers file is shorter than the subset")
    with open(args.holidays, encoding="utf-8") as f:
        our_holidays = {row.split(",", 1)[0] for row in f.read().splitlines()[1:]}

    cal = UnitedKingdom()

    def roll(day):
        # find_following_working_day() skips weekends only, not holidays, so walk instead.
        while not cal.is_working_day(day):
            day += datetime.timedelta(days=1)
        return day

    # Untimed warm-up, so neither timing pays for workalendar's per-year holiday cache.
    answer_lines(lines[:500], cal.add_working_days)
    plain_us, plain = timed(lines, cal.add_working_days)
    rolled_us, rolled = timed(lines, lambda day, n: cal.add_working_days(roll(day), n))

    # Why answers differ: a weekday holiday one calendar has and the other lacks, inside the
    # span asked about; or (for `plain`) a non-working day of receipt, which it does not roll.
    years = range(2014, 2033)
    theirs = {d.isoformat() for y in years for d, _ in cal.holidays(y) if d.weekday() < 5}
    only_ours = sorted(d for d in our_holidays - theirs if int(d[:4]) in years)
    only_theirs = sorted(d for d in theirs - our_holidays)
    disputed = only_ours + only_theirs
    unexplained = []

    def classify(answers):
        reasons = collections.Counter()
        for line, mine, their_line in zip(lines, ours, answers):
            if mine == their_line:
                continue
            first, last = line[:10], max(mine.rstrip()[-10:], their_line.rstrip()[-10:])
            day = datetime.date.fromisoformat(first)
            if any(first <= d <= last for d in disputed):
                reasons["a weekday holiday in one calendar only, within the span"] += 1
            elif day.weekday() >= 5 or first in our_holidays:
                reasons["receipt on a non-working day, not rolled forward"] += 1
            else:
                reasons["unexplained"] += 1
                unexplained.append(f"{mine.rstrip()} vs {their_line.rstrip()}")
        return reasons

    print(f"workalendar_lines={len(lines)}")
    print(f"workalendar_plain_us_per_line={plain_us:.3f}")
    print(f"workalendar_rolled_us_per_line={rolled_us:.3f}")
    for name, answers in (("plain", plain), ("rolled", rolled)):
        same = sum(a == b for a, b in zip(ours, answers))
        print(f"workalendar_{name}_agree={same}")
        print(f"workalendar_{name}_agree_pct={100.0 * same / len(lines):.2f}")
        for reason, count in classify(answers).most_common():
            print(f"workalendar_{name}_differ: {count} lines: {reason}")
    print(f"workalendar_weekday_holidays_only_ours={' '.join(only_ours) or '-'}")
    print(f"workalendar_weekday_holidays_only_theirs={' '.join(only_theirs) or '-'}")
    for example in unexplained[:10]:
        print(f"workalendar_bulk: UNEXPLAINED ours {example}", file=sys.stderr)


if __name__ == "__main__":
    main()
