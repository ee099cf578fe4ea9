-- SPDX-License-Identifier: MIT
-- Escalation: steps of the overdue ladder recorded on cases, the Ombudsman's part, remedies.

-- A step of the ladder reached by one deadline: recorded once, on the day it was reached
-- (reached_on), by the run that found it (recorded_at, run_as_of). `due` is part of the key
-- (no column of which is NULL, so that UNIQUE holds):
-- when an extension or a hold moves the deadline, the ladder starts again from the new one.
CREATE TABLE escalation_step (
  id          INTEGER PRIMARY KEY,
  case_id     INTEGER NOT NULL REFERENCES case_record (id),
  stage_id    INTEGER NOT NULL REFERENCES case_stage (id),  -- the stage current then
  deadline    TEXT NOT NULL CHECK (deadline IN ('acknowledge', 'respond', 'sponsor-update',
                'remedy')),
  level       TEXT NOT NULL,
  due         TEXT NOT NULL CHECK (due = date(due)),
  reached_on  TEXT NOT NULL CHECK (reached_on = date(reached_on)),
  notify      TEXT NOT NULL,
  remedy_id   INTEGER NOT NULL DEFAULT 0,  -- remedy.id for a remedy past due, else 0
  run_as_of   TEXT NOT NULL CHECK (run_as_of = date(run_as_of)),
  recorded_at TEXT NOT NULL,
  UNIQUE (case_id, stage_id, deadline, level, due, remedy_id)
) STRICT;

CREATE INDEX escalation_step_stage ON escalation_step (stage_id);

-- Open cases, for the nightly run and the overdue lists: never a scan of closed cases.
CREATE INDEX case_open ON case_record (id) WHERE status <> 'closed';
-- ... and `list --open` without a service, in order of receipt.
CREATE INDEX case_open_received ON case_record (received) WHERE status <> 'closed';

-- The Ombudsman (LGSCO) phase of a case.
CREATE TABLE ombudsman_case (
  case_id    INTEGER PRIMARY KEY REFERENCES case_record (id),
  their_ref  TEXT NOT NULL CHECK (length(their_ref) > 0),
  opened_on  TEXT NOT NULL CHECK (opened_on = date(opened_on)),
  decision   TEXT CHECK (decision IN ('incomplete-or-invalid', 'referred-back',
               'closed-after-initial-enquiries', 'advice-given', 'not-upheld', 'upheld')),
  decided_on TEXT CHECK (decided_on = date(decided_on))
) STRICT;

-- What the council agreed to do after an Ombudsman's decision, tracked until done.
CREATE TABLE remedy (
  id           INTEGER PRIMARY KEY,
  case_id      INTEGER NOT NULL REFERENCES ombudsman_case (case_id),
  kind         TEXT NOT NULL CHECK (kind IN ('apology', 'payment', 'fresh-assessment',
                 'service-change')),
  amount_pence INTEGER CHECK (amount_pence > 0),   -- exact money: integer pence
  due          TEXT NOT NULL CHECK (due = date(due)),
  agreed_on    TEXT NOT NULL CHECK (agreed_on = date(agreed_on)),
  done_on      TEXT CHECK (done_on = date(done_on)),
  CHECK ((kind = 'payment') = (amount_pence IS NOT NULL))
) STRICT;

CREATE INDEX remedy_open ON remedy (due) WHERE done_on IS NULL;
CREATE INDEX remedy_case ON remedy (case_id);
