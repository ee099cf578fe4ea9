// SPDX-License-Identifier: MIT
// What a report counts by and which cases it counts: the dimensions of `--by` and the filters
// every report takes (docs/reports.md, "Dimensions and filters"). The values of each dimension
// and the names people see for them come from one place, the Catalogue in reports/ (the policy
// in force with its vocabularies, the program's fixed words and the configured services).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace feedback {

// A way to group the figures of a report.
enum class Dimension
{
  type,           // the case's type now; "unclassified" when it has none
  classification, // like type, with the unclassified split: "undetermined" (still open,
                  // awaiting classification) and "blank" (closed without ever having a type)
  channel,
  channel_group, // digital or non-digital
  service,
  directorate, // the service's directorate
  procedure,   // a case's: the procedure it was received under (its first stage's); a stage's
  stage,       // a procedure stage (two key columns: procedure, stage)
  sponsor,     // councillor, mp, chief-executive, or none
  outcome,     // upheld, partially-upheld, not-upheld; withdrawn, resolved-informally, redirected
  area,        // the complaint areas a stage response names (outcomes only)
  tag,         // a tag of the case: a case counts once under each of its tags
  sub_type,    // the case's sub-type; none for a case without one
  month,       // the calendar month (YYYY-MM) of what is counted
};

// The names on the command line: `type`, `classification`, `channel`, `channel-group`,
// `service`, `directorate`, `procedure`, `stage`, `sponsor`, `outcome`, `area`, `tag`,
// `sub-type`, `month`.
std::optional<Dimension> parse_dimension(std::string_view name) noexcept;
std::string_view dimension_name(Dimension d) noexcept;
// Every name, "a, b or c", for messages.
std::string dimension_names();

// Which cases a report counts: each list holds the values allowed (any of them); an empty list
// allows every value. Values are those of the dimension of the same name, plus:
// - types: also "unclassified" (undetermined and blank), "undetermined" and "blank";
// - channels: also "digital" and "non-digital" (the channels of that group);
// - services, directorates, procedures and sponsors: also "none" (cases without one).
// Nothing here selects by a person: a report never reads personal data.
struct ReportFilter
{
  std::vector<std::string> types;
  std::vector<std::string> services;
  std::vector<std::string> directorates;
  std::vector<std::string> procedures;
  std::vector<int> stages;
  std::vector<std::string> channels;
  std::vector<std::string> sponsors;

  bool empty() const noexcept
  {
    return types.empty() && services.empty() && directorates.empty() && procedures.empty() &&
           stages.empty() && channels.empty() && sponsors.empty();
  }
};

// What a share is a share of: the total of its row, of its column, or of the whole table of
// its period.
enum class ShareOf
{
  none,
  total,
  row,
  column
};

// `total`, `row` or `column`.
std::optional<ShareOf> parse_share(std::string_view name) noexcept;

// What a change is worked out on: the previous period (each period on the one before it), or
// the first period shown (each later period on it: "247 % over five years").
enum class ChangeFrom
{
  previous,
  first
};

// `previous` or `first`.
std::optional<ChangeFrom> parse_change_from(std::string_view name) noexcept;

} // namespace feedback
