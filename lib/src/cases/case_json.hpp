// SPDX-License-Identifier: MIT
// Private to the library: the JSON of a case as a document, for what adds to it (a contact
// restriction on the case's person: contacts/restrictions.cpp).
#pragma once

#include <feedback/calendar/calendar.hpp>
#include <feedback/cases/cases.hpp>

#include <nlohmann/json.hpp>

#include <string>

namespace feedback::detail {

// The object case_to_json prints.
nlohmann::ordered_json case_json(const CaseView& view, const WorkingCalendar& calendar, Date as_of);

// `json` as case_to_json prints it: indented by two, invalid UTF-8 replaced, a final line break.
inline std::string
dump_case_json(const nlohmann::ordered_json& json)
{
  return json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

} // namespace feedback::detail
