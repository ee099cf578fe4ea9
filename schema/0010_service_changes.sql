-- SPDX-License-Identifier: MIT
-- Reorganising services (docs/rules.md, Correcting and reorganising): a service is retired
-- rather than deleted, so the cases it had keep naming it; a service merged into another is
-- retired and names the one its cases moved to. Every change to a service is kept in
-- service_event, as a case's are in case_event (the cases a merge moves each get an event of
-- their own there).

ALTER TABLE service ADD COLUMN retired_on TEXT CHECK (retired_on = date(retired_on));
ALTER TABLE service ADD COLUMN merged_into TEXT REFERENCES service (code)
  CHECK (merged_into IS NULL OR merged_into <> code);

CREATE TABLE service_event (
  id         INTEGER PRIMARY KEY,
  service    TEXT NOT NULL REFERENCES service (code),
  at         TEXT NOT NULL,                                  -- when recorded (UTC timestamp)
  on_date    TEXT NOT NULL CHECK (on_date = date(on_date)),  -- the day it took effect
  officer    TEXT NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('renamed', 'moved', 'retired', 'merged')),
  from_value TEXT,
  to_value   TEXT
) STRICT;

CREATE INDEX service_event_service ON service_event (service, id);

CREATE TRIGGER service_event_no_update BEFORE UPDATE ON service_event
BEGIN
  SELECT RAISE(ABORT, 'service events cannot be changed');
END;

CREATE TRIGGER service_event_no_delete BEFORE DELETE ON service_event
BEGIN
  SELECT RAISE(ABORT, 'service events cannot be deleted');
END;
