-- SPDX-License-Identifier: MIT
-- Nothing to do in SQLite: the equality report's count is let through by the report
-- connection's authorizer. schema/postgresql/0017 gives PostgreSQL's reporting role the same
-- count, and nothing more.
SELECT 1;
