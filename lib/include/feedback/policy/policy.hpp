// SPDX-License-Identifier: MIT
#pragma once

#include <feedback/storage/database.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace feedback {

// One stage of a procedure and its timescales, in working days.
struct StagePolicy
{
  int stage = 1;
  std::string name;
  std::optional<int> acknowledge_days; // nullopt: no acknowledgement deadline
  int respond_days = 0;
  std::optional<int> max_extension_days; // nullopt: as agreed with the complainant, no limit
  // Where a customer still dissatisfied goes: nullopt/nullopt is the next stage of this
  // procedure if it has one; next_procedure "ombudsman" is the Ombudsman.
  std::optional<std::string> next_procedure;
  std::optional<int> next_stage;

  bool operator==(const StagePolicy&) const = default;
};

struct ProcedurePolicy
{
  std::string code;
  std::string name;
  int target_percent = 80;
  std::optional<int> escalation_window_days; // nullopt: no window
  std::vector<StagePolicy> stages;           // by stage number, from 1

  const StagePolicy* stage(int number) const noexcept;
  bool operator==(const ProcedurePolicy&) const = default;
};

// Timescales of a feedback type (and of "unclassified"), and the procedure it follows.
struct TypePolicy
{
  std::string type;
  std::optional<std::string> procedure;
  std::optional<int> acknowledge_days;
  std::optional<int> respond_days;

  bool operator==(const TypePolicy&) const = default;
};

struct ServiceOverride
{
  std::string service;
  std::string procedure;
  int stage = 1;
  int respond_days = 0;

  bool operator==(const ServiceOverride&) const = default;
};

// A step of the overdue ladder: reached when a deadline is `days_overdue` working days past
// due (negative: due within that many working days).
struct LadderStep
{
  std::string level;
  int days_overdue = 0;
  std::string notify;

  bool operator==(const LadderStep&) const = default;
};

// A classification rule (see schema/0002_policy.sql): conditions left empty always hold.
struct ClassificationRule
{
  std::string name;
  std::vector<std::string> sponsors; // any of these sponsors; empty: any, or none
  std::optional<bool> info_request;
  std::vector<std::string> types; // any of these types ("unclassified"); empty: any
  std::optional<std::string> set_type;
  std::optional<std::string> set_procedure;
  std::string reason;

  bool operator==(const ClassificationRule&) const = default;
};

// The whole policy at one version.
struct Policy
{
  int version = 0;
  std::vector<ProcedurePolicy> procedures;
  std::vector<TypePolicy> types;
  std::vector<ServiceOverride> service_overrides;
  std::vector<LadderStep> ladder;               // by days_overdue, ascending
  std::vector<ClassificationRule> rules;        // in the order they are tried
  std::map<std::string, std::int64_t> settings; // sponsor_update_days, retention_years, ...

  const ProcedurePolicy* procedure(std::string_view code) const noexcept;
  const TypePolicy* type(std::string_view type) const noexcept;
  // The respond days a service's override sets for a stage, if any.
  std::optional<int> override_respond_days(std::string_view service, std::string_view procedure,
                                           int stage) const noexcept;
  std::int64_t setting(std::string_view key, std::int64_t fallback) const;

  // Same content and version; compare with `version` aligned to compare content only.
  bool operator==(const Policy&) const = default;
};

// ---- stored policies (the storage layer: storage/policy_store.cpp) ----

// The policy at `version`, or the latest. Throws Error(data_error) for an unknown version.
Policy load_policy(Database& db, std::optional<int> version = std::nullopt);

// The latest policy version number.
int latest_policy_version(Database& db);

// Stores `policy` as a new version and returns its number. The caller holds no transaction:
// this takes one. Running cases keep the version they started under. Throws Error(data_error)
// for a policy that is not valid (as policy_from_json checks it) or an override naming an
// unknown service.
int save_policy(Database& db, const Policy& policy, std::string_view note,
                std::string_view created_at);

// ---- the JSON document (policy/policy_json.cpp; checks in policy/policy_check.cpp) ----

// The policy as a JSON document (the format of `policy export` and `policy import`).
std::string policy_to_json(const Policy& policy);

// The document (see policy_to_json's output for a complete example) is one object with the keys
// "version" (informational; ignored on import), "procedures" (an object keyed by procedure
// code), "types" (keyed by type, with "unclassified"), "service_overrides", "ladder",
// "classification_rules" (arrays) and "settings" (an object of whole numbers >= 0). Every
// key of every object is required and unknown or repeated keys are refused, so a typo is never
// silently ignored; an optional value is written null. Every procedure and type of the
// vocabulary must be defined. A stage's "next" is null (the next stage of the procedure if it
// has one), "ombudsman", or {"procedure": P, "stage": N} naming an existing stage. Settings:
// sponsor_update_days and retention_years are required; due_soon_days (the look-ahead of the
// weekly due-soon list) and inactive_days (an open case with no activity for this many working
// days is reported as left open) may be added; any other key is refused.
//
// Parses and validates a whole policy document. Throws Error(data_error) naming the path in
// the document (e.g. `procedures.corporate.stages[0].respond_days`) and the problem: unknown
// procedure, type or setting, negative days, a stage without a response timescale, a ladder
// or rule that cannot work. The version of the result is 0.
Policy policy_from_json(std::string_view text, std::string_view source);

} // namespace feedback
