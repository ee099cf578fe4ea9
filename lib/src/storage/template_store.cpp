// SPDX-License-Identifier: MIT
#include "storage/template_store.hpp"

namespace feedback::detail {

namespace {

TemplateRow
template_from_row(const Statement& st)
{
  return {st.column_text(0).value_or(""), st.column_text(1).value_or(""),
          st.column_text(2).value_or(""), st.column_text(3).value_or(""),
          st.column_text(4).value_or("")};
}

} // namespace

std::vector<TemplateRow>
load_templates(Database& db)
{
  Statement st(db, "SELECT name, description, body, added_at, added_by FROM letter_template "
                   "ORDER BY name");
  std::vector<TemplateRow> out;
  while (st.step()) {
    out.push_back(template_from_row(st));
  }
  return out;
}

std::optional<TemplateRow>
load_template(Database& db, std::string_view name)
{
  Statement st(db, "SELECT name, description, body, added_at, added_by FROM letter_template "
                   "WHERE name = ?1");
  st.bind(1, name);
  if (!st.step()) {
    return std::nullopt;
  }
  return template_from_row(st);
}

void
upsert_template(Database& db, const TemplateRow& row)
{
  Statement(db, "INSERT INTO letter_template (name, description, body, added_at, added_by) "
                "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (name) DO UPDATE SET "
                "description = excluded.description, body = excluded.body, "
                "added_at = excluded.added_at, added_by = excluded.added_by")
      .bind(1, row.name)
      .bind(2, row.description)
      .bind(3, row.body)
      .bind(4, row.added_at)
      .bind(5, row.added_by)
      .run();
}

bool
delete_template(Database& db, std::string_view name)
{
  return Statement(db, "DELETE FROM letter_template WHERE name = ?1").bind(1, name).run() > 0;
}

} // namespace feedback::detail
