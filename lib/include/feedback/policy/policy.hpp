// SPDX-License-Identifier: MIT
#pragma once

#include <feedback/policy/vocabulary.hpp>
#include <feedback/storage/database.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace feedback {

// What a timescale counts from (docs/rules.md, Anchors).
enum class Anchor
{
  receipt,         // the day the case was received
  request,         // the day the customer asked for this stage: the day the stage started
  acknowledgement, // the stage's acknowledgement, or its deadline if that passed first
};

// "receipt", "request", "acknowledgement".
std::string_view anchor_name(Anchor anchor) noexcept;
std::optional<Anchor> parse_anchor(std::string_view name) noexcept;

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
  Anchor acknowledge_from = Anchor::request; // receipt or request
  Anchor respond_from = Anchor::request;
  // Extensions may go beyond max_extension_days with a good reason, recorded and explained to
  // the customer (the Codes: "no more than N working days without good reason").
  bool extension_beyond_cap = false;
  // Responded to by an officer who did not respond at an earlier stage of the case.
  bool independent = false;
  // No case starts here any more; cases that reach it from a running case go on.
  bool retired = false;

  bool operator==(const StagePolicy&) const = default;
};

struct ProcedurePolicy
{
  std::string code; // the council's own: lower-case letters, digits and hyphens
  std::string name;
  int target_percent = 80;
  std::optional<int> escalation_window_days; // nullopt: no window
  std::vector<StagePolicy> stages;           // by stage number, from 1
  // Informal (early) resolution before stage 1, with its own response timescale; nullopt: the
  // procedure has no informal step.
  std::optional<int> informal_respond_days = std::nullopt;
  // No new case follows it; running cases go on under the version they started with.
  bool retired = false;

  const StagePolicy* stage(int number) const noexcept;
  bool operator==(const ProcedurePolicy&) const = default;
};

// A kind of case within a feedback type with its own standard (a missed bin collection, 2
// working days): its timescales replace those of the type, or of the first stage of the type's
// procedure, where it gives them.
struct SubtypePolicy
{
  std::string code;
  std::string name;
  std::optional<int> acknowledge_days;
  std::optional<int> respond_days;
  int target_percent = 80; // % resolved within the standard
  bool retired = false;

  bool operator==(const SubtypePolicy&) const = default;
};

// Timescales of a feedback type (and of "unclassified"), the procedure it follows and its
// sub-types.
struct TypePolicy
{
  std::string type;
  std::optional<std::string> procedure;
  std::optional<int> acknowledge_days;
  std::optional<int> respond_days;
  std::vector<SubtypePolicy> subtypes = {}; // in the policy's order

  const SubtypePolicy* subtype(std::string_view code) const noexcept;
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
  Vocabulary vocabulary = {};
  // Where a number comes from, by its path in the document (e.g.
  // "procedures.corporate.stages[0].respond_days" -> "LGSCO Complaint Handling Code 6.3").
  std::map<std::string, std::string> sources = {};

  const ProcedurePolicy* procedure(std::string_view code) const noexcept;
  // The procedure `code`. Throws Error(data_error) naming `what` (e.g. "--procedure") and the
  // value when the policy has no such procedure, or when it is retired unless `retired` allows
  // it, with the procedures that may be used.
  const ProcedurePolicy& require_procedure(std::string_view what, std::string_view code,
                                           Retired retired = Retired::refused) const;
  // The codes of the procedures, in order; retired ones only with Retired::allowed.
  std::vector<std::string_view> procedure_codes(Retired retired) const;
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
// this takes one. Running cases keep the version they started under. Throws Error(data_error),
// the database unchanged, for a policy that is not valid (as policy_from_json checks it), an
// override naming an unknown service, a service whose default procedure it does not define, or
// a procedure, stage, sub-type or word that cases use and the policy no longer defines (retire
// it instead).
int save_policy(Database& db, const Policy& policy, std::string_view note,
                std::string_view created_at);

// ---- the JSON document (policy/policy_json.cpp; checks in policy/policy_check.cpp) ----

// The policy as a JSON document (the format of `policy export` and `policy import`).
std::string policy_to_json(const Policy& policy);

// The document's format is described in docs/policy.md (policy_to_json's output is a complete
// example): one object with "procedures" (keyed by the council's procedure codes), "types"
// (keyed by type, with "unclassified"), "service_overrides", "ladder", "classification_rules",
// "settings", and, optional, "vocabularies", "sources", "title" and "version" (informational).
// Unknown or repeated keys are refused, so a typo is never silently ignored; an optional value
// is written null.
//
// Parses and validates a whole policy document. Throws Error(data_error) naming the path in
// the document (e.g. `procedures.corporate.stages[0].respond_from`) and the problem: a
// timescale counted from an acknowledgement the stage does not have, escalation that goes round
// in a loop, a retired procedure still a type's default, an unknown type or setting, negative
// days, a ladder or rule that cannot work. The version of the result is 0.
Policy policy_from_json(std::string_view text, std::string_view source);

// The "title" of a policy document, if it has one (a preset's), without validating the rest.
std::optional<std::string> policy_document_title(std::string_view text);

// ---- ready policies (presets/*.json, carried in the programs) ----

struct PolicyPreset
{
  std::string_view name; // e.g. "lgsco-code-2026"
  std::string_view text; // the policy document
};

// Every preset, by name.
std::span<const PolicyPreset> policy_presets() noexcept;
// The preset `name`, or nullptr.
const PolicyPreset* find_policy_preset(std::string_view name) noexcept;

} // namespace feedback
