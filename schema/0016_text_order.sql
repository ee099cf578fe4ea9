-- SPDX-License-Identifier: MIT
-- Nothing to do in SQLite: its BINARY collation already orders text byte by byte. The step
-- exists because migrations are numbered alike on both engines; schema/postgresql/0016 makes
-- PostgreSQL order text the same way.
SELECT 1;
