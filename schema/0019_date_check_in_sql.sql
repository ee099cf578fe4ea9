-- SPDX-License-Identifier: MIT
-- Nothing to change in SQLite: its date CHECKs call the built-in date(). Step 19 makes
-- PostgreSQL's is_date() plain SQL (schema/postgresql/0019_date_check_in_sql.sql).
SELECT 1;
