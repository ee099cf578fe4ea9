// SPDX-License-Identifier: MIT
// Personal data duties (UK GDPR, as councils apply them; docs/privacy.md): legal holds,
// retention, finding a person's cases for officers, subject access exports and erasure. Every
// redaction is an event in the audit trail's hash chain. Nothing here is reachable from the
// reports.
#pragma once

#include <feedback/calendar/calendar.hpp>
#include <feedback/calendar/dates.hpp>
#include <feedback/cases/cases.hpp>
#include <feedback/storage/database.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace feedback {

// ---- legal holds ----

// Exempts the case from retention until released; records the reason in the trail. Throws
// Error(data_error) for an unknown case or one already held, Error(usage) for an empty reason.
void place_legal_hold(Database& db, std::string_view reference, std::string_view reason,
                      const Actor& actor);
// Ends the case's legal hold. Throws Error(data_error) if it has none.
void release_legal_hold(Database& db, std::string_view reference, std::string_view reason,
                        const Actor& actor);

// ---- retention ----

struct RetentionRequest
{
  Date as_of;
  bool dry_run = false;     // find and count, change nothing
  bool list_cases = false;  // keep the references redacted (for --verbose and --dry-run)
  std::size_t chunk = 5000; // cases per transaction, so that others wait for one chunk at most
};

// A case past its retention period that is kept, and why.
struct RetainedCase
{
  std::string reference;
  Date closed_on;
  std::string why; // "legal hold since 2026-01-05", "Ombudsman remedy due 2026-02-01 not done"
};

struct RetentionSummary
{
  int years = 0;
  Date cutoff;                                  // cases closed before this day are past retention
  std::int64_t redacted = 0;                    // (or would be, in a dry run)
  std::vector<std::string> redacted_references; // when asked for
  std::vector<RetainedCase> kept;
};

// Anonymises the people and the free text of every case closed more than the policy's
// retention_years before `as_of` (closed before the same day that many years earlier), except
// those under a legal hold or with an Ombudsman remedy not yet done. Each case is one audited
// redaction ('redacted' event, then its texts replaced); statistics do not change. Works in
// chunks of `chunk` cases, each its own transaction, so an interrupted run keeps what it did and
// the next goes on.
RetentionSummary run_retention(Database& db, const RetentionRequest& request, const Actor& actor);

// ---- people ----

// Who to look for: each given field must match, after normalising (normalise_* below).
struct PersonQuery
{
  std::optional<std::string> name;
  std::optional<std::string> email;
  std::optional<std::string> phone;
  std::optional<std::string> postcode;

  bool empty() const noexcept { return !name && !email && !phone && !postcode; }

  // Calls `each(field, value)` for each field given, in the order name, email, phone, postcode
  // (`field` is that word).
  template <class Each> void each_given(Each&& each) const
  {
    for (const auto& [field, value] :
         {std::pair{"name", &name}, std::pair{"email", &email}, std::pair{"phone", &phone},
          std::pair{"postcode", &postcode}}) {
      if (*value) {
        each(std::string_view(field), **value);
      }
    }
  }
};

// Normalised forms that matching compares. A name: lower case, full stops and commas dropped,
// spaces collapsed ("A.  Resident" -> "a resident"). An e-mail address: lower case, trimmed.
// A phone number: digits only, +44 or 0044 or a leading 44 of a 12-digit number made 0
// ("+44 7700 900123" -> "07700900123"). A postcode: upper case without spaces ("sw1a 1aa" ->
// "SW1A1AA").
std::string normalise_name(std::string_view name);
std::string normalise_email(std::string_view email);
std::string normalise_phone(std::string_view phone);
std::string normalise_postcode(std::string_view postcode);
// Whether `postcode` (normalised) is a UK postcode's shape (e.g. SW1A1AA, M11AE, B338TH).
bool is_postcode(std::string_view postcode) noexcept;
// The postcode at the end of an address ("10 Elm Row, Ashbury, AB1 2CD" -> "AB12CD"), or "".
std::string postcode_of_address(std::string_view address);

// One case of a person's.
struct PersonCase
{
  std::int64_t case_id = 0;
  std::string reference;
  CaseStatus status = CaseStatus::open;
  Date received;
  PersonalDetails person;
};

// The cases whose personal data matches every field of `query` (not those anonymised), oldest
// first. Throws Error(usage) for an empty query or a postcode that is not one.
std::vector<PersonCase> find_person(Database& db, const PersonQuery& query);

enum class ExportFormat
{
  json, // for systems: every case as `feedback-log show --format json` gives it, and more
  text, // a document an officer can send
};

// A subject access export: every case, event, survey and learning entry about the person,
// with the personal data, their legal holds and equality monitoring. The export is recorded on
// each case ('subject-access-export': who, when). Throws Error(data_error) when no case
// matches, and as find_person does.
std::string export_person(Database& db, const WorkingCalendar& calendar, const PersonQuery& query,
                          ExportFormat format, const Actor& actor);

struct EraseRequest
{
  PersonQuery who;
  std::string reason; // why (the request), recorded in the trail
  bool force = false; // erase even what the council would keep
};

struct EraseResult
{
  std::vector<std::string> erased;  // references redacted now
  std::vector<std::string> already; // references redacted before
  int restrictions = 0;             // contact restrictions naming the person, deleted
};

// Erasure on request: the same redaction as retention, for each of the person's cases, and
// their equality monitoring and the contact restrictions naming them deleted. Refused, naming the
// case and why, while a case of theirs is open, under a legal hold or with an Ombudsman remedy not
// yet done, unless forced (the reason says why). Throws Error(usage) without a reason,
// Error(data_error) when refused or no case matches; then nothing changes.
EraseResult erase_person(Database& db, const EraseRequest& request, const Actor& actor);

} // namespace feedback
