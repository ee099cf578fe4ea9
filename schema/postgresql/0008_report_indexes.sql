-- SPDX-License-Identifier: MIT
-- Reports (docs/reports.md): what they look for among a million cases is found by a few small
-- partial indexes instead of a scan of every case or every audit event. Each holds only the
-- rows it names, so recording a case costs nothing more unless it is one of them.

-- Cases without a type: the data-quality report counts those unclassified at the end of each
-- period, from all the history before it.
CREATE INDEX case_unclassified ON case_record (received) WHERE type IS NULL;

-- Changes of type (the outcomes report's reclassifications, data quality's "filed as service
-- request") and first classifications of a contact received unclassified.
CREATE INDEX case_event_reclassified ON case_event (on_date) WHERE kind = 'reclassified';
CREATE INDEX case_event_first_classified ON case_event (on_date)
  WHERE kind = 'classified' AND from_value = 'unclassified';
