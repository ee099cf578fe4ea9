// SPDX-License-Identifier: MIT
#pragma once

#include <feedback/storage/database.hpp>

#include <string_view>

namespace feedback {

// Whether `column` of `table` holds personal data: any column of `person`, and the columns that
// hold free text an officer typed or a person's name (case_record.summary, sponsor_name, owner,
// redirected_to, external_ref, classified_by; case_event.officer; every column of event_text,
// the audit trail's free text; survey.reason; learning.owner; legal_hold.reason;
// case_legacy.outcome_text and resolution), and every column of equality_monitoring, which only
// its aggregate report may count. The list lives in the storage layer, beside the schema it names.
bool is_personal_column(std::string_view table, std::string_view column) noexcept;

// While alive, the connection refuses to read personal data (is_personal_column): a statement
// that tries fails to prepare, throwing Error, so that what is computed under the guard (the
// reports) cannot print it. Guards nest; the outermost ends the refusal.
class PersonalDataGuard
{
public:
  explicit PersonalDataGuard(Database& db);
  ~PersonalDataGuard();
  PersonalDataGuard(const PersonalDataGuard&) = delete;
  PersonalDataGuard& operator=(const PersonalDataGuard&) = delete;

private:
  Database& m_db;
};

} // namespace feedback
