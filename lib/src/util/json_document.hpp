// SPDX-License-Identifier: MIT
// Private to the library: the limits every JSON input gets, and reading a whole JSON document
// (a mapping file, a policy document, the official bank-holiday list) with them.
#pragma once

#include <feedback/util/error.hpp>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace feedback::detail {

// The deepest nesting of arrays and objects accepted in any JSON input: import records,
// mapping files, policy documents, the bank-holiday list. The deepest real one is 4 levels (a
// policy's procedures.NAME.stages[i].next); without a limit a document of 200 KB nested
// 100,000 deep cost memory by the square of its depth.
inline constexpr std::size_t k_max_json_depth = 64;

// "nested deeper than 64 levels (the limit for JSON input)": the one wording of that refusal.
inline std::string
too_deep_message()
{
  return fmt::format("nested deeper than {} levels (the limit for JSON input)", k_max_json_depth);
}

// Parses the JSON document `text`. Throws Error(data_error) "`name`: PATH: problem" for a key
// repeated in one object (nlohmann would keep one of them silently) and for nesting deeper than
// k_max_json_depth, where PATH is the place in the document (`procedures.corporate.stages[0]`,
// or "(document)" for the top level). Text that is not JSON throws nlohmann's
// json::parse_error, which the caller words.
inline nlohmann::json
parse_json_document(std::string_view text, std::string_view name)
{
  using nlohmann::json;
  struct Frame
  {
    bool array = false;
    std::size_t index = 0;
    std::string key;
    std::set<std::string> keys; // a set: 100,000 keys in one object must not take seconds
  };
  std::vector<Frame> frames;
  auto path_of = [&frames](std::size_t levels) {
    std::string out;
    for (std::size_t i = 0; i < levels; ++i) {
      if (frames[i].array) {
        out += fmt::format("[{}]", frames[i].index);
      } else {
        out += (out.empty() ? "" : ".") + frames[i].key;
      }
    }
    return out.empty() ? std::string("(document)") : out;
  };
  auto fail = [&](std::size_t levels, std::string_view problem) {
    throw Error(ExitCode::data_error, fmt::format("{}: {}: {}", name, path_of(levels), problem));
  };
  auto element_done = [&frames] {
    if (!frames.empty() && frames.back().array) {
      ++frames.back().index;
    }
  };
  const json::parser_callback_t callback = [&](int, json::parse_event_t event, json& parsed) {
    switch (event) {
    case json::parse_event_t::object_start:
    case json::parse_event_t::array_start:
      if (frames.size() == k_max_json_depth) {
        fail(frames.size(), too_deep_message());
      }
      frames.push_back({event == json::parse_event_t::array_start, 0, {}, {}});
      break;
    case json::parse_event_t::key: {
      auto& top = frames.back();
      top.key = parsed.get<std::string>();
      if (!top.keys.insert(top.key).second) {
        fail(frames.size(), "repeated key");
      }
      break;
    }
    case json::parse_event_t::object_end:
    case json::parse_event_t::array_end:
      frames.pop_back();
      element_done();
      break;
    case json::parse_event_t::value:
      element_done();
      break;
    }
    return true;
  };
  return json::parse(text.begin(), text.end(), callback);
}

} // namespace feedback::detail
