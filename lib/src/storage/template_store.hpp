// SPDX-License-Identifier: MIT
// Private to the library: the statements behind the letter_template table. The checks are
// letters/'s.
#pragma once

#include <feedback/storage/database.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace feedback::detail {

struct TemplateRow
{
  std::string name;
  std::string description;
  std::string body;
  std::string added_at;
  std::string added_by;
};

// Every stored template, by name.
std::vector<TemplateRow> load_templates(Database& db);
// The stored template `name`, or nullopt.
std::optional<TemplateRow> load_template(Database& db, std::string_view name);
// Inserts `row`, or writes over the template of the same name.
void upsert_template(Database& db, const TemplateRow& row);
// Deletes the template `name`; returns whether there was one.
bool delete_template(Database& db, std::string_view name);

} // namespace feedback::detail
