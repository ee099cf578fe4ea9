// SPDX-License-Identifier: MIT
#include <feedback/policy/policy.hpp>
#include <feedback/policy/vocabulary.hpp>
#include <feedback/util/error.hpp>

#include <climits>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <set>
#include <tuple>

namespace feedback {

namespace {

using nlohmann::json;
using nlohmann::ordered_json;

constexpr std::string_view k_ombudsman = "ombudsman";

// Types a policy gives timescales for: the vocabulary's and a contact not yet classified.
constexpr std::string_view k_policy_types[] = {"unclassified",   "complaint",  "compliment",
                                               "comment",        "suggestion", "enquiry",
                                               "service-request"};

// Settings every policy holds, and those a council may add. A fixed list, so that a misspelt
// key is refused instead of silently falling back to the default.
constexpr std::string_view k_required_settings[] = {"sponsor_update_days", "retention_years"};
constexpr std::string_view k_known_settings[] = {"sponsor_update_days", "retention_years",
                                                 "due_soon_days", "inactive_days"};

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

// Position of `word` in `words` (words.size() when absent), to keep procedures and types in
// the vocabulary's order whichever order they were stored or written in.
std::size_t
rank(std::span<const std::string_view> words, std::string_view word)
{
  return static_cast<std::size_t>(std::find(words.begin(), words.end(), word) - words.begin());
}

// Procedures and types in vocabulary order, overrides by key, the ladder by days overdue: one
// canonical order, so a policy read back from the database or a document compares equal.
void
normalize(Policy& p)
{
  std::stable_sort(p.procedures.begin(), p.procedures.end(), [](const auto& a, const auto& b) {
    return rank(vocabulary::k_procedures, a.code) < rank(vocabulary::k_procedures, b.code);
  });
  std::stable_sort(p.types.begin(), p.types.end(), [](const auto& a, const auto& b) {
    return rank(k_policy_types, a.type) < rank(k_policy_types, b.type);
  });
  std::stable_sort(p.service_overrides.begin(), p.service_overrides.end(),
                   [](const auto& a, const auto& b) {
                     return std::tie(a.service, a.procedure, a.stage) <
                            std::tie(b.service, b.procedure, b.stage);
                   });
  std::stable_sort(p.ladder.begin(), p.ladder.end(),
                   [](const auto& a, const auto& b) { return a.days_overdue < b.days_overdue; });
}

// --- semantic validation, shared by policy_from_json and save_policy --------------------------

class Checker
{
public:
  explicit Checker(std::string_view source) : m_source(source) {}

  [[noreturn]] void fail(std::string_view path, std::string_view problem) const
  {
    throw Error(ExitCode::data_error, fmt::format("{}: {}: {}", m_source, path, problem));
  }

  void not_negative(std::string_view path, std::optional<int> days) const
  {
    if (days && *days < 0) {
      fail(path, "must not be negative");
    }
  }

  void not_empty(std::string_view path, std::string_view text) const
  {
    if (text.empty()) {
      fail(path, "must not be empty");
    }
  }

private:
  std::string_view m_source;
};

// Follows `next` links from stage `stage_number` of `start` and reports whether they come back
// to it: escalation would go round for ever. Only the stages of a loop are reported, not those
// that lead into it, so the message points at a link that has to change.
bool
in_escalation_loop(const Policy& p, const ProcedurePolicy& start, int stage_number)
{
  std::size_t total = 0;
  for (const auto& proc : p.procedures) {
    total += proc.stages.size();
  }
  const ProcedurePolicy* proc = &start;
  int number = stage_number;
  for (std::size_t steps = 0; steps <= total; ++steps) {
    const StagePolicy* s = proc->stage(number);
    if (s == nullptr || s->next_procedure == k_ombudsman) {
      return false;
    }
    if (s->next_procedure) {
      proc = p.procedure(*s->next_procedure);
      if (proc == nullptr || !s->next_stage) {
        return false; // reported by validate_next
      }
      number = *s->next_stage;
    } else {
      number = s->next_stage.value_or(number + 1);
    }
    if (proc == &start && number == stage_number) {
      return true;
    }
  }
  return false;
}

void
validate_next(const Checker& check, const Policy& p, const ProcedurePolicy& proc,
              const StagePolicy& stage, const std::string& path)
{
  if (stage.next_procedure == k_ombudsman) {
    if (stage.next_stage) {
      check.fail(path, "the Ombudsman has no stages");
    }
    return;
  }
  if (!stage.next_procedure && !stage.next_stage) {
    return;
  }
  const ProcedurePolicy* target = &proc;
  if (stage.next_procedure) {
    target = p.procedure(*stage.next_procedure);
    if (target == nullptr) {
      check.fail(path,
                 fmt::format("unknown procedure '{}' (expected ombudsman or one of {})",
                             *stage.next_procedure, vocabulary::join(vocabulary::k_procedures)));
    }
  }
  if (!stage.next_stage) {
    check.fail(path, "no stage");
  }
  if (target->stage(*stage.next_stage) == nullptr) {
    check.fail(path, fmt::format("{} has no stage {}", target->code, *stage.next_stage));
  }
  if (target == &proc && *stage.next_stage == stage.stage) {
    check.fail(path, "a stage cannot escalate to itself");
  }
}

void
validate(const Policy& p, std::string_view source)
{
  const Checker check(source);

  std::set<std::string> codes;
  for (const auto& proc : p.procedures) {
    const auto path = fmt::format("procedures.{}", proc.code);
    if (!vocabulary::contains(vocabulary::k_procedures, proc.code)) {
      check.fail(path, fmt::format("unknown procedure (expected {})",
                                   vocabulary::join(vocabulary::k_procedures)));
    }
    if (!codes.insert(proc.code).second) {
      check.fail(path, "defined twice");
    }
    check.not_empty(path + ".name", proc.name);
    if (proc.target_percent < 0 || proc.target_percent > 100) {
      check.fail(path + ".target_percent", "must be from 0 to 100");
    }
    check.not_negative(path + ".escalation_window_days", proc.escalation_window_days);
    if (proc.stages.empty()) {
      check.fail(path + ".stages", "a procedure needs at least one stage");
    }
  }
  for (const auto code : vocabulary::k_procedures) {
    if (codes.count(std::string(code)) == 0) {
      check.fail("procedures", fmt::format("no {} (every procedure must be defined: {})", code,
                                           vocabulary::join(vocabulary::k_procedures)));
    }
  }
  // Numbering first: a `next` naming a stage is only checked once stages are where they say.
  for (const auto& proc : p.procedures) {
    for (std::size_t i = 0; i < proc.stages.size(); ++i) {
      if (proc.stages[i].stage != static_cast<int>(i) + 1) {
        check.fail(fmt::format("procedures.{}.stages[{}].stage", proc.code, i),
                   fmt::format("is {}, expected {} (stages are numbered 1, 2, ... in order)",
                               proc.stages[i].stage, i + 1));
      }
    }
  }
  // Stages after all procedures are known, because `next` may point at another procedure.
  for (const auto& proc : p.procedures) {
    for (std::size_t i = 0; i < proc.stages.size(); ++i) {
      const auto& stage = proc.stages[i];
      const auto path = fmt::format("procedures.{}.stages[{}]", proc.code, i);
      check.not_empty(path + ".name", stage.name);
      check.not_negative(path + ".acknowledge_days", stage.acknowledge_days);
      check.not_negative(path + ".respond_days", stage.respond_days);
      check.not_negative(path + ".max_extension_days", stage.max_extension_days);
      validate_next(check, p, proc, stage, path + ".next");
    }
  }
  for (const auto& proc : p.procedures) {
    for (std::size_t i = 0; i < proc.stages.size(); ++i) {
      if (in_escalation_loop(p, proc, proc.stages[i].stage)) {
        check.fail(fmt::format("procedures.{}.stages[{}].next", proc.code, i),
                   "escalation from this stage goes round in a loop");
      }
    }
  }

  std::set<std::string> types;
  for (const auto& t : p.types) {
    const auto path = fmt::format("types.{}", t.type);
    if (!vocabulary::contains(k_policy_types, t.type)) {
      check.fail(path, fmt::format("unknown type (expected {})", vocabulary::join(k_policy_types)));
    }
    if (!types.insert(t.type).second) {
      check.fail(path, "defined twice");
    }
    if (t.procedure && p.procedure(*t.procedure) == nullptr) {
      check.fail(path + ".procedure",
                 fmt::format("unknown procedure '{}' (expected null or one of {})", *t.procedure,
                             vocabulary::join(vocabulary::k_procedures)));
    }
    check.not_negative(path + ".acknowledge_days", t.acknowledge_days);
    check.not_negative(path + ".respond_days", t.respond_days);
  }
  for (const auto type : k_policy_types) {
    if (types.count(std::string(type)) == 0) {
      check.fail("types", fmt::format("no {} (every type must be defined: {})", type,
                                      vocabulary::join(k_policy_types)));
    }
  }

  std::set<std::tuple<std::string, std::string, int>> overrides;
  for (std::size_t i = 0; i < p.service_overrides.size(); ++i) {
    const auto& o = p.service_overrides[i];
    const auto path = fmt::format("service_overrides[{}]", i);
    check.not_empty(path + ".service", o.service);
    const auto* proc = p.procedure(o.procedure);
    if (proc == nullptr) {
      check.fail(path + ".procedure",
                 fmt::format("unknown procedure '{}' (expected {})", o.procedure,
                             vocabulary::join(vocabulary::k_procedures)));
    }
    if (proc->stage(o.stage) == nullptr) {
      check.fail(path + ".stage", fmt::format("{} has no stage {}", o.procedure, o.stage));
    }
    check.not_negative(path + ".respond_days", o.respond_days);
    if (!overrides.emplace(o.service, o.procedure, o.stage).second) {
      check.fail(
          path, fmt::format("{} {} stage {} is overridden twice", o.service, o.procedure, o.stage));
    }
  }

  std::set<std::string> levels;
  std::set<int> days;
  for (std::size_t i = 0; i < p.ladder.size(); ++i) {
    const auto& step = p.ladder[i];
    const auto path = fmt::format("ladder[{}]", i);
    check.not_empty(path + ".level", step.level);
    check.not_empty(path + ".notify", step.notify);
    if (!levels.insert(step.level).second) {
      check.fail(path + ".level", fmt::format("level '{}' is listed twice", step.level));
    }
    if (!days.insert(step.days_overdue).second) {
      check.fail(path + ".days_overdue",
                 fmt::format("{} is used by another level", step.days_overdue));
    }
  }

  std::set<std::string> rule_names;
  for (std::size_t i = 0; i < p.rules.size(); ++i) {
    const auto& r = p.rules[i];
    const auto path = fmt::format("classification_rules[{}]", i);
    check.not_empty(path + ".name", r.name);
    if (!rule_names.insert(r.name).second) {
      check.fail(path + ".name", fmt::format("rule '{}' is listed twice", r.name));
    }
    std::set<std::string> seen;
    for (std::size_t j = 0; j < r.sponsors.size(); ++j) {
      const auto item = fmt::format("{}.sponsors[{}]", path, j);
      if (!vocabulary::contains(vocabulary::k_sponsors, r.sponsors[j])) {
        check.fail(item, fmt::format("unknown sponsor '{}' (expected {})", r.sponsors[j],
                                     vocabulary::join(vocabulary::k_sponsors)));
      }
      if (!seen.insert(r.sponsors[j]).second) {
        check.fail(item, fmt::format("'{}' is listed twice", r.sponsors[j]));
      }
    }
    seen.clear();
    for (std::size_t j = 0; j < r.types.size(); ++j) {
      const auto item = fmt::format("{}.types[{}]", path, j);
      if (!vocabulary::contains(k_policy_types, r.types[j])) {
        check.fail(item, fmt::format("unknown type '{}' (expected {})", r.types[j],
                                     vocabulary::join(k_policy_types)));
      }
      if (!seen.insert(r.types[j]).second) {
        check.fail(item, fmt::format("'{}' is listed twice", r.types[j]));
      }
    }
    if (r.set_type && !vocabulary::contains(vocabulary::k_types, *r.set_type)) {
      check.fail(path + ".set_type",
                 fmt::format("unknown type '{}' (expected null or one of {})", *r.set_type,
                             vocabulary::join(vocabulary::k_types)));
    }
    if (r.set_procedure && p.procedure(*r.set_procedure) == nullptr) {
      check.fail(path + ".set_procedure",
                 fmt::format("unknown procedure '{}' (expected null or one of {})",
                             *r.set_procedure, vocabulary::join(vocabulary::k_procedures)));
    }
    if (!r.set_type && !r.set_procedure) {
      check.fail(path, "sets neither a type nor a procedure, so it can never decide anything");
    }
    check.not_empty(path + ".reason", r.reason);
  }

  for (const auto& [key, value] : p.settings) {
    const auto path = fmt::format("settings.{}", key);
    if (!vocabulary::contains(k_known_settings, key)) {
      check.fail(path,
                 fmt::format("unknown setting (expected {})", vocabulary::join(k_known_settings)));
    }
    if (value < 0) {
      check.fail(path, "must not be negative");
    }
  }
  for (const auto key : k_required_settings) {
    if (p.settings.count(std::string(key)) == 0) {
      check.fail("settings", fmt::format("no {}", key));
    }
  }
}

// --- reading a document -----------------------------------------------------------------------

// Parses `text`, refusing repeated keys: nlohmann keeps only one of them, which would silently
// drop part of what the author wrote.
json
parse_document(std::string_view text, const Checker& check)
{
  struct Frame
  {
    bool array = false;
    std::size_t index = 0;
    std::string key;
    std::set<std::string> keys;
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
    return out;
  };
  auto element_done = [&frames] {
    if (!frames.empty() && frames.back().array) {
      ++frames.back().index;
    }
  };
  const json::parser_callback_t callback = [&](int, json::parse_event_t event, json& parsed) {
    switch (event) {
    case json::parse_event_t::object_start:
      frames.push_back({});
      break;
    case json::parse_event_t::array_start:
      frames.push_back({true, 0, {}, {}});
      break;
    case json::parse_event_t::key: {
      auto& top = frames.back();
      top.key = parsed.get<std::string>();
      if (!top.keys.insert(top.key).second) {
        check.fail(path_of(frames.size()), "repeated key");
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
  try {
    return json::parse(text.begin(), text.end(), callback);
  } catch (const json::parse_error& e) {
    check.fail("(document)", fmt::format("malformed JSON: {}", e.what()));
  }
}

class Reader
{
public:
  explicit Reader(const Checker& check) : m_check(check) {}

  // Requires `value` to be an object holding exactly `keys`.
  void object(const json& value, const std::string& path,
              std::span<const std::string_view> keys) const
  {
    if (!value.is_object()) {
      m_check.fail(path.empty() ? "(document)" : path, "must be an object");
    }
    for (const auto& [key, item] : value.items()) {
      if (!vocabulary::contains(keys, key)) {
        m_check.fail(join(path, key),
                     fmt::format("unknown key (expected {})", vocabulary::join(keys)));
      }
    }
    for (const auto key : keys) {
      if (!value.contains(key)) {
        m_check.fail(path.empty() ? "(document)" : path, fmt::format("no {}", key));
      }
    }
  }

  const json& array(const json& value, const std::string& path) const
  {
    if (!value.is_array()) {
      m_check.fail(path, "must be an array");
    }
    return value;
  }

  std::int64_t integer(const json& value, const std::string& path) const
  {
    if (value.is_number_unsigned()) {
      const auto u = value.get<std::uint64_t>();
      if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        m_check.fail(path, "is too large");
      }
      return static_cast<std::int64_t>(u);
    }
    if (value.is_number_integer()) {
      return value.get<std::int64_t>();
    }
    m_check.fail(path, value.is_number() ? "must be a whole number" : "must be a number");
  }

  int small(const json& value, const std::string& path) const
  {
    const auto n = integer(value, path);
    if (n < INT_MIN || n > INT_MAX) {
      m_check.fail(path, "is out of range");
    }
    return static_cast<int>(n);
  }

  int small_at(const json& obj, const std::string& path, const char* key) const
  {
    return small(obj.at(key), join(path, key));
  }

  std::optional<int> optional_small_at(const json& obj, const std::string& path,
                                       const char* key) const
  {
    const auto& value = obj.at(key);
    if (value.is_null()) {
      return std::nullopt;
    }
    return small(value, join(path, key));
  }

  std::string text(const json& value, const std::string& path) const
  {
    if (!value.is_string()) {
      m_check.fail(path, "must be a string");
    }
    return value.get<std::string>();
  }

  std::string text_at(const json& obj, const std::string& path, const char* key) const
  {
    return text(obj.at(key), join(path, key));
  }

  std::optional<std::string> optional_text_at(const json& obj, const std::string& path,
                                              const char* key) const
  {
    const auto& value = obj.at(key);
    if (value.is_null()) {
      return std::nullopt;
    }
    if (!value.is_string()) {
      m_check.fail(join(path, key), "must be a string or null");
    }
    return value.get<std::string>();
  }

  // A list of words: an array of strings; null or [] means "any".
  std::vector<std::string> words_at(const json& obj, const std::string& path, const char* key) const
  {
    const auto& value = obj.at(key);
    std::vector<std::string> out;
    if (value.is_null()) {
      return out;
    }
    const auto where = join(path, key);
    if (!value.is_array()) {
      m_check.fail(where, "must be an array of strings or null");
    }
    for (std::size_t i = 0; i < value.size(); ++i) {
      out.push_back(text(value[i], fmt::format("{}[{}]", where, i)));
    }
    return out;
  }

  static std::string join(const std::string& path, std::string_view key)
  {
    return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
  }

private:
  const Checker& m_check;
};

StagePolicy
read_stage(const Reader& in, const Checker& check, const json& value, const std::string& path,
           const std::string& procedure)
{
  in.object(value, path, k_stage_keys);
  StagePolicy s;
  s.stage = in.small_at(value, path, "stage");
  s.name = in.text_at(value, path, "name");
  s.acknowledge_days = in.optional_small_at(value, path, "acknowledge_days");
  s.respond_days = in.small_at(value, path, "respond_days");
  s.max_extension_days = in.optional_small_at(value, path, "max_extension_days");
  const auto& next = value.at("next");
  const auto next_path = Reader::join(path, "next");
  if (next.is_null()) {
    return s;
  }
  if (next.is_string()) {
    if (next.get<std::string>() != k_ombudsman) {
      check.fail(next_path, R"(must be null, "ombudsman" or {"procedure": ..., "stage": ...})");
    }
    s.next_procedure = std::string(k_ombudsman);
    return s;
  }
  if (!next.is_object()) {
    check.fail(next_path, R"(must be null, "ombudsman" or {"procedure": ..., "stage": ...})");
  }
  in.object(next, next_path, k_next_keys);
  auto target = in.text_at(next, next_path, "procedure");
  // The next stage of the same procedure is stored without a procedure (as the schema's
  // defaults are), so writing the procedure out in full does not change the policy.
  if (target != procedure) {
    s.next_procedure = std::move(target);
  }
  s.next_stage = in.small_at(next, next_path, "stage");
  return s;
}

Policy
read_policy(const json& doc, const Checker& check)
{
  const Reader in(check);
  if (!doc.is_object()) {
    check.fail("(document)", "must be an object");
  }
  // "version" is what the export was made from: informational, the import numbers anew.
  if (doc.contains("version") && !doc["version"].is_null()) {
    in.integer(doc["version"], "version");
  }
  json top = doc;
  top.erase("version");
  in.object(top, "", k_top_keys);

  Policy p;
  const auto& procedures = top.at("procedures");
  if (!procedures.is_object()) {
    check.fail("procedures", "must be an object keyed by procedure");
  }
  for (const auto& [code, value] : procedures.items()) {
    const auto path = fmt::format("procedures.{}", code);
    if (!vocabulary::contains(vocabulary::k_procedures, code)) {
      check.fail(path, fmt::format("unknown procedure (expected {})",
                                   vocabulary::join(vocabulary::k_procedures)));
    }
    in.object(value, path, k_procedure_keys);
    ProcedurePolicy proc;
    proc.code = code;
    proc.name = in.text_at(value, path, "name");
    proc.target_percent = in.small_at(value, path, "target_percent");
    proc.escalation_window_days = in.optional_small_at(value, path, "escalation_window_days");
    const auto stages_path = path + ".stages";
    const auto& stages = in.array(value.at("stages"), stages_path);
    for (std::size_t i = 0; i < stages.size(); ++i) {
      proc.stages.push_back(
          read_stage(in, check, stages[i], fmt::format("{}[{}]", stages_path, i), code));
    }
    p.procedures.push_back(std::move(proc));
  }

  const auto& types = top.at("types");
  if (!types.is_object()) {
    check.fail("types", "must be an object keyed by type");
  }
  for (const auto& [type, value] : types.items()) {
    const auto path = fmt::format("types.{}", type);
    if (!vocabulary::contains(k_policy_types, type)) {
      check.fail(path, fmt::format("unknown type (expected {})", vocabulary::join(k_policy_types)));
    }
    in.object(value, path, k_type_keys);
    p.types.push_back({type, in.optional_text_at(value, path, "procedure"),
                       in.optional_small_at(value, path, "acknowledge_days"),
                       in.optional_small_at(value, path, "respond_days")});
  }

  const auto& overrides = in.array(top.at("service_overrides"), "service_overrides");
  for (std::size_t i = 0; i < overrides.size(); ++i) {
    const auto path = fmt::format("service_overrides[{}]", i);
    in.object(overrides[i], path, k_override_keys);
    p.service_overrides.push_back({in.text_at(overrides[i], path, "service"),
                                   in.text_at(overrides[i], path, "procedure"),
                                   in.small_at(overrides[i], path, "stage"),
                                   in.small_at(overrides[i], path, "respond_days")});
  }

  const auto& ladder = in.array(top.at("ladder"), "ladder");
  for (std::size_t i = 0; i < ladder.size(); ++i) {
    const auto path = fmt::format("ladder[{}]", i);
    in.object(ladder[i], path, k_ladder_keys);
    p.ladder.push_back({in.text_at(ladder[i], path, "level"),
                        in.small_at(ladder[i], path, "days_overdue"),
                        in.text_at(ladder[i], path, "notify")});
  }

  const auto& rules = in.array(top.at("classification_rules"), "classification_rules");
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const auto path = fmt::format("classification_rules[{}]", i);
    const auto& value = rules[i];
    in.object(value, path, k_rule_keys);
    ClassificationRule r;
    r.name = in.text_at(value, path, "name");
    r.sponsors = in.words_at(value, path, "sponsors");
    r.types = in.words_at(value, path, "types");
    const auto& info = value.at("info_request");
    if (!info.is_null()) {
      if (!info.is_boolean()) {
        check.fail(path + ".info_request", "must be true, false or null");
      }
      r.info_request = info.get<bool>();
    }
    r.set_type = in.optional_text_at(value, path, "set_type");
    r.set_procedure = in.optional_text_at(value, path, "set_procedure");
    r.reason = in.text_at(value, path, "reason");
    p.rules.push_back(std::move(r));
  }

  const auto& settings = top.at("settings");
  if (!settings.is_object()) {
    check.fail("settings", "must be an object");
  }
  for (const auto& [key, value] : settings.items()) {
    p.settings[key] = in.integer(value, fmt::format("settings.{}", key));
  }
  return p;
}

// --- writing a document -----------------------------------------------------------------------

ordered_json
optional_number(const std::optional<int>& value)
{
  return value ? ordered_json(*value) : ordered_json(nullptr);
}

ordered_json
optional_text(const std::optional<std::string>& value)
{
  return value ? ordered_json(*value) : ordered_json(nullptr);
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
  next["stage"] = optional_number(s.next_stage);
  return next;
}

// --- the database -----------------------------------------------------------------------------

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

std::optional<int>
optional_int(const Statement& st, int column)
{
  if (st.column_is_null(column)) {
    return std::nullopt;
  }
  return st.column_int(column);
}

std::optional<std::int64_t>
widen(const std::optional<int>& value)
{
  return value ? std::optional<std::int64_t>(*value) : std::nullopt;
}

} // namespace

const StagePolicy*
ProcedurePolicy::stage(int number) const noexcept
{
  for (const auto& s : stages) {
    if (s.stage == number) {
      return &s;
    }
  }
  return nullptr;
}

const ProcedurePolicy*
Policy::procedure(std::string_view code) const noexcept
{
  for (const auto& p : procedures) {
    if (p.code == code) {
      return &p;
    }
  }
  return nullptr;
}

const TypePolicy*
Policy::type(std::string_view name) const noexcept
{
  for (const auto& t : types) {
    if (t.type == name) {
      return &t;
    }
  }
  return nullptr;
}

std::optional<int>
Policy::override_respond_days(std::string_view service, std::string_view procedure_code,
                              int stage_number) const noexcept
{
  for (const auto& o : service_overrides) {
    if (o.service == service && o.procedure == procedure_code && o.stage == stage_number) {
      return o.respond_days;
    }
  }
  return std::nullopt;
}

std::int64_t
Policy::setting(std::string_view key, std::int64_t fallback) const
{
  const auto it = settings.find(std::string(key));
  return it == settings.end() ? fallback : it->second;
}

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
  {
    Statement st(db, "SELECT code, name, target_percent, escalation_window_days "
                     "FROM policy_procedure WHERE version = ?1");
    st.bind(1, p.version);
    while (st.step()) {
      p.procedures.push_back({st.column_text(0).value_or(""),
                              st.column_text(1).value_or(""),
                              st.column_int(2),
                              optional_int(st, 3),
                              {}});
    }
  }
  {
    Statement st(db, "SELECT procedure, stage, name, acknowledge_days, respond_days, "
                     "max_extension_days, next_procedure, next_stage "
                     "FROM policy_stage WHERE version = ?1 ORDER BY procedure, stage");
    st.bind(1, p.version);
    while (st.step()) {
      const auto code = st.column_text(0).value_or("");
      auto it = std::find_if(p.procedures.begin(), p.procedures.end(),
                             [&](const auto& proc) { return proc.code == code; });
      if (it == p.procedures.end()) {
        throw Error(
            ExitCode::data_error,
            fmt::format("policy version {}: a stage of unknown procedure {}", p.version, code));
      }
      it->stages.push_back({st.column_int(1), st.column_text(2).value_or(""), optional_int(st, 3),
                            st.column_int(4), optional_int(st, 5), st.column_text(6),
                            optional_int(st, 7)});
    }
  }
  {
    Statement st(db, "SELECT type, procedure, acknowledge_days, respond_days "
                     "FROM policy_type WHERE version = ?1");
    st.bind(1, p.version);
    while (st.step()) {
      p.types.push_back({st.column_text(0).value_or(""), st.column_text(1), optional_int(st, 2),
                         optional_int(st, 3)});
    }
  }
  {
    Statement st(db, "SELECT service, procedure, stage, respond_days "
                     "FROM policy_service_override WHERE version = ?1");
    st.bind(1, p.version);
    while (st.step()) {
      p.service_overrides.push_back({st.column_text(0).value_or(""), st.column_text(1).value_or(""),
                                     st.column_int(2), st.column_int(3)});
    }
  }
  {
    Statement st(db, "SELECT level, days_overdue, notify FROM policy_ladder WHERE version = ?1");
    st.bind(1, p.version);
    while (st.step()) {
      p.ladder.push_back(
          {st.column_text(0).value_or(""), st.column_int(1), st.column_text(2).value_or("")});
    }
  }
  {
    Statement st(db, "SELECT name, sponsors, info_request, types, set_type, set_procedure, reason "
                     "FROM policy_rule WHERE version = ?1 ORDER BY ordinal");
    st.bind(1, p.version);
    while (st.step()) {
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
    }
  }
  {
    Statement st(db, "SELECT key, value FROM policy_setting WHERE version = ?1");
    st.bind(1, p.version);
    while (st.step()) {
      p.settings[st.column_text(0).value_or("")] = st.column_int64(1);
    }
  }
  normalize(p);
  return p;
}

std::string
policy_to_json(const Policy& policy)
{
  ordered_json doc = ordered_json::object();
  doc["version"] = policy.version;
  ordered_json procedures = ordered_json::object();
  for (const auto& proc : policy.procedures) {
    ordered_json stages = ordered_json::array();
    for (const auto& s : proc.stages) {
      ordered_json stage = ordered_json::object();
      stage["stage"] = s.stage;
      stage["name"] = s.name;
      stage["acknowledge_days"] = optional_number(s.acknowledge_days);
      stage["respond_days"] = s.respond_days;
      stage["max_extension_days"] = optional_number(s.max_extension_days);
      stage["next"] = next_json(proc, s);
      stages.push_back(std::move(stage));
    }
    ordered_json item = ordered_json::object();
    item["name"] = proc.name;
    item["target_percent"] = proc.target_percent;
    item["escalation_window_days"] = optional_number(proc.escalation_window_days);
    item["stages"] = std::move(stages);
    procedures[proc.code] = std::move(item);
  }
  doc["procedures"] = std::move(procedures);

  ordered_json types = ordered_json::object();
  for (const auto& t : policy.types) {
    ordered_json item = ordered_json::object();
    item["procedure"] = optional_text(t.procedure);
    item["acknowledge_days"] = optional_number(t.acknowledge_days);
    item["respond_days"] = optional_number(t.respond_days);
    types[t.type] = std::move(item);
  }
  doc["types"] = std::move(types);

  ordered_json overrides = ordered_json::array();
  for (const auto& o : policy.service_overrides) {
    ordered_json item = ordered_json::object();
    item["service"] = o.service;
    item["procedure"] = o.procedure;
    item["stage"] = o.stage;
    item["respond_days"] = o.respond_days;
    overrides.push_back(std::move(item));
  }
  doc["service_overrides"] = std::move(overrides);

  ordered_json ladder = ordered_json::array();
  for (const auto& step : policy.ladder) {
    ordered_json item = ordered_json::object();
    item["level"] = step.level;
    item["days_overdue"] = step.days_overdue;
    item["notify"] = step.notify;
    ladder.push_back(std::move(item));
  }
  doc["ladder"] = std::move(ladder);

  ordered_json rules = ordered_json::array();
  for (const auto& r : policy.rules) {
    ordered_json item = ordered_json::object();
    item["name"] = r.name;
    item["sponsors"] = r.sponsors;
    item["types"] = r.types;
    item["info_request"] = r.info_request ? ordered_json(*r.info_request) : ordered_json(nullptr);
    item["set_type"] = optional_text(r.set_type);
    item["set_procedure"] = optional_text(r.set_procedure);
    item["reason"] = r.reason;
    rules.push_back(std::move(item));
  }
  doc["classification_rules"] = std::move(rules);

  ordered_json settings = ordered_json::object();
  for (const auto& [key, value] : policy.settings) {
    settings[key] = value;
  }
  doc["settings"] = std::move(settings);
  return doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

Policy
policy_from_json(std::string_view text, std::string_view source)
{
  const Checker check(source);
  auto p = read_policy(parse_document(text, check), check);
  // Validate before normalizing, so that array indices in messages are the document's own.
  validate(p, source);
  normalize(p);
  p.version = 0;
  return p;
}

int
save_policy(Database& db, const Policy& policy, std::string_view note, std::string_view created_at)
{
  validate(policy, "policy");
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
  Statement stage_st(db, "INSERT INTO policy_stage (version, procedure, stage, name, "
                         "acknowledge_days, respond_days, max_extension_days, next_procedure, "
                         "next_stage) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  for (const auto& proc : policy.procedures) {
    proc_st.reset();
    proc_st.bind(1, version)
        .bind(2, proc.code)
        .bind(3, proc.name)
        .bind(4, proc.target_percent)
        .bind(5, widen(proc.escalation_window_days))
        .run();
    for (const auto& s : proc.stages) {
      stage_st.reset();
      stage_st.bind(1, version)
          .bind(2, proc.code)
          .bind(3, s.stage)
          .bind(4, s.name)
          .bind(5, widen(s.acknowledge_days))
          .bind(6, s.respond_days)
          .bind(7, widen(s.max_extension_days))
          .bind(8, s.next_procedure)
          .bind(9, widen(s.next_stage))
          .run();
    }
  }

  Statement type_st(db, "INSERT INTO policy_type (version, type, procedure, acknowledge_days, "
                        "respond_days) VALUES (?1, ?2, ?3, ?4, ?5)");
  for (const auto& t : policy.types) {
    type_st.reset();
    type_st.bind(1, version)
        .bind(2, t.type)
        .bind(3, t.procedure)
        .bind(4, widen(t.acknowledge_days))
        .bind(5, widen(t.respond_days))
        .run();
  }

  Statement override_st(db, "INSERT INTO policy_service_override (version, service, procedure, "
                            "stage, respond_days) VALUES (?1, ?2, ?3, ?4, ?5)");
  for (const auto& o : policy.service_overrides) {
    override_st.reset();
    override_st.bind(1, version)
        .bind(2, o.service)
        .bind(3, o.procedure)
        .bind(4, o.stage)
        .bind(5, o.respond_days)
        .run();
  }

  Statement ladder_st(db, "INSERT INTO policy_ladder (version, level, days_overdue, notify) "
                          "VALUES (?1, ?2, ?3, ?4)");
  for (const auto& step : policy.ladder) {
    ladder_st.reset();
    ladder_st.bind(1, version)
        .bind(2, step.level)
        .bind(3, step.days_overdue)
        .bind(4, step.notify)
        .run();
  }

  Statement rule_st(db, "INSERT INTO policy_rule (version, ordinal, name, sponsors, info_request, "
                        "types, set_type, set_procedure, reason) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  for (std::size_t i = 0; i < policy.rules.size(); ++i) {
    const auto& r = policy.rules[i];
    rule_st.reset();
    rule_st.bind(1, version)
        .bind(2, static_cast<std::int64_t>(i) + 1)
        .bind(3, r.name)
        .bind(4, join_words(r.sponsors))
        .bind(5,
              r.info_request ? std::optional<std::int64_t>(*r.info_request ? 1 : 0) : std::nullopt)
        .bind(6, join_words(r.types))
        .bind(7, r.set_type)
        .bind(8, r.set_procedure)
        .bind(9, r.reason)
        .run();
  }

  Statement setting_st(db, "INSERT INTO policy_setting (version, key, value) VALUES (?1, ?2, ?3)");
  for (const auto& [key, value] : policy.settings) {
    setting_st.reset();
    setting_st.bind(1, version).bind(2, key).bind(3, value).run();
  }
  tx.commit();
  return version;
}

} // namespace feedback
