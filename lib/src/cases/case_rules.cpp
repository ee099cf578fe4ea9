// SPDX-License-Identifier: MIT
#include "cases/case_rules.hpp"

#include <feedback/util/error.hpp>

#include <fmt/core.h>

namespace feedback::detail {

std::optional<std::string>
make_stage_spec(const Policy& policy, const std::optional<std::string>& type,
                const std::optional<std::string>& procedure, int stage_no,
                const std::optional<std::string>& service, StageSpec& spec)
{
  spec = {};
  spec.policy_version = policy.version;
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
