-- SPDX-License-Identifier: MIT
-- Legacy import, whole (docs/import.md): what the old system said about a case that this
-- toolkit has no field for, and which of its history events an import has written already.

-- The old system's own words and dates for a case, kept as they were: shown with the case,
-- never used for deadlines or figures. Free text: personal data (storage/personal_data.cpp).
CREATE TABLE case_legacy (
  case_id      BIGINT PRIMARY KEY REFERENCES case_record (id) DEFERRABLE INITIALLY DEFERRED,
  outcome_text TEXT,                            -- its outcome, as the old system wrote it
  resolution   TEXT,                            -- its resolution or action taken
  due          TEXT CHECK (is_date(due))     -- its own due date
);

-- One row per history event an import wrote into a case's audit trail (as a 'legacy-KIND'
-- event): `event_key` is a 64-bit hash of the event's date, time, kind, text and officer, so
-- that importing the same history again, or an export with more of it, adds only what is new.
CREATE TABLE import_event (
  case_id   BIGINT NOT NULL REFERENCES case_record (id) DEFERRABLE INITIALLY DEFERRED,
  event_key BIGINT NOT NULL,
  PRIMARY KEY (case_id, event_key)
);
