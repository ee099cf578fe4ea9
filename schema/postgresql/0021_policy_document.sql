-- SPDX-License-Identifier: MIT
-- Each policy version also as one document (schema/0021_policy_document.sql): a new session
-- reads this one row instead of eleven tables, each of which costs it a look in the catalog.
ALTER TABLE policy_version ADD COLUMN document TEXT COLLATE "C";
