// SPDX-License-Identifier: MIT
// Escalation as text: the answer to a stage request, the nightly run's steps and the overdue
// lists (whole, or grouped by service or owner for the weekly mail).
#pragma once

#include <feedback/cases/cases.hpp>
#include <feedback/escalation/escalation.hpp>
#include <feedback/util/output.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace feedback {

// The answer to a stage request for the officer to pass on: "FB-2026-000042: corporate stage
// 2, acknowledge by 2026-11-25, respond by 2026-12-17", with the deadlines the new (current)
// stage of `view` has; `to` is what escalate_stage returned.
std::string render_stage_escalated(const CaseView& view, std::string_view to);

// The steps a nightly run recorded, one row each (reached_on, reference, service, owner,
// deadline, level, notify, due). A table with no steps is empty, not a header alone, so that
// cron mails nothing; CSV and JSON always have their header or brackets.
std::string render_escalation_steps(const std::vector<EscalationAction>& steps, Format format);

// How an overdue list is grouped.
enum class OverdueGrouping
{
  none,
  service,
  owner
};

// The grouping named "service" or "owner", or nullopt.
std::optional<OverdueGrouping> parse_overdue_grouping(std::string_view name) noexcept;

// The rows of an overdue list that share a service or an owner; `key` is nullopt for the cases
// with none yet.
struct OverdueGroup
{
  std::optional<std::string> key;
  std::vector<DeadlineRow> rows;
};

// `rows` by group: named groups in order of name, then the cases with no service or owner (an
// empty one counts as none); within a group, in the order given. With OverdueGrouping::none,
// one group holding every row.
std::vector<OverdueGroup> group_overdue(const std::vector<DeadlineRow>& rows, OverdueGrouping by);

// The group's name as people and file names see it: its key, or "unassigned".
std::string_view overdue_group_name(const OverdueGroup& group) noexcept;

// An overdue list: reference, service, owner, procedure, stage, deadline, due,
// working_days_overdue, level and sponsor, one row per pending deadline, in the order given.
std::string render_overdue(const std::vector<DeadlineRow>& rows, Format format);

class TextTable;

// An overdue list written to `sink` as rows are added, exactly as render_overdue() writes it:
// CSV and JSON row by row, so that the whole council's list holds no rows; Markdown (which
// right-aligns a column of numbers only when every row has numbers there) and the table (sized
// from every row) hold them and write them at finish(). Call finish() once, after the last row.
class OverdueWriter
{
public:
  OverdueWriter(Format format, TextSink sink);
  ~OverdueWriter();
  OverdueWriter(const OverdueWriter&) = delete;
  OverdueWriter& operator=(const OverdueWriter&) = delete;

  void add(const DeadlineRow& row);
  void finish();

private:
  TextSink m_sink;
  RowStream m_stream;
  Row m_row;
  std::unique_ptr<TextTable> m_table; // Format::table only
};

// Grouped overdue lists. A table gives each group a heading ("service HWY: 2 deadlines") and
// its own table, a blank line between groups; CSV and JSON are one document with the rows in
// group order, for a script to group by the column itself.
std::string render_overdue_groups(const std::vector<OverdueGroup>& groups, OverdueGrouping by,
                                  Format format);

} // namespace feedback
