// SPDX-License-Identifier: MIT
// Policy as text for people.
#include <feedback/policy/render.hpp>
#include <feedback/util/output.hpp>

#include <fmt/format.h>

#include <string_view>
#include <vector>

namespace feedback {

namespace {

// A number of days, or `none` aligned like a number (only tables are printed from these).
Cell
days_cell(const std::optional<int>& days, std::string_view none)
{
  if (days) {
    return Cell(*days);
  }
  Cell cell(none);
  cell.number = true;
  return cell;
}

// Where a customer still dissatisfied after `stage` goes, in words.
std::string
next_text(const ProcedurePolicy& proc, const StagePolicy& stage)
{
  if (stage.next_procedure == "ombudsman") {
    return "ombudsman";
  }
  if (stage.next_procedure) {
    return fmt::format("{} stage {}", *stage.next_procedure, stage.next_stage.value_or(1));
  }
  const int next = stage.next_stage.value_or(stage.stage + 1);
  return proc.stage(next) != nullptr ? fmt::format("stage {}", next) : "-";
}

std::string
words_text(const std::vector<std::string>& words)
{
  std::string out;
  for (const auto& w : words) {
    out += (out.empty() ? "" : ",") + w;
  }
  return out.empty() ? "any" : out;
}

} // namespace

std::string
render_policy(const Policy& p)
{
  std::string out = fmt::format("policy version {}\n", p.version);
  auto section = [&out](std::string_view title, const std::vector<std::string>& columns,
                        const std::vector<Row>& rows) {
    out += fmt::format("\n{}\n", title);
    out += rows.empty() ? std::string("(none)\n") : render(Format::table, columns, rows);
  };

  std::vector<Row> rows;
  for (const auto& proc : p.procedures) {
    rows.push_back({proc.code, proc.name, fmt::format("{}%", proc.target_percent),
                    days_cell(proc.escalation_window_days, "-")});
  }
  section("procedures", {"procedure", "name", "target", "escalation_window"}, rows);

  rows.clear();
  for (const auto& proc : p.procedures) {
    for (const auto& s : proc.stages) {
      rows.push_back({proc.code, s.stage, s.name, days_cell(s.acknowledge_days, "-"),
                      s.respond_days, days_cell(s.max_extension_days, "as agreed"),
                      next_text(proc, s)});
    }
  }
  section("stages (working days)",
          {"procedure", "stage", "name", "acknowledge", "respond", "max_extension", "next"}, rows);

  rows.clear();
  for (const auto& t : p.types) {
    rows.push_back({t.type, Cell(t.procedure.value_or("-")), days_cell(t.acknowledge_days, "-"),
                    days_cell(t.respond_days, "-")});
  }
  section("types", {"type", "procedure", "acknowledge", "respond"}, rows);

  rows.clear();
  for (const auto& o : p.service_overrides) {
    rows.push_back({o.service, o.procedure, o.stage, o.respond_days});
  }
  section("service overrides", {"service", "procedure", "stage", "respond"}, rows);

  rows.clear();
  for (const auto& step : p.ladder) {
    rows.push_back({step.level, step.days_overdue, step.notify});
  }
  section("escalation ladder (negative: due within that many days)",
          {"level", "days_overdue", "notify"}, rows);

  rows.clear();
  for (std::size_t i = 0; i < p.rules.size(); ++i) {
    const auto& r = p.rules[i];
    rows.push_back({static_cast<int>(i) + 1, r.name, words_text(r.sponsors),
                    Cell(r.info_request ? (*r.info_request ? "yes" : "no") : "any"),
                    words_text(r.types), Cell(r.set_type.value_or("-")),
                    Cell(r.set_procedure.value_or("-"))});
  }
  section("classification rules (first match decides)",
          {"#", "name", "sponsors", "info_request", "types", "set_type", "set_procedure"}, rows);

  rows.clear();
  for (const auto& [key, value] : p.settings) {
    rows.push_back({key, static_cast<long long>(value)});
  }
  section("settings", {"key", "value"}, rows);
  return out;
}

} // namespace feedback
