-- SPDX-License-Identifier: MIT
-- Nothing to change in SQLite: it rewrites a row in place. Step 20 leaves room in PostgreSQL's
-- pages of case_record for the updates every change makes
-- (schema/postgresql/0020_room_for_updates.sql).
SELECT 1;
