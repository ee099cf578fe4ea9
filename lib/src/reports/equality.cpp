// SPDX-License-Identifier: MIT
#include "storage/privacy_store.hpp"

#include <feedback/privacy/equality.hpp>
#include <feedback/reports/equality.hpp>
#include <feedback/storage/personal_data.hpp>

namespace feedback {

namespace {

Cell
count_cell(const std::optional<std::int64_t>& value, bool small)
{
  if (value) {
    return Cell(static_cast<long long>(*value));
  }
  return Cell(small ? "<5" : "suppressed");
}

} // namespace

std::string
equality_report(Database& db, Date from, Date to, Format format)
{
  PersonalDataGuard guard(db);
  const auto counts = detail::count_equality(db, format_date(from), format_date(to));
  std::vector<Row> rows;
  for (const auto& c : equality_characteristics()) {
    std::vector<std::string> names(c.categories.begin(), c.categories.end());
    names.emplace_back(k_prefer_not_to_say);
    std::vector<std::int64_t> line;
    std::int64_t listed = 0;
    for (const auto& name : names) {
      const auto it = counts.find({std::string(c.name), name});
      line.push_back(it == counts.end() ? 0 : it->second);
      listed += line.back();
    }
    // Categories no longer on the list (recorded by an older version) count together.
    std::int64_t unlisted = 0;
    for (const auto& [key, n] : counts) {
      if (key.first == c.name) {
        unlisted += n;
      }
    }
    unlisted -= listed;
    if (unlisted > 0) {
      names.emplace_back("unlisted");
      line.push_back(unlisted);
    }
    const auto suppressed = suppress_small_counts(line);
    for (std::size_t i = 0; i < names.size(); ++i) {
      rows.push_back({std::string(c.name), names[i], count_cell(suppressed.cells[i], true)});
    }
    rows.push_back(
        {std::string(c.name), "total", count_cell(suppressed.total, suppressed.total_small)});
  }
  auto out = render(format, {"characteristic", "category", "cases"}, rows);
  if (format == Format::table) {
    out += "Counts below 5 are shown as <5; a total that would reveal one is suppressed.\n";
  }
  return out;
}

} // namespace feedback
