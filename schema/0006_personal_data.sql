-- SPDX-License-Identifier: MIT
-- Personal data duties and a tamper-evident audit trail (docs/privacy.md).
--
-- The audit trail becomes a hash chain: each event carries the SHA-256 of its content and of
-- the event before it (one chain for the whole database, in id order). Its free text moves to
-- event_text, so that a redaction replaces the text and records that it did, without
-- rewriting an event. The program carries the old events over in this migration's transaction
-- (storage/audit_chain.cpp, when it finds case_event_v6): their hashes need SHA-256, which SQL
-- lacks.

DROP TRIGGER case_event_no_update;
DROP TRIGGER case_event_no_delete;
DROP INDEX case_event_case;
ALTER TABLE case_event RENAME TO case_event_v6;

-- Free text of the audit trail. `digest` is the SHA-256 (hex) of the salt and the body, which
-- the event's hash covers; a redaction removes body and salt (so the digest can no longer be
-- matched against guesses) and names the 'redacted' event that did it.
CREATE TABLE event_text (
  id          INTEGER PRIMARY KEY,
  salt        TEXT CHECK (length(salt) = 32),
  body        TEXT,
  digest      TEXT NOT NULL CHECK (length(digest) = 64),
  redacted_by INTEGER,
  CHECK ((body IS NULL) = (salt IS NULL) AND (body IS NULL) = (redacted_by IS NOT NULL))
) STRICT;

-- The audit trail: every change to a case, oldest first, never updated, deleted or replaced.
-- `text_id` is the event's free text (NULL when it has none); `hash` is the SHA-256 (hex) of
-- the previous event's hash and this event's fields (docs/privacy.md gives the exact bytes).
CREATE TABLE case_event (
  id         INTEGER PRIMARY KEY,
  case_id    INTEGER NOT NULL REFERENCES case_record (id),
  at         TEXT NOT NULL,        -- when it was recorded (UTC timestamp)
  on_date    TEXT NOT NULL CHECK (on_date = date(on_date)), -- the day it took effect
  officer    TEXT NOT NULL,
  kind       TEXT NOT NULL,
  from_value TEXT,
  to_value   TEXT,
  text_id    INTEGER REFERENCES event_text (id) DEFERRABLE INITIALLY DEFERRED,
  hash       TEXT NOT NULL CHECK (length(hash) = 64)
) STRICT;

CREATE INDEX case_event_case ON case_event (case_id, id);

CREATE TRIGGER case_event_no_update BEFORE UPDATE ON case_event
BEGIN
  SELECT RAISE(ABORT, 'audit events cannot be changed');
END;

CREATE TRIGGER case_event_no_delete BEFORE DELETE ON case_event
BEGIN
  SELECT RAISE(ABORT, 'audit events cannot be deleted');
END;

-- INSERT OR REPLACE deletes the old row without firing DELETE triggers (unless
-- recursive_triggers is on): refuse an id that is taken before the conflict is resolved.
CREATE TRIGGER case_event_no_replace BEFORE INSERT ON case_event
WHEN EXISTS (SELECT 1 FROM case_event WHERE id = NEW.id)
BEGIN
  SELECT RAISE(ABORT, 'audit events cannot be replaced');
END;

CREATE TRIGGER event_text_no_delete BEFORE DELETE ON event_text
BEGIN
  SELECT RAISE(ABORT, 'audit texts cannot be deleted, only redacted');
END;

CREATE TRIGGER event_text_no_replace BEFORE INSERT ON event_text
WHEN EXISTS (SELECT 1 FROM event_text WHERE id = NEW.id)
BEGIN
  SELECT RAISE(ABORT, 'audit texts cannot be replaced');
END;

-- The one change allowed: a text still there is redacted (body and salt removed).
CREATE TRIGGER event_text_redact_only BEFORE UPDATE ON event_text
WHEN OLD.body IS NULL OR NEW.body IS NOT NULL OR NEW.salt IS NOT NULL OR NEW.id IS NOT OLD.id
  OR NEW.digest IS NOT OLD.digest OR NEW.redacted_by IS NULL
BEGIN
  SELECT RAISE(ABORT, 'audit texts can only be redacted');
END;

-- A case whose personal data and free text were redacted: by retention, or on an erasure
-- request. `event_id` is the 'redacted' event in the chain.
CREATE TABLE case_redaction (
  case_id  INTEGER PRIMARY KEY REFERENCES case_record (id),
  on_date  TEXT NOT NULL CHECK (on_date = date(on_date)),
  why      TEXT NOT NULL CHECK (why IN ('retention', 'erasure')),
  event_id INTEGER NOT NULL REFERENCES case_event (id)
) STRICT;

-- A legal hold keeps a case from retention until it is released.
CREATE TABLE legal_hold (
  id          INTEGER PRIMARY KEY,
  case_id     INTEGER NOT NULL REFERENCES case_record (id),
  placed_on   TEXT NOT NULL CHECK (placed_on = date(placed_on)),
  reason      TEXT NOT NULL CHECK (length(reason) > 0),
  released_on TEXT CHECK (released_on = date(released_on) AND released_on >= placed_on)
) STRICT;

CREATE UNIQUE INDEX legal_hold_in_force ON legal_hold (case_id) WHERE released_on IS NULL;

-- Equality monitoring, optional, kept apart from the case and reported only in aggregate with
-- small numbers suppressed. One category per protected characteristic (Equality Act 2010).
CREATE TABLE equality_monitoring (
  case_id        INTEGER NOT NULL REFERENCES case_record (id),
  characteristic TEXT NOT NULL CHECK (characteristic IN ('age', 'disability',
                   'gender-reassignment', 'marriage-civil-partnership', 'pregnancy-maternity',
                   'race', 'religion-belief', 'sex', 'sexual-orientation')),
  category       TEXT NOT NULL CHECK (length(category) > 0),
  PRIMARY KEY (case_id, characteristic)
) STRICT;
