// SPDX-License-Identifier: MIT
// The policy as a JSON document (`policy export` and `policy import`): document -> Policy and
// Policy -> document.
#include "policy/policy_internal.hpp"
#include "util/json_document.hpp"

#include <feedback/policy/policy.hpp>
#include <feedback/policy/vocabulary.hpp>

#include <climits>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace feedback {

namespace {

using detail::k_ombudsman;
using detail::k_policy_types;
using detail::PolicyChecker;
using nlohmann::json;
using nlohmann::ordered_json;

constexpr std::string_view k_top_keys[] = {
    "procedures", "types", "service_overrides", "ladder", "classification_rules", "settings"};
constexpr std::string_view k_procedure_keys[] = {"name", "target_percent", "escalation_window_days",
                                                 "stages"};
constexpr std::string_view k_stage_keys[] = {
    "stage", "name", "acknowledge_days", "respond_days", "max_extension_days", "next"};
constexpr std::string_view k_next_keys[] = {"procedure", "stage"};
constexpr std::string_view k_type_keys[] = {"procedure", "acknowledge_days", "respond_days"};
constexpr std::string_view k_override_keys[] = {"service", "procedure", "stage", "respond_days"};
constexpr std::string_view k_ladder_keys[] = {"level", "days_overdue", "notify"};
constexpr std::string_view k_rule_keys[] = {"name",     "sponsors",      "types", "info_request",
                                            "set_type", "set_procedure", "reason"};

constexpr std::string_view k_next_problem =
    R"(must be null, "ombudsman" or {"procedure": ..., "stage": ...})";

// --- reading a document -----------------------------------------------------------------------

// Parses `text`, refusing repeated keys and nesting past the limit every JSON input has.
json
parse_document(std::string_view text, std::string_view source, const PolicyChecker& check)
{
  try {
    return detail::parse_json_document(text, source);
  } catch (const json::parse_error& e) {
    check.fail("(document)", fmt::format("malformed JSON: {}", e.what()));
  }
}

std::string
join_path(const std::string& path, std::string_view key)
{
  return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
}

// Reads values of the document, failing with the value's path.
class Reader
{
public:
  explicit Reader(const PolicyChecker& check) : m_check(check) {}

  [[noreturn]] void fail(std::string_view path, std::string_view problem) const
  {
    m_check.fail(path, problem);
  }

  const json& array(const json& value, const std::string& path) const
  {
    if (!value.is_array()) {
      fail(path, "must be an array");
    }
    return value;
  }

  std::int64_t integer(const json& value, const std::string& path) const
  {
    if (value.is_number_unsigned()) {
      const auto u = value.get<std::uint64_t>();
      if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        fail(path, "is too large");
      }
      return static_cast<std::int64_t>(u);
    }
    if (value.is_number_integer()) {
      return value.get<std::int64_t>();
    }
    fail(path, value.is_number() ? "must be a whole number" : "must be a number");
  }

  int small(const json& value, const std::string& path) const
  {
    const auto n = integer(value, path);
    if (n < INT_MIN || n > INT_MAX) {
      fail(path, "is out of range");
    }
    return static_cast<int>(n);
  }

  std::string text(const json& value, const std::string& path,
                   std::string_view problem = "must be a string") const
  {
    if (!value.is_string()) {
      fail(path, problem);
    }
    return value.get<std::string>();
  }

private:
  const PolicyChecker& m_check;
};

// One object of the document, checked on construction to hold exactly `keys`. Every member is
// read through here, so the member's path in a message and what null means are written once.
class Fields
{
public:
  Fields(const Reader& in, const json& value, std::string path,
         std::span<const std::string_view> keys)
      : m_in(in), m_value(value), m_path(std::move(path))
  {
    const auto& where = m_path.empty() ? std::string("(document)") : m_path;
    if (!value.is_object()) {
      in.fail(where, "must be an object");
    }
    for (const auto& item : value.items()) {
      if (!vocabulary::contains(keys, item.key())) {
        in.fail(path_of(item.key()),
                fmt::format("unknown key (expected {})", vocabulary::join(keys)));
      }
    }
    for (const auto key : keys) {
      if (!value.contains(key)) {
        in.fail(where, fmt::format("no {}", key));
      }
    }
  }

  const std::string& path() const noexcept { return m_path; }
  std::string path_of(std::string_view key) const { return join_path(m_path, key); }
  const json& at(const char* key) const { return m_value.at(key); }

  // The member `key` read by `read(value, path)`, or nullopt when it is null.
  template <typename Read>
  auto optional(const char* key, Read&& read) const
      -> std::optional<decltype(read(std::declval<const json&>(), std::string()))>
  {
    const auto& value = at(key);
    if (value.is_null()) {
      return std::nullopt;
    }
    return read(value, path_of(key));
  }

  int small(const char* key) const { return m_in.small(at(key), path_of(key)); }
  std::optional<int> optional_small(const char* key) const
  {
    return optional(key, [this](const json& v, const std::string& p) { return m_in.small(v, p); });
  }
  std::string text(const char* key) const { return m_in.text(at(key), path_of(key)); }
  std::optional<std::string> optional_text(const char* key) const
  {
    return optional(key, [this](const json& v, const std::string& p) {
      return m_in.text(v, p, "must be a string or null");
    });
  }
  // A list of words: an array of strings; null or [] means "any".
  std::vector<std::string> words(const char* key) const
  {
    return optional(key,
                    [this](const json& v, const std::string& p) {
                      if (!v.is_array()) {
                        m_in.fail(p, "must be an array of strings or null");
                      }
                      std::vector<std::string> out;
                      for (std::size_t i = 0; i < v.size(); ++i) {
                        out.push_back(m_in.text(v[i], fmt::format("{}[{}]", p, i)));
                      }
                      return out;
                    })
        .value_or(std::vector<std::string>{});
  }

private:
  const Reader& m_in;
  const json& m_value;
  std::string m_path;
};

// Calls `fn(fields)` for each element of `array` (at `path`), an object holding `keys`.
template <typename Fn>
void
each_element(const Reader& in, const json& array, const std::string& path,
             std::span<const std::string_view> keys, Fn&& fn)
{
  const auto& items = in.array(array, path);
  for (std::size_t i = 0; i < items.size(); ++i) {
    fn(Fields(in, items[i], fmt::format("{}[{}]", path, i), keys));
  }
}

// Calls `fn(key, fields)` for each member of the object `top[name]`, keyed by the `words` of a
// vocabulary (a `noun`), each an object holding `keys`.
template <typename Fn>
void
each_member(const Reader& in, const Fields& top, const char* name, std::string_view noun,
            std::span<const std::string_view> words, std::span<const std::string_view> keys,
            Fn&& fn)
{
  const auto& items = top.at(name);
  if (!items.is_object()) {
    in.fail(name, fmt::format("must be an object keyed by {}", noun));
  }
  for (const auto& item : items.items()) {
    const auto path = fmt::format("{}.{}", name, item.key());
    if (!vocabulary::contains(words, item.key())) {
      in.fail(path, fmt::format("unknown {} (expected {})", noun, vocabulary::join(words)));
    }
    fn(item.key(), Fields(in, item.value(), path, keys));
  }
}

StagePolicy
read_stage(const Reader& in, const Fields& f, const std::string& procedure)
{
  StagePolicy s;
  s.stage = f.small("stage");
  s.name = f.text("name");
  s.acknowledge_days = f.optional_small("acknowledge_days");
  s.respond_days = f.small("respond_days");
  s.max_extension_days = f.optional_small("max_extension_days");
  const auto& next = f.at("next");
  const auto next_path = f.path_of("next");
  if (next.is_null()) {
    return s;
  }
  if (next.is_string()) {
    if (next.get<std::string>() != k_ombudsman) {
      in.fail(next_path, k_next_problem);
    }
    s.next_procedure = std::string(k_ombudsman);
    return s;
  }
  if (!next.is_object()) {
    in.fail(next_path, k_next_problem);
  }
  const Fields target(in, next, next_path, k_next_keys);
  auto code = target.text("procedure");
  // The next stage of the same procedure is stored without a procedure (as the schema's
  // defaults are), so writing the procedure out in full does not change the policy.
  if (code != procedure) {
    s.next_procedure = std::move(code);
  }
  s.next_stage = target.small("stage");
  return s;
}

Policy
read_policy(const json& doc, const PolicyChecker& check)
{
  const Reader in(check);
  if (!doc.is_object()) {
    in.fail("(document)", "must be an object");
  }
  // "version" is what the export was made from: informational, the import numbers anew.
  if (doc.contains("version") && !doc["version"].is_null()) {
    in.integer(doc["version"], "version");
  }
  json without_version = doc;
  without_version.erase("version");
  const Fields top(in, without_version, "", k_top_keys);

  Policy p;
  each_member(in, top, "procedures", "procedure", vocabulary::k_procedures, k_procedure_keys,
              [&](const std::string& code, const Fields& f) {
                ProcedurePolicy proc;
                proc.code = code;
                proc.name = f.text("name");
                proc.target_percent = f.small("target_percent");
                proc.escalation_window_days = f.optional_small("escalation_window_days");
                each_element(in, f.at("stages"), f.path_of("stages"), k_stage_keys,
                             [&](const Fields& stage) {
                               proc.stages.push_back(read_stage(in, stage, code));
                             });
                p.procedures.push_back(std::move(proc));
              });
  each_member(in, top, "types", "type", k_policy_types, k_type_keys,
              [&](const std::string& type, const Fields& f) {
                p.types.push_back({type, f.optional_text("procedure"),
                                   f.optional_small("acknowledge_days"),
                                   f.optional_small("respond_days")});
              });
  each_element(in, top.at("service_overrides"), "service_overrides", k_override_keys,
               [&](const Fields& f) {
                 p.service_overrides.push_back({f.text("service"), f.text("procedure"),
                                                f.small("stage"), f.small("respond_days")});
               });
  each_element(in, top.at("ladder"), "ladder", k_ladder_keys, [&](const Fields& f) {
    p.ladder.push_back({f.text("level"), f.small("days_overdue"), f.text("notify")});
  });
  each_element(in, top.at("classification_rules"), "classification_rules", k_rule_keys,
               [&](const Fields& f) {
                 ClassificationRule r;
                 r.name = f.text("name");
                 r.sponsors = f.words("sponsors");
                 r.types = f.words("types");
                 r.info_request =
                     f.optional("info_request", [&](const json& v, const std::string& path) {
                       if (!v.is_boolean()) {
                         in.fail(path, "must be true, false or null");
                       }
                       return v.get<bool>();
                     });
                 r.set_type = f.optional_text("set_type");
                 r.set_procedure = f.optional_text("set_procedure");
                 r.reason = f.text("reason");
                 p.rules.push_back(std::move(r));
               });

  const auto& settings = top.at("settings");
  if (!settings.is_object()) {
    in.fail("settings", "must be an object");
  }
  for (const auto& item : settings.items()) {
    p.settings[item.key()] = in.integer(item.value(), fmt::format("settings.{}", item.key()));
  }
  return p;
}

// --- writing a document -----------------------------------------------------------------------

template <typename T>
ordered_json
optional_value(const std::optional<T>& value)
{
  return value ? ordered_json(*value) : ordered_json(nullptr);
}

// An array of `item(x)` for each of `items`.
template <typename Items, typename Item>
ordered_json
array_of(const Items& items, Item&& item)
{
  ordered_json out = ordered_json::array();
  for (const auto& x : items) {
    out.push_back(item(x));
  }
  return out;
}

// An object of the (key, value) pairs `member(x)` for each of `items`.
template <typename Items, typename Member>
ordered_json
object_of(const Items& items, Member&& member)
{
  ordered_json out = ordered_json::object();
  for (const auto& x : items) {
    auto [key, value] = member(x);
    out[key] = std::move(value);
  }
  return out;
}

ordered_json
next_json(const ProcedurePolicy& proc, const StagePolicy& s)
{
  if (!s.next_procedure && !s.next_stage) {
    return nullptr;
  }
  if (s.next_procedure == k_ombudsman && !s.next_stage) {
    return std::string(k_ombudsman);
  }
  ordered_json next = ordered_json::object();
  next["procedure"] = s.next_procedure.value_or(proc.code);
  next["stage"] = optional_value(s.next_stage);
  return next;
}

ordered_json
stage_json(const ProcedurePolicy& proc, const StagePolicy& s)
{
  return ordered_json{{"stage", s.stage},
                      {"name", s.name},
                      {"acknowledge_days", optional_value(s.acknowledge_days)},
                      {"respond_days", s.respond_days},
                      {"max_extension_days", optional_value(s.max_extension_days)},
                      {"next", next_json(proc, s)}};
}

} // namespace

std::string
policy_to_json(const Policy& policy)
{
  // Objects are written key by key in the document's order (ordered_json keeps it).
  ordered_json doc = ordered_json::object();
  doc["version"] = policy.version;
  doc["procedures"] = object_of(policy.procedures, [](const ProcedurePolicy& proc) {
    return std::pair(
        proc.code,
        ordered_json{
            {"name", proc.name},
            {"target_percent", proc.target_percent},
            {"escalation_window_days", optional_value(proc.escalation_window_days)},
            {"stages",
             array_of(proc.stages, [&](const StagePolicy& s) { return stage_json(proc, s); })},
        });
  });
  doc["types"] = object_of(policy.types, [](const TypePolicy& t) {
    return std::pair(t.type, ordered_json{{"procedure", optional_value(t.procedure)},
                                          {"acknowledge_days", optional_value(t.acknowledge_days)},
                                          {"respond_days", optional_value(t.respond_days)}});
  });
  doc["service_overrides"] = array_of(policy.service_overrides, [](const ServiceOverride& o) {
    return ordered_json{{"service", o.service},
                        {"procedure", o.procedure},
                        {"stage", o.stage},
                        {"respond_days", o.respond_days}};
  });
  doc["ladder"] = array_of(policy.ladder, [](const LadderStep& step) {
    return ordered_json{
        {"level", step.level}, {"days_overdue", step.days_overdue}, {"notify", step.notify}};
  });
  doc["classification_rules"] = array_of(policy.rules, [](const ClassificationRule& r) {
    return ordered_json{{"name", r.name},
                        {"sponsors", r.sponsors},
                        {"types", r.types},
                        {"info_request", optional_value(r.info_request)},
                        {"set_type", optional_value(r.set_type)},
                        {"set_procedure", optional_value(r.set_procedure)},
                        {"reason", r.reason}};
  });
  doc["settings"] = object_of(policy.settings, [](const auto& setting) {
    return std::pair(setting.first, ordered_json(setting.second));
  });
  return doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

Policy
policy_from_json(std::string_view text, std::string_view source)
{
  const PolicyChecker check(source);
  auto p = read_policy(parse_document(text, source, check), check);
  // Validate before normalizing, so that array indices in messages are the document's own.
  detail::validate_policy(p, source);
  detail::normalize_policy(p);
  p.version = 0;
  return p;
}

} // namespace feedback
