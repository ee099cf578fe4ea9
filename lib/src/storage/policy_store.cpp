// SPDX-License-Identifier: MIT
// The policy tables (schema/0002_policy.sql, 0009_policy_data.sql): loading a version, its
// vocabulary, and saving a new one. The functions are declared with the policy's model in
// <feedback/policy/policy.hpp> and <feedback/policy/vocabulary.hpp>. A version is loaded from
// its document (schema/0021_policy_document.sql), which the rows make.
#include "storage/policy_store.hpp"

#include "policy/policy_internal.hpp"
#include "storage/backend.hpp"
#include "storage/stored_values.hpp"

#include <feedback/policy/policy.hpp>
#include <feedback/storage/migrate.hpp>
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

// The version asked for (the latest when none is) and its document (NULL only for a version
// whose rows were inserted by hand since the last migration).
constexpr std::string_view k_document_sql =
    "SELECT version, document FROM policy_version WHERE version = ?1";
constexpr std::string_view k_latest_document_sql =
    "SELECT version, document FROM policy_version ORDER BY version DESC LIMIT 1";

// The statements load_policy_rows runs, each with the version as ?1 (sent ahead together).
constexpr std::string_view k_procedures_sql =
    "SELECT code, name, target_percent, escalation_window_days, informal_respond_days, retired "
    "FROM policy_procedure WHERE version = ?1";
constexpr std::string_view k_stages_sql =
    "SELECT procedure, stage, name, acknowledge_days, respond_days, max_extension_days, "
    "next_procedure, next_stage, acknowledge_from, respond_from, extension_beyond_cap, "
    "independent, retired FROM policy_stage WHERE version = ?1 ORDER BY procedure, stage";
constexpr std::string_view k_types_sql =
    "SELECT type, procedure, acknowledge_days, respond_days FROM policy_type WHERE version = ?1";
constexpr std::string_view k_subtypes_sql =
    "SELECT type, code, name, acknowledge_days, respond_days, target_percent, retired FROM "
    "policy_subtype WHERE version = ?1 ORDER BY type, ordinal";
constexpr std::string_view k_overrides_sql = "SELECT service, procedure, stage, respond_days FROM "
                                             "policy_service_override WHERE version = ?1";
constexpr std::string_view k_ladder_sql =
    "SELECT level, days_overdue, notify FROM policy_ladder WHERE version = ?1";
constexpr std::string_view k_rules_sql =
    "SELECT name, sponsors, info_request, types, set_type, set_procedure, reason FROM policy_rule "
    "WHERE version = ?1 ORDER BY ordinal";
constexpr std::string_view k_settings_sql =
    "SELECT key, value FROM policy_setting WHERE version = ?1";
constexpr std::string_view k_sources_sql =
    "SELECT path, source FROM policy_source WHERE version = ?1";
constexpr std::string_view k_words_sql = "SELECT kind, code, name, digital, retired FROM "
                                         "policy_word WHERE version = ?1 ORDER BY kind, ordinal";

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

// Adds the word in `st` (kind, code, name, digital, retired) to `v`.
void
add_word(const Statement& st, Vocabulary& v)
{
  const auto kind = parse_word_kind_code(st.column_view(0));
  if (!kind) {
    throw Error(ExitCode::data_error,
                fmt::format("bad kind in policy_word: '{}'", st.column_view(0)));
  }
  v.words(*kind).push_back({std::string(st.column_view(1)), std::string(st.column_view(2)),
                            st.column_int(3) != 0, st.column_int(4) != 0});
}

void
read_words(Database& db, int version, Vocabulary& v)
{
  each_row(db, k_words_sql, version, [&](const Statement& st) { add_word(st, v); });
}

// How many cases a removed thing is used by, for the message refusing its removal.
std::string
cases_text(std::int64_t n)
{
  return fmt::format("{} case{}", n, n == 1 ? "" : "s");
}

[[noreturn]] void
refuse_removal(std::string_view path, std::string_view what, std::int64_t cases)
{
  throw Error(ExitCode::data_error,
              fmt::format("policy: {}: {} is used by {} and cannot be removed: retire it "
                          "(\"retired\": true) instead",
                          path, what, cases_text(cases)));
}

// Runs `sql`, whose rows are (value, count[, second value]), and calls `row(st)` for each.
template <typename Row>
void
each_use(Database& db, std::string_view sql, Row&& row)
{
  Statement st(db, sql);
  while (st.step()) {
    row(st);
  }
}

// A policy replaces the one in force, but the cases stay: whatever a case names (a procedure
// and stage, a sub-type, a word), the new policy must still define, retired or not; and every
// service's default procedure must be one of its procedures.
void
check_against_cases(Database& db, const Policy& p)
{
  each_use(db, "SELECT code, default_procedure FROM service WHERE default_procedure IS NOT NULL",
           [&](const Statement& st) {
             if (p.procedure(st.column_view(1)) == nullptr) {
               throw Error(ExitCode::data_error,
                           fmt::format("policy: procedures: service {} follows procedure '{}', "
                                       "which this policy does not define (keep it, retired "
                                       "if need be, or change the service first)",
                                       st.column_view(0), st.column_view(1)));
             }
           });
  each_use(db,
           "SELECT procedure, count(*), stage FROM case_stage WHERE procedure IS NOT NULL "
           "GROUP BY procedure, stage",
           [&](const Statement& st) {
             const auto code = st.column_view(0);
             const auto* proc = p.procedure(code);
             if (proc == nullptr) {
               refuse_removal(fmt::format("procedures.{}", code),
                              fmt::format("procedure '{}'", code), st.column_int64(1));
             }
             const auto stage = detail::optional_int(st, 2);
             if (stage && *stage > 0 && proc->stage(*stage) == nullptr) {
               refuse_removal(fmt::format("procedures.{}.stages", code),
                              fmt::format("stage {}", *stage), st.column_int64(1));
             }
           });
  each_use(db,
           "SELECT subtype, count(*), type FROM case_record WHERE subtype IS NOT NULL "
           "GROUP BY type, subtype",
           [&](const Statement& st) {
             const auto type = st.column_view(2);
             const auto* t = p.type(type);
             if (t == nullptr || t->subtype(st.column_view(0)) == nullptr) {
               refuse_removal(fmt::format("types.{}.subtypes", type),
                              fmt::format("sub-type '{}'", st.column_view(0)), st.column_int64(1));
             }
           });
  struct Use
  {
    WordKind kind;
    std::string_view sql;
  };
  constexpr Use k_uses[] = {
      {WordKind::channel, "SELECT channel, count(*) FROM case_record GROUP BY channel"},
      {WordKind::area, "SELECT area, count(DISTINCT s.case_id) FROM case_area a "
                       "JOIN case_stage s ON s.id = a.stage_id GROUP BY area"},
      {WordKind::outcome, "SELECT outcome, count(*) FROM case_stage WHERE outcome IS NOT NULL "
                          "GROUP BY outcome"},
      {WordKind::ombudsman_decision, "SELECT decision, count(*) FROM ombudsman_case "
                                     "WHERE decision IS NOT NULL GROUP BY decision"},
      {WordKind::tag, "SELECT tag, count(*) FROM case_tag GROUP BY tag"},
  };
  for (const auto& use : k_uses) {
    each_use(db, use.sql, [&](const Statement& st) {
      if (!p.vocabulary.is_known(use.kind, st.column_view(0))) {
        refuse_removal(fmt::format("vocabularies.{}", word_kind_key(use.kind)),
                       fmt::format("{} '{}'", word_kind_noun(use.kind), st.column_view(0)),
                       st.column_int64(1));
      }
    });
  }
}

// The policy at `version` (one that exists) as its rows say. No transaction: a version's rows
// are written once, in one transaction, and never change.
Policy
load_policy_rows(Database& db, int version)
{
  using detail::optional_int;
  Policy p;
  p.version = version;
  const std::int64_t v = p.version;
  detail::read_ahead(db, {{k_procedures_sql, {v}},
                          {k_stages_sql, {v}},
                          {k_types_sql, {v}},
                          {k_subtypes_sql, {v}},
                          {k_overrides_sql, {v}},
                          {k_ladder_sql, {v}},
                          {k_rules_sql, {v}},
                          {k_settings_sql, {v}},
                          {k_words_sql, {v}},
                          {k_sources_sql, {v}}});
  each_row(db, k_procedures_sql, p.version, [&](const Statement& st) {
    ProcedurePolicy proc;
    proc.code = st.column_view(0);
    proc.name = st.column_view(1);
    proc.target_percent = st.column_int(2);
    proc.escalation_window_days = optional_int(st, 3);
    proc.informal_respond_days = optional_int(st, 4);
    proc.retired = st.column_int(5) != 0;
    p.procedures.push_back(std::move(proc));
  });
  each_row(db, k_stages_sql, p.version, [&](const Statement& st) {
    const auto code = st.column_text(0).value_or("");
    auto it = std::find_if(p.procedures.begin(), p.procedures.end(),
                           [&](const auto& proc) { return proc.code == code; });
    if (it == p.procedures.end()) {
      throw Error(
          ExitCode::data_error,
          fmt::format("policy version {}: a stage of unknown procedure {}", p.version, code));
    }
    StagePolicy s;
    s.stage = st.column_int(1);
    s.name = st.column_view(2);
    s.acknowledge_days = optional_int(st, 3);
    s.respond_days = st.column_int(4);
    s.max_extension_days = optional_int(st, 5);
    s.next_procedure = st.column_text(6);
    s.next_stage = optional_int(st, 7);
    s.acknowledge_from = detail::stored_anchor(st.column_view(8), "policy_stage");
    s.respond_from = detail::stored_anchor(st.column_view(9), "policy_stage");
    s.extension_beyond_cap = st.column_int(10) != 0;
    s.independent = st.column_int(11) != 0;
    s.retired = st.column_int(12) != 0;
    it->stages.push_back(std::move(s));
  });
  each_row(db, k_types_sql, p.version, [&](const Statement& st) {
    p.types.push_back({st.column_text(0).value_or(""),
                       st.column_text(1),
                       optional_int(st, 2),
                       optional_int(st, 3),
                       {}});
  });
  each_row(db, k_subtypes_sql, p.version, [&](const Statement& st) {
    const auto type = st.column_view(0);
    auto it =
        std::find_if(p.types.begin(), p.types.end(), [&](const auto& t) { return t.type == type; });
    if (it == p.types.end()) {
      throw Error(ExitCode::data_error,
                  fmt::format("policy version {}: a sub-type of unknown type {}", p.version, type));
    }
    it->subtypes.push_back({std::string(st.column_view(1)), std::string(st.column_view(2)),
                            optional_int(st, 3), optional_int(st, 4), st.column_int(5),
                            st.column_int(6) != 0});
  });
  each_row(db, k_overrides_sql, p.version, [&](const Statement& st) {
    p.service_overrides.push_back({st.column_text(0).value_or(""), st.column_text(1).value_or(""),
                                   st.column_int(2), st.column_int(3)});
  });
  each_row(db, k_ladder_sql, p.version, [&](const Statement& st) {
    p.ladder.push_back(
        {st.column_text(0).value_or(""), st.column_int(1), st.column_text(2).value_or("")});
  });
  each_row(db, k_rules_sql, p.version, [&](const Statement& st) {
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
  each_row(db, k_settings_sql, p.version, [&](const Statement& st) {
    p.settings[st.column_text(0).value_or("")] = st.column_int64(1);
  });
  read_words(db, p.version, p.vocabulary);
  each_row(db, k_sources_sql, p.version, [&](const Statement& st) {
    p.sources[std::string(st.column_view(0))] = st.column_view(1);
  });
  detail::normalize_policy(p);
  return p;
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
  Statement st(db, version ? k_document_sql : k_latest_document_sql);
  if (version) {
    st.bind(1, *version);
  }
  if (!st.step()) {
    if (!version) {
      throw Error(ExitCode::data_error, fmt::format("{}: the database holds no policy", db.path()));
    }
    throw Error(ExitCode::data_error, fmt::format("no policy version {} (the latest is {})",
                                                  *version, latest_policy_version(db)));
  }
  const int found = st.column_int(0);
  if (st.column_is_null(1)) {
    st.reset();
    return load_policy_rows(db, found);
  }
  auto p = policy_from_json(st.column_view(1), fmt::format("policy version {}", found));
  p.version = found;
  return p;
}

Vocabulary
load_vocabulary(Database& db, std::optional<int> version)
{
  Vocabulary v;
  if (version) {
    read_words(db, *version, v);
    return v;
  }
  Statement st(db, detail::k_latest_words_sql);
  while (st.step()) {
    add_word(st, v);
  }
  return v;
}

int
save_policy(Database& db, const Policy& policy, std::string_view note, std::string_view created_at)
{
  detail::validate_policy(policy, "policy");
  Transaction tx(db);
  check_against_cases(db, policy);
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
                        "escalation_window_days, informal_respond_days, retired) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  insert_each(proc_st, version, policy.procedures, [](Statement& st, const ProcedurePolicy& p) {
    st.bind(2, p.code).bind(3, p.name).bind(4, p.target_percent);
    st.bind(5, widen(p.escalation_window_days)).bind(6, widen(p.informal_respond_days));
    st.bind(7, p.retired ? 1 : 0);
  });
  Statement stage_st(db, "INSERT INTO policy_stage (version, procedure, stage, name, "
                         "acknowledge_days, respond_days, max_extension_days, next_procedure, "
                         "next_stage, acknowledge_from, respond_from, extension_beyond_cap, "
                         "independent, retired) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
  for (const auto& proc : policy.procedures) {
    insert_each(stage_st, version, proc.stages, [&](Statement& st, const StagePolicy& s) {
      st.bind(2, proc.code).bind(3, s.stage).bind(4, s.name);
      st.bind(5, widen(s.acknowledge_days)).bind(6, s.respond_days);
      st.bind(7, widen(s.max_extension_days)).bind(8, s.next_procedure);
      st.bind(9, widen(s.next_stage));
      st.bind(10, anchor_name(s.acknowledge_from)).bind(11, anchor_name(s.respond_from));
      st.bind(12, s.extension_beyond_cap ? 1 : 0).bind(13, s.independent ? 1 : 0);
      st.bind(14, s.retired ? 1 : 0);
    });
  }
  Statement type_st(db, "INSERT INTO policy_type (version, type, procedure, acknowledge_days, "
                        "respond_days) VALUES (?1, ?2, ?3, ?4, ?5)");
  insert_each(type_st, version, policy.types, [](Statement& st, const TypePolicy& t) {
    st.bind(2, t.type).bind(3, t.procedure);
    st.bind(4, widen(t.acknowledge_days)).bind(5, widen(t.respond_days));
  });
  Statement subtype_st(db, "INSERT INTO policy_subtype (version, type, ordinal, code, name, "
                           "acknowledge_days, respond_days, target_percent, retired) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  for (const auto& t : policy.types) {
    std::int64_t subtype_ordinal = 0;
    insert_each(subtype_st, version, t.subtypes, [&](Statement& st, const SubtypePolicy& sub) {
      st.bind(2, t.type).bind(3, ++subtype_ordinal).bind(4, sub.code).bind(5, sub.name);
      st.bind(6, widen(sub.acknowledge_days)).bind(7, widen(sub.respond_days));
      st.bind(8, sub.target_percent).bind(9, sub.retired ? 1 : 0);
    });
  }
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
  Statement word_st(db, "INSERT INTO policy_word (version, kind, ordinal, code, name, digital, "
                        "retired) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  for (const auto kind : k_word_kinds) {
    std::int64_t word_ordinal = 0;
    insert_each(word_st, version, policy.vocabulary.words(kind), [&](Statement& st, const Word& w) {
      st.bind(2, word_kind_code(kind)).bind(3, ++word_ordinal).bind(4, w.code);
      st.bind(5, w.name).bind(6, w.digital ? 1 : 0).bind(7, w.retired ? 1 : 0);
    });
  }
  Statement source_st(db, "INSERT INTO policy_source (version, path, source) VALUES (?1, ?2, ?3)");
  insert_each(source_st, version, policy.sources, [](Statement& st, const auto& source) {
    st.bind(2, source.first).bind(3, source.second);
  });
  detail::write_policy_document(db, version);
  tx.commit();
  return version;
}

namespace detail {

void
write_policy_document(Database& db, int version)
{
  Statement(db, "UPDATE policy_version SET document = ?2 WHERE version = ?1")
      .bind(1, version)
      .bind(2, policy_to_json(load_policy_rows(db, version)))
      .run();
}

void
write_policy_documents(Database& db)
{
  std::vector<int> versions;
  {
    Statement st(db, "SELECT version FROM policy_version ORDER BY version");
    while (st.step()) {
      versions.push_back(st.column_int(0));
    }
  }
  for (const int version : versions) {
    write_policy_document(db, version);
  }
}

void
check_policy_documents(Database& db, CheckResult& result)
{
  std::vector<std::pair<int, std::optional<std::string>>> documents;
  {
    Statement st(db, "SELECT version, document FROM policy_version ORDER BY version");
    while (st.step()) {
      documents.emplace_back(st.column_int(0), st.column_text(1));
    }
  }
  bool ok = true;
  for (const auto& [version, document] : documents) {
    const auto rows = policy_to_json(load_policy_rows(db, version));
    if (document != rows) {
      ok = false;
      result.lines.push_back(fmt::format("policy version {}: its document {} its rows", version,
                                         document ? "differs from" : "is missing, not made from"));
    }
  }
  if (ok) {
    result.lines.push_back("policy documents: ok");
  } else {
    result.ok = false;
  }
}

} // namespace detail

} // namespace feedback
