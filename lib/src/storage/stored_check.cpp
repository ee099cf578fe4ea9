// SPDX-License-Identifier: MIT
#include "storage/stored_check.hpp"

#include "storage/stored_values.hpp"

#include <fmt/core.h>

#include <array>
#include <string>
#include <string_view>

namespace feedback::detail {

namespace {

// How a table's row leads to its case's reference (NULL where it has none).
constexpr std::string_view k_own = "t.reference";
constexpr std::string_view k_by_case = "(SELECT reference FROM case_record WHERE id = t.case_id)";
constexpr std::string_view k_by_stage =
    "(SELECT c.reference FROM case_stage s JOIN case_record c ON c.id = s.case_id "
    "WHERE s.id = t.stage_id)";
constexpr std::string_view k_none = "NULL";

struct DateColumn
{
  std::string_view table;
  std::string_view column;
  std::string_view reference;
};

// Every date column of the schema (its CHECK (x = date(x)) columns).
constexpr std::array k_date_columns{
    DateColumn{"case_record", "received", k_own},
    DateColumn{"case_record", "sponsor_updated", k_own},
    DateColumn{"case_record", "closed_on", k_own},
    DateColumn{"case_record", "last_activity", k_own},
    DateColumn{"case_stage", "started", k_by_case},
    DateColumn{"case_stage", "acknowledged", k_by_case},
    DateColumn{"case_stage", "responded", k_by_case},
    DateColumn{"case_stage", "ended", k_by_case},
    DateColumn{"case_hold", "held_on", k_by_stage},
    DateColumn{"case_hold", "resumed_on", k_by_stage},
    DateColumn{"case_extension", "granted_on", k_by_stage},
    DateColumn{"case_extension", "customer_told_on", k_by_stage},
    DateColumn{"case_event", "on_date", k_by_case},
    DateColumn{"case_redaction", "on_date", k_by_case},
    DateColumn{"case_legacy", "due", k_by_case},
    DateColumn{"learning", "recorded_on", k_by_case},
    DateColumn{"learning", "due", k_by_case},
    DateColumn{"learning", "done_on", k_by_case},
    DateColumn{"survey", "sent_on", k_by_case},
    DateColumn{"survey", "returned_on", k_by_case},
    DateColumn{"escalation_step", "due", k_by_case},
    DateColumn{"escalation_step", "reached_on", k_by_case},
    DateColumn{"escalation_step", "run_as_of", k_by_case},
    DateColumn{"ombudsman_case", "opened_on", k_by_case},
    DateColumn{"ombudsman_case", "decided_on", k_by_case},
    DateColumn{"remedy", "due", k_by_case},
    DateColumn{"remedy", "agreed_on", k_by_case},
    DateColumn{"remedy", "done_on", k_by_case},
    DateColumn{"legal_hold", "placed_on", k_by_case},
    DateColumn{"legal_hold", "released_on", k_by_case},
    DateColumn{"bank_holiday", "day", k_none},
    DateColumn{"closure_day", "day", k_none},
};

bool
has_column(Database& db, std::string_view table, std::string_view column)
{
  Statement st(db, "SELECT count(*) FROM pragma_table_info(?1) WHERE name = ?2");
  st.bind(1, table).bind(2, column);
  return st.step() && st.column_int(0) > 0;
}

} // namespace

void
check_stored_dates(Database& db, CheckResult& result)
{
  const auto first = fmt::format("{:04}-01-01", k_first_calendar_year);
  const auto last = fmt::format("{:04}-12-31", k_last_calendar_year);
  int bad = 0;
  for (const auto& c : k_date_columns) {
    if (!has_column(db, c.table, c.column)) {
      continue; // a database checked before its migration
    }
    // Only the constant names above are formatted in; the range is bound. The WHERE clause
    // lets SQLite pass over the good rows; is_stored_date has the last word on each it keeps.
    Statement st(db, fmt::format("SELECT t.rowid, {2}, t.{1} FROM {0} t WHERE t.{1} IS NOT NULL "
                                 "AND (t.{1} < ?1 OR t.{1} > ?2 OR t.{1} IS NOT date(t.{1}))",
                                 c.table, c.column, c.reference));
    st.bind(1, first).bind(2, last);
    while (st.step()) {
      const auto value = st.column_text(2).value_or("");
      if (is_stored_date(value)) {
        continue;
      }
      ++bad;
      const auto reference = st.column_text(1);
      result.lines.push_back(fmt::format(
          "stored date: {}.{} row {}{}: '{}' is not a date from {} to {}", c.table, c.column,
          st.column_int64(0), reference ? " (" + *reference + ")" : "", value, first, last));
    }
  }
  if (bad == 0) {
    result.lines.push_back("stored dates: ok");
  } else {
    result.ok = false;
  }
}

} // namespace feedback::detail
