-- SPDX-License-Identifier: MIT
-- Days proclaimed at short notice (a state funeral, a jubilee), added by the council on top of
-- the rules and of any loaded official list, for one region. Like a closure day they are a fact
-- of the calendar: every running deadline that spans one moves.
CREATE TABLE proclaimed_holiday (
  region TEXT NOT NULL CHECK (region IN ('england-and-wales', 'scotland', 'northern-ireland')),
  day    TEXT NOT NULL CHECK (is_date(day)),
  name   TEXT NOT NULL CHECK (length(name) > 0),
  PRIMARY KEY (region, day)
);

-- The day of the latest nightly run, which a catch-up after missed nights counts from.
CREATE INDEX escalation_step_run ON escalation_step (run_as_of);
