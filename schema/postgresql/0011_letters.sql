-- SPDX-License-Identifier: MIT
-- Letter templates as the council's own data (docs/letters.md): a template added here is used
-- instead of the shipped one of the same name. Templates are checked when added (they parse,
-- use only the values a letter has, and never print a value unescaped), so one stored here
-- always renders. A letter sent is recorded on its case as an audit event ('letter'), with the
-- template's name and the letter's SHA-256, not in a table of its own.
CREATE TABLE letter_template (
  name        TEXT PRIMARY KEY CHECK (length(name) > 0),
  description TEXT NOT NULL DEFAULT '',
  body        TEXT NOT NULL CHECK (length(body) > 0),
  added_at    TEXT NOT NULL,       -- UTC timestamp
  added_by    TEXT NOT NULL
);
