// SPDX-License-Identifier: MIT
#include "cases/case_rules.hpp"

#include <feedback/util/error.hpp>

#include <fmt/core.h>

namespace feedback::detail {

std::optional<std::string>
make_stage_spec(const Policy& policy, const std::optional<std::string>& type,
                const std::optional<std::string>& procedure, int stage_no,
                const std::optional<std::string>& service, StageSpec& spec,
                const std::optional<std::string>& subtype)
{
  spec = {};
  spec.policy_version = policy.version;
  if (procedure && stage_no == 0) {
    const auto* proc = policy.procedure(*procedure);
    if (proc == nullptr || !proc->informal_respond_days) {
      return fmt::format("procedure {} has no informal resolution step (policy version {})",
                         *procedure, policy.version);
    }
    spec.procedure = procedure;
    spec.stage = 0;
    spec.respond_days = proc->informal_respond_days;
    spec.max_extension_days = 0;
    return std::nullopt;
  }
  if (procedure) {
    const auto* proc = policy.procedure(*procedure);
    const auto* sp = proc != nullptr ? proc->stage(stage_no) : nullptr;
    if (sp == nullptr) {
      return fmt::format("procedure {} has no stage {} (policy version {})", *procedure, stage_no,
                         policy.version);
    }
    spec.procedure = procedure;
    spec.stage = stage_no;
    spec.acknowledge_days = sp->acknowledge_days;
    spec.respond_days = sp->respond_days;
    spec.max_extension_days = sp->max_extension_days;
    spec.acknowledge_from = sp->acknowledge_from;
    spec.respond_from = sp->respond_from;
    spec.extension_beyond_cap = sp->extension_beyond_cap;
    spec.independent = sp->independent;
    if (service) {
      if (const auto days = policy.override_respond_days(*service, *procedure, stage_no)) {
        spec.respond_days = *days;
      }
    }
  } else {
    if (stage_no != 1) {
      return fmt::format("stage {}: a {} follows no procedure, so it has no stages", stage_no,
                         type.value_or("contact not yet classified"));
    }
    if (const auto* tp = policy.type(type.value_or("unclassified"))) {
      spec.acknowledge_days = tp->acknowledge_days;
      spec.respond_days = tp->respond_days;
      spec.max_extension_days = 0;
    }
  }
  // A sub-type's own standard, for the type's timescales or the first stage's.
  const auto* tp = type ? policy.type(*type) : nullptr;
  const auto* st = tp != nullptr && subtype ? tp->subtype(*subtype) : nullptr;
  if (st != nullptr && stage_no == 1) {
    if (st->acknowledge_days) {
      spec.acknowledge_days = st->acknowledge_days;
    }
    if (st->respond_days) {
      spec.respond_days = st->respond_days;
    }
  }
  if (!type) {
    // Triage: the acknowledgement clock runs, the response clock waits for a type.
    const auto* unclassified = policy.type("unclassified");
    spec.acknowledge_days =
        unclassified != nullptr ? unclassified->acknowledge_days : spec.acknowledge_days;
    spec.respond_days.reset();
  }
  return std::nullopt;
}

void
check_on(Date on, const Actor& actor, Date earliest, std::string_view earliest_what)
{
  if (date::sys_days{on} > date::sys_days{actor.today}) {
    throw Error(ExitCode::data_error, fmt::format("--on {} is in the future (today is {})",
                                                  format_date(on), format_date(actor.today)));
  }
  if (date::sys_days{on} < date::sys_days{earliest}) {
    throw Error(ExitCode::data_error, fmt::format("--on {} is before {} ({})", format_date(on),
                                                  earliest_what, format_date(earliest)));
  }
}

} // namespace feedback::detail
