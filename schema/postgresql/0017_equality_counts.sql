-- SPDX-License-Identifier: MIT
-- The equality report counts the monitoring answers (special category data, DOMAIN.md) by
-- characteristic and category for the cases received in a period. The reporting role may not
-- read the table, so the report counted as the login: an analyst's login granted the reporting
-- role alone could not run it. The count is now a function that runs with its owner's rights
-- (SECURITY DEFINER) and returns counts only; `feedback-admin init --roles` lets the reporting
-- role execute it. Its search_path is fixed to the schema it was made in, so a caller cannot
-- slip other tables under it.
CREATE OR REPLACE FUNCTION equality_counts(from_day TEXT, to_day TEXT)
RETURNS TABLE (characteristic TEXT, category TEXT, cases BIGINT)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT m.characteristic, m.category, count(*) FROM equality_monitoring m
  JOIN case_record c ON c.id = m.case_id WHERE c.received BETWEEN from_day AND to_day
  GROUP BY m.characteristic, m.category
$$;
REVOKE ALL ON FUNCTION equality_counts(TEXT, TEXT) FROM PUBLIC;
-- A database whose roles were made before this step: reporting may run it at once, as
-- `feedback-admin init --roles` would grant (lib/src/storage/roles.cpp).
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'feedback_reporting') THEN
    GRANT EXECUTE ON FUNCTION equality_counts(TEXT, TEXT) TO feedback_reporting;
  END IF;
END
$$;
