-- SPDX-License-Identifier: MIT
-- The whole policy as the council's own data (docs/policy.md): procedures and stages by any
-- name, each timescale with what it counts from, extensions beyond the cap with a good reason,
-- independent stages, informal resolution, sub-types with their own standards, and the
-- vocabularies (channels, complaint areas, outcomes, the Ombudsman's decisions, tags) with
-- display names. Cases gain what these record.
--
-- SQLite cannot drop a CHECK constraint, and six tables listed procedure names or words in one:
-- each is rebuilt the documented way (sqlite.org/lang_altertable.html, "Making Other Kinds Of
-- Table Schema Changes"): create the new table, copy every row, drop the old one, rename the
-- new one, create its indexes again. migrate() runs this with foreign keys off, outside the
-- transaction as SQLite requires, and checks PRAGMA foreign_key_check before it commits. No
-- table has a trigger or a view over it that the rebuilds would lose (case_event's triggers
-- are on case_event, which is not rebuilt).
--
-- Every running deadline stays as it was: a stage already stored counts both its timescales
-- from the day it started ('request'), as before, and may not extend beyond its cap.

-- ---- policy: procedures by any code; retired; informal resolution -------------------------

CREATE TABLE policy_procedure_new (
  version         INTEGER NOT NULL REFERENCES policy_version (version),
  code            TEXT NOT NULL CHECK (length(code) > 0),
  name            TEXT NOT NULL,
  -- % of stage responses due within timescale (the performance target)
  target_percent  INTEGER NOT NULL CHECK (target_percent BETWEEN 0 AND 100),
  -- working days after a stage response in which the customer may ask for the next step
  escalation_window_days INTEGER CHECK (escalation_window_days >= 0),
  -- informal (early) resolution before stage 1 and its timescale; NULL: none
  informal_respond_days INTEGER CHECK (informal_respond_days >= 0),
  retired         INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)),
  PRIMARY KEY (version, code)
) STRICT;
INSERT INTO policy_procedure_new (version, code, name, target_percent, escalation_window_days)
  SELECT version, code, name, target_percent, escalation_window_days FROM policy_procedure;
DROP TABLE policy_procedure;
ALTER TABLE policy_procedure_new RENAME TO policy_procedure;

-- What each timescale counts from (docs/rules.md, Anchors), extensions beyond the cap with a
-- good reason, independence from earlier stages, retirement.
ALTER TABLE policy_stage ADD COLUMN acknowledge_from TEXT NOT NULL DEFAULT 'request'
  CHECK (acknowledge_from IN ('receipt', 'request'));
ALTER TABLE policy_stage ADD COLUMN respond_from TEXT NOT NULL DEFAULT 'request'
  CHECK (respond_from IN ('receipt', 'request', 'acknowledgement'));
ALTER TABLE policy_stage ADD COLUMN extension_beyond_cap INTEGER NOT NULL DEFAULT 0
  CHECK (extension_beyond_cap IN (0, 1));
ALTER TABLE policy_stage ADD COLUMN independent INTEGER NOT NULL DEFAULT 0
  CHECK (independent IN (0, 1));
ALTER TABLE policy_stage ADD COLUMN retired INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1));

-- Kinds of case within a type, each with its own standard and target (a missed bin, 2 days).
CREATE TABLE policy_subtype (
  version          INTEGER NOT NULL,
  type             TEXT NOT NULL,
  ordinal          INTEGER NOT NULL,
  code             TEXT NOT NULL CHECK (length(code) > 0),
  name             TEXT NOT NULL,
  acknowledge_days INTEGER CHECK (acknowledge_days >= 0),
  respond_days     INTEGER CHECK (respond_days >= 0),
  target_percent   INTEGER NOT NULL CHECK (target_percent BETWEEN 0 AND 100),
  retired          INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)),
  PRIMARY KEY (version, type, code),
  FOREIGN KEY (version, type) REFERENCES policy_type (version, type)
) STRICT;

-- The vocabularies: a code, a display name, digital (channels), retired; in `ordinal` order.
CREATE TABLE policy_word (
  version INTEGER NOT NULL REFERENCES policy_version (version),
  kind    TEXT NOT NULL CHECK (kind IN ('channel', 'area', 'outcome', 'ombudsman-decision', 'tag')),
  ordinal INTEGER NOT NULL,
  code    TEXT NOT NULL CHECK (length(code) > 0),
  name    TEXT NOT NULL CHECK (length(name) > 0),
  digital INTEGER NOT NULL DEFAULT 0 CHECK (digital IN (0, 1)),
  retired INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)),
  PRIMARY KEY (version, kind, code)
) STRICT;

-- Where each number of a policy comes from ("sources" of the document), by its path.
CREATE TABLE policy_source (
  version INTEGER NOT NULL REFERENCES policy_version (version),
  path    TEXT NOT NULL,
  source  TEXT NOT NULL CHECK (length(source) > 0),
  PRIMARY KEY (version, path)
) STRICT;

-- Every version stored so far used the words the schema allowed: they become its vocabulary
-- (the words of the policy council-default).
INSERT INTO policy_word (version, kind, ordinal, code, name, digital)
  SELECT v.version, w.column1, w.column2, w.column3, w.column4, w.column5
  FROM policy_version v, (VALUES
    ('channel', 1, 'web', 'Web form', 1),
    ('channel', 2, 'email', 'Email', 1),
    ('channel', 3, 'phone', 'Phone', 0),
    ('channel', 4, 'letter', 'Letter', 0),
    ('channel', 5, 'face-to-face', 'Face to face', 0),
    ('channel', 6, 'social-media', 'Social media', 1),
    ('channel', 7, 'webchat', 'Webchat', 1),
    ('channel', 8, 'staff-portal', 'Staff portal', 1),
    ('area', 1, 'accessibility', 'Accessibility', 0),
    ('area', 2, 'administration', 'Administration', 0),
    ('area', 3, 'communication', 'Communication', 0),
    ('area', 4, 'staff-behaviour', 'Staff behaviour', 0),
    ('area', 5, 'service-failure', 'Service failure', 0),
    ('area', 6, 'speed-of-service', 'Speed of service', 0),
    ('area', 7, 'quality-of-service', 'Quality of service', 0),
    ('area', 8, 'damage', 'Damage', 0),
    ('outcome', 1, 'upheld', 'Upheld', 0),
    ('outcome', 2, 'partially-upheld', 'Partially upheld', 0),
    ('outcome', 3, 'not-upheld', 'Not upheld', 0),
    ('ombudsman-decision', 1, 'incomplete-or-invalid', 'Incomplete or invalid', 0),
    ('ombudsman-decision', 2, 'referred-back', 'Referred back for local resolution', 0),
    ('ombudsman-decision', 3, 'closed-after-initial-enquiries', 'Closed after initial enquiries', 0),
    ('ombudsman-decision', 4, 'advice-given', 'Advice given', 0),
    ('ombudsman-decision', 5, 'not-upheld', 'Not upheld', 0),
    ('ombudsman-decision', 6, 'upheld', 'Upheld', 0)) w;

-- ---- services: a default procedure of any name ------------------------------------------------

CREATE TABLE service_new (
  code              TEXT PRIMARY KEY NOT NULL CHECK (length(code) > 0),
  name              TEXT NOT NULL,
  directorate       TEXT NOT NULL,
  default_procedure TEXT CHECK (length(default_procedure) > 0)
) STRICT;
INSERT INTO service_new (code, name, directorate, default_procedure)
  SELECT code, name, directorate, default_procedure FROM service;
DROP TABLE service;
ALTER TABLE service_new RENAME TO service;

-- ---- cases: a channel of the policy's vocabulary; a sub-type ----------------------------------

CREATE TABLE case_record_new (
  id            INTEGER PRIMARY KEY,
  reference     TEXT NOT NULL UNIQUE,
  type          TEXT CHECK (type IN ('complaint', 'compliment', 'comment', 'suggestion',
                  'enquiry', 'service-request')),                   -- NULL: unclassified
  channel       TEXT NOT NULL CHECK (length(channel) > 0),          -- a word of the policy
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
  subtype       TEXT,            -- a sub-type of its type in the policy, e.g. missed-bin
  UNIQUE (source, source_ref)
) STRICT;
INSERT INTO case_record_new (id, reference, type, channel, service, summary, received,
    received_at, status, closure, redirected_to, owner, sponsor, sponsor_name, info_request,
    sponsor_updated, external_ref, source, source_ref, classified_by, closed_on, last_activity,
    current_stage)
  SELECT id, reference, type, channel, service, summary, received, received_at, status, closure,
    redirected_to, owner, sponsor, sponsor_name, info_request, sponsor_updated, external_ref,
    source, source_ref, classified_by, closed_on, last_activity, current_stage
  FROM case_record;
DROP TABLE case_record;
ALTER TABLE case_record_new RENAME TO case_record;
CREATE INDEX case_open_service ON case_record (service, received) WHERE status <> 'closed';
CREATE INDEX case_open_owner ON case_record (owner) WHERE status <> 'closed';
CREATE INDEX case_received ON case_record (received);
CREATE INDEX case_open ON case_record (id) WHERE status <> 'closed';
CREATE INDEX case_open_received ON case_record (received) WHERE status <> 'closed';

-- Tags of a case (for comments and suggestions: fees and charges, objection to a decision).
CREATE TABLE case_tag (
  case_id INTEGER NOT NULL REFERENCES case_record (id),
  tag     TEXT NOT NULL CHECK (length(tag) > 0),
  PRIMARY KEY (case_id, tag)
) STRICT;

-- ---- stages: an outcome of the policy's vocabulary; what was copied from the policy ------------

-- A stage keeps, besides its day counts, what they count from, whether it may extend beyond
-- its cap with a good reason and whether its responder must be independent of earlier stages;
-- and it records who responded, whether independence was kept, and why it was overridden if it
-- was (responded_by and the reason are personal data: reports read `independence`). Stage 0 is
-- the informal resolution before stage 1.
CREATE TABLE case_stage_new (
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
  outcome            TEXT CHECK (length(outcome) > 0),              -- a word of the policy
  ended              TEXT CHECK (ended = date(ended)),
  acknowledge_from   TEXT NOT NULL DEFAULT 'request'
                       CHECK (acknowledge_from IN ('receipt', 'request')),
  respond_from       TEXT NOT NULL DEFAULT 'request'
                       CHECK (respond_from IN ('receipt', 'request', 'acknowledgement')),
  extension_beyond_cap INTEGER NOT NULL DEFAULT 0 CHECK (extension_beyond_cap IN (0, 1)),
  independent        INTEGER NOT NULL DEFAULT 0 CHECK (independent IN (0, 1)),
  responded_by       TEXT,               -- the officer who recorded the response
  -- for an independent stage, when it was responded to: 'kept' (no earlier responder), or
  -- 'overridden' (with the reason), or 'unchecked' (an earlier responder is not on record)
  independence       TEXT CHECK (independence IN ('kept', 'overridden', 'unchecked')),
  independence_override TEXT CHECK (length(independence_override) > 0)
) STRICT;
INSERT INTO case_stage_new (id, case_id, procedure, stage, policy_version, started,
    acknowledge_days, respond_days, max_extension_days, acknowledged, responded, outcome, ended)
  SELECT id, case_id, procedure, stage, policy_version, started, acknowledge_days, respond_days,
    max_extension_days, acknowledged, responded, outcome, ended
  FROM case_stage;
DROP TABLE case_stage;
ALTER TABLE case_stage_new RENAME TO case_stage;
CREATE INDEX case_stage_case ON case_stage (case_id);

CREATE TABLE case_area_new (
  stage_id INTEGER NOT NULL REFERENCES case_stage (id),
  area     TEXT NOT NULL CHECK (length(area) > 0),                  -- a word of the policy
  PRIMARY KEY (stage_id, area)
) STRICT;
INSERT INTO case_area_new (stage_id, area) SELECT stage_id, area FROM case_area;
DROP TABLE case_area;
ALTER TABLE case_area_new RENAME TO case_area;

-- An extension beyond the stage's cap carries the good reason for it; every extension, the day
-- the customer was told (with, under the Codes, the Ombudsman's details).
ALTER TABLE case_extension ADD COLUMN beyond_cap_reason TEXT
  CHECK (length(beyond_cap_reason) > 0);
ALTER TABLE case_extension ADD COLUMN customer_told_on TEXT
  CHECK (customer_told_on = date(customer_told_on));

-- ---- the Ombudsman: decisions of the policy's vocabulary; how the case came to it --------------

-- origin: after the council's response ('after-response'), before the council's procedure was
-- done ('premature'), or about a case the council had never logged ('not-logged').
CREATE TABLE ombudsman_case_new (
  case_id    INTEGER PRIMARY KEY REFERENCES case_record (id),
  their_ref  TEXT NOT NULL CHECK (length(their_ref) > 0),
  opened_on  TEXT NOT NULL CHECK (opened_on = date(opened_on)),
  decision   TEXT CHECK (length(decision) > 0),                     -- a word of the policy
  decided_on TEXT CHECK (decided_on = date(decided_on)),
  origin     TEXT NOT NULL DEFAULT 'after-response'
               CHECK (origin IN ('after-response', 'premature', 'not-logged'))
) STRICT;
INSERT INTO ombudsman_case_new (case_id, their_ref, opened_on, decision, decided_on)
  SELECT case_id, their_ref, opened_on, decision, decided_on FROM ombudsman_case;
DROP TABLE ombudsman_case;
ALTER TABLE ombudsman_case_new RENAME TO ombudsman_case;

-- case_record was rebuilt above: the reports' index on unclassified cases (0008) is made again.
CREATE INDEX case_unclassified ON case_record (received) WHERE type IS NULL;
