-- SPDX-License-Identifier: MIT
-- schema/0015_open_case_cover.sql in PostgreSQL's dialect: the open-case index carries the
-- columns the overdue list and the nightly run read (INCLUDE), so that an index-only scan can
-- serve them where the visibility map allows.
DROP INDEX case_open;
CREATE INDEX case_open ON case_record (id)
  INCLUDE (reference, service, owner, sponsor, sponsor_updated, received, status, current_stage)
  WHERE status <> 'closed';
