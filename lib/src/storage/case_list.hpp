// SPDX-License-Identifier: MIT
// Private to the library: the statement family behind a list of cases.
#pragma once

#include "storage/case_store.hpp"

#include <feedback/cases/cases.hpp>
#include <feedback/cases/deadlines.hpp>
#include <feedback/storage/database.hpp>

#include <string>

namespace feedback::detail {

// The cases `filter` asks for, by date received then id, read one at a time (a list costs
// what it shows, not what the database holds). The overdue filter is the caller's: it needs
// the deadlines; so is the limit then.
class CaseListReader
{
public:
  CaseListReader(Database& db, const ListFilter& filter);

  // Fills the stored columns of `row` with the next case and, unless the case is closed, `times`
  // and `progress` with its current stage's (`times` is reused); false at the end. A case with a
  // bad stored value is read as far as its reference and `problem` says what is wrong (else it
  // is left empty): the caller skips it.
  bool next(CaseRow& row, StageTimes& times, StageProgress& progress, std::string& problem);

private:
  void read_row(CaseRow& row, StageTimes& times, StageProgress& progress);

  Statement m_cases;
  StageTimesReader m_times;
};

} // namespace feedback::detail
