// SPDX-License-Identifier: MIT
// Private to the library: the statements behind the personal-data duties (privacy/): legal
// holds, retention's candidates, redaction, finding a person's cases, equality monitoring.
// The rules (what may be redacted, when) are privacy/'s.
#pragma once

#include "storage/case_writer.hpp"

#include <feedback/calendar/dates.hpp>
#include <feedback/cases/cases.hpp>
#include <feedback/storage/database.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace feedback::detail {

// ---- legal holds ----

struct StoredLegalHold
{
  std::int64_t id = 0;
  Date placed_on;
  std::string reason;
};

// The legal hold in force on `case_id`, or nullopt.
std::optional<StoredLegalHold> legal_hold_in_force(Database& db, std::int64_t case_id);
// Every legal hold of `case_id`, oldest first.
struct LegalHoldRecord
{
  Date placed_on;
  std::optional<Date> released_on;
  std::string reason;
};
std::vector<LegalHoldRecord> load_legal_holds(Database& db, std::int64_t case_id);
void insert_legal_hold(Database& db, std::int64_t case_id, Date on, std::string_view reason);
void release_legal_hold(Database& db, std::int64_t hold_id, Date on);

// The earliest due day of the case's Ombudsman remedies not yet done, or nullopt.
std::optional<Date> open_remedy_due(Database& db, std::int64_t case_id);

// ---- retention ----

// A closed case past its retention period, not yet redacted, and what may keep it.
struct RetentionCandidate
{
  std::int64_t case_id = 0;
  std::string reference;
  Date closed_on;
  std::optional<Date> held_since;      // a legal hold in force since then
  std::optional<Date> open_remedy_due; // the earliest Ombudsman remedy not yet done
};

// Up to `limit` cases closed before `cutoff` and not yet redacted, with ids above `after_id`,
// in id order.
std::vector<RetentionCandidate> retention_candidates(Database& db, Date cutoff,
                                                     std::int64_t after_id, std::size_t limit);

// Why a case's personal data was redacted.
enum class RedactionReason
{
  retention,
  erasure,
};

// Redacts the personal data and free text of many cases at once, in the caller's transaction:
// for each case of `cases`, a 'redacted' event (its `detail` the officer's reason, if any)
// joins the chain, then the person's details, the case's summary, sponsor name, external
// reference and redirection, the texts of its earlier events, its hold, extension, survey and
// legal-hold reasons are replaced, and the redaction is recorded (case_redaction). With
// RedactionReason::erasure the case's equality monitoring is deleted too. The events do not
// change the cases' last activity: a redaction is no work on the case.
void redact_cases(Database& db, const std::vector<std::int64_t>& cases, RedactionReason why,
                  const Actor& actor, std::string_view detail);

// Whether `case_id` has been redacted, and how.
std::optional<RedactionReason> case_redaction(Database& db, std::int64_t case_id);

// ---- people ----

struct StoredPersonCase
{
  std::int64_t case_id = 0;
  std::string reference;
  CaseStatus status = CaseStatus::open;
  Date received;
  PersonalDetails person;
};

// Calls `each` for every case with personal data not anonymised, in id order.
void each_person(Database& db, const std::function<void(const StoredPersonCase&)>& each);

// An audit event on `case_id` (a subject access export and the like) that is no work on the
// case: its last activity is left alone.
void record_privacy_event(Database& db, std::int64_t case_id, const Actor& actor,
                          std::string_view kind, std::optional<std::string_view> to,
                          std::string_view detail);

// ---- equality monitoring ----

// Sets (or replaces) the case's category for `characteristic`.
void set_equality(Database& db, std::int64_t case_id, std::string_view characteristic,
                  std::string_view category);
// The case's categories by characteristic.
std::map<std::string, std::string> load_equality(Database& db, std::int64_t case_id);

// For cases received from `from` to `to` (ISO dates): the number with each (characteristic,
// category) recorded. Only counts leave the storage layer: the statement may read
// equality_monitoring under a PersonalDataGuard because it returns nothing else.
std::map<std::pair<std::string, std::string>, std::int64_t>
count_equality(Database& db, std::string_view from, std::string_view to);

} // namespace feedback::detail
