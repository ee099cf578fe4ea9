-- SPDX-License-Identifier: MIT
-- Placeholder on branch wave4-members only: migration 0011 belongs to another wave-4 branch
-- (the lead drops this file when merging).
SELECT 1;
