-- SPDX-License-Identifier: MIT
-- The foundation: settings of this council's database and its working-day calendar.

-- One row per setting, e.g. ('region', 'england-and-wales').
CREATE TABLE setting (
  key   TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
) STRICT;

INSERT INTO setting (key, value) VALUES ('region', 'england-and-wales');

-- Council closure days: non-working days beyond the bank holidays.
CREATE TABLE closure_day (
  day    TEXT PRIMARY KEY NOT NULL CHECK (day = date(day)),
  reason TEXT NOT NULL CHECK (length(reason) > 0)
) STRICT;

-- Events loaded from the official bank-holiday list (gov.uk bank-holidays.json). For each
-- region they replace the rules in every year listed in bank_holiday_year.
CREATE TABLE bank_holiday_year (
  region TEXT NOT NULL CHECK (region IN ('england-and-wales', 'scotland', 'northern-ireland')),
  year   INTEGER NOT NULL,
  source TEXT NOT NULL,
  loaded_at TEXT NOT NULL,
  PRIMARY KEY (region, year)
) STRICT;

CREATE TABLE bank_holiday (
  region  TEXT NOT NULL,
  day     TEXT NOT NULL CHECK (day = date(day)),
  title   TEXT NOT NULL,
  notes   TEXT NOT NULL DEFAULT '',
  bunting INTEGER NOT NULL DEFAULT 0 CHECK (bunting IN (0, 1)),
  year    INTEGER NOT NULL GENERATED ALWAYS AS (CAST(substr(day, 1, 4) AS INTEGER)) STORED,
  PRIMARY KEY (region, day),
  FOREIGN KEY (region, year) REFERENCES bank_holiday_year (region, year) ON DELETE CASCADE
) STRICT;
