// SPDX-License-Identifier: MIT
// The policy tables (schema/0002_policy.sql): loading a version and saving a new one. The
// functions are declared with the policy's model in <feedback/policy/policy.hpp>.
#include "policy/policy_internal.hpp"
#include "storage/stored_values.hpp"

#include <feedback/policy/policy.hpp>
#include <feedback/util/error.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace feedback {

namespace {

// A list of words is stored as one comma-separated text; no words is NULL.
std::vector<std::string>
split_words(const std::optional<std::string>& text)
{
  std::vector<std::string> out;
  if (!text || text->empty()) {
    return out;
  }
  std::size_t start = 0;
  for (;;) {
    const auto comma = text->find(',', start);
    out.push_back(text->substr(start, comma == std::string::npos ? comma : comma - start));
    if (comma == std::string::npos) {
      break;
    }
    start = comma + 1;
  }
  return out;
}

std::optional<std::string>
join_words(const std::vector<std::string>& words)
{
  if (words.empty()) {
    return std::nullopt;
  }
  std::string out;
  for (const auto& w : words) {
    out += (out.empty() ? "" : ",") + w;
  }
  return out;
}

std::optional<std::int64_t>
widen(const std::optional<int>& value)
{
  return value ? std::optional<std::int64_t>(*value) : std::nullopt;
}

// Runs `sql`, whose ?1 is a policy version, and calls `row(st)` for each row.
template <typename Row>
void
each_row(Database& db, std::string_view sql, int version, Row&& row)
{
  Statement st(db, sql);
  st.bind(1, version);
  while (st.step()) {
    row(st);
  }
}

// Runs the INSERT `st` once per item: ?1 is the version, `bind(st, item)` binds the rest.
template <typename Items, typename Bind>
void
insert_each(Statement& st, int version, const Items& items, Bind&& bind)
{
  for (const auto& item : items) {
    st.reset();
    st.bind(1, version);
    bind(st, item);
    st.run();
  }
}

} // namespace

int
latest_policy_version(Database& db)
{
  Statement st(db, "SELECT max(version) FROM policy_version");
  if (!st.step() || st.column_is_null(0)) {
    throw Error(ExitCode::data_error, fmt::format("{}: the database holds no policy", db.path()));
  }
  return st.column_int(0);
}

Policy
load_policy(Database& db, std::optional<int> version)
{
  using detail::optional_int;
  // No transaction: a version's rows are written once, in one transaction, and never change.
  Policy p;
  p.version = version ? *version : latest_policy_version(db);
  {
    Statement st(db, "SELECT 1 FROM policy_version WHERE version = ?1");
    st.bind(1, p.version);
    if (!st.step()) {
      throw Error(ExitCode::data_error, fmt::format("no policy version {} (the latest is {})",
                                                    p.version, latest_policy_version(db)));
    }
  }
  each_row(db,
           "SELECT code, name, target_percent, escalation_window_days "
           "FROM policy_procedure WHERE version = ?1",
           p.version, [&](const Statement& st) {
             p.procedures.push_back({st.column_text(0).value_or(""),
                                     st.column_text(1).value_or(""),
                                     st.column_int(2),
                                     optional_int(st, 3),
                                     {}});
           });
  each_row(db,
           "SELECT procedure, stage, name, acknowledge_days, respond_days, "
           "max_extension_days, next_procedure, next_stage "
           "FROM policy_stage WHERE version = ?1 ORDER BY procedure, stage",
           p.version, [&](const Statement& st) {
             const auto code = st.column_text(0).value_or("");
             auto it = std::find_if(p.procedures.begin(), p.procedures.end(),
                                    [&](const auto& proc) { return proc.code == code; });
             if (it == p.procedures.end()) {
               throw Error(ExitCode::data_error,
                           fmt::format("policy version {}: a stage of unknown procedure {}",
                                       p.version, code));
             }
             it->stages.push_back({st.column_int(1), st.column_text(2).value_or(""),
                                   optional_int(st, 3), st.column_int(4), optional_int(st, 5),
                                   st.column_text(6), optional_int(st, 7)});
           });
  each_row(db,
           "SELECT type, procedure, acknowledge_days, respond_days "
           "FROM policy_type WHERE version = ?1",
           p.version, [&](const Statement& st) {
             p.types.push_back({st.column_text(0).value_or(""), st.column_text(1),
                                optional_int(st, 2), optional_int(st, 3)});
           });
  each_row(db,
           "SELECT service, procedure, stage, respond_days "
           "FROM policy_service_override WHERE version = ?1",
           p.version, [&](const Statement& st) {
             p.service_overrides.push_back({st.column_text(0).value_or(""),
                                            st.column_text(1).value_or(""), st.column_int(2),
                                            st.column_int(3)});
           });
  each_row(db, "SELECT level, days_overdue, notify FROM policy_ladder WHERE version = ?1",
           p.version, [&](const Statement& st) {
             p.ladder.push_back({st.column_text(0).value_or(""), st.column_int(1),
                                 st.column_text(2).value_or("")});
           });
  each_row(db,
           "SELECT name, sponsors, info_request, types, set_type, set_procedure, reason "
           "FROM policy_rule WHERE version = ?1 ORDER BY ordinal",
           p.version, [&](const Statement& st) {
             ClassificationRule r;
             r.name = st.column_text(0).value_or("");
             r.sponsors = split_words(st.column_text(1));
             if (!st.column_is_null(2)) {
               r.info_request = st.column_int64(2) != 0;
             }
             r.types = split_words(st.column_text(3));
             r.set_type = st.column_text(4);
             r.set_procedure = st.column_text(5);
             r.reason = st.column_text(6).value_or("");
             p.rules.push_back(std::move(r));
           });
  each_row(db, "SELECT key, value FROM policy_setting WHERE version = ?1", p.version,
           [&](const Statement& st) {
             p.settings[st.column_text(0).value_or("")] = st.column_int64(1);
           });
  detail::normalize_policy(p);
  return p;
}

int
save_policy(Database& db, const Policy& policy, std::string_view note, std::string_view created_at)
{
  detail::validate_policy(policy, "policy");
  Transaction tx(db);
  // Overrides name services by code; one that names no service would never apply.
  {
    Statement st(db, "SELECT 1 FROM service WHERE code = ?1");
    for (const auto& o : policy.service_overrides) {
      st.reset();
      st.bind(1, o.service);
      if (!st.step()) {
        throw Error(ExitCode::data_error,
                    fmt::format("service_overrides: unknown service '{}'", o.service));
      }
    }
  }
  int version = 0;
  {
    Statement st(db, "SELECT coalesce(max(version), 0) + 1 FROM policy_version");
    st.step();
    version = st.column_int(0);
  }
  Statement(db, "INSERT INTO policy_version (version, created_at, note) VALUES (?1, ?2, ?3)")
      .bind(1, version)
      .bind(2, created_at)
      .bind(3, note)
      .run();

  Statement proc_st(db, "INSERT INTO policy_procedure (version, code, name, target_percent, "
                        "escalation_window_days) VALUES (?1, ?2, ?3, ?4, ?5)");
  insert_each(proc_st, version, policy.procedures, [](Statement& st, const ProcedurePolicy& p) {
    st.bind(2, p.code).bind(3, p.name).bind(4, p.target_percent);
    st.bind(5, widen(p.escalation_window_days));
  });
  Statement stage_st(db, "INSERT INTO policy_stage (version, procedure, stage, name, "
                         "acknowledge_days, respond_days, max_extension_days, next_procedure, "
                         "next_stage) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  for (const auto& proc : policy.procedures) {
    insert_each(stage_st, version, proc.stages, [&](Statement& st, const StagePolicy& s) {
      st.bind(2, proc.code).bind(3, s.stage).bind(4, s.name);
      st.bind(5, widen(s.acknowledge_days)).bind(6, s.respond_days);
      st.bind(7, widen(s.max_extension_days)).bind(8, s.next_procedure);
      st.bind(9, widen(s.next_stage));
    });
  }
  Statement type_st(db, "INSERT INTO policy_type (version, type, procedure, acknowledge_days, "
                        "respond_days) VALUES (?1, ?2, ?3, ?4, ?5)");
  insert_each(type_st, version, policy.types, [](Statement& st, const TypePolicy& t) {
    st.bind(2, t.type).bind(3, t.procedure);
    st.bind(4, widen(t.acknowledge_days)).bind(5, widen(t.respond_days));
  });
  Statement override_st(db, "INSERT INTO policy_service_override (version, service, procedure, "
                            "stage, respond_days) VALUES (?1, ?2, ?3, ?4, ?5)");
  insert_each(override_st, version, policy.service_overrides,
              [](Statement& st, const ServiceOverride& o) {
                st.bind(2, o.service).bind(3, o.procedure).bind(4, o.stage);
                st.bind(5, o.respond_days);
              });
  Statement ladder_st(db, "INSERT INTO policy_ladder (version, level, days_overdue, notify) "
                          "VALUES (?1, ?2, ?3, ?4)");
  insert_each(ladder_st, version, policy.ladder, [](Statement& st, const LadderStep& step) {
    st.bind(2, step.level).bind(3, step.days_overdue).bind(4, step.notify);
  });
  Statement rule_st(db, "INSERT INTO policy_rule (version, ordinal, name, sponsors, info_request, "
                        "types, set_type, set_procedure, reason) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  std::int64_t ordinal = 0;
  insert_each(rule_st, version, policy.rules, [&](Statement& st, const ClassificationRule& r) {
    st.bind(2, ++ordinal).bind(3, r.name).bind(4, join_words(r.sponsors));
    st.bind(5,
            r.info_request ? std::optional<std::int64_t>(*r.info_request ? 1 : 0) : std::nullopt);
    st.bind(6, join_words(r.types)).bind(7, r.set_type).bind(8, r.set_procedure);
    st.bind(9, r.reason);
  });
  Statement setting_st(db, "INSERT INTO policy_setting (version, key, value) VALUES (?1, ?2, ?3)");
  insert_each(setting_st, version, policy.settings, [](Statement& st, const auto& setting) {
    st.bind(2, setting.first).bind(3, setting.second);
  });
  tx.commit();
  return version;
}

} // namespace feedback
