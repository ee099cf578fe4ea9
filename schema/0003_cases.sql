-- SPDX-License-Identifier: MIT
-- Services, cases and their stages, holds, extensions, the audit trail, personal data,
-- learning and satisfaction.

CREATE TABLE service (
  code              TEXT PRIMARY KEY NOT NULL CHECK (length(code) > 0),
  name              TEXT NOT NULL,
  directorate       TEXT NOT NULL,
  default_procedure TEXT CHECK (default_procedure IN ('corporate', 'childrens-statutory',
                      'adults-statutory', 'send', 'enquiry', 'priority-correspondence'))
) STRICT;

-- One row per contact. Deadlines are not stored: they are derived from the current stage,
-- its holds and extensions and the calendar, so they are never stale.
CREATE TABLE case_record (
  id            INTEGER PRIMARY KEY,
  reference     TEXT NOT NULL UNIQUE,
  type          TEXT CHECK (type IN ('complaint', 'compliment', 'comment', 'suggestion',
                  'enquiry', 'service-request')),                   -- NULL: unclassified
  channel       TEXT NOT NULL CHECK (channel IN ('web', 'email', 'phone', 'letter',
                  'face-to-face', 'social-media', 'webchat', 'staff-portal')),
  service       TEXT REFERENCES service (code),
  summary       TEXT NOT NULL,
  received      TEXT NOT NULL CHECK (received = date(received)),  -- Europe/London date
  received_at   TEXT NOT NULL,                                    -- as given
  status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'responded', 'closed')),
  -- how a closed case ended when not by a stage response
  closure       TEXT CHECK (closure IN ('withdrawn', 'resolved-informally', 'redirected')),
  redirected_to TEXT,
  owner         TEXT,
  sponsor       TEXT CHECK (sponsor IN ('councillor', 'mp', 'chief-executive')),
  sponsor_name  TEXT,
  info_request  INTEGER NOT NULL DEFAULT 0 CHECK (info_request IN (0, 1)),
  sponsor_updated TEXT CHECK (sponsor_updated = date(sponsor_updated)),
  external_ref  TEXT,
  source        TEXT,            -- the legacy system a case was imported from
  source_ref    TEXT,            -- its identity there
  classified_by TEXT,            -- which rule or officer decided the type, and why
  closed_on     TEXT CHECK (closed_on = date(closed_on)),
  last_activity TEXT NOT NULL CHECK (last_activity = date(last_activity)),
  current_stage INTEGER,         -- case_stage.id, set once the first stage exists
  UNIQUE (source, source_ref)
) STRICT;

CREATE INDEX case_open_service ON case_record (service, received) WHERE status <> 'closed';
CREATE INDEX case_open_owner ON case_record (owner) WHERE status <> 'closed';
CREATE INDEX case_received ON case_record (received);

-- A stage of the case's procedure (or the single step of a type that follows none), with the
-- timescales copied from the policy in force when it started.
CREATE TABLE case_stage (
  id                 INTEGER PRIMARY KEY,
  case_id            INTEGER NOT NULL REFERENCES case_record (id),
  procedure          TEXT,                 -- NULL for types that follow no procedure
  stage              INTEGER,
  policy_version     INTEGER NOT NULL REFERENCES policy_version (version),
  started            TEXT NOT NULL CHECK (started = date(started)),
  acknowledge_days   INTEGER,
  respond_days       INTEGER,
  max_extension_days INTEGER,
  acknowledged       TEXT CHECK (acknowledged = date(acknowledged)),
  responded          TEXT CHECK (responded = date(responded)),
  outcome            TEXT CHECK (outcome IN ('upheld', 'partially-upheld', 'not-upheld')),
  ended              TEXT CHECK (ended = date(ended))
) STRICT;

CREATE INDEX case_stage_case ON case_stage (case_id);

CREATE TABLE case_hold (
  id         INTEGER PRIMARY KEY,
  stage_id   INTEGER NOT NULL REFERENCES case_stage (id),
  held_on    TEXT NOT NULL CHECK (held_on = date(held_on)),
  resumed_on TEXT CHECK (resumed_on = date(resumed_on) AND resumed_on >= held_on),
  reason     TEXT NOT NULL
) STRICT;

CREATE INDEX case_hold_stage ON case_hold (stage_id);

CREATE TABLE case_extension (
  id         INTEGER PRIMARY KEY,
  stage_id   INTEGER NOT NULL REFERENCES case_stage (id),
  granted_on TEXT NOT NULL CHECK (granted_on = date(granted_on)),
  days       INTEGER NOT NULL CHECK (days > 0),
  reason     TEXT NOT NULL CHECK (length(reason) > 0)
) STRICT;

CREATE INDEX case_extension_stage ON case_extension (stage_id);

CREATE TABLE case_area (
  stage_id INTEGER NOT NULL REFERENCES case_stage (id),
  area     TEXT NOT NULL CHECK (area IN ('accessibility', 'administration', 'communication',
             'staff-behaviour', 'service-failure', 'speed-of-service', 'quality-of-service',
             'damage')),
  PRIMARY KEY (stage_id, area)
) STRICT;

-- The audit trail: every change to a case, oldest first. Rows are never updated or deleted.
CREATE TABLE case_event (
  id         INTEGER PRIMARY KEY,
  case_id    INTEGER NOT NULL REFERENCES case_record (id),
  at         TEXT NOT NULL,        -- when it was recorded (UTC timestamp)
  on_date    TEXT NOT NULL CHECK (on_date = date(on_date)), -- the day it took effect
  officer    TEXT NOT NULL,
  kind       TEXT NOT NULL,
  from_value TEXT,
  to_value   TEXT,
  detail     TEXT NOT NULL DEFAULT ''
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

-- Personal data, kept apart from the case facts: never read by reports.
CREATE TABLE person (
  case_id          INTEGER PRIMARY KEY REFERENCES case_record (id),
  name             TEXT,
  email            TEXT,
  phone            TEXT,
  address          TEXT,
  preferred_format TEXT CHECK (preferred_format IN ('email', 'letter', 'large-print',
                     'braille', 'bsl-video', 'another-language')),
  anonymised_on    TEXT
) STRICT;

CREATE TABLE learning (
  id          INTEGER PRIMARY KEY,
  case_id     INTEGER NOT NULL REFERENCES case_record (id),
  recorded_on TEXT NOT NULL CHECK (recorded_on = date(recorded_on)),
  problem     TEXT NOT NULL CHECK (length(problem) > 0),
  improvement TEXT NOT NULL CHECK (length(improvement) > 0),
  action      TEXT,
  owner       TEXT,
  due         TEXT CHECK (due = date(due)),
  done_on     TEXT CHECK (done_on = date(done_on))
) STRICT;

CREATE INDEX learning_case ON learning (case_id);

CREATE TABLE survey (
  id          INTEGER PRIMARY KEY,
  case_id     INTEGER NOT NULL REFERENCES case_record (id),
  sent_on     TEXT CHECK (sent_on = date(sent_on)),
  returned_on TEXT CHECK (returned_on = date(returned_on)),
  satisfied   INTEGER CHECK (satisfied IN (0, 1)),
  stars       INTEGER CHECK (stars BETWEEN 1 AND 5),
  reason      TEXT
) STRICT;

CREATE INDEX survey_case ON survey (case_id);
