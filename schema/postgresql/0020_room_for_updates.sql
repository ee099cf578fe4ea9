-- SPDX-License-Identifier: MIT
-- Room in each page of case_record for a changed row. Every change to a case updates its row
-- (at least its last activity). PostgreSQL writes an updated row as a new version: in the same
-- page, where there is room, the nine indexes of case_record are left alone (a "HOT" update);
-- in another, each index gets an entry for it. Filled to the brim, as a copy or an import
-- leaves them, pages had room for one update in ten, and an officer's `ack` spent 1.5 ms of its
-- time in that UPDATE (1,000,000-case data). A tenth of each page left free: 10% more space for
-- the table, not its indexes. Pages written before this step keep no room until rewritten
-- (VACUUM FULL case_record, which locks the table while it runs).
ALTER TABLE case_record SET (fillfactor = 90);
