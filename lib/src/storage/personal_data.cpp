// SPDX-License-Identifier: MIT
#include <feedback/storage/personal_data.hpp>

#include <sqlite3.h>

#include <unordered_map>

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
    {"case_event", {"officer", "detail"}},
    {"survey", {"reason"}},
    {"learning", {"owner"}},
};

int
refuse_personal(void*, int action, const char* table, const char* column, const char*, const char*)
{
  if (action == SQLITE_READ && table != nullptr &&
      is_personal_column(table, column != nullptr ? column : "")) {
    return SQLITE_DENY;
  }
  return SQLITE_OK;
}

// Guards nest (a report made of others guards each part and the whole): the authorizer is
// removed when the outermost guard of a connection ends.
thread_local std::unordered_map<sqlite3*, int> t_guard_depth;

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

PersonalDataGuard::PersonalDataGuard(Database& db) : m_db(db)
{
  if (t_guard_depth[db.handle()]++ > 0) {
    return;
  }
  const int rc = sqlite3_set_authorizer(db.handle(), refuse_personal, nullptr);
  if (rc != SQLITE_OK) {
    t_guard_depth.erase(db.handle());
    db.fail(rc, "cannot guard personal data");
  }
}

PersonalDataGuard::~PersonalDataGuard()
{
  const auto it = t_guard_depth.find(m_db.handle());
  if (it != t_guard_depth.end() && --it->second == 0) {
    t_guard_depth.erase(it);
    sqlite3_set_authorizer(m_db.handle(), nullptr, nullptr);
  }
}

} // namespace feedback
