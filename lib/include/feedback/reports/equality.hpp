// SPDX-License-Identifier: MIT
// The equality monitoring report: cases received in a period by each protected characteristic's
// categories, counts below 5 suppressed (feedback/privacy/equality.hpp says how).
#pragma once

#include <feedback/calendar/dates.hpp>
#include <feedback/storage/database.hpp>
#include <feedback/util/output.hpp>

#include <string>

namespace feedback {

// Columns: characteristic, category, cases. For each characteristic every category is listed
// (so that no row's absence tells anything), then prefer-not-to-say and the total of cases with
// that characteristic recorded. A count is a number, "<5", or "suppressed" (a total that would
// reveal a suppressed count). Read under a PersonalDataGuard: nothing but counts is read.
// Format::table ends with a line saying so.
std::string equality_report(Database& db, Date from, Date to, Format format);

} // namespace feedback
