// SPDX-License-Identifier: MIT
// Correcting a case's facts and reorganising services (docs/rules.md, Correcting and
// reorganising). Each correction is an audit event with the old and the new value, except that
// personal data (the person's details, the summary, a sponsor's name) is never written into the
// trail: its event says which field changed, and that the values are not recorded.
#pragma once

#include <feedback/calendar/dates.hpp>
#include <feedback/cases/cases.hpp>
#include <feedback/storage/database.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace feedback {

// What to change; a field left nullopt is kept. For the fields a case may lack (service,
// sponsor, sponsor name, the person's details and preferred format) an empty string removes
// the value.
struct CaseEdit
{
  std::optional<std::string> service;
  std::optional<Date> received;
  std::string received_at; // as given (date or date-time), with `received`
  std::optional<std::string> summary;
  std::optional<std::string> channel;
  std::optional<std::string> name;
  std::optional<std::string> email;
  std::optional<std::string> phone;
  std::optional<std::string> address;
  std::optional<std::string> preferred_format;
  std::optional<std::string> sponsor; // councillor, mp, chief-executive; "" or "none": no sponsor
  std::optional<std::string> sponsor_name;
  std::optional<std::string> type; // the type of contact, as `classify` changes it

  bool empty() const noexcept
  {
    return !service && !received && !summary && !channel && !name && !email && !phone && !address &&
           !preferred_format && !sponsor && !sponsor_name && !type;
  }
};

// One field that an edit changed. `from` and `to` are nullopt for personal data (and for a
// value the case did not have, or no longer has).
struct EditedField
{
  std::string field; // "service", "received", "summary", ..., as the event's kind says
  std::optional<std::string> from;
  std::optional<std::string> to;
  bool personal = false;
};

// Changes the facts of case `reference` in one transaction and returns what changed, in the
// order of CaseEdit's fields; deadlines follow, as they are derived from the facts. A received
// date moves the start of the case's first stage with it (when it started on receipt). Each
// change is one event of kind "edited" whose detail names the field. Throws Error(data_error),
// the case unchanged, for an unknown case or word, an unknown or retired service, a received
// date after today or after anything that happened on the case (its acknowledgement, response,
// a hold, an extension, a later stage, its closure: the message names it and its date), a
// personal detail (or summary, or sponsor's name) of a case that was redacted, a sponsor's name
// without a sponsor, and when nothing would change; Error(usage) for an empty summary or channel.
std::vector<EditedField> edit_case(Database& db, std::string_view reference, const CaseEdit& edit,
                                   const Actor& actor);

// ---- services ----

// A change to a service, as service_event keeps it.
struct ServiceEvent
{
  std::string service;
  std::string at;
  Date on;
  std::string officer;
  std::string kind; // renamed, moved, retired, merged
  std::optional<std::string> from;
  std::optional<std::string> to;
};

// Gives service `code` a new name. Throws Error(data_error) for an unknown service or the name
// it has, Error(usage) for an empty name.
void rename_service(Database& db, std::string_view code, std::string_view name, const Actor& actor);

// Moves service `code` to `directorate`. Throws as rename_service does.
void move_service(Database& db, std::string_view code, std::string_view directorate,
                  const Actor& actor);

// Retires service `code` on `actor.today`: it takes no new cases (nor cases moved to it by an
// edit), and its cases keep naming it. Throws Error(data_error) for an unknown service or one
// retired already.
void retire_service(Database& db, std::string_view code, const Actor& actor);

// Moves every case of service `from` to service `into` (each case gets an event
// "service-merged" with the old and new codes) and retires `from`, naming `into`. Returns how many
// cases moved. Throws Error(data_error) for an unknown service, `into` retired, or `from` equal to
// `into`.
std::int64_t merge_service(Database& db, std::string_view from, std::string_view into,
                           const Actor& actor);

// The changes made to service `code`, oldest first.
std::vector<ServiceEvent> service_history(Database& db, std::string_view code);

} // namespace feedback
