// SPDX-License-Identifier: MIT
// libFuzzer harness: the importer's JSON reader, JSON Lines and JSON arrays. The first byte
// picks the format (JSON Lines, a top-level array, an array under "data", under "a.b") and the
// size of the pieces the input arrives in; the rest is the input.
#include "fuzz_support.hpp"
#include "import/json_reader.hpp"
#include "util/json_document.hpp"

#include <feedback/import/importer.hpp>
#include <feedback/util/error.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

using feedback::fuzz::require;

struct Record
{
  std::string raw;
  std::uint64_t line = 0;
  std::optional<std::string> problem;
  std::vector<std::string> values; // "path kind text" of each value

  bool operator==(const Record&) const = default;
};

struct Reading
{
  std::vector<Record> records;
  std::optional<std::string> error; // the Error that stopped the reading

  bool operator==(const Reading&) const = default;
};

// The number of values nlohmann's DOM holds below the top, and its depth.
void
count_nodes(const nlohmann::json& j, std::size_t depth, std::size_t& nodes, std::size_t& deepest)
{
  deepest = std::max(deepest, depth);
  if (j.is_structured()) {
    for (const auto& child : j) {
      ++nodes;
      count_nodes(child, depth + (child.is_structured() ? 1 : 0), nodes, deepest);
    }
  }
}

Reading
read_all(std::string_view text, feedback::InputFormat format, std::vector<std::string> path,
         std::size_t piece)
{
  feedback::StringSource source(text, piece);
  feedback::import::JsonReader reader(source, format, std::move(path), "fuzz.json");
  Reading out;
  try {
    while (reader.next()) {
      Record r;
      r.raw = reader.raw();
      r.line = reader.line();
      r.problem = reader.problem();
      if (!r.problem) {
        const auto count = reader.value_count();
        for (std::size_t i = 0; i < count; ++i) {
          const auto& v = reader.values()[i];
          const auto& p = v.path;
          if (i < 256) {
            // Each path finds a value: this one, or an earlier one spelt the same ("a.b").
            const auto* found = feedback::import::find_value(reader, p);
            require(found != nullptr && found <= &v, "path {:?} does not find its value", p);
          }
          r.values.push_back(fmt::format("{} {} {}", p, static_cast<int>(v.kind), v.text));
        }
        // A good record is JSON that nlohmann's own parser reads to as many values.
        const auto doc = nlohmann::json::parse(r.raw);
        std::size_t nodes = 0;
        std::size_t deepest = 1;
        count_nodes(doc, 1, nodes, deepest);
        // A repeated key keeps both its values (listed in repeated_keys()); the DOM keeps one.
        const bool repeats = !reader.repeated_keys().empty();
        require(doc.is_object() && (repeats ? nodes <= count : nodes == count),
                "{} values read, the DOM has {}", count, nodes);
        require(deepest <= feedback::detail::k_max_json_depth, "a record {} levels deep", deepest);
      }
      out.records.push_back(std::move(r));
    }
  } catch (const feedback::Error& e) {
    require(e.code() == feedback::ExitCode::data_error, "exit code {} for {}",
            static_cast<int>(e.code()), e.what());
    out.error = e.what();
  }
  return out;
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  if (size == 0) {
    return 0;
  }
  constexpr std::size_t k_pieces[] = {1, 2, 3, 7, 16, 61, 256, 4096};
  const std::size_t piece = k_pieces[(data[0] >> 2) & 7];
  auto format = feedback::InputFormat::json;
  std::vector<std::string> path;
  switch (data[0] & 3) {
  case 0:
    format = feedback::InputFormat::json_lines;
    break;
  case 1:
    break;
  case 2:
    path = {"data"};
    break;
  default:
    path = {"a", "b"};
    break;
  }
  const auto text = feedback::fuzz::as_text(data + 1, size - 1);
  const auto whole = read_all(text, format, path, std::size_t{1} << 20);
  require(read_all(text, format, path, piece) == whole,
          "reading in pieces of {} bytes gives other records than reading at once", piece);
  if (format == feedback::InputFormat::json_lines) {
    const auto breaks = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
    require(whole.records.size() <= breaks + 1, "{} records from {} line breaks",
            whole.records.size(), breaks);
  }
  return 0;
}
