-- SPDX-License-Identifier: MIT
-- The foundation: settings of this council's database and its working-day calendar.
-- PostgreSQL's text of schema/0001_initial.sql (the same step): the tables live in the schema
-- `feedback`, which migrate() creates and puts on the search_path. Every foreign key, in every
-- step, is DEFERRABLE INITIALLY DEFERRED: checked when the transaction commits (a violation
-- fails the commit, exit 65, and nothing is kept), because the case writer's batches reach the
-- tables in their own order (a stage's areas may go in before the stage), as SQLite allows them
-- to with foreign keys off for an import (storage/bulk.hpp).

-- SQLite's CHECK (x = date(x)): a day written YYYY-MM-DD that exists (NULL passes, as there).
CREATE FUNCTION is_date(day TEXT) RETURNS BOOLEAN LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN day ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' AND to_char(day::date, 'YYYY-MM-DD') = day;
EXCEPTION WHEN others THEN
  RETURN false;
END
$$;

-- SQLite's RAISE(ABORT, message) in a trigger: the statement fails with a constraint error
-- (SQLSTATE 23000, exit code 65 as on SQLite) saying why.
CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = '23000';
END
$$;

-- One row per setting, e.g. ('region', 'england-and-wales').
CREATE TABLE setting (
  key   TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
);

INSERT INTO setting (key, value) VALUES ('region', 'england-and-wales');

-- Council closure days: non-working days beyond the bank holidays.
CREATE TABLE closure_day (
  day    TEXT PRIMARY KEY NOT NULL CHECK (is_date(day)),
  reason TEXT NOT NULL CHECK (length(reason) > 0)
);

-- Events loaded from the official bank-holiday list (gov.uk bank-holidays.json). For each
-- region they replace the rules in every year listed in bank_holiday_year.
CREATE TABLE bank_holiday_year (
  region TEXT NOT NULL CHECK (region IN ('england-and-wales', 'scotland', 'northern-ireland')),
  year   BIGINT NOT NULL,
  source TEXT NOT NULL,
  loaded_at TEXT NOT NULL,
  PRIMARY KEY (region, year)
);

CREATE TABLE bank_holiday (
  region  TEXT NOT NULL,
  day     TEXT NOT NULL CHECK (is_date(day)),
  title   TEXT NOT NULL,
  notes   TEXT NOT NULL DEFAULT '',
  bunting BIGINT NOT NULL DEFAULT 0 CHECK (bunting IN (0, 1)),
  year    BIGINT NOT NULL GENERATED ALWAYS AS (CAST(substr(day, 1, 4) AS BIGINT)) STORED,
  PRIMARY KEY (region, day),
  FOREIGN KEY (region, year) REFERENCES bank_holiday_year (region, year) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED
);
