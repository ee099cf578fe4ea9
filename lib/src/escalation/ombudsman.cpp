// SPDX-License-Identifier: MIT
// Taking a case up a stage, then to the Local Government and Social Care Ombudsman, and
// tracking what the council agreed to do until it is done.
#include "cases/case_rules.hpp"
#include "storage/case_store.hpp"
#include "storage/ombudsman_store.hpp"

#include <feedback/escalation/escalation.hpp>
#include <feedback/policy/vocabulary.hpp>
#include <feedback/util/enum_words.hpp>
#include <feedback/util/error.hpp>

#include <fmt/core.h>

namespace feedback {

namespace {

using detail::check_on;
using detail::find_ombudsman;

std::string
stage_label(const std::optional<std::string>& procedure, const std::optional<int>& stage)
{
  if (!procedure) {
    return "no procedure";
  }
  if (stage == 0) {
    return fmt::format("{} informal resolution", *procedure);
  }
  return stage ? fmt::format("{} stage {}", *procedure, *stage) : *procedure;
}

// A case the Ombudsman is looking at goes no further here until it decides (it may refer the
// case back for local resolution).
void
require_not_with_ombudsman(Database& db, const detail::CaseState& c)
{
  if (const auto phase = find_ombudsman(db, c.id); phase && !phase->decision) {
    throw Error(ExitCode::data_error,
                fmt::format("case {} is with the Ombudsman ({}, since {}) awaiting a decision",
                            c.reference, phase->their_ref, format_date(phase->opened_on)));
  }
}

// From informal resolution to stage 1 of the same procedure, the day the customer asked: the
// informal step need not have ended, and no window applies (docs/rules.md). In the caller's
// transaction.
std::string
formal_from_informal(Database& db, const detail::CaseState& c, const StageRequest& request,
                     const Actor& actor)
{
  // Resolved informally, the informal step was responded to; withdrawn or redirected, it was not.
  if (c.status == CaseStatus::closed && !c.stage.responded) {
    throw Error(ExitCode::data_error,
                fmt::format("case {} was closed at informal resolution without being resolved; "
                            "reopen it first",
                            c.reference));
  }
  require_not_with_ombudsman(db, c);
  check_on(request.on, actor, c.stage.started, "informal resolution started");
  const auto policy = load_policy(db);
  const auto& procedure = *c.stage.procedure;
  detail::StageSpec spec;
  if (auto problem = detail::make_stage_spec(policy, c.type, procedure, 1, c.service, spec,
                                             detail::load_subtype(db, c.id))) {
    throw Error(ExitCode::data_error, *problem);
  }
  detail::end_stage_unless_ended(db, c.stage.id, request.on);
  detail::insert_stage(db, c.id, spec, request.on);
  detail::restart_case_record(db, c.id);
  const auto to = stage_label(procedure, 1);
  detail::record_event(db, c.id, actor, request.on, "escalated", stage_label(procedure, 0), to,
                       request.reason);
  return to;
}

} // namespace

std::string_view
ombudsman_origin_name(OmbudsmanOrigin origin) noexcept
{
  constexpr std::string_view k_words[] = {"after-response", "premature", "not-logged"};
  return enum_word(k_words, origin);
}

std::string
escalate_stage(Database& db, const WorkingCalendar& calendar, std::string_view reference,
               const StageRequest& request, const Actor& actor)
{
  if (request.reason.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw Error(ExitCode::usage, "--reason must not be empty");
  }
  Transaction tx(db);
  auto c = detail::load_state(db, reference);
  if (c.stage.stage == 0 && c.stage.procedure) {
    auto to = formal_from_informal(db, c, request, actor);
    tx.commit();
    return to;
  }
  if (!c.stage.responded) {
    throw Error(ExitCode::data_error,
                fmt::format("case {} ({}) has not been responded to: a customer takes a case "
                            "up a stage after its response",
                            c.reference, stage_label(c.stage.procedure, c.stage.stage)));
  }
  if (!c.stage.procedure) {
    throw Error(ExitCode::data_error,
                fmt::format("case {} is a {} and follows no procedure with stages", c.reference,
                            c.type.value_or("contact")));
  }
  require_not_with_ombudsman(db, c);
  check_on(request.on, actor, *c.stage.responded, "the stage response");
  // The window and the next step are those of the policy the stage ran under.
  const auto old_policy = load_policy(db, c.stage.policy_version);
  const auto* proc = old_policy.procedure(*c.stage.procedure);
  const auto* sp = proc != nullptr ? proc->stage(c.stage.stage.value_or(1)) : nullptr;
  if (sp == nullptr) {
    throw Error(ExitCode::data_error,
                fmt::format("policy version {} has no {}", c.stage.policy_version,
                            stage_label(c.stage.procedure, c.stage.stage)));
  }
  std::optional<std::string> next_procedure = sp->next_procedure;
  std::optional<int> next_stage = sp->next_stage;
  if (!next_procedure && !next_stage && proc->stage(sp->stage + 1) != nullptr) {
    next_stage = sp->stage + 1;
  }
  if (next_procedure == "ombudsman" || (!next_procedure && !next_stage)) {
    throw Error(ExitCode::data_error,
                fmt::format("case {} is at {}, the last stage: the next step is the Ombudsman "
                            "('feedback-escalate ombudsman {} --their-ref REF')",
                            c.reference, stage_label(c.stage.procedure, c.stage.stage),
                            c.reference));
  }
  if (proc->escalation_window_days) {
    const int taken = calendar.working_days_between(*c.stage.responded, request.on);
    const int late = taken - *proc->escalation_window_days;
    if (late > 0 && !request.override_reason) {
      throw Error(ExitCode::data_error,
                  fmt::format("the request for case {} is {} working day{} late: {} allows {} "
                              "working days after the response on {} (it is {} working days); "
                              "an officer may accept it with --override REASON",
                              c.reference, late, late == 1 ? "" : "s", *c.stage.procedure,
                              *proc->escalation_window_days, format_date(*c.stage.responded),
                              taken));
    }
  }
  const std::string to_procedure = next_procedure.value_or(*c.stage.procedure);
  const int to_stage = next_stage.value_or(1);
  // The new stage starts now, so it runs under the policy in force now.
  const auto policy = load_policy(db);
  detail::StageSpec spec;
  if (auto problem =
          detail::make_stage_spec(policy, c.type, to_procedure, to_stage, c.service, spec)) {
    throw Error(ExitCode::data_error, *problem);
  }
  detail::end_stage(db, c.stage.id, request.on);
  detail::insert_stage(db, c.id, spec, request.on);
  detail::restart_case_record(db, c.id);
  const auto from = stage_label(c.stage.procedure, c.stage.stage);
  const auto to = stage_label(to_procedure, to_stage);
  std::string detail_text = request.reason;
  if (request.override_reason) {
    detail_text += "; late request accepted: " + *request.override_reason;
  }
  detail::record_event(db, c.id, actor, request.on, "escalated", from, to, detail_text);
  tx.commit();
  return to;
}

namespace {

// Whether the council's procedure is done for `c`: its current stage responded to, and no
// further stage for the customer to ask for under the policy that stage ran under.
bool
procedure_done(Database& db, const detail::CaseState& c)
{
  if (!c.stage.responded) {
    return false;
  }
  if (!c.stage.procedure) {
    return true;
  }
  const auto policy = load_policy(db, c.stage.policy_version);
  const auto* proc = policy.procedure(*c.stage.procedure);
  const auto* sp = proc != nullptr ? proc->stage(c.stage.stage.value_or(1)) : nullptr;
  if (sp == nullptr || sp->next_procedure == "ombudsman") {
    return true;
  }
  return !sp->next_procedure && !sp->next_stage && proc->stage(sp->stage + 1) == nullptr;
}

void
require_their_ref(std::string_view their_ref)
{
  if (their_ref.find_first_not_of(" \t") == std::string_view::npos) {
    throw Error(ExitCode::usage, "--their-ref must not be empty");
  }
}

} // namespace

OmbudsmanOrigin
open_ombudsman(Database& db, std::string_view reference, std::string_view their_ref, Date on,
               const Actor& actor)
{
  require_their_ref(their_ref);
  Transaction tx(db);
  auto c = detail::load_state(db, reference);
  if (const auto existing = find_ombudsman(db, c.id)) {
    throw Error(ExitCode::data_error,
                fmt::format("case {} is already with the Ombudsman ({}, since {})", c.reference,
                            existing->their_ref, format_date(existing->opened_on)));
  }
  check_on(on, actor, c.received, "the case was received");
  // Before the council's procedure is done the Ombudsman usually refers a complaint back for
  // local resolution; it is recorded all the same, as premature (docs/rules.md).
  const auto origin =
      procedure_done(db, c) ? OmbudsmanOrigin::after_response : OmbudsmanOrigin::premature;
  detail::insert_ombudsman(db, c.id, their_ref, on, ombudsman_origin_name(origin));
  detail::record_event(db, c.id, actor, on, "ombudsman", std::nullopt, std::string(their_ref),
                       origin == OmbudsmanOrigin::premature
                           ? "the Ombudsman is looking at the case before the council's "
                             "procedure is done (premature)"
                           : "the Ombudsman is looking at the case");
  tx.commit();
  return origin;
}

std::string
record_ombudsman_enquiry(Database& db, const NewCase& input, std::string_view their_ref,
                         const Actor& actor)
{
  require_their_ref(their_ref);
  Transaction tx(db);
  const auto [id, reference] = detail::record_new_case(db, input, actor);
  detail::insert_ombudsman(db, id, their_ref, input.received,
                           ombudsman_origin_name(OmbudsmanOrigin::not_logged));
  detail::record_event(db, id, actor, input.received, "ombudsman", std::nullopt,
                       std::string(their_ref),
                       "the Ombudsman asked about a complaint the council had not logged");
  tx.commit();
  return reference;
}

void
record_decision(Database& db, std::string_view reference, std::string_view decision, Date on,
                const Actor& actor)
{
  Transaction tx(db);
  load_vocabulary(db).require(WordKind::ombudsman_decision, "--decision", decision);
  auto c = detail::load_state(db, reference);
  const auto ombudsman = find_ombudsman(db, c.id);
  if (!ombudsman) {
    throw Error(ExitCode::data_error,
                fmt::format("case {} is not with the Ombudsman (open it with "
                            "'feedback-escalate ombudsman {} --their-ref REF')",
                            c.reference, c.reference));
  }
  if (ombudsman->decision) {
    throw Error(ExitCode::data_error, fmt::format("the Ombudsman already decided case {}: {}",
                                                  c.reference, *ombudsman->decision));
  }
  check_on(on, actor, ombudsman->opened_on, "the Ombudsman's phase opened");
  detail::set_ombudsman_decision(db, c.id, decision, on);
  detail::record_event(db, c.id, actor, on, "ombudsman-decision", std::nullopt,
                       std::string(decision), "");
  tx.commit();
}

std::optional<std::int64_t>
parse_pounds(std::string_view text) noexcept
{
  const auto dot = text.find('.');
  const auto whole = text.substr(0, dot);
  // Commas only as thousands separators ("1,250"): "1,25" may be a decimal comma and is refused.
  const auto first_comma = whole.find(',');
  if (whole.empty() ||
      (first_comma != std::string_view::npos && (first_comma == 0 || first_comma > 3))) {
    return std::nullopt;
  }
  std::int64_t pounds = 0;
  std::size_t since_comma = 0;
  bool grouped = false;
  for (const char ch : whole) {
    if (ch == ',') {
      if (grouped && since_comma != 3) {
        return std::nullopt;
      }
      grouped = true;
      since_comma = 0;
      continue;
    }
    if (ch < '0' || ch > '9' || pounds > 100'000'000'000LL) {
      return std::nullopt;
    }
    pounds = pounds * 10 + (ch - '0');
    ++since_comma;
  }
  if (grouped && since_comma != 3) {
    return std::nullopt;
  }
  std::int64_t pence = 0;
  if (dot != std::string_view::npos) {
    const auto fraction = text.substr(dot + 1);
    if (fraction.empty() || fraction.size() > 2) {
      return std::nullopt;
    }
    for (const char ch : fraction) {
      if (ch < '0' || ch > '9') {
        return std::nullopt;
      }
      pence = pence * 10 + (ch - '0');
    }
    if (fraction.size() == 1) {
      pence *= 10;
    }
  }
  return pounds * 100 + pence;
}

std::string
format_pounds(std::int64_t pence)
{
  std::string whole = std::to_string(pence / 100);
  for (int pos = static_cast<int>(whole.size()) - 3; pos > 0; pos -= 3) {
    whole.insert(static_cast<std::size_t>(pos), ",");
  }
  return fmt::format("£{}.{:02}", whole, pence % 100);
}

std::int64_t
add_remedy(Database& db, std::string_view reference, std::string_view kind,
           std::optional<std::int64_t> amount_pence, Date due, const Actor& actor)
{
  return add_remedy(db, reference, kind, amount_pence, due, actor.today, actor);
}

std::int64_t
add_remedy(Database& db, std::string_view reference, std::string_view kind,
           std::optional<std::int64_t> amount_pence, Date due, Date on, const Actor& actor)
{
  vocabulary::require("--kind", kind, k_remedy_kinds);
  if (kind == "payment" && (!amount_pence || *amount_pence <= 0)) {
    throw Error(ExitCode::usage, "a payment needs --amount in pounds, e.g. --amount 250.00");
  }
  if (kind != "payment" && amount_pence) {
    throw Error(ExitCode::usage, fmt::format("--amount is for payments, not {}", kind));
  }
  Transaction tx(db);
  auto c = detail::load_state(db, reference);
  const auto ombudsman = find_ombudsman(db, c.id);
  if (!ombudsman || !ombudsman->decision) {
    throw Error(
        ExitCode::data_error,
        fmt::format("case {} has no Ombudsman decision: a remedy follows one", c.reference));
  }
  check_on(on, actor, ombudsman->decided_on.value_or(ombudsman->opened_on),
           "the Ombudsman's decision");
  const auto id = detail::insert_remedy(db, c.id, kind, amount_pence, due, on);
  detail::record_event(db, c.id, actor, on, "remedy", std::nullopt, std::string(kind),
                       fmt::format("remedy {}{} due {}", id,
                                   amount_pence ? " of " + format_pounds(*amount_pence) : "",
                                   format_date(due)));
  tx.commit();
  return id;
}

void
remedy_done(Database& db, std::string_view reference, std::int64_t remedy_id, Date on,
            const Actor& actor)
{
  Transaction tx(db);
  auto c = detail::load_state(db, reference);
  const auto remedy = detail::find_remedy(db, c.id, remedy_id);
  if (!remedy) {
    throw Error(ExitCode::data_error,
                fmt::format("case {} has no remedy {}", c.reference, remedy_id));
  }
  if (remedy->done_on) {
    throw Error(ExitCode::data_error, fmt::format("remedy {} was already done on {}", remedy_id,
                                                  format_date(*remedy->done_on)));
  }
  check_on(on, actor, remedy->agreed_on, "it was agreed");
  detail::set_remedy_done(db, remedy_id, on);
  detail::record_event(db, c.id, actor, on, "remedy-done", std::nullopt, remedy->kind,
                       fmt::format("remedy {}", remedy_id));
  tx.commit();
}

} // namespace feedback
