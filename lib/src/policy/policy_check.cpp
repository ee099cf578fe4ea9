// SPDX-License-Identifier: MIT
// What a policy must mean to be used, checked the same way for a document being imported and
// a policy being saved (the document's format: policy_from_json in policy.hpp).
#include "policy/policy_internal.hpp"

#include <feedback/policy/vocabulary.hpp>

#include <fmt/core.h>

#include <set>
#include <span>
#include <string>
#include <tuple>

namespace feedback::detail {

namespace {

// Settings every policy holds, and those a council may add. A fixed list, so that a misspelt
// key is refused instead of silently falling back to the default.
constexpr std::string_view k_required_settings[] = {"sponsor_update_days", "retention_years"};
constexpr std::string_view k_known_settings[] = {"sponsor_update_days", "retention_years",
                                                 "due_soon_days", "inactive_days"};

// The checks a policy's fields take, each written once; every failure names the field's path.
class Checks
{
public:
  Checks(const Policy& policy, std::string_view source) : m_policy(policy), m_check(source) {}

  [[noreturn]] void fail(std::string_view path, std::string_view problem) const
  {
    m_check.fail(path, problem);
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

  // `value` is not in `seen` yet (and is added); `problem` otherwise.
  template <typename T>
  void once(std::string_view path, std::set<T>& seen, T value, std::string_view problem) const
  {
    if (!seen.insert(std::move(value)).second) {
      fail(path, problem);
    }
  }

  // A key of a section keyed by the words of a vocabulary (procedures, types): one of `words`,
  // defined once.
  void defined_once(std::string_view path, std::string_view noun, const std::string& key,
                    std::span<const std::string_view> words, std::set<std::string>& seen) const
  {
    if (!vocabulary::contains(words, key)) {
      fail(path, fmt::format("unknown {} (expected {})", noun, vocabulary::join(words)));
    }
    once(path, seen, key, "defined twice");
  }

  // Every word of `words` is a key of `section`.
  void all_defined(std::string_view section, std::string_view noun,
                   std::span<const std::string_view> words,
                   const std::set<std::string>& defined) const
  {
    for (const auto word : words) {
      if (defined.count(std::string(word)) == 0) {
        fail(section, fmt::format("no {} (every {} must be defined: {})", word, noun,
                                  vocabulary::join(words)));
      }
    }
  }

  // A value naming one of `words`; `alternatives` ("null or one of ") says what else it may be.
  void known(std::string_view path, std::string_view noun, std::string_view word,
             std::span<const std::string_view> words, std::string_view alternatives = "") const
  {
    if (!vocabulary::contains(words, word)) {
      fail(path, unknown(noun, word, words, alternatives));
    }
  }

  // A value naming a procedure of the policy, which it returns.
  const ProcedurePolicy& procedure(std::string_view path, std::string_view code,
                                   std::string_view alternatives = "") const
  {
    const auto* proc = m_policy.procedure(code);
    if (proc == nullptr) {
      fail(path,
           unknown("procedure", code, m_policy.procedure_codes(Retired::allowed), alternatives));
    }
    return *proc;
  }

  // A value naming a procedure that new cases may follow: defined and not retired.
  void usable_procedure(std::string_view path, std::string_view code, std::string_view role,
                        std::string_view alternatives = "") const
  {
    if (procedure(path, code, alternatives).retired) {
      fail(path, fmt::format("procedure '{}' is retired: it cannot be {}", code, role));
    }
  }

  // A list of words of `words` (sponsors, types), none repeated.
  void word_list(std::string_view path, std::string_view noun, const std::vector<std::string>& list,
                 std::span<const std::string_view> words) const
  {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const auto item = fmt::format("{}[{}]", path, i);
      known(item, noun, list[i], words);
      once(item, seen, list[i], fmt::format("'{}' is listed twice", list[i]));
    }
  }

private:
  static std::string unknown(std::string_view noun, std::string_view word,
                             std::span<const std::string_view> words, std::string_view alternatives)
  {
    return fmt::format("unknown {} '{}' (expected {}{})", noun, word, alternatives,
                       vocabulary::join(words));
  }

  const Policy& m_policy;
  PolicyChecker m_check;
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
        return false; // reported by check_next
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
check_next(const Checks& check, const ProcedurePolicy& proc, const StagePolicy& stage,
           const std::string& path)
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
  const ProcedurePolicy& target =
      stage.next_procedure ? check.procedure(path, *stage.next_procedure, "ombudsman or one of ")
                           : proc;
  if (!stage.next_stage) {
    check.fail(path, "no stage");
  }
  if (target.stage(*stage.next_stage) == nullptr) {
    check.fail(path, fmt::format("{} has no stage {}", target.code, *stage.next_stage));
  }
  if (&target == &proc && *stage.next_stage == stage.stage) {
    check.fail(path, "a stage cannot escalate to itself");
  }
}

// The stage `next` of `stage` leads to, or nullptr for the Ombudsman or the end of the procedure.
const StagePolicy*
next_stage_of(const Policy& p, const ProcedurePolicy& proc, const StagePolicy& stage,
              const ProcedurePolicy** next_proc)
{
  *next_proc = &proc;
  if (stage.next_procedure == k_ombudsman) {
    return nullptr;
  }
  if (stage.next_procedure) {
    *next_proc = p.procedure(*stage.next_procedure);
    return *next_proc != nullptr && stage.next_stage ? (*next_proc)->stage(*stage.next_stage)
                                                     : nullptr;
  }
  return proc.stage(stage.next_stage.value_or(stage.stage + 1));
}

void
check_stage_rules(const Checks& check, const Policy& p, const ProcedurePolicy& proc,
                  const StagePolicy& stage, const std::string& path)
{
  if (stage.acknowledge_from == Anchor::acknowledgement) {
    check.fail(path + ".acknowledge_from",
               "an acknowledgement cannot count from itself (expected receipt or request)");
  }
  if (stage.respond_from == Anchor::acknowledgement && !stage.acknowledge_days) {
    check.fail(path + ".respond_from",
               "counts from the acknowledgement, but the stage has no acknowledgement timescale "
               "(acknowledge_days is null)");
  }
  if (stage.extension_beyond_cap && !stage.max_extension_days) {
    check.fail(path + ".extension_beyond_cap",
               "needs a cap to go beyond (max_extension_days is null: no limit)");
  }
  if (stage.retired && stage.stage == 1 && !proc.retired) {
    check.fail(path + ".retired", fmt::format("stage 1 is where every new case of {} starts: "
                                              "retire the procedure, or not the stage",
                                              proc.code));
  }
  if (!stage.retired && !proc.retired) {
    const ProcedurePolicy* next_proc = nullptr;
    const auto* next = next_stage_of(p, proc, stage, &next_proc);
    if (next != nullptr && (next->retired || next_proc->retired)) {
      check.fail(path + ".next",
                 fmt::format("leads to {} stage {}, which is retired: new cases would reach it",
                             next_proc->code, next->stage));
    }
  }
}

void
check_procedures(const Checks& check, const Policy& p)
{
  std::set<std::string> codes;
  for (const auto& proc : p.procedures) {
    const auto path = fmt::format("procedures.{}", proc.code);
    if (!vocabulary::is_code(proc.code) || proc.code == k_ombudsman) {
      check.fail(path, proc.code == k_ombudsman
                           ? "'ombudsman' names the Ombudsman, not a procedure"
                           : "not a procedure code: lower-case letters, digits and hyphens, at "
                             "most 40");
    }
    check.once(path, codes, proc.code, "defined twice");
    check.not_empty(path + ".name", proc.name);
    if (proc.target_percent < 0 || proc.target_percent > 100) {
      check.fail(path + ".target_percent", "must be from 0 to 100");
    }
    check.not_negative(path + ".escalation_window_days", proc.escalation_window_days);
    check.not_negative(path + ".informal.respond_days", proc.informal_respond_days);
    if (proc.stages.empty()) {
      check.fail(path + ".stages", "a procedure needs at least one stage");
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
      check_next(check, proc, stage, path + ".next");
    }
  }
  for (const auto& proc : p.procedures) {
    for (std::size_t i = 0; i < proc.stages.size(); ++i) {
      check_stage_rules(check, p, proc, proc.stages[i],
                        fmt::format("procedures.{}.stages[{}]", proc.code, i));
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
}

void
check_types(const Checks& check, const Policy& p)
{
  std::set<std::string> types;
  for (const auto& t : p.types) {
    const auto path = fmt::format("types.{}", t.type);
    check.defined_once(path, "type", t.type, k_policy_types, types);
    if (t.procedure) {
      check.usable_procedure(path + ".procedure", *t.procedure, "the default of a type",
                             "null or one of ");
    }
    check.not_negative(path + ".acknowledge_days", t.acknowledge_days);
    check.not_negative(path + ".respond_days", t.respond_days);
    if (t.type == "unclassified" && !t.subtypes.empty()) {
      check.fail(path + ".subtypes", "a contact not yet classified has no sub-types");
    }
    std::set<std::string> codes;
    for (const auto& st : t.subtypes) {
      const auto sub = fmt::format("{}.subtypes.{}", path, st.code);
      if (!vocabulary::is_code(st.code)) {
        check.fail(sub, "not a sub-type code: lower-case letters, digits and hyphens, at most 40");
      }
      check.once(sub, codes, st.code, "defined twice");
      check.not_empty(sub + ".name", st.name);
      check.not_negative(sub + ".acknowledge_days", st.acknowledge_days);
      check.not_negative(sub + ".respond_days", st.respond_days);
      if (st.target_percent < 0 || st.target_percent > 100) {
        check.fail(sub + ".target_percent", "must be from 0 to 100");
      }
    }
  }
  check.all_defined("types", "type", k_policy_types, types);
}

void
check_overrides(const Checks& check, const Policy& p)
{
  std::set<std::tuple<std::string, std::string, int>> overrides;
  for (std::size_t i = 0; i < p.service_overrides.size(); ++i) {
    const auto& o = p.service_overrides[i];
    const auto path = fmt::format("service_overrides[{}]", i);
    check.not_empty(path + ".service", o.service);
    if (check.procedure(path + ".procedure", o.procedure).stage(o.stage) == nullptr) {
      check.fail(path + ".stage", fmt::format("{} has no stage {}", o.procedure, o.stage));
    }
    check.not_negative(path + ".respond_days", o.respond_days);
    check.once(path, overrides, std::tuple(o.service, o.procedure, o.stage),
               fmt::format("{} {} stage {} is overridden twice", o.service, o.procedure, o.stage));
  }
}

void
check_ladder(const Checks& check, const Policy& p)
{
  std::set<std::string> levels;
  std::set<int> days;
  for (std::size_t i = 0; i < p.ladder.size(); ++i) {
    const auto& step = p.ladder[i];
    const auto path = fmt::format("ladder[{}]", i);
    check.not_empty(path + ".level", step.level);
    check.not_empty(path + ".notify", step.notify);
    check.once(path + ".level", levels, step.level,
               fmt::format("level '{}' is listed twice", step.level));
    check.once(path + ".days_overdue", days, step.days_overdue,
               fmt::format("{} is used by another level", step.days_overdue));
  }
}

void
check_rules(const Checks& check, const Policy& p)
{
  std::set<std::string> names;
  for (std::size_t i = 0; i < p.rules.size(); ++i) {
    const auto& r = p.rules[i];
    const auto path = fmt::format("classification_rules[{}]", i);
    check.not_empty(path + ".name", r.name);
    check.once(path + ".name", names, r.name, fmt::format("rule '{}' is listed twice", r.name));
    check.word_list(path + ".sponsors", "sponsor", r.sponsors, vocabulary::k_sponsors);
    check.word_list(path + ".types", "type", r.types, k_policy_types);
    if (r.set_type) {
      check.known(path + ".set_type", "type", *r.set_type, vocabulary::k_types, "null or one of ");
    }
    if (r.set_procedure) {
      check.usable_procedure(path + ".set_procedure", *r.set_procedure,
                             "set by a classification rule", "null or one of ");
    }
    if (!r.set_type && !r.set_procedure) {
      check.fail(path, "sets neither a type nor a procedure, so it can never decide anything");
    }
    check.not_empty(path + ".reason", r.reason);
  }
}

void
check_settings(const Checks& check, const Policy& p)
{
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

void
check_vocabularies(const Checks& check, const Policy& p)
{
  for (const auto kind : k_word_kinds) {
    const auto& words = p.vocabulary.words(kind);
    std::set<std::string> codes;
    bool usable = false;
    for (std::size_t i = 0; i < words.size(); ++i) {
      const auto path = fmt::format("vocabularies.{}[{}]", word_kind_key(kind), i);
      const auto& w = words[i];
      if (!vocabulary::is_code(w.code)) {
        check.fail(path + ".code",
                   "not a code: lower-case letters, digits and hyphens, at most 40");
      }
      check.once(path + ".code", codes, w.code, fmt::format("'{}' is listed twice", w.code));
      check.not_empty(path + ".name", w.name);
      if (w.digital && kind != WordKind::channel) {
        check.fail(path + ".digital", "only a channel is digital");
      }
      usable = usable || !w.retired;
    }
    // A case needs a channel, a complaint's response an outcome, the Ombudsman's decision a kind.
    if (!usable && kind != WordKind::area && kind != WordKind::tag) {
      check.fail(fmt::format("vocabularies.{}", word_kind_key(kind)),
                 fmt::format("needs at least one {} that is not retired", word_kind_noun(kind)));
    }
  }
}

} // namespace

void
validate_policy(const Policy& policy, std::string_view source)
{
  const Checks check(policy, source);
  check_procedures(check, policy);
  check_types(check, policy);
  check_overrides(check, policy);
  check_ladder(check, policy);
  check_rules(check, policy);
  check_settings(check, policy);
  check_vocabularies(check, policy);
}

} // namespace feedback::detail
