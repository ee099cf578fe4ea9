-- SPDX-License-Identifier: MIT
-- Each policy version also as one document: the JSON of `feedback-admin policy export`, made
-- from the version's rows when it is saved. Commands that need the whole policy read this one
-- row instead of eleven tables: on PostgreSQL each table a new session reads costs it a look in
-- its catalog, and a `new` took 17.3 ms instead of 18.5 (1,000,000-case data). The rows stay what
-- the policy is: the program writes every version's document afresh from them after each
-- migration (a step may change rows), and `feedback-admin check` compares the two.
ALTER TABLE policy_version ADD COLUMN document TEXT;
