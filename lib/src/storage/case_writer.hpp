// SPDX-License-Identifier: MIT
// Private to the library: the one writer of new case rows (case_record, case_stage, person,
// case_area, case_event), used to record one case and to import a million. A new column is added
// here and nowhere else; so is the reference format.
#pragma once

#include "storage/bulk.hpp"

#include <feedback/calendar/dates.hpp>
#include <feedback/cases/case_status.hpp>
#include <feedback/policy/policy.hpp>
#include <feedback/storage/database.hpp>
#include <feedback/util/digest.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace feedback::detail {

using OptionalText = std::optional<std::string_view>;

// The timescales a stage starts with, fixed from the policy in force then.
struct StageSpec
{
  int policy_version = 0;
  std::optional<std::string> procedure;
  std::optional<int> stage;
  std::optional<int> acknowledge_days;
  std::optional<int> respond_days;
  std::optional<int> max_extension_days;
  Anchor acknowledge_from = Anchor::request;
  Anchor respond_from = Anchor::request;
  bool extension_beyond_cap = false;
  bool independent = false;
};

// A new case_record row. Texts are views, needed only until the call that takes them returns.
struct NewCaseRow
{
  OptionalText type; // nullopt: unclassified
  std::string_view channel;
  OptionalText service;
  std::string_view summary;
  Date received;
  std::string_view received_at;
  CaseStatus status = CaseStatus::open;
  std::optional<CaseClosure> closure;
  OptionalText redirected_to;
  OptionalText owner;
  OptionalText sponsor;
  OptionalText sponsor_name;
  bool info_request = false;
  OptionalText external_ref;
  OptionalText source;
  OptionalText source_ref;
  OptionalText classified_by;
  std::optional<Date> closed_on;
  Date last_activity;
  OptionalText subtype = std::nullopt;
};

// A new case_stage row: its timescales and, for a stage imported part-way, what has happened.
struct NewStageRow
{
  const StageSpec* spec = nullptr;
  Date started;
  std::optional<Date> acknowledged;
  std::optional<Date> responded;
  OptionalText outcome;
  std::optional<Date> ended;
};

// A new person row; written only when a field is given.
struct NewPersonRow
{
  OptionalText name;
  OptionalText email;
  OptionalText phone;
  OptionalText address;
  OptionalText preferred_format;

  bool empty() const noexcept { return !name && !email && !phone && !address && !preferred_format; }
};

// A new case_event row (the audit trail). Its free text (`detail`, when not empty) is stored
// apart, in event_text, so that it can be redacted; the event joins the hash chain.
struct NewEventRow
{
  std::int64_t case_id = 0;
  std::string_view at; // UTC timestamp of the recording
  Date on;             // the day it took effect
  std::string_view officer;
  std::string_view kind;
  OptionalText from;
  OptionalText to;
  std::string_view detail;
};

enum class WriteMode
{
  immediate, // each row is written when it is given, in an order the foreign keys accept
  batched,   // rows are written many at a time by multi-row INSERTs, in any order: for an
             // import, under RelaxedConstraints, with flush() at the end
};

// Writes new cases, stages, areas and events, allocating their ids (one more than the largest
// in use when first needed, then counting on).
class CaseWriter
{
public:
  CaseWriter(Database& db, WriteMode mode);

  struct Written
  {
    std::int64_t case_id = 0;
    std::int64_t stage_id = 0;
    std::string_view reference; // valid until the next write_case
  };

  // Writes a case with its first stage (which becomes its current stage) and, when not empty,
  // its personal data. Its reference is FB-<year received>-<id, 6 digits or more>.
  Written write_case(const NewCaseRow& row, const NewStageRow& first_stage,
                     const NewPersonRow& person);

  // Writes a new stage of `case_id` at once (in either mode, with the stages waiting in a batch)
  // and makes it the case's current stage; returns its id.
  std::int64_t add_stage(std::int64_t case_id, const NewStageRow& stage);

  void add_area(std::int64_t stage_id, std::string_view area);
  // Personal data for a case that has none yet.
  void add_person(std::int64_t case_id, const NewPersonRow& person);
  // Appends an event to the audit trail's hash chain (storage/audit_chain.hpp): its id follows
  // the last event's, in this transaction's order; returns it.
  std::int64_t add_event(const NewEventRow& event);

  // Writes every row still waiting in a batch.
  void flush();

private:
  void put_stage(std::int64_t id, std::int64_t case_id, const NewStageRow& stage);
  void done(BatchInsert& insert);
  std::int64_t next_id(std::optional<std::int64_t>& counter, std::string_view table);

  Database& m_db;
  WriteMode m_mode;
  BatchInsert m_case;
  BatchInsert m_stage;
  BatchInsert m_area;
  BatchInsert m_person;
  BatchInsert m_text;
  BatchInsert m_event;
  Sha256 m_sha;
  std::optional<std::int64_t> m_next_case;
  std::optional<std::int64_t> m_next_stage;
  char m_reference[40] = {};
};

} // namespace feedback::detail
