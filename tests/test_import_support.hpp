// SPDX-License-Identifier: MIT
// Helpers shared by the import tests: a sink that keeps what the importer reports, and the
// options of an import run by "importer" on 2026-11-22.
#pragma once

#include "test_support.hpp"

#include <feedback/import/importer.hpp>

#include <fmt/core.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace feedback::test {

struct CollectSink : ImportSink
{
  std::vector<ImportProblem> problems;
  std::string rejects;
  std::uint64_t progress_calls = 0;

  void problem(const ImportProblem& p) override { problems.push_back(p); }
  void reject(std::string_view bytes) override { rejects.append(bytes); }
  void progress(const ImportProgress&) override { ++progress_calls; }

  // "LINE: field: problem" of the first problem, "" when there is none.
  std::string first() const
  {
    return problems.empty() ? std::string()
                            : fmt::format("{}: {}: {}", problems[0].line, problems[0].field,
                                          problems[0].problem);
  }
};

inline ImportOptions
import_options(std::string file_name, OnError on_error = OnError::stop)
{
  ImportOptions o;
  o.file_name = std::move(file_name);
  o.on_error = on_error;
  o.officer = "importer";
  o.now = "2026-11-22T10:00:00Z";
  o.today = d("2026-11-22");
  return o;
}

} // namespace feedback::test
