-- SPDX-License-Identifier: MIT
-- Policy as data: procedures, stages, timescales, targets, the escalation ladder and the
-- classification rules. A change is a new version: every row belongs to one, and a case stage
-- keeps the version (and a copy of the timescales) in force when it started.

CREATE TABLE policy_version (
  version    BIGINT PRIMARY KEY,
  created_at TEXT NOT NULL,
  note       TEXT NOT NULL DEFAULT ''
);

CREATE TABLE policy_procedure (
  version         BIGINT NOT NULL REFERENCES policy_version (version) DEFERRABLE INITIALLY DEFERRED,
  code            TEXT NOT NULL CHECK (code IN ('corporate', 'childrens-statutory',
                    'adults-statutory', 'send', 'enquiry', 'priority-correspondence')),
  name            TEXT NOT NULL,
  -- % of stage responses due within timescale (the performance target)
  target_percent  BIGINT NOT NULL CHECK (target_percent BETWEEN 0 AND 100),
  -- working days after a stage response in which the customer may ask for the next step
  escalation_window_days BIGINT CHECK (escalation_window_days >= 0),
  PRIMARY KEY (version, code)
);

CREATE TABLE policy_stage (
  version            BIGINT NOT NULL,
  procedure          TEXT NOT NULL,
  stage              BIGINT NOT NULL CHECK (stage >= 1),
  name               TEXT NOT NULL,
  acknowledge_days   BIGINT CHECK (acknowledge_days >= 0),      -- NULL: no acknowledgement
  respond_days       BIGINT NOT NULL CHECK (respond_days >= 0),
  max_extension_days BIGINT CHECK (max_extension_days >= 0),    -- NULL: as agreed, no limit
  -- what a customer still dissatisfied goes to: the next stage of this procedure (NULL
  -- next_procedure and next_stage = stage + 1 when it exists), another procedure's stage, or
  -- the Ombudsman ('ombudsman')
  next_procedure     TEXT,
  next_stage         BIGINT,
  PRIMARY KEY (version, procedure, stage),
  FOREIGN KEY (version, procedure) REFERENCES policy_procedure (version, code) DEFERRABLE INITIALLY DEFERRED
);

-- Timescales of the feedback types that follow no procedure (compliments and the like), and
-- of contacts not yet classified.
CREATE TABLE policy_type (
  version          BIGINT NOT NULL REFERENCES policy_version (version) DEFERRABLE INITIALLY DEFERRED,
  type             TEXT NOT NULL CHECK (type IN ('unclassified', 'complaint', 'compliment',
                     'comment', 'suggestion', 'enquiry', 'service-request')),
  procedure        TEXT,     -- the procedure a case of this type follows by default
  acknowledge_days BIGINT CHECK (acknowledge_days >= 0),
  respond_days     BIGINT CHECK (respond_days >= 0),
  PRIMARY KEY (version, type)
);

-- A council's own timescale for one service and procedure stage (e.g. 4 days for priority
-- correspondence in one service grouping).
CREATE TABLE policy_service_override (
  version      BIGINT NOT NULL REFERENCES policy_version (version) DEFERRABLE INITIALLY DEFERRED,
  service      TEXT NOT NULL,
  procedure    TEXT NOT NULL,
  stage        BIGINT NOT NULL,
  respond_days BIGINT NOT NULL CHECK (respond_days >= 0),
  PRIMARY KEY (version, service, procedure, stage)
);

-- The overdue escalation ladder: a deadline `days_overdue` working days past due (negative:
-- due within that many days) reaches `level`, notifying `notify`.
CREATE TABLE policy_ladder (
  version      BIGINT NOT NULL REFERENCES policy_version (version) DEFERRABLE INITIALLY DEFERRED,
  level        TEXT NOT NULL,
  days_overdue BIGINT NOT NULL,
  notify       TEXT NOT NULL,
  PRIMARY KEY (version, level),
  UNIQUE (version, days_overdue)
);

-- Classification rules, tried in `ordinal` order. A rule matches when every condition that is
-- not NULL holds: `sponsors` and `types` are comma-separated lists ('unclassified' for a
-- contact without a type). The first matching rule that sets a type decides the type; the
-- first that sets a procedure decides the procedure, unless the officer named one.
CREATE TABLE policy_rule (
  version       BIGINT NOT NULL REFERENCES policy_version (version) DEFERRABLE INITIALLY DEFERRED,
  ordinal       BIGINT NOT NULL,
  name          TEXT NOT NULL,
  sponsors      TEXT,
  info_request  BIGINT CHECK (info_request IN (0, 1)),
  types         TEXT,
  set_type      TEXT,
  set_procedure TEXT,
  reason        TEXT NOT NULL,
  PRIMARY KEY (version, ordinal),
  UNIQUE (version, name)
);

CREATE TABLE policy_setting (
  version BIGINT NOT NULL REFERENCES policy_version (version) DEFERRABLE INITIALLY DEFERRED,
  key     TEXT NOT NULL,
  value   BIGINT NOT NULL,
  PRIMARY KEY (version, key)
);

-- DOMAIN.md's defaults, as version 1.
INSERT INTO policy_version (version, created_at, note) VALUES (1, '1970-01-01T00:00:00Z', 'defaults');

INSERT INTO policy_procedure (version, code, name, target_percent, escalation_window_days) VALUES
  (1, 'corporate', 'Corporate complaints procedure', 80, 20),
  (1, 'childrens-statutory', 'Children''s social care statutory procedure', 60, 20),
  (1, 'adults-statutory', 'Adult social care statutory procedure', 60, NULL),
  (1, 'send', 'Special educational needs and disabilities', 80, 20),
  (1, 'enquiry', 'Enquiries', 80, NULL),
  (1, 'priority-correspondence', 'Priority correspondence (chief executive, MPs, directors)', 80, NULL);

INSERT INTO policy_stage (version, procedure, stage, name, acknowledge_days, respond_days,
                          max_extension_days, next_procedure, next_stage) VALUES
  (1, 'corporate', 1, 'Stage 1', 3, 10, 10, NULL, 2),
  (1, 'corporate', 2, 'Stage 2: independent review', 3, 20, 10, 'ombudsman', NULL),
  (1, 'childrens-statutory', 1, 'Stage 1', 3, 10, 10, NULL, 2),
  (1, 'childrens-statutory', 2, 'Stage 2: independent investigation', 3, 25, 40, NULL, 3),
  (1, 'childrens-statutory', 3, 'Stage 3: review panel', 3, 30, 0, 'ombudsman', NULL),
  (1, 'adults-statutory', 1, 'Single stage', 3, 20, NULL, 'ombudsman', NULL),
  (1, 'send', 1, 'Stage 1', 3, 20, 10, 'corporate', 2),
  (1, 'enquiry', 1, 'Enquiry', NULL, 5, 0, NULL, NULL),
  (1, 'priority-correspondence', 1, 'Priority correspondence', NULL, 10, 0, NULL, NULL);

INSERT INTO policy_type (version, type, procedure, acknowledge_days, respond_days) VALUES
  (1, 'unclassified', NULL, 3, NULL),
  (1, 'complaint', 'corporate', NULL, NULL),
  (1, 'compliment', NULL, 5, NULL),
  (1, 'comment', NULL, 5, NULL),
  (1, 'suggestion', NULL, 5, NULL),
  (1, 'enquiry', 'enquiry', NULL, NULL),
  (1, 'service-request', NULL, NULL, NULL);

INSERT INTO policy_ladder (version, level, days_overdue, notify) VALUES
  (1, 'due-soon', -2, 'owner'),
  (1, 'past-due', 1, 'team-manager'),
  (1, 'head-of-service', 5, 'head-of-service'),
  (1, 'director', 10, 'director');

INSERT INTO policy_rule (version, ordinal, name, sponsors, info_request, types, set_type,
                         set_procedure, reason) VALUES
  (1, 1, 'member-input-is-a-complaint', 'councillor,mp', 0,
   'unclassified,complaint,enquiry,service-request', 'complaint', NULL,
   'input from a councillor or MP on behalf of a constituent is treated as a complaint unless it is only a request for information'),
  (1, 2, 'member-information-request', 'councillor,mp,chief-executive', 1,
   'unclassified,enquiry', 'enquiry', 'priority-correspondence',
   'a request for information from a councillor, MP or the chief executive is priority correspondence'),
  (1, 3, 'chief-executive-complaint', 'chief-executive', 0,
   'unclassified,complaint,enquiry,service-request', 'complaint', NULL,
   'a contact sponsored by the chief executive is treated as a complaint unless it is only a request for information');

INSERT INTO policy_setting (version, key, value) VALUES
  (1, 'sponsor_update_days', 5),
  (1, 'retention_years', 6);
