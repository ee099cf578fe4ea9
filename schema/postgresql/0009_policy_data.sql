-- SPDX-License-Identifier: MIT
-- The whole policy as the council's own data (docs/policy.md): procedures and stages by any
-- name, each timescale with what it counts from, extensions beyond the cap with a good reason,
-- independent stages, informal resolution, sub-types with their own standards, and the
-- vocabularies (channels, complaint areas, outcomes, the Ombudsman's decisions, tags) with
-- display names. Cases gain what these record.
--
-- PostgreSQL's text of schema/0009_policy_data.sql: where SQLite rebuilds six tables to drop a
-- CHECK constraint that listed procedure names or words, PostgreSQL drops the constraint (each
-- named as PostgreSQL names a column's CHECK: table_column_check) and adds the new one, and
-- adds the new columns in the same place (last) as the rebuilt tables have them.
--
-- Every running deadline stays as it was: a stage already stored counts both its timescales
-- from the day it started ('request'), as before, and may not extend beyond its cap.

-- ---- policy: procedures by any code; retired; informal resolution -------------------------

ALTER TABLE policy_procedure DROP CONSTRAINT policy_procedure_code_check,
  ADD CHECK (length(code) > 0);
-- informal (early) resolution before stage 1 and its timescale; NULL: none
ALTER TABLE policy_procedure ADD COLUMN informal_respond_days BIGINT
  CHECK (informal_respond_days >= 0);
ALTER TABLE policy_procedure ADD COLUMN retired BIGINT NOT NULL DEFAULT 0
  CHECK (retired IN (0, 1));

-- What each timescale counts from (docs/rules.md, Anchors), extensions beyond the cap with a
-- good reason, independence from earlier stages, retirement.
ALTER TABLE policy_stage ADD COLUMN acknowledge_from TEXT NOT NULL DEFAULT 'request'
  CHECK (acknowledge_from IN ('receipt', 'request'));
ALTER TABLE policy_stage ADD COLUMN respond_from TEXT NOT NULL DEFAULT 'request'
  CHECK (respond_from IN ('receipt', 'request', 'acknowledgement'));
ALTER TABLE policy_stage ADD COLUMN extension_beyond_cap BIGINT NOT NULL DEFAULT 0
  CHECK (extension_beyond_cap IN (0, 1));
ALTER TABLE policy_stage ADD COLUMN independent BIGINT NOT NULL DEFAULT 0
  CHECK (independent IN (0, 1));
ALTER TABLE policy_stage ADD COLUMN retired BIGINT NOT NULL DEFAULT 0 CHECK (retired IN (0, 1));

-- Kinds of case within a type, each with its own standard and target (a missed bin, 2 days).
CREATE TABLE policy_subtype (
  version          BIGINT NOT NULL,
  type             TEXT NOT NULL,
  ordinal          BIGINT NOT NULL,
  code             TEXT NOT NULL CHECK (length(code) > 0),
  name             TEXT NOT NULL,
  acknowledge_days BIGINT CHECK (acknowledge_days >= 0),
  respond_days     BIGINT CHECK (respond_days >= 0),
  target_percent   BIGINT NOT NULL CHECK (target_percent BETWEEN 0 AND 100),
  retired          BIGINT NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)),
  PRIMARY KEY (version, type, code),
  FOREIGN KEY (version, type) REFERENCES policy_type (version, type) DEFERRABLE INITIALLY DEFERRED
);

-- The vocabularies: a code, a display name, digital (channels), retired; in `ordinal` order.
CREATE TABLE policy_word (
  version BIGINT NOT NULL REFERENCES policy_version (version) DEFERRABLE INITIALLY DEFERRED,
  kind    TEXT NOT NULL CHECK (kind IN ('channel', 'area', 'outcome', 'ombudsman-decision', 'tag')),
  ordinal BIGINT NOT NULL,
  code    TEXT NOT NULL CHECK (length(code) > 0),
  name    TEXT NOT NULL CHECK (length(name) > 0),
  digital BIGINT NOT NULL DEFAULT 0 CHECK (digital IN (0, 1)),
  retired BIGINT NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)),
  PRIMARY KEY (version, kind, code)
);

-- Where each number of a policy comes from ("sources" of the document), by its path.
CREATE TABLE policy_source (
  version BIGINT NOT NULL REFERENCES policy_version (version) DEFERRABLE INITIALLY DEFERRED,
  path    TEXT NOT NULL,
  source  TEXT NOT NULL CHECK (length(source) > 0),
  PRIMARY KEY (version, path)
);

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
ALTER TABLE service DROP CONSTRAINT service_default_procedure_check,
  ADD CHECK (length(default_procedure) > 0);

-- ---- cases: a channel of the policy's vocabulary; a sub-type ----------------------------------

ALTER TABLE case_record DROP CONSTRAINT case_record_channel_check,
  ADD CHECK (length(channel) > 0);                                   -- a word of the policy
ALTER TABLE case_record ADD COLUMN subtype TEXT;  -- a sub-type of its type in the policy

-- Tags of a case (for comments and suggestions: fees and charges, objection to a decision).
CREATE TABLE case_tag (
  case_id BIGINT NOT NULL REFERENCES case_record (id) DEFERRABLE INITIALLY DEFERRED,
  tag     TEXT NOT NULL CHECK (length(tag) > 0),
  PRIMARY KEY (case_id, tag)
);

-- ---- stages: an outcome of the policy's vocabulary; what was copied from the policy ------------

-- A stage keeps, besides its day counts, what they count from, whether it may extend beyond
-- its cap with a good reason and whether its responder must be independent of earlier stages;
-- and it records who responded, whether independence was kept, and why it was overridden if it
-- was (responded_by and the reason are personal data: reports read `independence`). Stage 0 is
-- the informal resolution before stage 1.
ALTER TABLE case_stage DROP CONSTRAINT case_stage_outcome_check,
  ADD CHECK (length(outcome) > 0);                                   -- a word of the policy
ALTER TABLE case_stage
  ADD COLUMN acknowledge_from TEXT NOT NULL DEFAULT 'request'
    CHECK (acknowledge_from IN ('receipt', 'request')),
  ADD COLUMN respond_from TEXT NOT NULL DEFAULT 'request'
    CHECK (respond_from IN ('receipt', 'request', 'acknowledgement')),
  ADD COLUMN extension_beyond_cap BIGINT NOT NULL DEFAULT 0 CHECK (extension_beyond_cap IN (0, 1)),
  ADD COLUMN independent BIGINT NOT NULL DEFAULT 0 CHECK (independent IN (0, 1)),
  ADD COLUMN responded_by TEXT,             -- the officer who recorded the response
  -- for an independent stage, when it was responded to: 'kept' (no earlier responder), or
  -- 'overridden' (with the reason), or 'unchecked' (an earlier responder is not on record)
  ADD COLUMN independence TEXT CHECK (independence IN ('kept', 'overridden', 'unchecked')),
  ADD COLUMN independence_override TEXT CHECK (length(independence_override) > 0);

ALTER TABLE case_area DROP CONSTRAINT case_area_area_check,
  ADD CHECK (length(area) > 0);                                      -- a word of the policy

-- An extension beyond the stage's cap carries the good reason for it; every extension, the day
-- the customer was told (with, under the Codes, the Ombudsman's details).
ALTER TABLE case_extension ADD COLUMN beyond_cap_reason TEXT
  CHECK (length(beyond_cap_reason) > 0);
ALTER TABLE case_extension ADD COLUMN customer_told_on TEXT
  CHECK (is_date(customer_told_on));

-- ---- the Ombudsman: decisions of the policy's vocabulary; how the case came to it --------------

ALTER TABLE ombudsman_case DROP CONSTRAINT ombudsman_case_decision_check,
  ADD CHECK (length(decision) > 0);                                  -- a word of the policy
ALTER TABLE ombudsman_case ADD COLUMN origin TEXT NOT NULL DEFAULT 'after-response'
  CHECK (origin IN ('after-response', 'premature', 'not-logged'));
