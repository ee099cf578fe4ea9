-- SPDX-License-Identifier: MIT
-- Reserved for migration 0010, written on another branch at the same time (editing cases and
-- services). It only holds the number here so that 0011 follows it: replaced by the real 0010
-- when the branches are merged.
SELECT 1;
