-- SPDX-License-Identifier: MIT
-- The shipped default policy's corporate stage 2 is an independent review (DOMAIN.md: stage 2
-- is considered by someone not involved at stage 1), but 0002 and 0009 left it unmarked, so a
-- stage 1 responder could answer stage 2 too without a word. Marked here where the policy in
-- force is still the shipped default (version 1, never replaced by an import or a preset, and
-- its corporate stage 2 as shipped); a council's own policy is left as it is. Stages already
-- started keep what they started with (case_stage.independent): a running stage 2 is not
-- changed, a stage 2 started from now on is independent.
UPDATE policy_stage SET independent = 1
WHERE version = 1 AND procedure = 'corporate' AND stage = 2 AND independent = 0
  AND name = 'Stage 2: independent review' AND acknowledge_days = 3 AND respond_days = 20
  AND max_extension_days = 10 AND next_procedure = 'ombudsman' AND next_stage IS NULL
  AND (SELECT max(version) FROM policy_version) = 1;
