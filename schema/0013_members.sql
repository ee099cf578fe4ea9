-- SPDX-License-Identifier: MIT
-- Campaigns and contact restrictions (issue 12: members, campaigns and difficult contacts).

-- A coordinated campaign: near-identical complaints grouped so that they are answered once.
-- A case belongs to at most one campaign.
CREATE TABLE campaign (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
  service    TEXT REFERENCES service (code),
  created_on TEXT NOT NULL CHECK (created_on = date(created_on)),
  created_by TEXT NOT NULL
) STRICT;

CREATE TABLE campaign_case (
  campaign_id INTEGER NOT NULL REFERENCES campaign (id),
  case_id     INTEGER PRIMARY KEY REFERENCES case_record (id),
  added_on    TEXT NOT NULL CHECK (added_on = date(added_on))
) STRICT;
CREATE INDEX campaign_case_campaign ON campaign_case (campaign_id, case_id);

-- A restriction of contact with a person (unreasonable or persistent behaviour, under the
-- council's policy). The person is whoever's personal data matches every identifying field
-- given, normalised as `person find` normalises them (so it is personal data too, and an
-- erasure must remove it); it shows on each of their cases, past and future.
CREATE TABLE contact_restriction (
  id         INTEGER PRIMARY KEY,
  name       TEXT CHECK (length(name) > 0),
  email      TEXT CHECK (length(email) > 0),
  phone      TEXT CHECK (length(phone) > 0),
  postcode   TEXT CHECK (length(postcode) > 0),
  reason     TEXT NOT NULL CHECK (length(reason) > 0),
  restricts  TEXT NOT NULL CHECK (length(restricts) > 0), -- what is restricted, in words
  review_on  TEXT NOT NULL CHECK (review_on = date(review_on)),
  made_on    TEXT NOT NULL CHECK (made_on = date(made_on)),
  made_by    TEXT NOT NULL,
  ended_on   TEXT CHECK (ended_on = date(ended_on)),
  ended_by   TEXT,
  end_reason TEXT,
  CHECK (name IS NOT NULL OR email IS NOT NULL OR phone IS NOT NULL OR postcode IS NOT NULL),
  CHECK ((ended_on IS NULL) = (ended_by IS NULL))
) STRICT;
CREATE INDEX contact_restriction_review ON contact_restriction (review_on) WHERE ended_on IS NULL;
