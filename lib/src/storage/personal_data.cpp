// SPDX-License-Identifier: MIT
#include "storage/backend.hpp"

#include <feedback/storage/personal_data.hpp>

namespace feedback {

namespace {

struct PersonalColumns
{
  std::string_view table;
  std::initializer_list<std::string_view> columns; // empty: every column
};

// Columns that name or may name a person: the complainant's details, and the free text an
// officer types (a summary, a note, a reason) or the names of officers and sponsors.
const PersonalColumns k_personal[] = {
    {"person", {}},
    {"case_record",
     {"summary", "sponsor_name", "owner", "redirected_to", "external_ref", "classified_by"}},
    {"case_event", {"officer"}},
    {"event_text", {}},
    {"case_legacy", {"outcome_text", "resolution"}},
    {"case_stage", {"responded_by", "independence_override"}},
    {"case_extension", {"beyond_cap_reason"}},
    {"survey", {"reason"}},
    {"learning", {"owner"}},
    {"legal_hold", {"reason"}},
    {"equality_monitoring", {}},
    {"contact_restriction", {}},
    {"campaign", {"created_by"}},
};

} // namespace

bool
is_personal_column(std::string_view table, std::string_view column) noexcept
{
  for (const auto& entry : k_personal) {
    if (entry.table != table) {
      continue;
    }
    if (entry.columns.size() == 0) {
      return true;
    }
    for (const auto c : entry.columns) {
      if (c == column) {
        return true;
      }
    }
    return false;
  }
  return false;
}

// Guards nest (a report made of others guards each part and the whole): the refusal ends with
// the outermost guard of a connection.
PersonalDataGuard::PersonalDataGuard(Database& db) : m_db(db)
{
  auto& connection = detail::DatabaseAccess::connection(db);
  if (connection.personal_guards == 0) {
    connection.refuse_personal_reads();
  }
  ++connection.personal_guards;
}

PersonalDataGuard::~PersonalDataGuard()
{
  auto& connection = detail::DatabaseAccess::connection(m_db);
  if (--connection.personal_guards == 0) {
    connection.allow_personal_reads();
  }
}

} // namespace feedback
