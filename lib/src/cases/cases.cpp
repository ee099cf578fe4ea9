// SPDX-License-Identifier: MIT
// Recording a case and every change to it. Each change is one transaction that checks the
// transition, updates the case and appends an audit event.
#include "cases/case_rules.hpp"
#include "storage/case_store.hpp"

#include <feedback/cases/cases.hpp>
#include <feedback/policy/classification.hpp>
#include <feedback/policy/policy.hpp>
#include <feedback/policy/services.hpp>
#include <feedback/policy/vocabulary.hpp>
#include <feedback/util/error.hpp>

#include <fmt/format.h>

namespace feedback {

namespace {

using detail::CaseState;
using detail::check_on;
using detail::load_state;
using detail::record_event;
using detail::require_text;

void
require_not_closed(const CaseState& c, std::string_view doing)
{
  if (c.status == CaseStatus::closed) {
    throw Error(ExitCode::data_error,
                fmt::format("case {} is closed{}: cannot {} (reopen it first)", c.reference,
                            c.closed_on ? " on " + format_date(*c.closed_on) : std::string(),
                            doing));
  }
}

void
require_open(const CaseState& c, std::string_view doing)
{
  require_not_closed(c, doing);
  if (c.status == CaseStatus::responded) {
    throw Error(ExitCode::data_error,
                fmt::format("case {} was responded to on {}: cannot {}", c.reference,
                            c.stage.responded ? format_date(*c.stage.responded) : "?", doing));
  }
}

// The timescales a new stage starts with, under `policy`.
detail::StageSpec
stage_spec(const Policy& policy, const std::optional<std::string>& type,
           const std::optional<std::string>& procedure, int stage_no,
           const std::optional<std::string>& service,
           const std::optional<std::string>& subtype = std::nullopt)
{
  detail::StageSpec spec;
  if (auto problem =
          detail::make_stage_spec(policy, type, procedure, stage_no, service, spec, subtype)) {
    throw Error(ExitCode::data_error, *problem);
  }
  return spec;
}

// A sub-type given for a case of `type`: one of the type's in the policy, not retired.
void
require_subtype(const Policy& policy, const std::optional<std::string>& type,
                const std::optional<std::string>& subtype)
{
  if (!subtype) {
    return;
  }
  const auto* tp = type ? policy.type(*type) : nullptr;
  const auto* st = tp != nullptr ? tp->subtype(*subtype) : nullptr;
  if (st != nullptr && !st->retired) {
    return;
  }
  std::vector<std::string_view> usable;
  if (tp != nullptr) {
    for (const auto& s : tp->subtypes) {
      if (!s.retired) {
        usable.push_back(s.code);
      }
    }
  }
  throw Error(ExitCode::data_error,
              fmt::format("--subtype: {} '{}' for a {} (expected {})",
                          st != nullptr ? "retired sub-type" : "unknown sub-type", *subtype,
                          type.value_or("contact not yet classified"),
                          usable.empty() ? std::string("none: the type has no sub-types")
                                         : vocabulary::join(usable)));
}

std::optional<std::string>
service_procedure(Database& db, const std::optional<std::string>& service)
{
  if (!service) {
    return std::nullopt;
  }
  return require_service(db, *service).default_procedure;
}

void
check_optional_word(std::string_view what, const std::optional<std::string>& value,
                    std::span<const std::string_view> words)
{
  if (value) {
    vocabulary::require(what, *value, words);
  }
}

} // namespace

namespace detail {

void
require_text(std::string_view what, std::string_view value)
{
  if (value.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    throw Error(ExitCode::usage, fmt::format("{} must not be empty", what));
  }
}

std::pair<std::int64_t, std::string>
record_new_case(Database& db, const NewCase& input, const Actor& actor)
{
  check_optional_word("--type", input.type, vocabulary::k_types);
  check_optional_word("--sponsor", input.sponsor, vocabulary::k_sponsors);
  check_optional_word("--preferred-format", input.person.preferred_format,
                      vocabulary::k_preferred_formats);
  require_text("--summary", input.summary);
  if (input.sponsor_name && !input.sponsor) {
    throw Error(ExitCode::usage,
                "--sponsor-name needs --sponsor councillor, mp or chief-executive");
  }
  if (date::sys_days{input.received} > date::sys_days{actor.today}) {
    throw Error(ExitCode::data_error, fmt::format("--received {} is in the future (today is {})",
                                                  input.received_at, format_date(actor.today)));
  }
  // The service read once: it must take cases, and gives the procedure a case starts under.
  const auto default_procedure =
      input.service
          ? detail::require_service_takes_cases(db, "--service", *input.service).default_procedure
          : std::nullopt;
  const auto policy = load_policy(db);
  // The words, procedure and sub-type of the policy in force; retired ones no longer start a
  // case.
  policy.vocabulary.require(WordKind::channel, "--channel", input.channel);
  for (const auto& tag : input.tags) {
    policy.vocabulary.require(WordKind::tag, "--tag", tag);
  }
  if (input.procedure) {
    policy.require_procedure("--procedure", *input.procedure);
  }
  ClassificationInput ci;
  ci.type = input.type;
  ci.sponsor = input.sponsor;
  ci.info_request = input.info_request;
  ci.procedure = input.procedure;
  ci.service = input.service;
  ci.service_procedure = default_procedure;
  const auto decided = classify(policy, ci);
  if (decided.procedure) {
    policy.require_procedure(
        input.procedure ? "--procedure"
                        : (ci.service_procedure == decided.procedure && input.service
                               ? fmt::format("service {}'s default procedure", *input.service)
                               : std::string("the classification")),
        *decided.procedure);
  }
  require_subtype(policy, decided.type, input.subtype);
  int stage_no = 1;
  if (input.informal) {
    if (decided.type != "complaint" || !decided.procedure) {
      throw Error(ExitCode::data_error,
                  fmt::format("--informal: only a complaint following a procedure is resolved "
                              "informally (this is {})",
                              decided.type.value_or("unclassified")));
    }
    stage_no = 0;
  }
  const auto spec =
      stage_spec(policy, decided.type, decided.procedure, stage_no, input.service, input.subtype);
  // The case's last activity is its receipt (insert_case), the day of each of these events.
  auto written = detail::insert_case(db, input, decided, spec);
  constexpr auto k_marked = detail::Activity::already_marked;
  record_event(db, written.first, actor, input.received, "created", std::nullopt, std::nullopt,
               fmt::format("received by {}{}{}", input.channel,
                           input.sponsor ? ", sponsored by " + *input.sponsor : std::string(),
                           input.informal ? ", for informal resolution" : ""),
               k_marked);
  record_event(db, written.first, actor, input.received, "classified", std::nullopt,
               decided.type.value_or("unclassified"), decided.explanation, k_marked);
  if (!input.tags.empty()) {
    const auto added = detail::add_tags(db, written.first, input.tags);
    record_event(db, written.first, actor, input.received, "tagged", std::nullopt,
                 fmt::format("{}", fmt::join(added, ",")), "", k_marked);
  }
  return written;
}

} // namespace detail

std::string
create_case(Database& db, const NewCase& input, const Actor& actor)
{
  Transaction tx(db);
  auto written = detail::record_new_case(db, input, actor);
  tx.commit();
  return std::move(written.second);
}

void
classify_case(Database& db, std::string_view reference, std::string_view type,
              const std::optional<std::string>& procedure, const Actor& actor)
{
  classify_case(db, reference, type, procedure, std::nullopt, actor);
}

void
classify_case(Database& db, std::string_view reference, std::string_view type,
              const std::optional<std::string>& procedure,
              const std::optional<std::string>& subtype, const Actor& actor)
{
  classify_case(db, reference, type, procedure, subtype, actor.today, actor);
}

void
classify_case(Database& db, std::string_view reference, std::string_view type,
              const std::optional<std::string>& procedure,
              const std::optional<std::string>& subtype, Date on, const Actor& actor)
{
  vocabulary::require("--as", type, vocabulary::k_types);
  Transaction tx(db);
  detail::reclassify(db, reference, type, procedure, subtype, on, actor);
  tx.commit();
}

void
detail::reclassify(Database& db, std::string_view reference, std::string_view type,
                   const std::optional<std::string>& procedure,
                   const std::optional<std::string>& subtype, Date on, const Actor& actor)
{
  auto c = load_state(db, reference);
  require_not_closed(c, "classify it");
  check_on(on, actor, c.received, "the case was received");
  // A stage keeps the policy it started under (docs/rules.md), also when it is reclassified.
  const auto policy = load_policy(db, c.stage.policy_version);
  if (procedure) {
    policy.require_procedure("--procedure", *procedure);
  }
  require_subtype(policy, std::string(type), subtype);
  const auto old_subtype = detail::load_subtype(db, c.id);
  // Without --subtype a case keeps its sub-type while it keeps its type.
  const auto new_subtype = subtype ? subtype : (c.type == type ? old_subtype : std::nullopt);
  ClassificationInput ci;
  ci.type = std::string(type);
  ci.sponsor = c.sponsor;
  ci.info_request = c.info_request;
  ci.procedure = procedure;
  ci.service = c.service;
  ci.service_procedure = service_procedure(db, c.service);
  ci.officer_decides_type = true;
  const auto decided = classify(policy, ci);
  if (decided.type == c.type && decided.procedure == c.stage.procedure &&
      new_subtype == old_subtype) {
    throw Error(ExitCode::data_error,
                fmt::format("case {} is already a {} under {}", c.reference, type,
                            decided.procedure.value_or("no procedure")));
  }
  if (c.stage.responded && decided.procedure != c.stage.procedure) {
    throw Error(ExitCode::data_error,
                fmt::format("case {} was responded to under {}: its procedure cannot change now "
                            "(classify without --procedure to change only its type)",
                            c.reference, c.stage.procedure.value_or("no procedure")));
  }
  if (!c.stage.responded && (c.stage.stage.value_or(1) == 1)) {
    const auto spec =
        stage_spec(policy, decided.type, decided.procedure, 1, c.service, new_subtype);
    detail::update_stage_spec(db, c.stage.id, spec);
  }
  detail::set_case_type(db, c.id, *decided.type, decided.explanation);
  if (new_subtype != old_subtype) {
    detail::set_case_subtype(db, c.id, new_subtype);
    record_event(db, c.id, actor, on, "subtype", old_subtype, new_subtype, "");
  }
  if (c.type == decided.type && decided.procedure == c.stage.procedure) {
    // Only the sub-type changed: recorded above.
  } else if (c.type == decided.type) {
    // Only the procedure changed: say so, rather than a type change from X to X.
    record_event(db, c.id, actor, on, "procedure-changed", c.stage.procedure.value_or("none"),
                 decided.procedure.value_or("none"), decided.explanation);
  } else {
    record_event(db, c.id, actor, on, c.type ? "reclassified" : "classified",
                 c.type.value_or("unclassified"), *decided.type, decided.explanation);
  }
}

void
redirect_case(Database& db, std::string_view reference, std::string_view organisation,
              const Actor& actor)
{
  redirect_case(db, reference, organisation, actor.today, actor);
}

void
redirect_case(Database& db, std::string_view reference, std::string_view organisation, Date on,
              const Actor& actor)
{
  require_text("--to", organisation);
  Transaction tx(db);
  auto c = load_state(db, reference);
  require_open(c, "redirect it");
  // The stage ends on the day: not before it started.
  check_on(on, actor, c.stage.started,
           c.stage.started == c.received ? "the case was received" : "the stage started");
  detail::redirect_case_record(db, c.id, organisation, on);
  detail::end_stage(db, c.stage.id, on);
  record_event(db, c.id, actor, on, "redirected", std::nullopt, std::string(organisation),
               "not for this council: redirected");
  tx.commit();
}

void
assign_case(Database& db, std::string_view reference, std::string_view officer, const Actor& actor)
{
  assign_case(db, reference, officer, actor.today, actor);
}

void
assign_case(Database& db, std::string_view reference, std::string_view officer, Date on,
            const Actor& actor)
{
  require_text("--to", officer);
  Transaction tx(db);
  auto c = load_state(db, reference);
  require_not_closed(c, "assign it");
  if (c.owner == officer) {
    throw Error(ExitCode::data_error,
                fmt::format("case {} is already assigned to {}", c.reference, officer));
  }
  check_on(on, actor, c.received, "the case was received");
  detail::set_case_owner(db, c.id, officer);
  record_event(db, c.id, actor, on, "assigned", c.owner, std::string(officer), "");
  tx.commit();
}

void
add_note(Database& db, std::string_view reference, std::string_view text, const Actor& actor)
{
  add_note(db, reference, text, actor.today, actor);
}

void
add_note(Database& db, std::string_view reference, std::string_view text, Date on,
         const Actor& actor)
{
  require_text("the note", text);
  Transaction tx(db);
  auto c = load_state(db, reference);
  check_on(on, actor, c.received, "the case was received");
  record_event(db, c.id, actor, on, "note", std::nullopt, std::nullopt, std::string(text));
  tx.commit();
}

void
acknowledge_case(Database& db, std::string_view reference, Date on, const Actor& actor)
{
  Transaction tx(db);
  auto c = load_state(db, reference);
  require_not_closed(c, "acknowledge it");
  if (c.stage.acknowledged) {
    throw Error(ExitCode::data_error, fmt::format("case {} was already acknowledged on {}",
                                                  c.reference, format_date(*c.stage.acknowledged)));
  }
  check_on(on, actor, c.stage.started, "the stage started");
  detail::set_stage_acknowledged(db, c.stage.id, on);
  record_event(db, c.id, actor, on, "acknowledged", std::nullopt, format_date(on),
               c.stage.stage ? fmt::format("stage {}", *c.stage.stage) : "");
  tx.commit();
}

void
hold_case(Database& db, std::string_view reference, std::string_view reason, Date on,
          const Actor& actor)
{
  require_text("--reason", reason);
  Transaction tx(db);
  detail::read_change_ahead(db, reference, {.holds = true});
  auto c = load_state(db, reference);
  require_open(c, "put it on hold");
  const auto holds = detail::load_current_holds(db, reference);
  Date earliest = c.stage.started;
  for (const auto& h : holds) {
    if (!h.resumed_on) {
      throw Error(ExitCode::data_error,
                  fmt::format("case {} is already on hold since {} ({}): resume it first",
                              c.reference, format_date(h.held_on), h.reason));
    }
    if (date::sys_days{*h.resumed_on} > date::sys_days{earliest}) {
      earliest = *h.resumed_on;
    }
  }
  check_on(on, actor, earliest, "the stage started or last resumed");
  detail::add_hold(db, c.stage.id, on, reason);
  record_event(db, c.id, actor, on, "held", std::nullopt, format_date(on), std::string(reason));
  tx.commit();
}

void
resume_case(Database& db, std::string_view reference, Date on, const Actor& actor)
{
  Transaction tx(db);
  detail::read_change_ahead(db, reference, {.holds = true});
  auto c = load_state(db, reference);
  require_open(c, "resume it");
  const auto holds = detail::load_current_holds(db, reference);
  const Hold* running = nullptr;
  for (const auto& h : holds) {
    if (!h.resumed_on) {
      running = &h;
    }
  }
  if (running == nullptr) {
    throw Error(ExitCode::data_error, fmt::format("case {} is not on hold", c.reference));
  }
  check_on(on, actor, running->held_on, "the hold began");
  detail::resume_holds(db, c.stage.id, on);
  record_event(db, c.id, actor, on, "resumed", format_date(running->held_on), format_date(on), "");
  tx.commit();
}

std::optional<Date>
extend_case(Database& db, const WorkingCalendar& calendar, std::string_view reference,
            const ExtensionRequest& request, const Actor& actor)
{
  const int days = request.days;
  if (days <= 0) {
    throw Error(ExitCode::usage, fmt::format("--days must be 1 or more: {}", days));
  }
  require_text("--reason", request.reason);
  if (request.beyond_cap_reason) {
    require_text("--good-reason", *request.beyond_cap_reason);
  }
  Transaction tx(db);
  auto c = load_state(db, reference);
  require_open(c, "extend it");
  if (!c.stage.respond_days) {
    throw Error(ExitCode::data_error,
                fmt::format("case {} has no response deadline to extend{}", c.reference,
                            c.type ? "" : " (classify it first)"));
  }
  const Date granted_on = request.on.value_or(actor.today);
  check_on(granted_on, actor, c.stage.started,
           c.stage.started == c.received ? "the case was received" : "the stage started");
  if (request.customer_told_on) {
    check_on(*request.customer_told_on, actor, c.stage.started, "the stage started");
  }
  auto times = detail::load_times(db, c.stage, c.received);
  int granted = 0;
  for (const auto& e : times.extensions) {
    granted += e.days;
  }
  const auto where = c.stage.procedure ? fmt::format("stage {} of {}", c.stage.stage.value_or(1),
                                                     *c.stage.procedure)
                                       : std::string("this case");
  const auto cap = c.stage.max_extension_days;
  const bool beyond = cap && granted + days > *cap;
  if (beyond && !c.stage.extension_beyond_cap) {
    throw Error(ExitCode::data_error,
                fmt::format("an extension of {} working days would total {}: {} allows at most "
                            "{} ({} already granted)",
                            days, granted + days, where, *cap, granted));
  }
  if (beyond && !request.beyond_cap_reason) {
    throw Error(ExitCode::data_error,
                fmt::format("an extension of {} working days would total {}, beyond the {} "
                            "working days {} allows without good reason ({} already granted): "
                            "give the good reason with --good-reason, to be explained to the "
                            "customer",
                            days, granted + days, *cap, where, granted));
  }
  if (!beyond && request.beyond_cap_reason) {
    throw Error(ExitCode::usage,
                fmt::format("--good-reason is for an extension beyond the cap; this one totals "
                            "{} of the {} working days {} allows{}",
                            granted + days, cap ? std::to_string(*cap) : std::string("unlimited"),
                            where, cap ? "" : " (as agreed)"));
  }
  const auto before = compute_deadlines(calendar, times, actor.today);
  Extension e{granted_on, days, request.reason, beyond ? request.beyond_cap_reason : std::nullopt,
              request.customer_told_on.value_or(granted_on)};
  times.extensions.push_back(e);
  const auto after = compute_deadlines(calendar, times, actor.today);
  detail::add_extension(db, c.stage.id, e);
  auto due_text = [](const Deadlines& d) -> std::optional<std::string> {
    if (d.respond_due) {
      return format_date(*d.respond_due);
    }
    if (d.respond_waits_for_acknowledgement) {
      return fmt::format("acknowledgement + {}", d.respond_after_acknowledgement_days);
    }
    return std::nullopt;
  };
  std::string detail_text = fmt::format("+{} working days: {}", days, request.reason);
  if (beyond) {
    detail_text += fmt::format("; beyond the cap of {}: {}", *cap, *request.beyond_cap_reason);
  }
  record_event(db, c.id, actor, granted_on, "extended", due_text(before), due_text(after),
               detail_text);
  tx.commit();
  return after.respond_due;
}

Date
extend_case(Database& db, const WorkingCalendar& calendar, std::string_view reference, int days,
            std::string_view reason, const Actor& actor)
{
  ExtensionRequest request;
  request.days = days;
  request.reason = std::string(reason);
  const auto due = extend_case(db, calendar, reference, request, actor);
  if (!due) {
    throw Error(
        ExitCode::data_error,
        fmt::format("case {}: the response deadline waits for the acknowledgement", reference));
  }
  return *due;
}

void
respond_case(Database& db, std::string_view reference, const std::optional<std::string>& outcome,
             const std::vector<std::string>& areas, Date on, const Actor& actor)
{
  respond_case(db, reference, ResponseInput{outcome, areas, on, std::nullopt}, actor);
}

// respond_case inside the caller's transaction, so that a campaign's cases are answered
// together or not at all.
static void
respond_in_transaction(Database& db, std::string_view reference, const ResponseInput& input,
                       const Actor& actor)
{
  const auto& outcome = input.outcome;
  const auto& areas = input.areas;
  const Date on = input.on;
  if (input.independence_override) {
    require_text("--override-independence", *input.independence_override);
  }
  // The words of the policy in force (one statement), sent with what the change reads next.
  detail::read_change_ahead(db, reference, {.vocabulary = true, .holds = true});
  const auto words = load_vocabulary(db);
  if (outcome) {
    words.require(WordKind::outcome, "--outcome", *outcome);
  }
  for (const auto& area : areas) {
    words.require(WordKind::area, "--area", area);
  }
  auto c = load_state(db, reference);
  require_open(c, "respond to it");
  if (!c.type) {
    throw Error(ExitCode::data_error,
                fmt::format("case {} is unclassified: classify it before responding", c.reference));
  }
  // Only a complaint's response is upheld or not, or names complaint areas.
  const auto refuse_word = [&c](std::string_view option, std::string_view word) {
    if (auto why = vocabulary::outcome_refused(c.type, word)) {
      throw Error(ExitCode::data_error, fmt::format("{}: case {}: {}", option, c.reference, *why));
    }
  };
  if (outcome) {
    refuse_word("--outcome", *outcome);
  }
  if (!areas.empty()) {
    refuse_word("--area", areas.front());
  }
  if (c.type && vocabulary::type_has_outcome(*c.type) && !outcome && c.stage.stage != 0) {
    throw Error(ExitCode::data_error,
                fmt::format("a complaint's response needs --outcome ({})",
                            vocabulary::join(words.codes(WordKind::outcome, Retired::refused))));
  }
  if (c.stage.stage == 0) {
    throw Error(ExitCode::data_error,
                fmt::format("case {} is at informal resolution: 'resolve-informally' records "
                            "its end, or the customer asks for stage 1 ('feedback-escalate')",
                            c.reference));
  }
  for (const auto& h : detail::load_current_holds(db, reference)) {
    if (!h.resumed_on) {
      throw Error(ExitCode::data_error,
                  fmt::format("case {} is on hold since {}: resume it before responding",
                              c.reference, format_date(h.held_on)));
    }
  }
  check_on(on, actor, c.stage.started, "the stage started");
  // Stage independence (docs/rules.md): the policy the stage started under says whether it
  // applies; who responded at each earlier stage is on record since schema 9.
  std::optional<Independence> independence;
  if (c.stage.independent) {
    independence = Independence::kept;
    for (const auto& [stage_no, officer] : detail::earlier_responders(db, c.id, c.stage.id)) {
      if (!officer) {
        independence = Independence::unchecked;
        continue;
      }
      if (*officer != actor.officer) {
        continue;
      }
      if (!input.independence_override) {
        throw Error(ExitCode::data_error,
                    fmt::format("stage {} of case {} must be responded to by an officer not "
                                "involved before: {} responded at {}; another officer responds, "
                                "or give --override-independence REASON",
                                c.stage.stage.value_or(1), c.reference, actor.officer,
                                stage_no == 0 ? std::string("informal resolution")
                                              : fmt::format("stage {}", stage_no.value_or(1))));
      }
      independence = Independence::overridden;
      break;
    }
  } else if (input.independence_override) {
    throw Error(ExitCode::usage,
                fmt::format("--override-independence: stage {} of case {} does not require an "
                            "independent responder",
                            c.stage.stage.value_or(1), c.reference));
  }
  const auto override_reason =
      independence == Independence::overridden ? input.independence_override : std::nullopt;
  // The response also meets the acknowledgement target if no acknowledgement came first.
  detail::set_stage_response(db, c.stage.id, on, outcome, actor.officer, independence,
                             override_reason);
  detail::add_stage_areas(db, c.stage.id, areas);
  detail::set_case_status(db, c.id, CaseStatus::responded, on);
  std::string detail_text = outcome ? *outcome : "responded";
  if (!areas.empty()) {
    detail_text += "; areas:";
    for (const auto& a : areas) {
      detail_text += " " + a;
    }
  }
  if (override_reason) {
    detail_text += "; independence overridden: " + *override_reason;
  }
  record_event(db, c.id, actor, on, "responded", std::nullopt, outcome, detail_text,
               detail::Activity::already_marked);
}

void
respond_case(Database& db, std::string_view reference, const ResponseInput& input,
             const Actor& actor)
{
  Transaction tx(db);
  respond_in_transaction(db, reference, input, actor);
  tx.commit();
}

void
respond_cases(Database& db, const std::vector<std::string>& references, const ResponseInput& input,
              const Actor& actor)
{
  Transaction tx(db);
  for (const auto& reference : references) {
    respond_in_transaction(db, reference, input, actor);
  }
  tx.commit();
}

void
tag_case(Database& db, std::string_view reference, const std::vector<std::string>& tags,
         const Actor& actor)
{
  tag_case(db, reference, tags, actor.today, actor);
}

void
tag_case(Database& db, std::string_view reference, const std::vector<std::string>& tags, Date on,
         const Actor& actor)
{
  if (tags.empty()) {
    throw Error(ExitCode::usage, "tag: give at least one TAG");
  }
  Transaction tx(db);
  detail::read_change_ahead(db, reference, {.vocabulary = true});
  const auto words = load_vocabulary(db);
  for (const auto& tag : tags) {
    words.require(WordKind::tag, "TAG", tag);
  }
  auto c = load_state(db, reference);
  check_on(on, actor, c.received, "the case was received");
  const auto added = detail::add_tags(db, c.id, tags);
  if (added.empty()) {
    throw Error(ExitCode::data_error, fmt::format("case {} already has {}", c.reference,
                                                  tags.size() == 1 ? "that tag" : "those tags"));
  }
  record_event(db, c.id, actor, on, "tagged", std::nullopt,
               fmt::format("{}", fmt::join(added, ",")), "");
  tx.commit();
}

namespace {

void
close_with(Database& db, const CaseState& c, std::optional<CaseClosure> closure, Date on,
           const Actor& actor, std::string_view kind, std::string_view detail_text)
{
  detail::close_case_record(db, c.id, closure, on);
  detail::end_stage(db, c.stage.id, on);
  record_event(db, c.id, actor, on, kind, std::string(case_status_name(c.status)),
               std::string(case_status_name(CaseStatus::closed)), std::string(detail_text));
}

} // namespace

void
resolve_informally(Database& db, std::string_view reference, Date on, const Actor& actor)
{
  Transaction tx(db);
  auto c = load_state(db, reference);
  require_open(c, "resolve it informally");
  if (c.type && c.type != "complaint") {
    throw Error(ExitCode::data_error,
                fmt::format("case {} is a {}: only a complaint is resolved informally (close it "
                            "instead)",
                            c.reference, *c.type));
  }
  const int stage_no = c.stage.stage.value_or(1);
  if (stage_no > 1) {
    throw Error(ExitCode::data_error,
                fmt::format("case {} is at stage {}: informal resolution is for the first point "
                            "of contact",
                            c.reference, stage_no));
  }
  check_on(on, actor, c.received, "the case was received");
  if (stage_no == 0) {
    // The informal step's own response, timed against its own timescale.
    detail::set_stage_response(db, c.stage.id, on, std::nullopt, actor.officer, std::nullopt,
                               std::nullopt);
  }
  close_with(db, c, CaseClosure::resolved_informally, on, actor, "resolved-informally",
             "resolved at the first point of contact");
  tx.commit();
}

void
withdraw_case(Database& db, std::string_view reference, Date on, const Actor& actor)
{
  withdraw_case(db, reference, std::nullopt, on, actor);
}

void
withdraw_case(Database& db, std::string_view reference, const std::optional<std::string>& reason,
              Date on, const Actor& actor)
{
  if (reason) {
    require_text("--reason", *reason);
  }
  Transaction tx(db);
  auto c = load_state(db, reference);
  require_not_closed(c, "withdraw it");
  check_on(on, actor, c.received, "the case was received");
  close_with(db, c, CaseClosure::withdrawn, on, actor, "withdrawn",
             reason ? "withdrawn by the customer: " + *reason : "withdrawn by the customer");
  tx.commit();
}

void
close_case(Database& db, std::string_view reference, Date on, const Actor& actor)
{
  Transaction tx(db);
  auto c = load_state(db, reference);
  require_not_closed(c, "close it");
  if (c.status == CaseStatus::open) {
    if (!c.type) {
      throw Error(ExitCode::data_error,
                  fmt::format("case {} is unclassified: classify it first", c.reference));
    }
    if (c.stage.respond_days) {
      throw Error(ExitCode::data_error,
                  fmt::format("case {} has a response due: respond, withdraw{} first", c.reference,
                              c.type == "complaint" ? ", resolve informally" : ""));
    }
  }
  check_on(on, actor, c.stage.responded ? *c.stage.responded : c.received,
           c.stage.responded ? "the response" : "the case was received");
  close_with(db, c, std::nullopt, on, actor, "closed", "");
  tx.commit();
}

void
reopen_case(Database& db, std::string_view reference, std::string_view reason, Date on,
            const Actor& actor)
{
  require_text("--reason", reason);
  Transaction tx(db);
  auto c = load_state(db, reference);
  if (c.status != CaseStatus::closed) {
    throw Error(ExitCode::data_error,
                fmt::format("case {} is not closed ({})", c.reference, c.status));
  }
  check_on(on, actor, c.closed_on.value_or(c.received),
           c.closed_on ? "it was closed" : "the case was received");
  const auto status = c.stage.responded ? CaseStatus::responded : CaseStatus::open;
  detail::reopen_case_record(db, c.id, status);
  detail::unend_stage(db, c.stage.id);
  record_event(db, c.id, actor, on, "reopened", std::string(case_status_name(CaseStatus::closed)),
               std::string(case_status_name(status)), std::string(reason));
  tx.commit();
}

void
sponsor_update(Database& db, std::string_view reference, Date on, const Actor& actor)
{
  Transaction tx(db);
  auto c = load_state(db, reference);
  if (!c.sponsor) {
    throw Error(ExitCode::data_error, fmt::format("case {} has no sponsor", c.reference));
  }
  check_on(on, actor, c.received, "the case was received");
  detail::note_sponsor_update(db, c.id, on);
  record_event(db, c.id, actor, on, "sponsor-updated", std::nullopt, format_date(on),
               fmt::format("the {} was told of progress", *c.sponsor));
  tx.commit();
}

std::int64_t
add_learning(Database& db, std::string_view reference, const LearningInput& input,
             const Actor& actor)
{
  require_text("--problem", input.problem);
  require_text("--improvement", input.improvement);
  Transaction tx(db);
  auto c = load_state(db, reference);
  const Date on = input.on.value_or(actor.today);
  check_on(on, actor, c.received, "the case was received");
  const auto id = detail::insert_learning(db, c.id, on, input);
  record_event(db, c.id, actor, on, "learning", std::nullopt, std::to_string(id), input.problem);
  tx.commit();
  return id;
}

void
learning_done(Database& db, std::string_view reference, std::int64_t id, Date on,
              const Actor& actor)
{
  Transaction tx(db);
  auto c = load_state(db, reference);
  const auto entry = detail::find_learning(db, c.id, id);
  if (!entry) {
    throw Error(ExitCode::data_error,
                fmt::format("case {} has no learning entry {}", c.reference, id));
  }
  if (entry->done_on) {
    throw Error(ExitCode::data_error, fmt::format("learning entry {} was already done on {}", id,
                                                  format_date(*entry->done_on)));
  }
  check_on(on, actor, entry->recorded_on, "it was recorded");
  detail::set_learning_done(db, id, on);
  record_event(db, c.id, actor, on, "learning-done", std::nullopt, std::to_string(id), "");
  tx.commit();
}

void
record_survey(Database& db, std::string_view reference, const SurveyInput& input,
              const Actor& actor)
{
  if (input.stars && (*input.stars < 1 || *input.stars > 5)) {
    throw Error(ExitCode::data_error, fmt::format("--stars must be 1 to 5: {}", *input.stars));
  }
  if (!input.sent_only && !input.satisfied) {
    throw Error(ExitCode::usage, "give --sent, or a response with --satisfied yes|no");
  }
  Transaction tx(db);
  auto c = load_state(db, reference);
  if (c.status == CaseStatus::open) {
    throw Error(ExitCode::data_error,
                fmt::format("case {} is still open: a survey follows the response or closure",
                            c.reference));
  }
  check_on(input.on, actor, c.received, "the case was received");
  if (input.sent_only) {
    detail::insert_survey(db, c.id, input.on);
    record_event(db, c.id, actor, input.on, "survey-sent", std::nullopt, std::nullopt, "");
    tx.commit();
    return;
  }
  auto id = detail::pending_survey(db, c.id);
  if (!id) {
    // A response to a survey we have no record of sending: it was sent all the same.
    id = detail::insert_survey(db, c.id, input.on);
  }
  detail::set_survey_returned(db, *id, input.on, *input.satisfied, input.stars, input.reason);
  record_event(db, c.id, actor, input.on, "survey", std::nullopt,
               *input.satisfied ? std::string("satisfied") : std::string("not satisfied"),
               input.stars ? fmt::format("{} stars", *input.stars) : "");
  tx.commit();
}

} // namespace feedback
