// SPDX-License-Identifier: MIT
// Legal holds, retention, subject access exports and erasure (docs/privacy.md).
#include "storage/case_store.hpp"
#include "storage/privacy_store.hpp"

#include <feedback/cases/render.hpp>
#include <feedback/contacts/restrictions.hpp>
#include <feedback/policy/policy.hpp>
#include <feedback/privacy/privacy.hpp>
#include <feedback/util/error.hpp>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

namespace feedback {

namespace {

void
require_reason(std::string_view what, std::string_view reason)
{
  if (reason.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    throw Error(ExitCode::usage, fmt::format("{} needs a reason: --reason TEXT", what));
  }
}

// The day `years` before `day`, 29 February becoming 28 February in a year without one.
Date
years_before(Date day, int years)
{
  auto r = (day.year() - date::years{years}) / day.month() / day.day();
  if (!r.ok()) {
    r = r.year() / r.month() / date::last;
  }
  return r;
}

// Why a case past retention is kept, or nullopt when nothing keeps it.
std::optional<std::string>
kept_because(const detail::RetentionCandidate& c)
{
  if (c.held_since) {
    return fmt::format("legal hold since {}", format_date(*c.held_since));
  }
  if (c.open_remedy_due) {
    return fmt::format("Ombudsman remedy due {} not done", format_date(*c.open_remedy_due));
  }
  return std::nullopt;
}

} // namespace

void
place_legal_hold(Database& db, std::string_view reference, std::string_view reason,
                 const Actor& actor)
{
  require_reason("a legal hold", reason);
  Transaction tx(db);
  const auto c = detail::load_state(db, reference);
  if (const auto held = detail::legal_hold_in_force(db, c.id)) {
    throw Error(ExitCode::data_error, fmt::format("case {} is under a legal hold since {} already",
                                                  c.reference, format_date(held->placed_on)));
  }
  detail::insert_legal_hold(db, c.id, actor.today, reason);
  detail::record_event(db, c.id, actor, actor.today, "legal-hold", std::nullopt,
                       format_date(actor.today), reason);
  tx.commit();
}

void
release_legal_hold(Database& db, std::string_view reference, std::string_view reason,
                   const Actor& actor)
{
  require_reason("releasing a legal hold", reason);
  Transaction tx(db);
  const auto c = detail::load_state(db, reference);
  const auto held = detail::legal_hold_in_force(db, c.id);
  if (!held) {
    throw Error(ExitCode::data_error,
                fmt::format("case {} is not under a legal hold", c.reference));
  }
  detail::release_legal_hold(db, held->id, actor.today);
  detail::record_event(db, c.id, actor, actor.today, "legal-hold-released",
                       format_date(held->placed_on), format_date(actor.today), reason);
  tx.commit();
}

RetentionSummary
run_retention(Database& db, const RetentionRequest& request, const Actor& actor)
{
  RetentionSummary summary;
  summary.years = static_cast<int>(load_policy(db).setting("retention_years", 6));
  if (summary.years < 1) {
    throw Error(
        ExitCode::data_error,
        fmt::format("the policy's retention_years is {}: it must be at least 1", summary.years));
  }
  summary.cutoff = years_before(request.as_of, summary.years);
  const auto chunk = std::max<std::size_t>(request.chunk, 1);
  std::int64_t after = 0;
  for (;;) {
    std::optional<Transaction> tx;
    if (!request.dry_run) {
      tx.emplace(db);
    }
    const auto candidates = detail::retention_candidates(db, summary.cutoff, after, chunk);
    std::vector<std::int64_t> redact;
    for (const auto& c : candidates) {
      if (auto why = kept_because(c)) {
        summary.kept.push_back({c.reference, c.closed_on, std::move(*why)});
        continue;
      }
      redact.push_back(c.case_id);
      if (request.list_cases) {
        summary.redacted_references.push_back(c.reference);
      }
    }
    if (!request.dry_run) {
      detail::redact_cases(db, redact, detail::RedactionReason::retention, actor, "");
      tx->commit();
    }
    summary.redacted += static_cast<std::int64_t>(redact.size());
    if (candidates.size() < chunk) {
      break;
    }
    after = candidates.back().case_id;
  }
  return summary;
}

namespace {

std::vector<PersonCase>
require_person(Database& db, const PersonQuery& query)
{
  auto cases = find_person(db, query);
  if (cases.empty()) {
    throw Error(ExitCode::data_error, "no case matches that person");
  }
  return cases;
}

std::string
describe_query(const PersonQuery& q)
{
  std::string out;
  q.each_given([&out](std::string_view field, const std::string& value) {
    out += fmt::format("{}{} \"{}\"", out.empty() ? "" : ", ", field == "email" ? "e-mail" : field,
                       value);
  });
  return out;
}

} // namespace

std::string
export_person(Database& db, const WorkingCalendar& calendar, const PersonQuery& query,
              ExportFormat format, const Actor& actor)
{
  Transaction tx(db);
  const auto cases = require_person(db, query);
  std::string out;
  nlohmann::ordered_json doc;
  if (format == ExportFormat::json) {
    doc["export"] = {{"kind", "subject access request"},
                     {"exported_at", actor.now},
                     {"officer", actor.officer},
                     {"query", describe_query(query)}};
    doc["cases"] = nlohmann::ordered_json::array();
  } else {
    out += "Personal data held about you: subject access request\n";
    out += fmt::format("Exported {} by {}. Matched by {}: {} case{}.\n", actor.now, actor.officer,
                       describe_query(query), cases.size(), cases.size() == 1 ? "" : "s");
  }
  for (const auto& pc : cases) {
    const auto view = find_case(db, calendar, pc.reference, actor.today);
    if (!view) {
      continue;
    }
    const auto holds = detail::load_legal_holds(db, pc.case_id);
    const auto equality = detail::load_equality(db, pc.case_id);
    if (format == ExportFormat::json) {
      auto c = nlohmann::ordered_json::parse(case_to_json(*view, calendar, actor.today));
      auto& h = c["legal_holds"] = nlohmann::ordered_json::array();
      for (const auto& hold : holds) {
        h.push_back({{"placed_on", format_date(hold.placed_on)},
                     {"released_on", hold.released_on
                                         ? nlohmann::ordered_json(format_date(*hold.released_on))
                                         : nlohmann::ordered_json(nullptr)},
                     {"reason", hold.reason}});
      }
      auto& e = c["equality_monitoring"] = nlohmann::ordered_json::object();
      for (const auto& [characteristic, category] : equality) {
        e[characteristic] = category;
      }
      doc["cases"].push_back(std::move(c));
    } else {
      out += fmt::format("\n==== {} ====\n", view->reference);
      out += render_case(*view, calendar, actor.today, Colour::off);
      out += "Legal holds: ";
      if (holds.empty()) {
        out += "none\n";
      } else {
        out += "\n";
        for (const auto& hold : holds) {
          out += fmt::format("  from {}{}: {}\n", format_date(hold.placed_on),
                             hold.released_on ? " to " + format_date(*hold.released_on) : "",
                             hold.reason);
        }
      }
      out += "Equality monitoring: ";
      if (equality.empty()) {
        out += "none recorded\n";
      } else {
        std::string items;
        for (const auto& [characteristic, category] : equality) {
          items += fmt::format("{}{}: {}", items.empty() ? "" : "; ", characteristic, category);
        }
        out += items + "\n";
      }
    }
    detail::record_privacy_event(db, pc.case_id, actor, "subject-access-export",
                                 format == ExportFormat::json ? "json" : "text", "");
  }
  tx.commit();
  if (format == ExportFormat::json) {
    out = doc.dump(2) + "\n";
  }
  return out;
}

EraseResult
erase_person(Database& db, const EraseRequest& request, const Actor& actor)
{
  require_reason("an erasure", request.reason);
  Transaction tx(db);
  const auto cases = require_person(db, request.who);
  EraseResult result;
  std::vector<std::int64_t> redact;
  std::vector<PersonalDetails> people;
  for (const auto& pc : cases) {
    if (detail::case_redaction(db, pc.case_id)) {
      result.already.push_back(pc.reference);
      continue;
    }
    if (!request.force) {
      std::optional<std::string> keep;
      if (pc.status != CaseStatus::closed) {
        keep = fmt::format("it is still {}", case_status_name(pc.status));
      } else if (const auto held = detail::legal_hold_in_force(db, pc.case_id)) {
        keep = fmt::format("it is under a legal hold since {}", format_date(held->placed_on));
      } else if (const auto due = detail::open_remedy_due(db, pc.case_id)) {
        keep = fmt::format("an Ombudsman remedy due {} is not done", format_date(*due));
      }
      if (keep) {
        throw Error(ExitCode::data_error,
                    fmt::format("not erased: case {} must be kept: {} (erase with --force and a "
                                "reason to override)",
                                pc.reference, *keep));
      }
    }
    redact.push_back(pc.case_id);
    result.erased.push_back(pc.reference);
    people.push_back(pc.person);
  }
  // Read before the redaction removes what they are matched on.
  result.restrictions = erase_restrictions(db, people);
  detail::redact_cases(db, redact, detail::RedactionReason::erasure, actor, request.reason);
  tx.commit();
  return result;
}

} // namespace feedback
