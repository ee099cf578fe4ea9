-- SPDX-License-Identifier: MIT
-- Placeholder on branch wave4-members only: migration 0010 belongs to another wave-4 branch
-- (the lead drops this file when merging).
SELECT 1;
