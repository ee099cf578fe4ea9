// SPDX-License-Identifier: MIT
// Cases as text: one case whole for people (show) and as JSON for scripts (show --format
// json); the case list for people and for scripts (list). Only text comes back: the program
// prints it, and decides whether colour is wanted.
#pragma once

#include <feedback/calendar/calendar.hpp>
#include <feedback/calendar/dates.hpp>
#include <feedback/cases/cases.hpp>
#include <feedback/util/output.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace feedback {

// The whole case for people: facts, flags, the current stage with its deadlines as of `as_of`
// (how many working days left or overdue), earlier stages, personal data, learning, surveys and
// the timeline, within 100 columns (a long note wraps under its column). With Colour::on,
// what is overdue is red.
std::string render_case(const CaseView& view, const WorkingCalendar& calendar, Date as_of,
                        Colour colour);

// The case as the JSON object scripts rely on (snake_case keys, ISO dates, null when absent),
// ending in a newline.
std::string case_to_json(const CaseView& view, const WorkingCalendar& calendar, Date as_of);

// The columns of the list for scripts, in order.
const std::vector<std::string>& case_list_columns();

// The case list. Format::table is for people, in 100 columns: reference, type, procedure and
// stage, service, `due` (the nearest pending deadline, "ack" when it is the acknowledgement,
// else the status) and `over` (its working days overdue, negative for days left, or "held"),
// then the summary cut with "…"; with Colour::on overdue rows are red. Format::csv and
// Format::json are for scripts: every column of case_list_columns(). Personal data is in
// neither, by design.
std::string render_case_list(const std::vector<CaseRow>& cases, Format format, Colour colour);

// The case list as render_case_list() writes it, handed to `sink` a piece at a time as rows are
// added, so that a list of any length costs memory for a few rows: CSV, JSON and Markdown row by
// row; the table for people within `width` columns (at least 40), its columns sized from the
// first 1,000 rows (later rows are cut to them), then written 256 rows at a time.
class CaseListWriter
{
public:
  CaseListWriter(Format format, Colour colour, std::size_t width, TextSink sink);
  ~CaseListWriter();
  CaseListWriter(const CaseListWriter&) = delete;
  CaseListWriter& operator=(const CaseListWriter&) = delete;

  void add(const CaseRow& row);
  // Writes what is held and the end. Call it once, after the last row.
  void finish();

private:
  struct Table;
  Colour m_colour;
  TextSink m_sink;
  std::unique_ptr<RowStream> m_stream;
  std::unique_ptr<Table> m_table;
};

} // namespace feedback
