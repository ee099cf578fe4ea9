-- SPDX-License-Identifier: MIT
-- Legacy import (feedback-import): what each imported case looked like when it was last
-- imported, so that importing the same export again changes nothing and a newer export of the
-- same system updates only the cases whose fields changed (docs/import.md).

-- One row per imported case. The case's identity in the old system is
-- case_record (source, source_ref); `ref_key` is a 64-bit hash of that source_ref and
-- `fingerprint` a 64-bit hash of every mapped field as last imported. An import reads the
-- pairs of its source once, in one scan, and compares each incoming row against them in
-- memory instead of querying the database for every row.
CREATE TABLE import_record (
  case_id     BIGINT PRIMARY KEY REFERENCES case_record (id) DEFERRABLE INITIALLY DEFERRED,
  source      TEXT NOT NULL CHECK (length(source) > 0),
  ref_key     BIGINT NOT NULL,
  fingerprint BIGINT NOT NULL
);
