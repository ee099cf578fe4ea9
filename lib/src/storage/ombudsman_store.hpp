// SPDX-License-Identifier: MIT
// Private to the library: the statements behind a case's Ombudsman phase and its remedies.
#pragma once

#include <feedback/calendar/dates.hpp>
#include <feedback/cases/cases.hpp>
#include <feedback/storage/database.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace feedback::detail {

struct OmbudsmanRecord
{
  std::string their_ref;
  Date opened_on;
  std::optional<std::string> decision;
  std::optional<Date> decided_on;
  std::string origin = {};
};

// The Ombudsman phase of `case_id`, or nullopt.
std::optional<OmbudsmanRecord> find_ombudsman(Database& db, std::int64_t case_id);
// `origin`: after-response, premature or not-logged (schema/0009).
void insert_ombudsman(Database& db, std::int64_t case_id, std::string_view their_ref, Date on,
                      std::string_view origin);
void set_ombudsman_decision(Database& db, std::int64_t case_id, std::string_view decision, Date on);

struct RemedyRecord
{
  std::string kind;
  Date agreed_on;
  std::optional<Date> done_on;
};

// Returns the remedy's id.
std::int64_t insert_remedy(Database& db, std::int64_t case_id, std::string_view kind,
                           std::optional<std::int64_t> amount_pence, Date due, Date agreed_on);
// Remedy `remedy_id` of `case_id`, or nullopt.
std::optional<RemedyRecord> find_remedy(Database& db, std::int64_t case_id, std::int64_t remedy_id);
void set_remedy_done(Database& db, std::int64_t remedy_id, Date on);

// The same writes for an import, which makes one phase and its remedies per case: each statement
// prepared once, on its first use (preparing one per row was a fifth of a grouped import). The
// free functions above are these, for one write.
class OmbudsmanWriter
{
public:
  explicit OmbudsmanWriter(Database& db) : m_db(db) {}
  void insert(std::int64_t case_id, std::string_view their_ref, Date on, std::string_view origin);
  void set_decision(std::int64_t case_id, std::string_view decision, Date on);
  std::int64_t insert_remedy(std::int64_t case_id, std::string_view kind,
                             std::optional<std::int64_t> amount_pence, Date due, Date agreed_on);
  void set_remedy_done(std::int64_t remedy_id, Date on);

private:
  Statement& prepared(std::unique_ptr<Statement>& slot, std::string_view sql);

  Database& m_db;
  std::unique_ptr<Statement> m_insert;
  std::unique_ptr<Statement> m_decision;
  std::unique_ptr<Statement> m_remedy;
  std::unique_ptr<Statement> m_done;
};

// A newer export's reference and opening day of the Ombudsman phase of `case_id`.
void update_ombudsman(Database& db, std::int64_t case_id, std::string_view their_ref, Date on);

// The remedies of `case_id`, in the order they were agreed.
std::vector<RemedyView> list_remedies(Database& db, std::int64_t case_id);

} // namespace feedback::detail
