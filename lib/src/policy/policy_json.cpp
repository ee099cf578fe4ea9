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
// Keys a document may leave out: those added with schema 9, so that a document written before
// still imports meaning what it meant, and those that are only informational.
constexpr std::string_view k_top_optional_keys[] = {"vocabularies", "sources", "title", "version"};
constexpr std::string_view k_procedure_keys[] = {"name", "target_percent", "escalation_window_days",
                                                 "stages"};
constexpr std::string_view k_procedure_optional_keys[] = {"informal", "retired"};
constexpr std::string_view k_informal_keys[] = {"respond_days"};
constexpr std::string_view k_stage_keys[] = {
    "stage", "name", "acknowledge_days", "respond_days", "max_extension_days", "next"};
constexpr std::string_view k_stage_optional_keys[] = {
    "acknowledge_from", "respond_from", "extension_beyond_cap", "independent", "retired"};
constexpr std::string_view k_next_keys[] = {"procedure", "stage"};
constexpr std::string_view k_type_keys[] = {"procedure", "acknowledge_days", "respond_days"};
constexpr std::string_view k_type_optional_keys[] = {"subtypes"};
constexpr std::string_view k_subtype_keys[] = {"name", "acknowledge_days", "respond_days",
                                               "target_percent", "retired"};
constexpr std::string_view k_override_keys[] = {"service", "procedure", "stage", "respond_days"};
constexpr std::string_view k_ladder_keys[] = {"level", "days_overdue", "notify"};
constexpr std::string_view k_rule_keys[] = {"name",     "sponsors",      "types", "info_request",
                                            "set_type", "set_procedure", "reason"};
constexpr std::string_view k_vocabulary_keys[] = {"channels", "areas", "outcomes",
                                                  "ombudsman_decisions", "tags"};
constexpr std::string_view k_word_keys[] = {"code", "name", "retired"};
constexpr std::string_view k_channel_keys[] = {"code", "name", "digital", "retired"};

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
  // `keys` are required; `optional_keys` may be left out.
  Fields(const Reader& in, const json& value, std::string path,
         std::span<const std::string_view> keys,
         std::span<const std::string_view> optional_keys = {})
      : m_in(in), m_value(value), m_path(std::move(path))
  {
    const auto& where = m_path.empty() ? std::string("(document)") : m_path;
    if (!value.is_object()) {
      in.fail(where, "must be an object");
    }
    for (const auto& item : value.items()) {
      if (!vocabulary::contains(keys, item.key()) &&
          !vocabulary::contains(optional_keys, item.key())) {
        std::vector<std::string_view> all(keys.begin(), keys.end());
        all.insert(all.end(), optional_keys.begin(), optional_keys.end());
        in.fail(path_of(item.key()),
                fmt::format("unknown key (expected {})", vocabulary::join(all)));
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
  bool has(const char* key) const { return m_value.contains(key); }

  bool flag(const char* key) const
  {
    const auto& v = at(key);
    if (!v.is_boolean()) {
      m_in.fail(path_of(key), "must be true or false");
    }
    return v.get<bool>();
  }
  // An optional key holding true or false; `fallback` when left out.
  bool optional_flag(const char* key, bool fallback) const
  {
    return has(key) ? flag(key) : fallback;
  }
  // An optional key naming an anchor; `fallback` when left out.
  Anchor anchor(const char* key, Anchor fallback) const
  {
    if (!has(key)) {
      return fallback;
    }
    const auto text = m_in.text(at(key), path_of(key));
    const auto a = parse_anchor(text);
    if (!a) {
      m_in.fail(path_of(key), fmt::format("unknown anchor '{}' (expected receipt, request or "
                                          "acknowledgement)",
                                          text));
    }
    return *a;
  }

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
             std::span<const std::string_view> keys,
             std::span<const std::string_view> optional_keys, Fn&& fn)
{
  const auto& items = in.array(array, path);
  for (std::size_t i = 0; i < items.size(); ++i) {
    fn(Fields(in, items[i], fmt::format("{}[{}]", path, i), keys, optional_keys));
  }
}

// Calls `fn(key, fields)` for each member of the object `items` (at `path`), keyed by the
// `words` of a fixed vocabulary (a `noun`), or by any code when `words` is empty, each an object
// holding `keys` and perhaps `optional_keys`.
template <typename Fn>
void
each_member(const Reader& in, const json& items, const std::string& path, std::string_view noun,
            std::span<const std::string_view> words, std::span<const std::string_view> keys,
            std::span<const std::string_view> optional_keys, Fn&& fn)
{
  if (!items.is_object()) {
    in.fail(path, fmt::format("must be an object keyed by {}", noun));
  }
  for (const auto& item : items.items()) {
    const auto item_path = fmt::format("{}.{}", path, item.key());
    if (words.empty()) {
      if (!vocabulary::is_code(item.key())) {
        in.fail(item_path, fmt::format("not a {} code: lower-case letters, digits and hyphens, "
                                       "at most 40",
                                       noun));
      }
    } else if (!vocabulary::contains(words, item.key())) {
      in.fail(item_path, fmt::format("unknown {} (expected {})", noun, vocabulary::join(words)));
    }
    fn(item.key(), Fields(in, item.value(), item_path, keys, optional_keys));
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
  s.acknowledge_from = f.anchor("acknowledge_from", Anchor::request);
  s.respond_from = f.anchor("respond_from", Anchor::request);
  s.extension_beyond_cap = f.optional_flag("extension_beyond_cap", false);
  s.independent = f.optional_flag("independent", false);
  s.retired = f.optional_flag("retired", false);
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

Vocabulary
read_vocabularies(const Reader& in, const json& value)
{
  const Fields f(in, value, "vocabularies", k_vocabulary_keys);
  Vocabulary v;
  for (const auto kind : k_word_kinds) {
    const std::string key(word_kind_key(kind));
    const bool channel = kind == WordKind::channel;
    each_element(in, f.at(key.c_str()), f.path_of(key),
                 channel ? std::span<const std::string_view>(k_channel_keys)
                         : std::span<const std::string_view>(k_word_keys),
                 {}, [&](const Fields& w) {
                   v.words(kind).push_back({w.text("code"), w.text("name"),
                                            channel ? w.flag("digital") : false,
                                            w.flag("retired")});
                 });
  }
  return v;
}

// The value at `path` ("procedures.corporate.stages[0].respond_days") of `doc`, or nullptr.
const json*
resolve_path(const json& doc, std::string_view path)
{
  const json* at = &doc;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '[') {
      const auto close = path.find(']', i);
      if (close == std::string_view::npos || !at->is_array()) {
        return nullptr;
      }
      std::size_t index = 0;
      const auto digits = path.substr(i + 1, close - i - 1);
      if (digits.empty()) {
        return nullptr;
      }
      for (const char ch : digits) {
        if (ch < '0' || ch > '9' || index > 100000) {
          return nullptr;
        }
        index = index * 10 + static_cast<std::size_t>(ch - '0');
      }
      if (index >= at->size()) {
        return nullptr;
      }
      at = &(*at)[index];
      i = close + 1;
      if (i < path.size() && path[i] == '.') {
        ++i;
      }
      continue;
    }
    const auto end = path.find_first_of(".[", i);
    const auto key = std::string(path.substr(i, end == std::string_view::npos ? end : end - i));
    if (key.empty() || !at->is_object() || !at->contains(key)) {
      return nullptr;
    }
    at = &(*at)[key];
    i = end == std::string_view::npos ? path.size() : end;
    if (i < path.size() && path[i] == '.') {
      ++i;
    }
  }
  return at == &doc ? nullptr : at;
}

Policy
read_policy(const json& doc, const PolicyChecker& check)
{
  const Reader in(check);
  if (!doc.is_object()) {
    in.fail("(document)", "must be an object");
  }
  const Fields top(in, doc, "", k_top_keys, k_top_optional_keys);
  // "version" is what the export was made from, and "title" what a preset is called: both
  // informational, the import numbers anew.
  if (top.has("version") && !doc["version"].is_null()) {
    in.integer(doc["version"], "version");
  }
  if (top.has("title")) {
    in.text(doc["title"], "title");
  }

  Policy p;
  each_member(in, top.at("procedures"), "procedures", "procedure", {}, k_procedure_keys,
              k_procedure_optional_keys, [&](const std::string& code, const Fields& f) {
                ProcedurePolicy proc;
                proc.code = code;
                proc.name = f.text("name");
                proc.target_percent = f.small("target_percent");
                proc.escalation_window_days = f.optional_small("escalation_window_days");
                proc.retired = f.optional_flag("retired", false);
                if (f.has("informal") && !f.at("informal").is_null()) {
                  const Fields informal(in, f.at("informal"), f.path_of("informal"),
                                        k_informal_keys);
                  proc.informal_respond_days = informal.small("respond_days");
                }
                each_element(in, f.at("stages"), f.path_of("stages"), k_stage_keys,
                             k_stage_optional_keys, [&](const Fields& stage) {
                               proc.stages.push_back(read_stage(in, stage, code));
                             });
                p.procedures.push_back(std::move(proc));
              });
  each_member(in, top.at("types"), "types", "type", k_policy_types, k_type_keys,
              k_type_optional_keys, [&](const std::string& type, const Fields& f) {
                TypePolicy t{type,
                             f.optional_text("procedure"),
                             f.optional_small("acknowledge_days"),
                             f.optional_small("respond_days"),
                             {}};
                if (f.has("subtypes")) {
                  each_member(in, f.at("subtypes"), f.path_of("subtypes"), "sub-type", {},
                              k_subtype_keys, {}, [&](const std::string& code, const Fields& sf) {
                                t.subtypes.push_back(
                                    {code, sf.text("name"), sf.optional_small("acknowledge_days"),
                                     sf.optional_small("respond_days"), sf.small("target_percent"),
                                     sf.flag("retired")});
                              });
                }
                p.types.push_back(std::move(t));
              });
  each_element(in, top.at("service_overrides"), "service_overrides", k_override_keys, {},
               [&](const Fields& f) {
                 p.service_overrides.push_back({f.text("service"), f.text("procedure"),
                                                f.small("stage"), f.small("respond_days")});
               });
  each_element(in, top.at("ladder"), "ladder", k_ladder_keys, {}, [&](const Fields& f) {
    p.ladder.push_back({f.text("level"), f.small("days_overdue"), f.text("notify")});
  });
  each_element(in, top.at("classification_rules"), "classification_rules", k_rule_keys, {},
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
  p.vocabulary = top.has("vocabularies") ? read_vocabularies(in, doc["vocabularies"])
                                         : Vocabulary::council_default();
  if (top.has("sources")) {
    const auto& sources = doc["sources"];
    if (!sources.is_object()) {
      in.fail("sources", "must be an object of texts keyed by the path of a value");
    }
    for (const auto& item : sources.items()) {
      const auto path = fmt::format("sources.{}", item.key());
      auto text = in.text(item.value(), path);
      if (text.empty()) {
        in.fail(path, "must not be empty");
      }
      if (!resolve_path(doc, item.key())) {
        in.fail(path, "names no value of this document");
      }
      p.sources[item.key()] = std::move(text);
    }
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
                      {"acknowledge_from", anchor_name(s.acknowledge_from)},
                      {"respond_days", s.respond_days},
                      {"respond_from", anchor_name(s.respond_from)},
                      {"max_extension_days", optional_value(s.max_extension_days)},
                      {"extension_beyond_cap", s.extension_beyond_cap},
                      {"independent", s.independent},
                      {"retired", s.retired},
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
            {"informal", proc.informal_respond_days
                             ? ordered_json{{"respond_days", *proc.informal_respond_days}}
                             : ordered_json(nullptr)},
            {"retired", proc.retired},
            {"stages",
             array_of(proc.stages, [&](const StagePolicy& s) { return stage_json(proc, s); })},
        });
  });
  doc["types"] = object_of(policy.types, [](const TypePolicy& t) {
    return std::pair(
        t.type,
        ordered_json{{"procedure", optional_value(t.procedure)},
                     {"acknowledge_days", optional_value(t.acknowledge_days)},
                     {"respond_days", optional_value(t.respond_days)},
                     {"subtypes", object_of(t.subtypes, [](const SubtypePolicy& st) {
                        return std::pair(
                            st.code,
                            ordered_json{{"name", st.name},
                                         {"acknowledge_days", optional_value(st.acknowledge_days)},
                                         {"respond_days", optional_value(st.respond_days)},
                                         {"target_percent", st.target_percent},
                                         {"retired", st.retired}});
                      })}});
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
  ordered_json vocabularies = ordered_json::object();
  for (const auto kind : k_word_kinds) {
    vocabularies[std::string(word_kind_key(kind))] =
        array_of(policy.vocabulary.words(kind), [kind](const Word& w) {
          ordered_json word{{"code", w.code}, {"name", w.name}};
          if (kind == WordKind::channel) {
            word["digital"] = w.digital;
          }
          word["retired"] = w.retired;
          return word;
        });
  }
  doc["vocabularies"] = std::move(vocabularies);
  doc["sources"] = object_of(policy.sources, [](const auto& source) {
    return std::pair(source.first, ordered_json(source.second));
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

std::optional<std::string>
policy_document_title(std::string_view text)
{
  const auto doc = json::parse(text.begin(), text.end(), nullptr, false);
  if (doc.is_object() && doc.contains("title") && doc["title"].is_string()) {
    return doc["title"].get<std::string>();
  }
  return std::nullopt;
}

} // namespace feedback
